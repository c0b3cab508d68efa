"""The written event label sets (tests/data/event_labels_written*.tsv): their rows, and the shape every set keeps."""
from __future__ import annotations

import csv
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

REPORTS_PER_HAPPENING = 3  # each happening told by this many outlets
HAPPENINGS_PER_LANGUAGE = 3
REPORT_SPAN = timedelta(days=2)  # a happening's reports are published within this span


def read_set(path: Path) -> list[dict[str, str]]:
    """The rows of a written label file."""
    return list(csv.DictReader([ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")],
                               delimiter="\t"))


def assert_written_set_shape(path: Path, languages: list[str], negatives: int, *,
                             labels_name_language: bool = False) -> None:
    """Each language of the set has three happenings, each told by three outlets within two days, and `negatives`
    items of no labelled happening ('-') beside them; with labels_name_language, a label opens with its language."""
    by_language: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_set(path):
        by_language[row["language"]].append(row)
    assert sorted(by_language) == languages
    for language, items in by_language.items():
        happenings: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in items:
            happenings[row["event"]].append(row)
        singles = happenings.pop("-", [])
        assert len(happenings) == HAPPENINGS_PER_LANGUAGE and len(singles) == negatives, language
        for label, reports in happenings.items():
            if labels_name_language:
                assert label.startswith(f"{language}-"), label
            assert len({r["source"] for r in reports}) == len(reports) == REPORTS_PER_HAPPENING, label
            times = [datetime.fromisoformat(r["published"]) for r in reports]
            assert max(times) - min(times) <= REPORT_SPAN, label
