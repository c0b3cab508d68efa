"""A replayed run (`mediamon run --from-warc`, Settings.replay_warc) keeps the body cap its settings give
(MEDIAMON_MAX_BODY_BYTES), as a network fetch does: a page archived larger than it ends too-large without its
body, and the other pages of the archive replay whole."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

from mediamon import stages
from mediamon.fetch import reason_of
from mediamon.fetch.archive import WarcWriter
from mediamon.records import FetchRequest, FetchResult
from mediamon.settings import Settings

SITE = "https://news.example.org/"
CAP = 64 * 1024


def archived(path: str, body: bytes) -> FetchResult:
    """A page as the fetch stage archives it."""
    return FetchResult(url=SITE + path, source_id="daily", fetched_at=datetime.now(timezone.utc), status=200,
                       bytes=len(body), elapsed_ms=3, error=None, final_url=SITE + path, content_type="text/html",
                       body=body)


def test_a_replay_applies_the_settings_body_cap(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    small, large = b"<html><p>short page</p></html>", b"<html>" + b"x" * (4 * CAP)
    with WarcWriter(archive / "a.warc.gz") as writer:
        writer.write_result(archived("small", small))
        writer.write_result(archived("large", large))
    settings = dataclasses.replace(Settings(data_dir=tmp_path / "data"), replay_warc=archive, max_body_bytes=CAP)
    requests = [FetchRequest(SITE + "small", "daily"), FetchRequest(SITE + "large", "daily")]
    kept, capped = stages._fetch(requests, settings, tmp_path / "out" / "pages.warc.gz")
    assert kept.error is None and kept.body == small
    assert reason_of(capped.error) == "too-large" and str(CAP) in (capped.error or "") and capped.body is None


def test_the_default_cap_replays_a_page_under_it(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    body = b"<html>" + b"y" * (4 * CAP)
    with WarcWriter(archive / "a.warc.gz") as writer:
        writer.write_result(archived("page", body))
    settings = dataclasses.replace(Settings(data_dir=tmp_path / "data"), replay_warc=archive)
    (result,) = stages._fetch([FetchRequest(SITE + "page", "daily")], settings, tmp_path / "out" / "pages.warc.gz")
    assert result.error is None and result.body == body
