"""benchmarks/warehouse.py for the tests: its stage() writes a synthetic run's validated files, as the validate
stage would, so load tests stage runs of any size without running the pipeline."""
from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "warehouse.py"


@cache
def warehouse_bench() -> ModuleType:
    """benchmarks/warehouse.py as a module, loaded once (it keeps no state between stage() calls)."""
    spec = importlib.util.spec_from_file_location("warehouse_bench", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
