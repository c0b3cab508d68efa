"""cluster_stories: the stories stage reads the story signatures enrich kept in the enriched rows."""
from __future__ import annotations

import json
from pathlib import Path

from mediamon.enrich.stories import signature
from mediamon.rundir import RunDir, read_jsonl, write_jsonl
from mediamon.stages import cluster_stories
from mediamon.warehouse.state import write_known_events

REPORT = ("Floods close the coastal highway near Valparaiso for a second day",
          "Heavy rain flooded the coastal highway near Valparaiso on Monday and police kept it closed for a second "
          "day while crews cleared mud and fallen trees from the road; drivers were sent inland through Quilpue.")
OTHER = ("Orchestra opens its winter season with a new symphony",
         "The city orchestra opened its winter season on Friday with the first performance of a symphony written "
         "for the hall's hundredth year, conducted by its music director before a full house of subscribers.")


def _row(article_id: str, title: str, text: str, kept: object) -> dict:
    """An enriched row of the run, with the signature enrich kept (or none)."""
    row = {"article_id": article_id, "source_id": f"outlet-{article_id}", "title": title, "text": text,
           "first_seen_at": "2026-03-10T08:00:00+00:00", "published_at": None, "topics": [], "countries": [],
           "focus_country": None}
    return row if kept is None else {**row, "signature": kept}


def _stories(tmp_path: Path, kept_b: object) -> dict[str, str]:
    """article_id -> story_id after the stories stage, article b carrying kept_b as its kept signature."""
    run = RunDir.new(tmp_path / "data", "2026-03-10", "run-1")
    run.path.mkdir(parents=True)
    write_jsonl(run.known_stories, [])
    write_known_events(tmp_path / "absent.duckdb", "2026-03-10", run.known_events)
    write_jsonl(run.path / "enriched" / "shard-0.jsonl", [_row("a", *REPORT, None), _row("b", *OTHER, kept_b)])
    return {r["article_id"]: r["story_id"] for r in read_jsonl(cluster_stories(run.path))}


def test_a_kept_signature_is_used_instead_of_the_text(tmp_path) -> None:
    kept = json.loads(signature(*REPORT).to_json())  # as if enrich had found b to be the same text as a
    assert _stories(tmp_path, kept) == {"a": "a", "b": "a"}


def test_without_a_readable_kept_signature_the_text_decides(tmp_path) -> None:
    assert _stories(tmp_path, None) == {"a": "a", "b": "b"}
    assert _stories(tmp_path / "bad", {"n": 3, "h": [1, 2]}) == {"a": "a", "b": "b"}  # wrong number of hashes
