"""Write fetch attempts to a gzipped WARC file and read successful responses back as FetchResults.

Layout of one attempt:
- a success (a body was kept): a `request` record, then a `response` record whose HTTP payload is
  the body after content decoding (so Content-Encoding is dropped from the stored headers and the
  original value is kept in X-Mediamon-Content-Encoding);
- any other attempt (HTTP error, robots, refused address, timeout, not-modified, ...): one
  `metadata` record targeting the URL, whose JSON payload is the FetchResult without its body.

Fields the WARC standard has no header for live in WARC-Mediamon-* headers (source, kind, the URL
first requested, attempt, error, from-cache, robots, elapsed). WARC/1.1 is written so WARC-Date keeps
microseconds.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import quote, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import WARCWriter

from mediamon.records import FetchResult, to_json_dict
from mediamon.text.charset import decode_body

WARC_VERSION = "1.1"
DROPPED_HTTP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
SECRET_REQUEST_HEADERS = {"authorization", "proxy-authorization"}  # archived with their value shown as ***
TEXT_TYPES = ("html", "xml", "text/", "rss", "atom", "json")
GZIP_MAGIC = b"\x1f\x8b\x08"  # the start of a gzip member (deflate): each record of a .warc.gz is one

logger = logging.getLogger(__name__)


class WarcWriter:
    """Context manager appending fetch attempts to one gzipped WARC file; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._file: IO[bytes] | None = None
        self._writer: WARCWriter | None = None

    def __enter__(self) -> WarcWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("ab")
        self._writer = WARCWriter(self._file, gzip=True, warc_version=WARC_VERSION)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        with self._lock:
            file, self._file, self._writer = self._file, None, None
            if file is None:
                return
            try:
                file.close()  # flushes buffered records: a full disk can show up only here
            except OSError as err:
                if exc is not None:
                    raise exc from err
                raise OSError(err.errno, f"could not write the WARC file: {err.strerror or err}",
                              str(self.path)) from err

    def write_result(self, result: FetchResult, *, request_headers: dict | None = None,
                     response_headers: dict | None = None) -> None:
        """Append one attempt: request + response records when it kept a body, else a metadata record."""
        if result.body is not None and result.status is not None:
            records = _response_records(self._require_writer(), result, request_headers or {},
                                        response_headers or {})
        else:
            records = [_metadata_record(self._require_writer(), result)]
        with self._lock:
            writer = self._require_writer()
            for record in records:
                writer.write_record(record)
            assert self._file is not None
            self._file.flush()

    def _require_writer(self) -> WARCWriter:
        """The open writer, or a clear error when used outside `with`."""
        if self._writer is None:
            raise RuntimeError(f"WarcWriter({self.path}) is not open: use it as `with WarcWriter(path) as w:`")
        return self._writer


def _mediamon_headers(result: FetchResult) -> dict[str, str]:
    """WARC headers for the FetchResult fields WARC has no name for."""
    headers = {"WARC-Date": datetime_to_iso_date(_utc(result.fetched_at).replace(tzinfo=None), use_micros=True),
               "WARC-Mediamon-Source": result.source_id, "WARC-Mediamon-Kind": result.kind,
               "WARC-Mediamon-Url": warc_uri(result.url), "WARC-Mediamon-Attempt": str(result.attempt),
               "WARC-Mediamon-Elapsed-Ms": str(result.elapsed_ms),
               "WARC-Mediamon-From-Cache": "true" if result.from_cache else "false"}
    if result.robots:
        headers["WARC-Mediamon-Robots"] = _one_line(result.robots)
    if result.error:
        headers["WARC-Mediamon-Error"] = _one_line(result.error)
    return headers


def warc_uri(url: str) -> str:
    """url as a WARC header holds it: controls, spaces and what is not ASCII percent-encoded (UTF-8), so that a URL
    holding '\\r\\n' cannot end its header line and write headers of its own into the record."""
    if url.isascii() and url.isprintable() and " " not in url:
        return url
    return "".join(ch if "\x20" < ch < "\x7f" else quote(ch.encode("utf-8", "surrogatepass"), safe="") for ch in url)


def _one_line(text: str) -> str:
    """text with line breaks and other control characters as spaces: one header line."""
    return text if text.isprintable() else "".join(ch if ch.isprintable() else " " for ch in text)


