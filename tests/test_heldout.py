"""The held-out gold (tests/data/heldout) is valid gold: the shared checker finds no error in it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).parent / "data"


def test_heldout_gold_passes_the_checker() -> None:
    spec = importlib.util.spec_from_file_location("check_gold", HERE / "check_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    report = module.check(HERE / "heldout" / "gold.json", HERE / "heldout" / "articles")
    assert report.ok, report.errors
    assert (report.articles, report.claims) == (10, 48)
