"""Answer fetch requests from earlier WARC files, so any day can be re-processed offline."""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection
from datetime import datetime, timezone
from pathlib import Path

from mediamon.records import FetchRequest, FetchResult
from mediamon.settings import WHOLE_NUMBERS

logger = logging.getLogger(__name__)

MAX_REPLAY_BODY_BYTES = WHOLE_NUMBERS["MEDIAMON_MAX_BODY_BYTES"][2]  # the most a fetch keeps under any settings: a
# WARC of another producer caps nothing, and each record's body was read whole (a gzip bomb record of 10 GB)


def warc_files(path: Path) -> list[Path]:
    """The WARC files at path: the file itself, or every *.warc.gz file below a directory; a FIFO, device or socket
    is none (reading one blocked forever)."""
    path = Path(path)
    if path.is_dir():
        return sorted(found for found in path.rglob("*.warc.gz") if found.is_file())
    return [path] if path.is_file() else []


def archived_responses(path: Path, wanted: Collection[str] | None = None, *,
                       max_body_bytes: int = MAX_REPLAY_BODY_BYTES) -> dict[str, FetchResult]:
    """The last archived response per URL (request URL and final URL both map to it); with wanted, only the responses
    to those URLs are kept, so replaying a few pages from months of archives holds those pages, not every body read.
    A response whose body is over max_body_bytes is kept as a too-large result without its body."""
    from mediamon.fetch.archive import read_warc

    found: dict[str, FetchResult] = {}
    for warc in warc_files(path):
        for result in read_warc(warc, max_body_bytes=max_body_bytes):
            if result.body is None and not (result.error or "").startswith("too-large"):
                continue
            if wanted is None or result.url in wanted:
                _keep(found, result.url, result)
            if result.final_url and (wanted is None or result.final_url in wanted) and result.final_url not in found:
                found[result.final_url] = result
    return found


def _keep(found: dict[str, FetchResult], url: str, result: FetchResult) -> None:
    """result as url's response, unless it has no body and the one kept has (a body the cap refused loses to one)."""
    kept = found.get(url)
    if result.body is not None or kept is None or kept.body is None:
        found[url] = result


def replay_requests(requests: list[FetchRequest], archive: Path, warc_path: Path, *,
                    max_body_bytes: int = MAX_REPLAY_BODY_BYTES) -> list[FetchResult]:
    """One result per request from the archive (or a not-archived failure; too-large for a body over
    max_body_bytes), copied into warc_path."""
    from mediamon.fetch.archive import WarcWriter

    responses = archived_responses(archive, {request.url for request in requests}, max_body_bytes=max_body_bytes)
    results = []
    warc_path.parent.mkdir(parents=True, exist_ok=True)
    with WarcWriter(warc_path) as writer:
        for request in requests:
            found = responses.get(request.url)
            if found is None:
                result = FetchResult(url=request.url, source_id=request.source_id, kind=request.kind,
                                     fetched_at=datetime.now(timezone.utc), status=None, bytes=0,
                                     elapsed_ms=0, error="not-archived")
            else:
                result = dataclasses.replace(found, url=request.url, source_id=request.source_id,
                                             kind=request.kind, from_cache=True, attempt=1,
                                             error=None if found.body is not None else found.error)
            writer.write_result(result)
            results.append(result)
    logger.info("replay archive=%s requests=%s found=%s", archive, len(requests),
                sum(r.error is None for r in results))
    return results
