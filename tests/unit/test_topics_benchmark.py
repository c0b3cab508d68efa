"""The multilingual benchmark counts every topic tagger error, those of its pass without URL evidence too."""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

import mediamon.enrich.topics as topics

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "enrichment_multilingual.py"
SPORT = "medtop:15000000"


def load_benchmark(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """benchmarks/enrichment_multilingual.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("enrichment_multilingual_under_test", BENCHMARK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_errors_without_url_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    bench = load_benchmark(monkeypatch)

    def tag_topics(title, text, *, language=None, url=None, limit=3):  # type: ignore[no-untyped-def]
        if url is None:
            raise ValueError("broken without a URL")
        return []

    monkeypatch.setattr(topics, "tag_topics", tag_topics)
    item = bench.Item("feed.xml#0", "corpus", "fr", "Le match", "", None, SPORT, url="https://x.example/sport/a")
    d_item = bench.Item("feed.xml#1", "devd", "fr", "Le match", "", None, SPORT, url="https://x.example/sport/b")
    e_item = bench.Item("feed.xml#2", "deve", "fr", "Le match", "", None, SPORT, url="https://x.example/sport/c")
    errors: Counter = Counter()
    non_en, dev_d, dev_e = (bench.run([it], {}, errors) for it in (item, d_item, e_item))
    assert not errors
    no_url = bench.without_url_figures(non_en, {"d": dev_d, "e": dev_e}, {}, errors)
    assert errors == Counter({"ValueError: broken without a URL": 3})  # each item's one call without its URL
    assert no_url["corpus"]["topic_top1"] == no_url["d_all"]["topic_top1"] == no_url["e_all"]["topic_top1"] == 0.0
