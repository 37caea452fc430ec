#!/usr/bin/env python3
"""Developer environment for partner_credit_archive.

Everything a developer or CI needs around the addon, kept outside the repository in the
user's cache directory (``$XDG_CACHE_HOME/partner_credit_archive`` or
``~/.cache/partner_credit_archive``):

* ``odoo-src``: a link to the Odoo 19 source used last (taken from ``ODOO_SRC`` when set,
  otherwise a shallow clone of Odoo's official 19.0 branch). Later runs find it again
  without ``ODOO_SRC``.
* ``community/``: a view of that source that holds only LGPL (Community) addons, built from
  symbolic links. Enterprise (OEEL-1) addons, and every addon that depends on one, are left
  out so that nothing proprietary can auto-install in a run, a test or a benchmark.
* ``venv-<hash>/``: a virtualenv with Odoo's Python requirements at versions that have wheels
  for Python 3.11+ (Odoo's pins for Python 3.12), plus the test and lint tools.
* ``checkouts/<hash>/addons/partner_credit_archive``: a link to this checkout, whatever its
  folder is called, and ``checkouts/<hash>/odoo.conf``; one per checkout, so several clones or
  worktrees can be tested side by side.

Commands: ``setup`` (prints shell variables), ``status``, ``conf``. Only the standard library
is used, so this runs with any Python 3.10+.
"""

import argparse
import ast
import getpass
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ADDON = "partner_credit_archive"
REPO = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / ADDON
OFFICIAL_GIT = "https://github.com/odoo/odoo.git"
ODOO_BRANCH = "19.0"
# Requirements Odoo lists that no feature we use needs and that do not build everywhere
# (python-ldap needs OpenLDAP headers; the other two are Windows-only).
SKIP_REQUIREMENTS = {"python-ldap", "pypiwin32", "rl-renderpm"}
DEV_REQUIREMENTS = REPO / "requirements-dev.txt"
LINT_REQUIREMENTS = REPO / "requirements-lint.txt"


class SetupError(Exception):
    """A problem the user must solve; printed without a traceback."""


