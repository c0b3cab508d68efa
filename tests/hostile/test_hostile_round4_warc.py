"""Red-team cases on WARC files read back (the extract stage, and `mediamon run --from-warc`): a corrupt or cut gzip
member, garbage between records, and response records whose status, date or counts cannot be read. The damaged
record is skipped with a warning naming the file and its offset, the pages after it are read, and a replay records
the lost page as not-archived."""
from __future__ import annotations

import gzip
import logging
import time
import zlib
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mediamon.fetch.archive import WarcWriter, read_warc
from mediamon.fetch.replay import archived_responses, replay_requests
from mediamon.records import FetchRequest, FetchResult
from tests.support.hostile_inputs import article_paragraphs, html_page

PAGE = "https://news.example.org/story/"


# --- WARC files read back: damaged gzip members and records ----------------------------------------------------


def page_result(i: int) -> FetchResult:
    """A fetched article page, as the fetch stage archives it."""
    body = html_page(f"<article><h1>Story {i}</h1>{article_paragraphs()}</article>").encode()
    return FetchResult(url=f"{PAGE}{i}", source_id="daily", fetched_at=datetime.now(timezone.utc), status=200,
                       bytes=len(body), elapsed_ms=3, error=None, final_url=f"{PAGE}{i}", content_type="text/html",
                       body=body)


def warc_members(tmp_path: Path, pages: int = 5) -> list[bytes]:
    """The gzip members of a WARC archiving `pages` pages: a request then a response member per page."""
    path = tmp_path / "source.warc.gz"
    with WarcWriter(path) as writer:
        for i in range(pages):
            writer.write_result(page_result(i))
    data, members, offset = path.read_bytes(), [], 0
    while offset < len(data):
        rest = zlib.decompressobj(31)
        rest.decompress(data[offset:])
        end = len(data) - len(rest.unused_data)
        members.append(data[offset:end])
        offset = end
    assert len(members) == 2 * pages
    return members


