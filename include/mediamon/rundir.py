"""The run directory: one `RunDir` names every file a stage writes and the next stage reads, and
`Plan` is the run's plan.json. No other module builds a path inside a run.

    <data_dir>/runs/<run_date>/<run_id>/
        plan.json                      Plan: run ids, sources, feeds with their validators
        known_urls.txt                 item URLs already stored or refused for good (skipped)
        known_stories.jsonl            story signatures of recent days, to join new copies to old stories
        known_history.jsonl            each source's trailing median of articles a day (batch suite)
        known_events.parquet           stories of recent days with their event_id, to join new articles to events
        feeds/<source_id>.jsonl        parsed feed items
        feeds/_retry.jsonl             the retry queue: pages that failed for a temporary reason lately
        feed_health/<source_id>.jsonl  one feeds-table row per requested feed
        shards/shard-NN.jsonl          feed items to fetch, split by site (empty shards are not written)
        warc/feeds-*.warc.gz           every feed response and failed attempt (re-process with --from-warc)
        warc/pages-<shard>.warc.gz     every page response and failed attempt
        logs/feeds-<source_id>.jsonl   one fetch_log row per feed attempt
        logs/pages-<shard>.jsonl       one fetch_log row per page attempt
        extracted/<shard>.jsonl        articles; rejected/<shard>.jsonl: items that gave none
        enriched/<shard>.jsonl         articles with countries, topics and signatures;
                                       rejected/enrich-<shard>.jsonl: articles that could not be tagged
        stories.jsonl                  article_id -> story_id, event_id, from the stories stage
        validated/                     what load reads: the suites' results and quarantine, the clean
                                       rows as Parquet, search_terms.parquet, item_outcomes.parquet, run.json
"""
from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mediamon.errors import RunFileError
from mediamon.text.titles import without_lone_surrogates

FILE_NAME_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")  # one path segment: no "/", no "..", not hidden
ANY_NAME = "*"  # a glob of every name in its place (RunDir.feed_items("*"))
REWRITE = ("the file is damaged: re-run the day from its first stage (mediamon run --date DAY, or clear the DAG run) "
           "to write it again")
RETRY_ITEMS = "_retry"  # the retry queue's feed-items file (feeds/_retry.jsonl): a name no source id can take


