"""WARC records whose bodies are larger than any fetch keeps, seventh round (`mediamon run --from-warc` takes WARC files
of any producer, and nothing caps what those hold): each response record's body was read whole into memory, so one
record of a gzip-encoded body inflating to gigabytes, or of a huge plain body, held all of it. Now a replay reads a
body up to the cap and no further: that page ends too-large with the reason, no body is held, and the other pages of
the archive replay as before; a good copy of the same URL beside it wins."""
from __future__ import annotations

import gzip
import tracemalloc
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from mediamon.fetch import reason_of
from mediamon.fetch.archive import WarcWriter, read_warc
from mediamon.fetch.replay import replay_requests
from mediamon.records import FetchRequest, FetchResult
from tests.support.hostile_inputs import article_paragraphs, html_page

SITE = "https://news.example.org/"
CAP = 1 << 20
BIG = 128 << 20  # the inflated body: 128 times the cap


def page(path: str, body: bytes) -> FetchResult:
    """A fetched page of this body, as the fetch stage archives it."""
    return FetchResult(url=SITE + path, source_id="daily", fetched_at=datetime.now(timezone.utc), status=200,
                       bytes=len(body), elapsed_ms=3, error=None, final_url=SITE + path, content_type="text/html",
                       body=body)


def good_body() -> bytes:
    """An ordinary article page."""
    return html_page(f"<article><h1>Story</h1>{article_paragraphs()}</article>").encode()


def foreign_warc(path: Path, url: str, gzip_body: bytes) -> None:
    """A WARC as another crawler writes it: the response kept as sent, Content-Encoding gzip."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                                              ("Content-Length", str(len(gzip_body)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(gzip_body),
                                                      length=len(gzip_body), http_headers=headers))


def replayed(archive: Path, paths: list[str], tmp_path: Path) -> tuple[list[FetchResult], int]:
    """The replay of these pages from archive with the cap, and the peak of memory it allocated."""
    tracemalloc.start()
    try:
        results = replay_requests([FetchRequest(SITE + p, "daily") for p in paths], archive,
                                  tmp_path / "out" / "pages.warc.gz", max_body_bytes=CAP)
        return results, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_gzip_bomb_record_of_another_producer_is_too_large_and_never_inflated_whole(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    foreign_warc(archive / "bomb.warc.gz", SITE + "bomb", gzip.compress(b"<p>" + bytes(BIG), compresslevel=9))
    with WarcWriter(archive / "good.warc.gz") as writer:
        writer.write_result(page("good", good_body()))
    (bomb, good), peak = replayed(archive, ["bomb", "good"], tmp_path)
    assert reason_of(bomb.error) == "too-large" and str(CAP) in (bomb.error or "") and bomb.body is None
    assert good.error is None and good.body == good_body()
    assert peak < BIG // 2  # warcio inflates a 16 KB block at a time: at most about 17 MB each


def test_a_plain_body_over_the_cap_is_too_large_and_a_good_copy_of_the_url_wins(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with WarcWriter(archive / "a.warc.gz") as writer:
        writer.write_result(page("big", b"<html>" + b"x" * (4 * CAP)))
        writer.write_result(page("kept", good_body()))
    with WarcWriter(archive / "b.warc.gz") as writer:
        writer.write_result(page("kept", b"<html>" + b"y" * (4 * CAP)))
    (big, kept), _ = replayed(archive, ["big", "kept"], tmp_path)
    assert reason_of(big.error) == "too-large" and big.body is None and big.status == 200
    assert kept.error is None and kept.body == good_body()


def test_a_body_at_the_cap_is_replayed_whole(tmp_path: Path) -> None:
    body = b"<html>" + b"z" * (CAP - 6)
    with WarcWriter(tmp_path / "a.warc.gz") as writer:
        writer.write_result(page("at-cap", body))
    assert [r.body for r in read_warc(tmp_path / "a.warc.gz", max_body_bytes=CAP)] == [body]
    (result,), _ = replayed(tmp_path / "a.warc.gz", ["at-cap"], tmp_path)
    assert result.error is None and result.body == body
