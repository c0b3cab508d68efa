"""The enriched rows validate reads, checked for the shape load needs before the suites see them.

A line of enriched/*.jsonl that is cut short, empty of JSON or no object, and a row lacking a field the
warehouse requires or holding a value of another type (a list as title, a number as text, NaN or an infinite
score, a title longer than any extraction writes), is quarantined at stage 'articles' with the field and the
fault named; the other rows go on to the suites and load. Before, such a row stopped validate with a KeyError
or TypeError, failed the whole load on a NOT NULL or cast error, or was stored as the text of a Python list."""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from mediamon.quality.outcome import QUARANTINE_COLUMNS
from mediamon.text.titles import MAX_TITLE_CHARS

STAGE = "articles"
REQUIRED_TEXT = ("article_id", "url", "source_id", "text_source", "first_seen_at")  # NOT NULL in the warehouse
OPTIONAL_TEXT = ("title", "text", "author", "date_source", "language", "method", "site_name", "image", "feed_url", "item_url", "item_id", "published_at", "summary", "focus_country", "canonical_url")
DATES = ("first_seen_at", "published_at")
STORY_FIELDS = frozenset({"article_id", "source_id", "title", "text", "first_seen_at", "published_at", "topics",
                          "countries", "event_stems"})  # what the stories stage reads of a row
PAYLOAD_CHARS = 10_000  # a text of a quarantined row's payload is cut to this many characters
LINE_CHARS = 1_000      # of a damaged line kept as its payload
FIX = "re-run the day's enrich stage (mediamon run --date DAY, or clear the DAG run) to write the row again"

Record = dict[str, Any]


def read_enriched(paths: Iterable[Path]) -> tuple[list[Record], list[Record]]:
    """The rows of the enriched files and the quarantine records of their damaged lines (cut short, not UTF-8,
    not a JSON object), each keyed by its file and line."""
    rows: list[Record] = []
    damaged: list[Record] = []
    for path in paths:
        with path.open("rb") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                row, problem = _parse_line(line)
                if problem is None:
                    rows.append(row)
                else:
                    key = f"{path.parent.name}/{path.name} line {number}"
                    text = line.decode("utf-8", "replace").rstrip("\n")
                    damaged.append(_record(key, [f"enriched-line: {problem}; {FIX}"],
                                           {"file": str(path), "line": number, "text": text[:LINE_CHARS]}, None))
    return rows, damaged


def _parse_line(line: bytes) -> tuple[Record, str | None]:
    """A line as a row, or the reason it is none."""
    try:
        row = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as err:
        return {}, f"not UTF-8 ({str(err)[:80]})"
    except ValueError as err:
        return {}, f"not JSON, cut short or damaged ({str(err)[:80]})"
    if not isinstance(row, dict):
        return {}, f"a JSON {type(row).__name__}, not an object"
    return row, None


def split_malformed(rows: list[Record], run_date: str) -> tuple[list[Record], pd.DataFrame]:
    """The rows of the shape load needs, and a quarantine frame of the others with every fault named."""
    good: list[Record] = []
    bad: list[Record] = []
    for index, row in enumerate(rows):
        problems = row_problems(row)
        if not problems:
            good.append(row)
            continue
        key = row["article_id"] if isinstance(row.get("article_id"), str) and row["article_id"] else \
            f"enriched row {index + 1} (no article_id)"
        item = row.get("item_id") if isinstance(row.get("item_id"), str) else None
        bad.append(_record(key, [f"{p}; {FIX}" for p in problems], _payload(row), item))
    return good, quarantine_records(bad, run_date)


def clusterable(row: Record) -> bool:
    """Whether the stories stage can read the row (the fields it reads have the shape due; validate quarantines
    the rows of other faults)."""
    return not any(problem.split(":")[0].split("[")[0] in STORY_FIELDS for problem in row_problems(row))


def quarantine_records(records: list[Record], run_date: str) -> pd.DataFrame:
    """Records as quarantine rows of the run (with their item_id)."""
    frame = pd.DataFrame.from_records([{**r, "run_date": run_date} for r in records],
                                      columns=[*QUARANTINE_COLUMNS, "item_id"])
    return frame.astype(object)