@dataclass(frozen=True)
class RunDir:
    """One run's directory; every staged path is a property or method of it."""

    path: Path

    @classmethod
    def new(cls, data_dir: Path, run_date: str, run_id: str) -> RunDir:
        """The directory of a new run under data_dir/runs/<run_date>/<run_id>."""
        return cls(Path(data_dir) / "runs" / file_name_part(run_date, "run date") / file_name_part(run_id, "run id"))

    @classmethod
    def of_shard(cls, shard_file: Path) -> RunDir:
        """The run a shard-level file (shards/, extracted/, enriched/ ...) belongs to."""
        return cls(Path(shard_file).parent.parent)

    @property
    def data_dir(self) -> Path:
        """The data directory holding runs/ (and digests/, gx_docs/)."""
        return self.path.parents[2]

    @property
    def gx_docs(self) -> Path:
        """Where the Great Expectations Data Docs of every run are built."""
        return self.data_dir / "gx_docs"

    @property
    def plan(self) -> Path:
        return self.path / "plan.json"

    @property
    def known_urls(self) -> Path:
        return self.path / "known_urls.txt"

    @property
    def known_stories(self) -> Path:
        return self.path / "known_stories.jsonl"

    @property
    def known_history(self) -> Path:
        return self.path / "known_history.jsonl"

    @property
    def known_events(self) -> Path:
        return self.path / "known_events.parquet"

    @property
    def stories(self) -> Path:
        return self.path / "stories.jsonl"

    @property
    def validated(self) -> Path:
        return self.path / "validated"

    def staged(self, name: str) -> Path:
        """A file of validated/ (e.g. 'articles.parquet', 'run.json')."""
        return self.validated / name

    def feed_items(self, source_id: str) -> Path:
        return self.path / "feeds" / f"{file_name_part(source_id, 'source id', glob=True)}.jsonl"

    def all_feed_items(self) -> list[Path]:
        return sorted((self.path / "feeds").glob("*.jsonl"))

    @property
    def retry_items(self) -> Path:
        """The retry queue's feed items: pages that failed for a temporary reason lately (a name no source id takes)."""
        return self.feed_items(RETRY_ITEMS)

    def retried_urls(self) -> set[str]:
        """The URLs of the run's retry queue (none when it has no queue)."""
        return {row["url"] for row in read_jsonl(self.retry_items)} if self.retry_items.is_file() else set()

    def feed_health(self, source_id: str) -> Path:
        return self.path / "feed_health" / f"{file_name_part(source_id, 'source id', glob=True)}.jsonl"

    def all_feed_health(self) -> list[Path]:
        return sorted((self.path / "feed_health").glob("*.jsonl"))

    def feed_log(self, source_id: str) -> Path:
        return self.path / "logs" / f"feeds-{file_name_part(source_id, 'source id', glob=True)}.jsonl"

    def feeds_warc(self, first_source_id: str, sources: int) -> Path:
        return self.path / "warc" / f"feeds-{first_source_id}-{sources}.warc.gz"

    def shard(self, name: str) -> Path:
        """shards/<name>.jsonl (name like 'shard-00' or 'shard-replay')."""
        return self.path / "shards" / f"{name}.jsonl"

    def all_shards(self) -> list[Path]:
        return sorted((self.path / "shards").glob("*.jsonl"))

    def pages_warc(self, shard: str) -> Path:
        return self.path / "warc" / f"pages-{shard}.warc.gz"

    def page_log(self, shard: str) -> Path:
        return self.path / "logs" / f"pages-{shard}.jsonl"

    def all_page_logs(self) -> list[Path]:
        return sorted((self.path / "logs").glob("pages-*.jsonl"))

    @property
    def logs(self) -> Path:
        return self.path / "logs"

    def all_logs(self) -> list[Path]:
        return sorted(self.logs.glob("*.jsonl"))

    def extracted(self, shard: str) -> Path:
        return self.path / "extracted" / f"{shard}.jsonl"

    def rejected(self, shard: str) -> Path:
        return self.path / "rejected" / f"{shard}.jsonl"

    def enrich_rejected(self, shard: str) -> Path:
        return self.path / "rejected" / f"enrich-{shard}.jsonl"

    def all_rejected(self) -> list[Path]:
        return sorted((self.path / "rejected").glob("*.jsonl"))

    def enriched(self, shard: str) -> Path:
        return self.path / "enriched" / f"{shard}.jsonl"

    def all_enriched(self) -> list[Path]:
        return sorted((self.path / "enriched").glob("*.jsonl"))

    def read_plan(self) -> Plan:
        """The run's plan.json; RunFileError naming it when it is damaged or of another shape."""
        data = read_json(self.plan)
        if (problem := _plan_problem(data)) is not None:
            raise RunFileError(f"{self.plan}: {problem}; {REWRITE}")
        return Plan(**data)

    def write_plan(self, plan: Plan) -> Path:
        """Write plan.json atomically."""
        return write_json(self.plan, asdict(plan))


def file_name_part(name: str, what: str, *, glob: bool = False) -> str:
    """name, when it can stand in a file name inside the run (one segment, no "..", at most 100 characters), or, with
    glob, "*", which makes the path a pattern of all of them (storage.sync); else ValueError naming it: a run id, run
    date or source id from outside must never reach another folder."""
    if not (glob and name == ANY_NAME) and not FILE_NAME_PART.fullmatch(name):
        raise ValueError(f"{what} {name[:120]!r} cannot name a file: use letters, digits, '_', '-' and '.' (not "
                         "first), at most 100 characters")
    return name


