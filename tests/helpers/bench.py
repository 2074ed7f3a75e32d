"""The scripts under bench/ are not a package: tests load one as a module by its path."""
from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from helpers.paths import ROOT


def bench_module(name: str) -> ModuleType:
    """bench/NAME.py as the module `bench_NAME` (loaded once)."""
    module_name = f"bench_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