def row_problems(row: Record) -> list[str]:
    """What keeps the row from loading as it is, one phrase per field (empty when nothing)."""
    problems = [f"{field}: missing" for field in REQUIRED_TEXT if row.get(field) is None]
    for field in dict.fromkeys((*REQUIRED_TEXT, *OPTIONAL_TEXT)):
        value = row.get(field)
        if value is not None and not isinstance(value, str):
            problems.append(f"{field}: {_kind(value)} where text is due")
    if isinstance(row.get("article_id"), str) and not row["article_id"].strip():
        problems.append("article_id: empty")
    if isinstance(row.get("title"), str) and len(row["title"]) > MAX_TITLE_CHARS:
        problems.append(f"title: {len(row['title']):,} characters, over the {MAX_TITLE_CHARS:,} a stored title holds")
    problems += [f"{field}: {row[field][:40]!r} is no ISO 8601 date" for field in DATES
                 if isinstance(row.get(field), str) and not _is_date(row[field])]
    problems += _number_problems(row)
    problems += _children_problems(row, "countries", {"code": str, "mentions": int})
    problems += _children_problems(row, "topics", {"code": str, "score": float})
    stems = row.get("event_stems")
    if stems is not None and not (isinstance(stems, dict) and {"title", "lead"} <= set(stems)):
        problems.append(f"event_stems: {_kind(stems)} where an object with title and lead is due")
    if "signature" not in row:
        problems.append("signature: missing (the enrich stage writes it)")
    return problems


def _number_problems(row: Record) -> list[str]:
    """word_count a whole number, language_confidence a finite number from 0 to 1 (or null)."""
    problems = []
    count = row.get("word_count")
    if not _is_int(count):
        problems.append(f"word_count: {_kind(count)} where a whole number is due")
    confidence = row.get("language_confidence")
    if confidence is not None and not (_is_number(confidence) and 0 <= confidence <= 1):
        problems.append(f"language_confidence: {_kind(confidence)} where a number from 0 to 1 is due")
    return problems


def _children_problems(row: Record, field: str, shape: dict[str, type]) -> list[str]:
    """The faults of a list of tags: not a list, an element no object, a field missing or of another type."""
    value = row.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        return [f"{field}: {_kind(value)} where a list is due"]
    for position, child in enumerate(value):
        if not isinstance(child, dict):
            return [f"{field}[{position}]: {_kind(child)} where an object is due"]
        for key, kind in shape.items():
            found = child.get(key)
            good = _is_int(found) if kind is int else _is_number(found) if kind is float else isinstance(found, kind)
            if not good:
                return [f"{field}[{position}].{key}: {_kind(found)} where {kind.__name__} is due"]
    return []


def _is_int(value: Any) -> bool:
    """A whole number that is no bool."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2 ** 31


def _is_number(value: Any) -> bool:
    """A finite int or float that is no bool."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_date(text: str) -> bool:
    """Whether text reads as an ISO 8601 date or time."""
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _kind(value: Any) -> str:
    """A value as a fault names it: 'a list', 'the number 42', 'NaN', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "an infinite number"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return {"list": "a list", "dict": "an object"}.get(type(value).__name__, type(value).__name__)


def _payload(row: Record) -> Record:
    """The row as a quarantine payload: long texts cut to PAYLOAD_CHARS (noted), NaN and infinities as text."""
    return {key: _cut(value) for key, value in row.items()}


def _cut(value: Any) -> Any:
    """A JSON value with its long texts cut and its non-finite numbers written as text."""
    if isinstance(value, str) and len(value) > PAYLOAD_CHARS:
        return f"{value[:PAYLOAD_CHARS]}… [cut: {len(value):,} characters]"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_cut(v) for v in value]
    if isinstance(value, dict):
        return {k: _cut(v) for k, v in value.items()}
    return value


def _record(key: str, reasons: list[str], payload: Record, item: str | None) -> Record:
    """One quarantine record (reasons and payload as JSON text)."""
    return {"stage": STAGE, "record_key": key, "reasons": json.dumps(reasons, ensure_ascii=False),
            "payload": json.dumps(payload, ensure_ascii=False, default=str), "item_id": item}
