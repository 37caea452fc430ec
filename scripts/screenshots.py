#!/usr/bin/env python3
"""Take the README's screenshots from a real browser (headless Chromium, DevTools protocol).

    scripts/screenshots.py --url http://localhost:8069 --db DB [--login admin --password admin]
                           [--lang en_US|zh_CN] [--out docs/screenshots]

Logs in, opens each page of SHOTS, waits for Odoo to settle and saves a PNG. Uses only
``websocket-client`` (in the dev virtualenv) and Debian's ``chromium``.
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

# name, path (after login), what to click first (CSS selector or None)
SHOTS = [
    ("customer_archive_page", "/odoo/customer-archives?view_type=list", "archive_first_customer"),
    ("credit_dashboard", "/odoo/credit-dashboard", None),
    ("held_quotation", "/odoo/action-partner_credit_archive.sale_order_action_credit_hold", "row"),
]

# the customer portal, as the demo's portal user (--portal): name, path, what to click first
PORTAL_SHOTS = [
    ("portal_home", "/my", None),
    ("portal_account", "/my/credit", None),
    ("portal_statement", "/my/statements", ".o_credit_statement_row a"),
    ("portal_documents", "/my/credit/documents", None),
]


class Browser:
    def __init__(self, width=1440, height=900):
        self.profile = tempfile.mkdtemp(prefix="pca-chrome-")
        self.proc = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--window-size={width},{height}",
                "--remote-debugging-port=9333",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9333/json", timeout=2) as reply:
                    tabs = json.load(reply)
                break
            except OSError:
                time.sleep(0.2)
        page = next(tab for tab in tabs if tab["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.counter = 0
        self.call("Page.enable")

    def call(self, method, **params):
        self.counter += 1
        self.ws.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                return message.get("result", {})

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True)
        return result.get("result", {}).get("value")

    def goto(self, url, settle=4.0):
        self.call("Page.navigate", url=url)
        time.sleep(settle)

    def wait_for(self, selector, timeout=20.0):
        end = time.time() + timeout
        while time.time() < end:
            if self.js(f"!!document.querySelector({json.dumps(selector)})"):
                return True
            time.sleep(0.3)
        return False

    def shot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def portal_shots(browser, url, out, suffix, lang):
    # the portal's language is in the URL (then a cookie), not the user's preference
    prefix = "" if lang == "en_US" else f"/{lang}"
    for name, path, click in PORTAL_SHOTS:
        browser.goto(f"{url}{prefix}{path}")
        browser.wait_for(".o_portal_wrap")
        if click:
            browser.js(f"document.querySelector({json.dumps(click)}).click()")
            time.sleep(4)
            browser.wait_for(".o_portal_wrap")
        browser.shot(out / f"{name}{suffix}.png")
        print(f"saved {out / f'{name}{suffix}.png'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--lang", default="en_US")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument(
        "--portal", action="store_true", help="the customer portal's pages (login customer)"
    )
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    browser = Browser()
    try:
        browser.goto(f"{args.url}/web/login?db={args.db}")
        browser.js(
            f"document.querySelector('input[name=login]').value = {json.dumps(args.login)};"
            f"document.querySelector('input[name=password]').value = "
            f"{json.dumps(args.password)};"
            "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(4)
        suffix = "" if args.lang == "en_US" else f"_{args.lang}"
        if args.portal:
            portal_shots(browser, args.url, out, suffix, args.lang)
            return
        for name, path, click in SHOTS:
            browser.goto(f"{args.url}{path}")
            browser.wait_for(".o_action_manager .o_content, .o_action_manager .o_form_view")
            if click == "archive_first_customer" or click == "row":
                browser.wait_for(".o_data_row")
                browser.js("document.querySelector('.o_data_row .o_data_cell').click()")
                time.sleep(3)
                if click == "archive_first_customer":
                    browser.js(
                        "const tab = document.querySelector(\".nav-link[name='credit_archive']\");"
                        "if (tab) { tab.click(); }"
                    )
                    time.sleep(2)
            browser.shot(out / f"{name}{suffix}.png")
            print(f"saved {out / f'{name}{suffix}.png'}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