def _response_records(writer: WARCWriter, result: FetchResult, request_headers: dict,
                      response_headers: dict) -> list[ArcWarcRecord]:
    """A request record and the response record that answers it."""
    assert result.body is not None and result.status is not None
    uri = warc_uri(result.final_url or result.url)
    extra = _mediamon_headers(result)
    http_headers = _stored_response_headers(result, response_headers)
    response = writer.create_warc_record(uri, "response", payload=BytesIO(result.body),
                                         length=len(result.body), http_headers=http_headers,
                                         warc_headers_dict=extra)
    request_line = StatusAndHeaders(f"GET {_request_target(uri)} HTTP/1.1",
                                    [(str(k), "***" if str(k).lower() in SECRET_REQUEST_HEADERS else str(v))
                                     for k, v in request_headers.items()],
                                    is_http_request=True)
    request = writer.create_warc_record(uri, "request", payload=BytesIO(b""), length=0,
                                        http_headers=request_line,
                                        warc_headers_dict={"WARC-Date": extra["WARC-Date"]})
    request.rec_headers.add_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
    return [request, response]


def _stored_response_headers(result: FetchResult, response_headers: dict) -> StatusAndHeaders:
    """The response headers as stored: content decoding undone, Content-Length of the stored body."""
    assert result.body is not None
    headers = [(str(k), str(v)) for k, v in response_headers.items() if k.lower() not in DROPPED_HTTP_HEADERS]
    names = {k.lower() for k, _ in headers}
    for name, value in (("Content-Type", result.content_type), ("ETag", result.etag),
                        ("Last-Modified", result.last_modified)):
        if value and name.lower() not in names:
            headers.append((name, value))
    encoding = next((v for k, v in response_headers.items() if k.lower() == "content-encoding"), None)
    if encoding:
        headers.append(("X-Mediamon-Content-Encoding", str(encoding)))
    headers.append(("Content-Length", str(len(result.body))))
    return StatusAndHeaders(str(result.status), headers, protocol="HTTP/1.1")


def _metadata_record(writer: WARCWriter, result: FetchResult) -> ArcWarcRecord:
    """One metadata record describing an attempt that kept no body, with its reason."""
    payload = json.dumps(to_json_dict(result), ensure_ascii=False, sort_keys=True).encode("utf-8")
    uri = warc_uri(result.final_url or result.url)
    if not uri.lower().startswith(("http://", "https://")):
        uri = f"urn:uuid:{uuid.uuid4()}"  # a refused URL (file:, javascript:) is not a WARC target
    return writer.create_warc_record(uri, "metadata", payload=BytesIO(payload), length=len(payload),
                                     warc_content_type="application/json",
                                     warc_headers_dict=_mediamon_headers(result))


def read_warc(path: Path, *, hash_bodies: bool = True, max_body_bytes: int | None = None) -> Iterator[FetchResult]:
    """FetchResults rebuilt from the response records of a WARC file (body, text, status, headers);
    hash_bodies=False leaves body_sha256 empty for readers that do not compare bodies (extract). With max_body_bytes,
    a record whose body is longer (a WARC of another producer: nothing caps it) is read no further and gives a
    too-large result without a body, as the fetcher's cap would have. A damaged record
    (a gzip member cut short or corrupt, headers that are no WARC, a status or date that cannot be read) is skipped
    with a warning naming the file and its byte offset, and reading goes on at the next gzip member: one bad record
    no longer stops the extract task or the replay of every page after it."""
    with Path(path).open("rb") as stream:
        start: int | None = 0
        while start is not None:
            start = yield from _results_from(stream, start, Path(path), hash_bodies, max_body_bytes)


def _results_from(stream: IO[bytes], start: int, path: Path, hash_bodies: bool,
                  max_body_bytes: int | None = None) -> Generator[FetchResult, None, int | None]:
    """The results of the records from byte start on; the offset to go on at after a damaged record, or None at the
    end of the file. A result is given once the reader has moved past its record's end, where a Content-Length that
    lies shows (_length_problem)."""
    stream.seek(start)
    records = ArchiveIterator(stream)
    last, held = start, None
    try:
        for record in records:
            yield from _if_whole(held, records, path)
            held, last = None, records.offset  # where this record starts (get_record_offset would read its body away)
            if record.rec_type != "response":
                continue
            try:
                result = _result_from_record(record, hash_body=hash_bodies, max_body_bytes=max_body_bytes)
            except (ValueError, TypeError, OverflowError) as err:
                logger.warning("warc %s: response record at byte %s skipped: %s", path, last, ascii(str(err))[:200])
                continue
            held = _Held(result, record, last, records.err_count)
        yield from _if_whole(held, records, path)
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as err:
        yield from _if_whole(held, records, path)
        resume = _next_gzip_member(stream, last + 1)
        logger.warning("warc %s: damaged record after byte %s skipped (%s: %s); %s", path, last, type(err).__name__,
                       ascii(str(err).split(":")[0])[:100],
                       f"reading on at byte {resume}" if resume is not None else "no record follows")
        return resume
    return None


@dataclass(frozen=True)
class _Held:
    """A response record's result, held until the reader has read past the record's end."""

    result: FetchResult
    record: ArcWarcRecord
    offset: int       # where the record starts in the file
    warnings: int     # the reader's count of records not ending where their length said, before this one's end