def log(msg):
    print(f"[devenv] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- Odoo source
def _is_odoo_source(path):
    return path and (Path(path) / "odoo" / "release.py").is_file()


def _odoo_version(src):
    text = (Path(src) / "odoo" / "release.py").read_text(encoding="utf-8")
    match = re.search(r"version_info\s*=\s*\((\d+),\s*(\d+)", text)
    return f"{match.group(1)}.{match.group(2)}" if match else "?"


def find_odoo_source(allow_network=True):
    """Return the Odoo source to use, remembering it in the cache."""
    CACHE.mkdir(parents=True, exist_ok=True)
    link = CACHE / "odoo-src"
    env_src = os.environ.get("ODOO_SRC")
    if env_src:
        src = Path(env_src).expanduser().resolve()
        if not _is_odoo_source(src):
            raise SetupError(f"ODOO_SRC={env_src} is not an Odoo source tree (no odoo/release.py)")
        if link.is_symlink() or link.exists():
            if link.is_symlink() and link.resolve() == src:
                return src
            if link.is_symlink():
                link.unlink()
            else:
                shutil.rmtree(link)
        link.symlink_to(src, target_is_directory=True)
        log(f"remembered Odoo source {src}")
        return src
    if _is_odoo_source(link):
        return link.resolve()
    if not allow_network:
        return None
    clone = CACHE / "odoo-official"
    if not _is_odoo_source(clone):
        log(f"no ODOO_SRC: cloning Odoo {ODOO_BRANCH} from {OFFICIAL_GIT} (about 1 GB)")
        shutil.rmtree(clone, ignore_errors=True)
        try:
            subprocess.run(
                ["git", "clone", "--depth", "1", "--branch", ODOO_BRANCH, OFFICIAL_GIT, str(clone)],
                check=True,
                timeout=1800,
                env=dict(os.environ, GIT_TERMINAL_PROMPT="0"),
            )
        except (subprocess.SubprocessError, OSError) as err:
            shutil.rmtree(clone, ignore_errors=True)
            raise SetupError(
                f"could not clone Odoo ({err}); set ODOO_SRC to an Odoo 19 source tree"
            ) from err
    if link.is_symlink():
        link.unlink()
    link.symlink_to(clone, target_is_directory=True)
    return clone


# --------------------------------------------------------------------------- community view
def _read_manifest(addon_dir):
    path = addon_dir / "__manifest__.py"
    try:
        return ast.literal_eval(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, SyntaxError):
        return None


def _addon_dirs(folder):
    if not folder.is_dir():
        return {}
    return {
        entry.name: entry
        for entry in sorted(folder.iterdir())
        if entry.is_dir() and (entry / "__manifest__.py").is_file()
    }


def community_addons(src):
    """Map name -> path of the LGPL addons whose whole dependency tree is LGPL too."""
    found = {}
    for folder in (src / "odoo" / "addons", src / "addons"):
        found.update(_addon_dirs(folder))
    manifests = {name: _read_manifest(path) for name, path in found.items()}
    keep = {
        name
        for name, manifest in manifests.items()
        if manifest is not None
        and manifest.get("license", "LGPL-3") != "OEEL-1"
        and manifest.get("installable", True)
    }
    changed = True
    while changed:  # drop addons whose dependencies were dropped, until stable
        changed = False
        for name in sorted(keep):
            if any(dep not in keep for dep in manifests[name].get("depends", [])):
                keep.discard(name)
                changed = True
    return {name: found[name] for name in keep}, len(found) - len(keep)


def _link(target, link):
    link.symlink_to(target, target_is_directory=target.is_dir())


def build_community_view(src):
    """Build CACHE/community: the Odoo tree with only Community addons visible."""
    keep, dropped = community_addons(src)
    stamp = hashlib.sha256(
        ("\n".join(f"{n}={p}" for n, p in sorted(keep.items())) + str(src)).encode()
    ).hexdigest()[:16]
    view = CACHE / "community"
    stamp_file = view / ".stamp"
    if stamp_file.is_file() and stamp_file.read_text() == stamp:
        return view
    log(f"building the Community view of {src}: {len(keep)} addons, {dropped} left out")
    shutil.rmtree(view, ignore_errors=True)
    view.mkdir(parents=True)
    for entry in src.iterdir():
        if entry.name in ("odoo", "addons", ".git"):
            continue
        _link(entry, view / entry.name)
    (view / "odoo").mkdir()
    for entry in (src / "odoo").iterdir():
        if entry.name != "addons":
            _link(entry, view / "odoo" / entry.name)
    for folder in ("odoo/addons", "addons"):
        if not (src / folder).is_dir():
            continue
        (view / folder).mkdir(parents=True, exist_ok=True)
        for entry in (src / folder).iterdir():
            if entry.is_file() or entry.name in keep and keep[entry.name] == entry:
                _link(entry, view / folder / entry.name)
    stamp_file.write_text(stamp)
    return view


# --------------------------------------------------------------------------- virtualenv
def _marker_true(marker, py):
    """Evaluate the simple requirement markers Odoo uses, for Python version ``py``."""
    if not marker:
        return True
    env = {"python_version": py, "sys_platform": sys.platform}

    def clause(text):
        match = re.fullmatch(r"\s*(\w+)\s*(==|!=|<=|>=|<|>)\s*'([^']*)'\s*", text)
        if not match:
            raise SetupError(f"cannot read requirement marker {text!r}")
        name, op, value = match.groups()
        left = env[name]
        if name == "python_version":
            left, value = tuple(map(int, left.split("."))), tuple(map(int, value.split(".")))
        return {
            "==": left == value,
            "!=": left != value,
            "<=": left <= value,
            ">=": left >= value,
            "<": left < value,
            ">": left > value,
        }[op]

    return all(clause(part) for part in marker.split(" and "))


def odoo_requirements(src):
    """Odoo's requirements, pinned as for Python >= 3.12 (those versions have wheels)."""
    major, minor = sys.version_info[:2]
    py = f"{major}.{max(minor, 12)}" if major == 3 else f"{major}.{minor}"
    result = []
    for raw in (src / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        spec, _, marker = line.partition(";")
        spec = spec.strip()
        name = re.split(r"[=<>!~ ]", spec, maxsplit=1)[0].lower()
        if name in SKIP_REQUIREMENTS or not _marker_true(marker.strip(), py):
            continue
        if name == "psycopg2":  # the binary wheel needs no PostgreSQL headers
            spec = spec.replace("psycopg2", "psycopg2-binary", 1)
        result.append(spec)
    return result


STALE_DAYS = 14


def _ready(path):
    """Whether virtualenv ``path`` is complete; marks it as used (see :func:`_prune`)."""
    marker = path / ".complete"
    if not marker.is_file():
        return False
    marker.touch()
    return True


def _prune(pattern, keep):
    """Remove the virtualenvs of ``pattern`` other than ``keep`` unused for two weeks.

    Not every other one: checkouts of other branches (worktrees) share this cache, each with
    its own requirements, and use theirs meanwhile."""
    for old in CACHE.glob(pattern):
        marker = old / ".complete"
        age = time.time() - marker.stat().st_mtime if marker.is_file() else None
        if old != keep and (age is None or age > STALE_DAYS * 86400):
            shutil.rmtree(old, ignore_errors=True)


def build_venv(src):
    reqs = odoo_requirements(src)
    dev = DEV_REQUIREMENTS.read_text(encoding="utf-8") + LINT_REQUIREMENTS.read_text("utf-8")
    key = hashlib.sha256(("\n".join(reqs) + dev + sys.version).encode()).hexdigest()[:12]
    path = CACHE / f"venv-{key}"
    python = path / "bin" / "python"
    if _ready(path):
        return path
    log(f"building virtualenv {path} (Odoo requirements + {DEV_REQUIREMENTS.name})")
    shutil.rmtree(path, ignore_errors=True)
    venv.EnvBuilder(with_pip=True).create(path)
    req_file = path / "requirements-odoo.txt"
    req_file.write_text("\n".join(reqs) + "\n", encoding="utf-8")
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip", "setuptools<81", "wheel"], check=True)
    subprocess.run([*pip, "-r", str(req_file), "-r", str(DEV_REQUIREMENTS)], check=True)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Odoo is not pip-installed: the Community view is put on the path instead.
    Path(site, "odoo-community.pth").write_text(str(CACHE / "community") + "\n")
    (path / ".complete").write_text("ok")
    _prune("venv-*", path)
    return path


def checkout_dir():
    key = hashlib.sha256(str(REPO).encode()).hexdigest()[:10]
    return CACHE / "checkouts" / key


def build_tools_venv():
    """A small virtualenv for the Odoo-free checks (lint, pure unit tests)."""
    text = LINT_REQUIREMENTS.read_text(encoding="utf-8")
    key = hashlib.sha256((text + sys.version).encode()).hexdigest()[:12]
    path = CACHE / f"tools-{key}"
    if _ready(path):
        return path
    log(f"building tools virtualenv {path}")
    shutil.rmtree(path, ignore_errors=True)
    venv.EnvBuilder(with_pip=True).create(path)
    pip = [str(path / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run(
        [*pip, "--disable-pip-version-check", "--timeout", "30", "-r", str(LINT_REQUIREMENTS)],
        check=True,
    )
    (path / ".complete").write_text("ok")
    _prune("tools-*", path)
    return path


def build_addons_dir():
    addons = checkout_dir() / "addons"
    addons.mkdir(parents=True, exist_ok=True)
    link = addons / ADDON
    if link.is_symlink() and link.resolve() == REPO:
        return addons
    if link.is_symlink():
        link.unlink()
    elif link.exists():
        raise SetupError(f"{link} exists and is not a link; remove it")
    link.symlink_to(REPO, target_is_directory=True)
    return addons


# --------------------------------------------------------------------------- PostgreSQL
def ensure_postgres():
    """Make sure a local PostgreSQL answers; start an installed but stopped cluster."""

    def ready():
        try:
            return subprocess.run(["pg_isready", "-q"], timeout=10).returncode == 0
        except (OSError, subprocess.SubprocessError):
            return None

    state = ready()
    if state:
        return
    if state is None and not shutil.which("pg_ctlcluster"):
        raise SetupError(
            "PostgreSQL is not installed: install it (e.g. apt-get install postgresql) and rerun"
        )
    if shutil.which("pg_ctlcluster") and Path("/etc/postgresql").is_dir():
        for version in sorted(os.listdir("/etc/postgresql")):
            log(f"starting PostgreSQL {version}")
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                check=False,
            )
        if ready():
            return
    raise SetupError(
        "PostgreSQL does not answer (pg_isready): start it, or set PGHOST/PGPORT/PGUSER"
    )


def _pg_user():
    """The database role: PGUSER, else the OS user (Odoo refuses the role 'postgres')."""
    return os.environ.get("PGUSER") or getpass.getuser()


def ensure_pg_role():
    """The role must exist and may create databases; as root we can create it ourselves."""
    user = _pg_user()
    probe = subprocess.run(
        [
            "psql",
            "-d",
            "postgres",
            "-U",
            user,
            "-Atc",
            "select rolcreatedb or rolsuper from pg_roles where rolname = current_user",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if probe.returncode == 0 and probe.stdout.strip() == "t":
        return
    if os.geteuid() == 0 and shutil.which("runuser"):
        log(f"creating the PostgreSQL role {user}")
        subprocess.run(
            ["runuser", "-u", "postgres", "--", "createuser", "--superuser", user], check=False
        )
        return
    raise SetupError(
        f"PostgreSQL role {user!r} is missing or may not create databases: "
        f"run  sudo -u postgres createuser --createdb {user}"
    )


def write_conf(view, addons, venv_path):
    conf = checkout_dir() / "odoo.conf"
    addons_path = [str(addons)]
    if (view / "addons").is_dir():
        addons_path.insert(0, str(view / "addons"))
    lines = [
        "[options]",
        f"addons_path = {','.join(addons_path)}",
        f"data_dir = {CACHE / 'data'}",
        f"db_user = {_pg_user()}",
        "admin_passwd = admin",
        "http_interface = 127.0.0.1",
        "log_level = info",
    ]
    for option, variable in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        # several checkouts running browser tours at once each need a port of their own
        ("http_port", "ODOO_HTTP_PORT"),
    ):
        if os.environ.get(variable):
            lines.append(f"{option} = {os.environ[variable]}")
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf


SYSTEM_PACKAGES = {
    # command: Debian package. Chromium runs the browser tours, wkhtmltopdf prints the PDF
    # reports, the CJK fonts render Chinese in both.
    "chromium": "chromium",
    "wkhtmltopdf": "wkhtmltopdf",
    "fc-list": "fonts-noto-cjk",
}


def ensure_system_packages():
    """Install what the suite and the reports need from Debian's packages, when we can."""
    missing = [pkg for cmd, pkg in SYSTEM_PACKAGES.items() if not shutil.which(cmd)]
    if shutil.which("fc-list") and "fonts-noto-cjk" not in missing:
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
        if not fonts.strip():
            missing.append("fonts-noto-cjk")
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log(f"note: install {' '.join(missing)} for browser tours and PDF reports")
        return
    log(f"installing {' '.join(missing)} (apt-get)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    subprocess.run(["apt-get", "update", "-qq"], check=False, timeout=600, **quiet)
    result = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=False,
        timeout=1200,
        **quiet,
    )
    if result.returncode:
        log(f"note: apt-get could not install {' '.join(missing)}")


def setup(allow_network=True):
    src = find_odoo_source(allow_network=allow_network)
    if src is None:
        return None
    version = _odoo_version(src)
    if version != "19.0":
        raise SetupError(f"{src} is Odoo {version}; this addon needs Odoo 19.0")
    view = build_community_view(src)
    venv_path = build_venv(src)
    addons = build_addons_dir()
    ensure_postgres()
    ensure_pg_role()
    ensure_system_packages()
    conf = write_conf(view, addons, venv_path)
    return {
        "ODOO_VIEW": str(view),
        "ODOO_BIN": str(
            view / "odoo-bin" if (view / "odoo-bin").is_file() else view / "setup/odoo"
        ),
        "VENV": str(venv_path),
        "PYTHON": str(venv_path / "bin" / "python"),
        "ODOO_CONF": str(conf),
        "ADDON_DIR": str(addons / ADDON),
        "PYTHONPATH": str(view),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["setup", "status", "tools"])
    parser.add_argument(
        "--offline", action="store_true", help="never download Odoo; print nothing if none"
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "tools":
            print(f"TOOLS_VENV='{build_tools_venv()}'")
            return 0
        if args.command == "status":
            src = find_odoo_source(allow_network=False)
            print(f"odoo source: {src or 'none'}\ncache: {CACHE}")
            return 0
        env = setup(allow_network=not args.offline)
    except SetupError as err:
        log(f"ERROR: {err}")
        return 2
    except subprocess.CalledProcessError as err:
        log(f"ERROR: command failed: {err}")
        return 2
    if env is None:
        print("ODOO_MISSING='no Odoo 19 source: ODOO_SRC is not set and none was set up before'")
        return 0
    for key, value in env.items():
        print(f"{key}='{value}'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
