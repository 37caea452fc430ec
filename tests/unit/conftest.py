"""Load the addon's pure helpers (``tools/``) without Odoo, as ``pca_tools``."""

import importlib.util
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[2] / "tools"
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _load(name, path, package=False):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name,
        path / "__init__.py" if package else path,
        submodule_search_locations=[str(path)] if package else None,
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_load("pca_tools", TOOLS, package=True)
_load("pca_devenv", SCRIPTS / "devenv.py")
