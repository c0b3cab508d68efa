"""The labelled event set names captured feed items by reference only, and every reference resolves."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from mediamon.discover.feeds import parse_feed

LABELS = Path(__file__).resolve().parents[1] / "data" / "event_labels.tsv"


def rows() -> list[dict[str, str]]:
    """The label file's rows."""
    lines = [ln for ln in LABELS.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_the_set_holds_references_and_labels_only_and_is_large_enough() -> None:
    labelled = rows()
    assert list(labelled[0]) == ["event", "feed", "guid", "link"]
    events = Counter(r["event"] for r in labelled if r["event"] != "-")
    assert len(labelled) >= 150 and sum(1 for n in events.values() if n >= 2) >= 30
    assert all(n >= 2 for n in events.values())  # a single item is marked "-", not given a label of its own
    assert len({r["feed"] for r in labelled}) >= 10


def test_every_reference_names_an_item_of_its_captured_feed(shared_dir: Path) -> None:
    feeds: dict[str, list] = {}
    for row in rows():
        if row["feed"] not in feeds:
            body = (shared_dir / "corpus" / "feeds" / row["feed"]).read_bytes()
            feeds[row["feed"]] = parse_feed(body, f"https://feeds.example.org/{row['feed']}", source_id="labels")
        found = [i for i in feeds[row["feed"]] if (row["guid"] and i.guid == row["guid"]) or row["link"] in (i.link, i.url)]
        assert found, row