def _if_whole(held: _Held | None, records: ArchiveIterator, path: Path) -> Iterator[FetchResult]:
    """The held result, unless its record's Content-Length lies (then a warning naming the file and offset)."""
    if held is None:
        return
    if (problem := _length_problem(held, records)) is None:
        yield held.result
        return
    logger.warning("warc %s: response record at byte %s skipped: %s; its body cannot be told from what surrounds it",
                   path, held.offset, problem)


def _length_problem(held: _Held, records: ArchiveIterator) -> str | None:
    """Why the record's WARC Content-Length lies, once the reader has read past it: its block ended before the record
    did (more than the blank lines that close a record followed it), or the record ended before its block."""
    declared = held.record.rec_headers.get_header("Content-Length")
    if records.err_count > held.warnings:
        return f"its Content-Length ({ascii(declared)[:40]}) ends its block before the record ends"
    missing = getattr(held.record.raw_stream, "limit", 0)
    if missing > 0:
        return f"its Content-Length ({ascii(declared)[:40]}) is {missing} bytes longer than the record"
    return None


def _next_gzip_member(stream: IO[bytes], start: int) -> int | None:
    """The offset of the first gzip member header at or after start (each record is one member), or None."""
    stream.seek(start)
    offset, tail = start, b""
    while chunk := stream.read(1 << 20):
        found = (tail + chunk).find(GZIP_MAGIC)
        if found >= 0:
            return offset - len(tail) + found
        offset += len(chunk)
        tail = chunk[-(len(GZIP_MAGIC) - 1):]
    return None


def _result_from_record(record: ArcWarcRecord, *, hash_body: bool = True,
                        max_body_bytes: int | None = None) -> FetchResult:
    """A FetchResult from one response record written by WarcWriter (or any WARC producer); a body over
    max_body_bytes is not kept (the result is too-large)."""
    warc, http = record.rec_headers, record.http_headers
    body = _read_body(record.content_stream(), max_body_bytes)
    final_url = warc.get_header("WARC-Target-URI")
    content_type = http.get_header("Content-Type") if http else None
    error = warc.get_header("WARC-Mediamon-Error")
    kind = warc.get_header("WARC-Mediamon-Kind") or "page"
    if max_body_bytes is not None and len(body) > max_body_bytes:
        error, body = f"too-large: the archived body exceeds the {max_body_bytes}-byte cap", None
    return FetchResult(
        url=warc.get_header("WARC-Mediamon-Url") or final_url, source_id=warc.get_header("WARC-Mediamon-Source") or "",
        fetched_at=iso_date_to_datetime(warc.get_header("WARC-Date"), tz_aware=True),
        status=int(http.get_statuscode()) if http else None, bytes=len(body) if body is not None else 0,
        elapsed_ms=_count_header(warc.get_header("WARC-Mediamon-Elapsed-Ms"), 0), error=error or None,
        final_url=final_url, attempt=_count_header(warc.get_header("WARC-Mediamon-Attempt"), 1),
        from_cache=warc.get_header("WARC-Mediamon-From-Cache") == "true",
        robots=warc.get_header("WARC-Mediamon-Robots"), content_type=content_type,
        etag=http.get_header("ETag") if http else None,
        last_modified=http.get_header("Last-Modified") if http else None,
        body_sha256=_sha256(body) if hash_body and body is not None else None, kind=kind, body=body,
        text=decode_body(body, content_type) if body is not None and _is_text(content_type, kind) else None)


def _read_body(stream: IO[bytes], max_bytes: int | None) -> bytes:
    """A record's body whole, or (with max_bytes) up to max_bytes + 1 bytes: enough to tell it is longer."""
    if max_bytes is None:
        return stream.read()
    body = bytearray()
    while len(body) <= max_bytes and (chunk := stream.read(min(1 << 20, max_bytes + 1 - len(body)))):
        body += chunk
    return bytes(body)


def _count_header(value: str | None, default: int) -> int:
    """A bookkeeping header's whole number (elapsed ms, attempt); default when absent or unreadable, so a damaged
    count does not cost the page its body."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else default


def _is_text(content_type: str | None, kind: str) -> bool:
    """Whether a body of this type gets decoded text (HTML, XML, feeds)."""
    return kind == "feed" or any(t in (content_type or "").lower() for t in TEXT_TYPES)


def _sha256(body: bytes) -> str:
    """Hex sha256 of body (the same hash fetch stores in body_sha256)."""
    return hashlib.sha256(body).hexdigest()


def _request_target(uri: str) -> str:
    """Path and query of uri, as in an HTTP request line."""
    parts = urlsplit(uri)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _utc(moment: datetime) -> datetime:
    """moment as tz-aware UTC (naive values are taken to be UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