@dataclass(frozen=True)
class Plan:
    """What a run was asked to do (plan.json): its ids, the registry's sources, and the feeds to request."""

    run_id: str
    run_date: str
    started_at: str                 # ISO 8601, UTC
    sources: list[dict[str, Any]]   # records.Source as JSON
    feeds: list[dict[str, Any]]     # feed_url, source_id, validators, skip
    # The start of the latest day's newest loaded run: what the feed poller staged from then up to started_at joins
    # the run, items and gaps (discover.polling.items_staged_between, gaps_staged_between); None: all before it.
    polled_since: str | None = None
    takes_polled: bool = True  # False for a run of a day before the latest stored: no polled item or gap joins it

    def polled_window(self) -> tuple[datetime | None, datetime] | None:
        """When what the feed poller staged must have been staged to join this run: from polled_since (None: any
        time) up to started_at; None for a run that takes nothing polled (takes_polled)."""
        if not self.takes_polled:
            return None
        since = datetime.fromisoformat(self.polled_since) if self.polled_since else None
        return since, datetime.fromisoformat(self.started_at)


def replace_text(path: Path, text: str) -> Path:
    """Write text to path by swapping in a whole file, from a temporary file named after this process and thread: a
    reader never sees a page half written, and writers at once (two days' digests, two validate tasks) never share a
    temporary file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> Path:
    """Write rows as JSON Lines atomically (temp file, then rename); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(without_lone_surrogates(json.dumps(row, ensure_ascii=False, default=str)))  # else one fails the file
                fh.write("\n")
        os.replace(tmp, path)
    except OSError as err:
        raise _write_failed(path, err) from err
    finally:
        tmp.unlink(missing_ok=True)  # a half-written file must not fill the disk further
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a JSON Lines file (nothing if the file does not exist); RunFileError naming the file and the line
    when a line is not a JSON object or not UTF-8 (the files are written whole, so only damage makes one)."""
    if not path.exists():
        return
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                yield _jsonl_row(path, number, line)


def _jsonl_row(path: Path, number: int, line: bytes) -> dict[str, Any]:
    """One JSON Lines row as a dict; RunFileError saying what is wrong and how to rebuild the file."""
    try:
        row = json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError) as err:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        problem = _not_json(err)
    else:
        if isinstance(row, dict):
            return row
        problem = f"it holds a JSON {type(row).__name__}, not an object"
    raise RunFileError(f"{path} line {number}: {problem}; {REWRITE}")


def write_json(path: Path, data: Any) -> Path:
    """Write one JSON document atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(without_lone_surrogates(json.dumps(data, ensure_ascii=False, indent=1, default=str)),
                       encoding="utf-8")
        os.replace(tmp, path)
    except OSError as err:
        raise _write_failed(path, err) from err
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write_failed(path: Path, err: OSError) -> OSError:
    """The error for a staged file that could not be written: it names the file, and the fix for a full disk."""
    hint = "; free space on that disk, then re-run this stage" if err.errno == errno.ENOSPC else ""
    return OSError(err.errno, f"{err.strerror or err}{hint}", str(path))


def read_json(path: Path) -> Any:
    """Read one JSON document; RunFileError naming the file when it is not UTF-8 JSON (only damage makes one)."""
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (ValueError, RecursionError) as err:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        problem = _not_json(err)
    raise RunFileError(f"{path}: {problem}; {REWRITE}")


def _not_json(err: ValueError | RecursionError) -> str:
    """What json.loads found wrong with a file's bytes: not UTF-8, not JSON, or JSON nested deeper than Python reads."""
    if isinstance(err, RecursionError):
        return "its JSON is nested too deeply to read"
    return f"it is not {'UTF-8' if isinstance(err, UnicodeDecodeError) else 'JSON'} ({str(err)[:80]})"


def _plan_problem(data: Any) -> str | None:
    """What makes data no Plan (another shape, a key missing or unknown, feeds or sources not lists of objects)."""
    if not isinstance(data, dict):
        return f"it holds a JSON {type(data).__name__}, not an object"
    fields = {f.name for f in dataclasses.fields(Plan)}
    required = {f.name for f in dataclasses.fields(Plan) if f.default is dataclasses.MISSING}
    if missing := sorted(required - data.keys()):
        return f"it lacks {', '.join(missing)}"
    if unknown := sorted(data.keys() - fields):
        return f"it holds {', '.join(unknown)[:200]}, which no plan has (written by another version?)"
    for name in ("sources", "feeds"):
        if not isinstance(data[name], list) or not all(isinstance(row, dict) for row in data[name]):
            return f"its {name} are not a list of objects"
    return None
