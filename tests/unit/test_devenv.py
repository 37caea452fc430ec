"""The developer set-up: Odoo's requirement pins and the Community-only addons view."""

import os
import sys
import time
from pathlib import Path

import pca_devenv as devenv


def _addon(root, name, license_="LGPL-3", depends=()):
    path = root / name
    path.mkdir(parents=True)
    (path / "__manifest__.py").write_text(
        repr({"name": name, "license": license_, "depends": list(depends)})
    )
    return path


def test_markers_take_python_312_pins():
    assert devenv._marker_true("python_version >= '3.12'", "3.12")
    assert not devenv._marker_true("python_version < '3.12'", "3.12")
    assert devenv._marker_true("python_version > '3.10' and python_version < '3.13'", "3.12")
    assert devenv._marker_true("", "3.12")


def test_requirements_skip_unbuildable_and_use_binary_psycopg(tmp_path):
    (tmp_path / "requirements.txt").write_text(
        "lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12'\n"
        "lxml==5.2.1; python_version >= '3.12' # comment\n"
        "psycopg2==2.9.9 ; python_version >= '3.12' and python_version < '3.13'\n"
        "psycopg2==2.9.10 ; python_version >= '3.13'\n"
        "python-ldap==3.4.4 ; sys_platform != 'win32' and python_version >= '3.12'\n"
        "pytz  # no pin\n"
    )
    reqs = devenv.odoo_requirements(tmp_path)
    if sys.version_info < (3, 13):
        assert reqs == ["lxml==5.2.1", "psycopg2-binary==2.9.9", "pytz"]
    assert not any("ldap" in r for r in reqs)


def test_community_view_drops_enterprise_and_dependants(tmp_path):
    addons = tmp_path / "odoo" / "addons"
    _addon(addons, "base")
    _addon(addons, "sale", depends=["base"])
    _addon(addons, "sale_enterprise", license_="OEEL-1", depends=["sale"])
    _addon(addons, "sale_bridge", depends=["sale_enterprise"])
    _addon(addons, "bridge_of_bridge", depends=["sale_bridge", "sale"])
    keep, dropped = devenv.community_addons(tmp_path)
    assert sorted(keep) == ["base", "sale"]
    assert dropped == 3
    assert keep["sale"] == Path(addons / "sale")


def test_prune_keeps_the_virtualenvs_other_checkouts_use(tmp_path, monkeypatch):
    """Worktrees of other branches share the cache: only venvs unused for weeks go."""
    monkeypatch.setattr(devenv, "CACHE", tmp_path)
    for name in ("tools-new", "tools-other", "tools-stale", "tools-broken"):
        (tmp_path / name).mkdir()
    for name in ("tools-new", "tools-other", "tools-stale"):
        (tmp_path / name / ".complete").write_text("ok")
    old = time.time() - (devenv.STALE_DAYS + 1) * 86400
    os.utime(tmp_path / "tools-stale" / ".complete", (old, old))
    devenv._prune("tools-*", tmp_path / "tools-new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tools-new", "tools-other"]
    os.utime(tmp_path / "tools-other" / ".complete", (old, old))
    assert devenv._ready(tmp_path / "tools-other")  # using it makes it recent again
    devenv._prune("tools-*", tmp_path / "tools-new")
    assert (tmp_path / "tools-other").is_dir()