def flip_middle(member: bytes) -> bytes:
    """The member with one byte in the middle of its deflate data inverted."""
    damaged = bytearray(member)
    damaged[len(damaged) // 2] ^= 0xFF
    return bytes(damaged)


def rewrite(member: bytes, old: bytes, new: bytes) -> bytes:
    """The member's record with one header text replaced, gzipped again."""
    record = gzip.decompress(member)
    assert old in record
    return gzip.compress(record.replace(old, new, 1))


DAMAGED_MEMBERS: dict[str, Callable[[bytes], bytes]] = {
    "one-byte-flipped": flip_middle,
    "cut-in-half": lambda member: member[:len(member) // 2],
    "garbage-instead": lambda member: b"not a gzip member at all\r\n" * 4,
    "garbage-and-member": lambda member: b"\x00" * 777 + member,
    "negative-length": lambda member: rewrite(member, b"Content-Length: ", b"Content-Length: -"),
}


def pages_read(path: Path) -> list[str]:
    """The page numbers read_warc gives back from path."""
    return [result.url.rsplit("/", 1)[1] for result in read_warc(path)]


@pytest.mark.parametrize("damage", DAMAGED_MEMBERS)
def test_a_damaged_member_costs_its_own_page_and_the_pages_after_it_are_read(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str) -> None:
    members = warc_members(tmp_path)
    members[5] = DAMAGED_MEMBERS[damage](members[5])  # page 2's response
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(members))
    with caplog.at_level(logging.WARNING, logger="mediamon.fetch.archive"):
        read = pages_read(path)
    assert {"0", "1", "3", "4"} <= set(read) and len(read) == len(set(read))
    if "2" not in read:
        assert any("damaged.warc.gz" in r.getMessage() and "skipped" in r.getMessage() for r in caplog.records)


def test_every_member_damaged_reads_nothing_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "ruined.warc.gz"
    path.write_bytes(b"".join(flip_middle(m) for m in warc_members(tmp_path, pages=40)))
    started = time.process_time()
    assert pages_read(path) == []
    assert time.process_time() - started < 5


def test_a_file_that_is_garbage_after_its_first_record_keeps_the_first_page(tmp_path: Path) -> None:
    members = warc_members(tmp_path, pages=1)
    path = tmp_path / "tail.warc.gz"
    path.write_bytes(b"".join(members) + bytes(range(256)) * 4000)
    assert pages_read(path) == ["0"]


@pytest.mark.parametrize(("old", "new"), [
    (b"HTTP/1.1 200", b"HTTP/1.1 abc"),
    (b"WARC-Date: ", b"WARC-Date: 99999-"),
])
def test_a_response_whose_status_or_date_cannot_be_read_is_skipped_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, old: bytes, new: bytes) -> None:
    members = warc_members(tmp_path)
    members[5] = rewrite(members[5], old, new)
    path = tmp_path / "bad-header.warc.gz"
    path.write_bytes(b"".join(members))
    with caplog.at_level(logging.WARNING, logger="mediamon.fetch.archive"):
        assert pages_read(path) == ["0", "1", "3", "4"]
    assert any("response record at byte" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("value", [b"five", b"9" * 5000, b"-3", b"\xd9\xa3"])
def test_a_count_header_that_cannot_be_read_keeps_the_page_with_the_default(tmp_path: Path, value: bytes) -> None:
    members = warc_members(tmp_path)
    members[5] = rewrite(rewrite(members[5], b"WARC-Mediamon-Elapsed-Ms: 3", b"WARC-Mediamon-Elapsed-Ms: " + value),
                         b"WARC-Mediamon-Attempt: 1", b"WARC-Mediamon-Attempt: " + value)
    path = tmp_path / "bad-count.warc.gz"
    path.write_bytes(b"".join(members))
    results = {r.url.rsplit("/", 1)[1]: r for r in read_warc(path)}
    assert list(results) == ["0", "1", "2", "3", "4"]
    assert (results["2"].elapsed_ms, results["2"].attempt) == (0, 1) and results["2"].text


def test_a_replay_from_a_damaged_archive_answers_the_rest_and_records_the_lost_page(tmp_path: Path) -> None:
    members = warc_members(tmp_path)
    members[5] = flip_middle(members[5])
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "pages-0.warc.gz").write_bytes(b"".join(members))
    assert sorted(archived_responses(archive)) == [f"{PAGE}{i}" for i in (0, 1, 3, 4)]
    requests = [FetchRequest(url=f"{PAGE}{i}", source_id="daily") for i in range(5)]
    results = replay_requests(requests, archive, tmp_path / "replayed.warc.gz")
    assert [r.error for r in results] == [None, None, "not-archived", None, None]
    assert pages_read(tmp_path / "replayed.warc.gz") == ["0", "1", "3", "4"]


# --- replaying a few pages from a large archive ------------------------------------------------------------------


def test_replaying_a_few_pages_from_a_large_archive_holds_those_pages_only(tmp_path: Path) -> None:
    import tracemalloc

    archive = tmp_path / "runs"
    for day in range(3):
        folder = archive / f"2026-01-0{day + 1}" / "warc"
        folder.mkdir(parents=True)
        with WarcWriter(folder / "pages-0.warc.gz") as writer:
            for i in range(100):
                body = html_page(f"<article><h1>Day {day} story {i}</h1>{article_paragraphs(20, 60)}</article>").encode()
                writer.write_result(FetchResult(url=f"{PAGE}{day}-{i}", source_id="daily", error=None, status=200,
                                                fetched_at=datetime.now(timezone.utc), bytes=len(body), elapsed_ms=1,
                                                content_type="text/html", body=body))
    requests = [FetchRequest(url=f"{PAGE}2-{i}", source_id="daily") for i in (5, 50)] + [
        FetchRequest(url=f"{PAGE}9-9", source_id="daily")]
    tracemalloc.start()
    try:
        results = replay_requests(requests, archive, tmp_path / "replayed.warc.gz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r.error for r in results] == [None, None, "not-archived"]
    assert [r.text is not None and f"Day 2 story {n}" in r.text for r, n in zip(results, (5, 50))] == [True, True]
    assert peak < 3_000_000, f"{peak:,} bytes at the peak for 300 archived pages"  # 0.4 MB; holding all: 9.7 MB
