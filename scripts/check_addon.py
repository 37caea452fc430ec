#!/usr/bin/env python3
"""Odoo-free structural checks of the addon: manifest, data files, XML, CSV, translations.

The pre-commit hook ``check-addon`` (.pre-commit-config.yaml). Catches what the other hooks
do not and would otherwise only show when Odoo loads the addon: a data file missing from the
manifest (or listed but absent), a view root ``<tree>``, deprecated ``attrs``/``states``, an
XML header or id against our conventions, an access CSV row with the wrong shape, a .po file
with fuzzy or untranslated entries or missing a message of the code. Left to the other hooks:
well-formed XML (``check-xml``), the manifest's version format and duplicated data files
(pylint-odoo's ``manifest-version-format``, ``manifest-data-duplicated``).
"""

import ast
import csv
import sys
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
DATA_DIRS = ("data", "demo", "security", "views", "wizards", "reports")
ACCESS_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]


def check_manifest(errors):
    manifest = ast.literal_eval((ROOT / "__manifest__.py").read_text(encoding="utf-8"))
    for key in ("name", "version", "license", "depends", "author"):
        if key not in manifest:
            errors.append(f"manifest: missing key {key!r}")
    if manifest.get("license") != "LGPL-3":
        errors.append("manifest: license must be LGPL-3")
    listed = [*manifest.get("data", []), *manifest.get("demo", [])]
    for name in listed:
        if not (ROOT / name).is_file():
            errors.append(f"manifest lists {name}, which does not exist")
    for folder in DATA_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            rel = path.relative_to(ROOT).as_posix()
            if path.suffix in (".xml", ".csv") and rel not in listed:
                errors.append(f"{rel} is not listed in the manifest")


def _check_xml_node(node, rel, xml_ids, errors):
    if node.tag == "tree":
        errors.append(f"{rel}: <tree> is gone in Odoo 19, use <list>")
    for attr in ("attrs", "states"):
        if attr in node.attrib:
            errors.append(f"{rel}: attribute {attr!r} is gone since Odoo 17")
    if node.tag in ("record", "template", "menuitem") and "id" in node.attrib:
        xml_id = node.attrib["id"]
        if xml_id in xml_ids:
            errors.append(f"{rel}: duplicate xml id {xml_id} (also {xml_ids[xml_id]})")
        xml_ids[xml_id] = rel
        if xml_id.startswith("partner_credit_archive."):
            errors.append(f"{rel}: xml id {xml_id} repeats the module name")


def check_xml(errors):
    xml_ids = {}
    for path in sorted(ROOT.rglob("*.xml")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".", "static/src/lib")):
            continue
        text = path.read_text(encoding="utf-8")
        if not text.startswith('<?xml version="1.0" encoding="UTF-8" ?>'):
            errors.append(f'{rel}: header must be <?xml version="1.0" encoding="UTF-8" ?>')
        try:
            tree = ElementTree.fromstring(text.encode("utf-8"))
        except ElementTree.ParseError:
            continue  # the check-xml hook reports it
        if tree.tag != "odoo":
            errors.append(f"{rel}: root element must be <odoo>")
        for node in tree.iter():
            _check_xml_node(node, rel, xml_ids, errors)


def check_access(errors):
    access = ROOT / "security" / "ir.model.access.csv"
    with access.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows or rows[0] != ACCESS_HEADER:
        errors.append("security/ir.model.access.csv: wrong header")
    seen = set()
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(ACCESS_HEADER):
            errors.append(f"ir.model.access.csv:{number}: {len(row)} columns")
            continue
        if row[0] in seen:
            errors.append(f"ir.model.access.csv:{number}: duplicate id {row[0]}")
        seen.add(row[0])
        if any(flag not in ("0", "1") for flag in row[4:]):
            errors.append(f"ir.model.access.csv:{number}: permissions must be 0 or 1")


def code_messages():
    """The literal messages of ``env._("...")`` / ``_("...")`` calls in the addon's Python."""
    messages = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.relative_to(ROOT).parts or path.parts[-2] == "scripts":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and (
                    (isinstance(node.func, ast.Attribute) and node.func.attr == "_")
                    or (isinstance(node.func, ast.Name) and node.func.id in ("_", "_lt"))
                )
            ):
                messages.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return messages


def check_translations(errors):
    try:
        import polib  # noqa: PLC0415 (only the tools venv has it)
    except ImportError:
        return
    messages = code_messages()
    for path in sorted((ROOT / "i18n").glob("*.po")):
        catalog = polib.pofile(str(path))
        bad = [e.msgid for e in catalog if e.fuzzy or not e.msgstr and not e.obsolete]
        if bad:
            errors.append(f"{path.name}: {len(bad)} fuzzy or untranslated entries: {bad[:5]}")
        known = {e.msgid for e in catalog if not e.obsolete}
        missing = [f"{where}: {msgid!r}" for msgid, where in messages.items() if msgid not in known]
        if missing:
            errors.append(f"{path.name}: messages of the code not translated: {missing[:5]}")


def main():
    errors = []
    for check in (check_manifest, check_xml, check_access, check_translations):
        check(errors)
    for error in errors:
        print(f"check_addon: {error}")
    print(f"check_addon: {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
