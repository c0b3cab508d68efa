"""The run directory: where each stage writes its files and the next stage finds them.

    <data_dir>/runs/<run_date>/<run_id>/
        plan.json              sources, feeds with their validators, run ids
        known_urls.txt         canonical URLs already stored or refused for good (skipped)
        known_stories.jsonl    story signatures of recent days, to join new copies to old stories
        feeds/<source_id>.jsonl        parsed feed items
        shards/shard-NN.jsonl          feed items to fetch, split for parallel tasks (empty shards are not written)
        warc/*.warc.gz                 every response and failed attempt (re-process with --from-warc)
        logs/*.jsonl                   one fetch_log row per attempt
        extracted/shard-NN.jsonl       articles; rejected/shard-NN.jsonl: items that gave none
        enriched/shard-NN.jsonl        articles with countries, topics and signatures
        validated/*.parquet            rows that passed the suites, their search index rows, and the quarantine
"""
from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> Path:
    """Write rows as JSON Lines atomically (temp file, then rename); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, default=str))
                fh.write("\n")
        os.replace(tmp, path)
    except OSError as err:
        raise _write_failed(path, err) from err
    finally:
        tmp.unlink(missing_ok=True)  # a half-written file must not fill the disk further
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a JSON Lines file (nothing if the file does not exist)."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def write_json(path: Path, data: Any) -> Path:
    """Write one JSON document atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
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
    """Read one JSON document."""
    return json.loads(path.read_text(encoding="utf-8"))
