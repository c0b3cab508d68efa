"""Run one HTTP request of a fetch job; reads a Job, gives an Outcome (a FetchResult and/or the next job).

A job is one request's current attempt: redirects become follow-up jobs (checked hop by hop); 429
and 5xx answers, connection errors (refused ones too) and timeouts are retried (Retry-After, else exponential backoff)
up to settings.max_tries, and the outcome asks the scheduler to pause the host meanwhile.
A page whose host's robots.txt could not be read ends as robots-unreachable without a request (the robots.txt
is read once per run); like the transient reasons it is not in errors.PERMANENT_ERRORS, so a later run asks again.

Decisions worth knowing:
- 304 Not Modified is trusted only when the caller holds the body hash of what it has; a 304 to a
  caller without a stored body hash is repeated once unconditionally within the same attempt, and
  a 304 to an unconditional request is recorded as http-304.
- A 200 whose body hashes to the stored body_sha256 is recorded as not-modified (from_cache=True).
- settings.deadline_s bounds one attempt, its redirect hops together (the time of each hop is kept in
  Job.elapsed_s), so a chain of slow redirects cannot take max_redirects + 1 deadlines.
"""
from __future__ import annotations

import email.utils
import hashlib
import logging
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from mediamon.errors import FetchError, redact_credentials
from mediamon.fetch.client import REDIRECT_STATUSES, HttpClient, Opened
from mediamon.fetch.netsafety import Target, parse_target
from mediamon.fetch.redirects import redirect_url
from mediamon.fetch.robots import Robots, fetch_robots
from mediamon.records import FetchRequest, FetchResult
from mediamon.settings import Settings
from mediamon.text.charset import decode_body

logger = logging.getLogger(__name__)

RETRY_BASE_S = 1.0
RETRY_MAX_S = 60.0
RETRY_AFTER_MAX_S = 120.0  # a longer Retry-After ends the URL's tries for this run
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_VALIDATOR_CHARS = 1024  # real ETags and Last-Modified dates run under 100; a 60 KB one was sent back, and refused
MAX_CONTENT_TYPE_CHARS = 256  # the Content-Type a result keeps (fetch_log); real ones run under 100 characters
TRANSIENT_REASONS = frozenset({"timeout", "connection-error", "connection-refused"})
HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT = {"page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
          "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"}


def reason_of(error: str | None) -> str | None:
    """The reason code of a recorded error ("http-404", "timeout: ..." -> "timeout")."""
    return error.split(":", 1)[0] if error else None


@dataclass
class Job:
    """One request in progress: the hop to fetch next within its current attempt."""

    index: int  # position in the input; -1 for a robots.txt fetch
    request: FetchRequest
    url: str
    attempt: int = 1
    visited: tuple[str, ...] = ()
    conditional: bool = True
    fetched_at: datetime | None = None
    elapsed_s: float = 0.0
    robots: str | None = None
    robots_origin: str | None = None  # set for robots.txt fetches

    @property
    def target(self) -> Target:
        """Scheme, host and port of the hop to fetch."""
        return parse_target(self.url)


@dataclass
class Outcome:
    """What one step produced: a result (an attempt ended) and/or a job to run next."""

    result: FetchResult | None = None
    follow: Job | None = None
    follow_delay_s: float = 0.0
    pause_host_s: float = 0.0  # the contacted host waits this long before its next request (retries)
    host_ok: bool | None = None  # True: the host answered; False: a transient failure; None: not contacted
    robots: Robots | None = None
    robots_log: FetchResult | None = None  # the robots.txt request as a fetch_log row (kind robots)
    sent_headers: dict[str, str] = field(default_factory=dict)
    received_headers: dict[str, str] = field(default_factory=dict)


class Stepper:
    """Runs one HTTP request of a job and decides what happens next (no scheduling, no shared state)."""

    def __init__(self, settings: Settings, client: HttpClient, robots: dict[str, Robots]) -> None:
        self.settings = settings
        self.client = client
        self.robots = robots  # origin -> Robots, filled by the scheduler before a page job runs

    def step(self, job: Job) -> Outcome:
        """Run the job's next request; per-URL failures become results, never exceptions."""
        if job.robots_origin is not None:
            fetched_at, started = datetime.now(timezone.utc), time.monotonic()
            robots = fetch_robots(self.client, job.robots_origin)
            logged = robots_log_row(job, robots, fetched_at, time.monotonic() - started)
            return Outcome(robots=robots, host_ok=robots.state != "unreachable", robots_log=logged)
        if job.fetched_at is None:
            job.fetched_at = datetime.now(timezone.utc)
        started = time.monotonic()
        try:
            outcome = self._page_step(job, deadline=started + self.settings.deadline_s - job.elapsed_s)
        except FetchError as err:
            outcome = self._failure(job, err)
        job.elapsed_s += time.monotonic() - started
        if outcome.follow is not None and outcome.follow.attempt == job.attempt:
            outcome.follow.elapsed_s = job.elapsed_s  # a redirect hop or a repeated 304: the same attempt goes on
        if outcome.result is not None:
            outcome.result = replace(outcome.result, elapsed_ms=round(job.elapsed_s * 1000))
        return outcome

    def _page_step(self, job: Job, *, deadline: float) -> Outcome:
        """Robots check, request (by deadline, the attempt's: its redirect hops share it), then dispatch on the
        status class."""
        target = job.target
        robots = self.robots[target.origin]
        if robots.state != "refused":
            job.robots = robots.verdict(job.url, self.settings.user_agent)
            if robots.state == "unreachable":
                raise FetchError("robots-unreachable", robots.detail, url=job.url)
            if job.robots == "disallowed":
                raise FetchError("robots-disallowed", f"{robots.detail} disallows {job.url}", url=job.url)
        opened = self.client.open(job.url, self._headers(job), deadline=deadline)
        status = opened.status
        if status in REDIRECT_STATUSES and opened.header("Location"):
            return self._redirect(job, opened)
        if status == 304:
            return self._not_modified(job, opened)
        if status >= 300:
            return self._error_status(job, opened)
        return self._success(job, opened)

    def _headers(self, job: Job) -> dict[str, str]:
        """Request headers: descriptive User-Agent, Accept for the kind, validators when conditional."""
        headers = {"User-Agent": self.settings.user_agent, "Accept": ACCEPT.get(job.request.kind, ACCEPT["page"]),
                   "Accept-Encoding": "gzip, deflate"}
        if job.conditional and job.url == job.request.url:
            if etag := usable_validator(job.request.etag):
                headers["If-None-Match"] = etag
            if last_modified := usable_validator(job.request.last_modified):
                headers["If-Modified-Since"] = last_modified
        return headers

    def _redirect(self, job: Job, opened: Opened) -> Outcome:
        """Follow a redirect as a new job on the target's host, refusing loops, excess hops and bad schemes."""
        self.client.discard(opened)
        location = redirect_url(job.url, opened.location() or "")
        visited = (*job.visited, job.url)
        if location in visited:
            raise FetchError("too-many-redirects", f"redirect loop: {job.url} -> {location}", url=job.url)
        if len(visited) > self.settings.max_redirects:
            raise FetchError("too-many-redirects", f"more than {self.settings.max_redirects} redirects "
                                                   f"(last to {location[:200]})", url=job.url)
        parse_target(location)  # bad-scheme / bad-url before anything is queued
        follow = replace(job, url=location, visited=visited)
        return Outcome(follow=follow, host_ok=True, sent_headers=opened.sent_headers)

    def _not_modified(self, job: Job, opened: Opened) -> Outcome:
        """A 304: trusted when the caller holds a body hash, else asked again without validators once."""
        self.client.discard(opened)
        asked = "If-None-Match" in opened.sent_headers or "If-Modified-Since" in opened.sent_headers
        if not asked:
            return self._http_error(job, opened)
        if job.request.body_sha256 is None:
            logger.info("fetch url=%s 304 without a stored body hash: asking again without validators", job.url)
            return Outcome(follow=replace(job, conditional=False), host_ok=True)
        result = self._result(job, opened, error="not-modified", from_cache=True,
                              etag=usable_validator(opened.header("ETag")) or job.request.etag,
                              last_modified=(usable_validator(opened.header("Last-Modified"))
                                             or job.request.last_modified),
                              body_sha256=job.request.body_sha256)
        return self._ended(result, opened, host_ok=True)

    def _error_status(self, job: Job, opened: Opened) -> Outcome:
        """http-NNN; 429 and 5xx are retried after Retry-After or an exponential backoff."""
        self.client.discard(opened)
        if opened.status not in RETRY_STATUSES:
            return self._http_error(job, opened)
        wait_s = retry_delay_s(job.attempt, opened.header("Retry-After"))
        error = f"http-{opened.status}"
        return self._retry_or_give_up(job, self._result(job, opened, error=error), wait_s, opened)

    def _http_error(self, job: Job, opened: Opened) -> Outcome:
        """A final http-NNN result (the host answered, so it is not failing)."""
        return self._ended(self._result(job, opened, error=f"http-{opened.status}"), opened, host_ok=True)

    def _success(self, job: Job, opened: Opened) -> Outcome:
        """A 2xx: not-html for non-HTML pages, not-modified when the body hash is unchanged, else the body."""
        content_type = opened.header("Content-Type")
        if job.request.kind == "page" and content_type and not is_html_type(content_type):
            self.client.discard(opened)
            return self._ended(self._result(job, opened, error=f"not-html: {content_type[:80]}"), opened,
                               host_ok=True)
        body = self.client.read_body(opened, self.settings.max_body_bytes)
        if job.request.kind == "page" and not content_type and not looks_like_html(body):
            return self._ended(self._result(job, opened, error="not-html: no Content-Type and no HTML markup",
                                            nbytes=len(body)), opened, host_ok=True)
        digest = hashlib.sha256(body).hexdigest()
        validators = {"etag": usable_validator(opened.header("ETag")),
                      "last_modified": usable_validator(opened.header("Last-Modified")),
                      "body_sha256": digest, "nbytes": len(body)}
        if digest == job.request.body_sha256:
            result = self._result(job, opened, error="not-modified", from_cache=True, **validators)
        else:
            result = self._result(job, opened, **validators, body=body, text=decode_body(body, content_type))
        return self._ended(result, opened, host_ok=True)

    def _failure(self, job: Job, err: FetchError) -> Outcome:
        """A result for a refused or failed request; timeouts and connection errors are retried."""
        result = self.base_result(job, error=str(err))
        if err.reason in TRANSIENT_REASONS:
            return self._retry_or_give_up(job, result, retry_delay_s(job.attempt, None), None)
        return Outcome(result=result)

    def _retry_or_give_up(self, job: Job, result: FetchResult, wait_s: float | None,
                          opened: Opened | None) -> Outcome:
        """Queue the next attempt after wait_s, or end the URL saying why."""
        sent = opened.sent_headers if opened else {}
        if job.attempt < self.settings.max_tries and wait_s is not None:
            retry = Job(job.index, job.request, job.request.url, attempt=job.attempt + 1)
            return Outcome(result=result, follow=retry, follow_delay_s=wait_s, pause_host_s=wait_s,
                           host_ok=False, sent_headers=sent)
        why = (f"gave up after {job.attempt} tries" if wait_s is not None
               else f"Retry-After longer than {RETRY_AFTER_MAX_S:g} s")
        error = f"{result.error}: {why}" if ":" not in (result.error or "") else f"{result.error} ({why})"
        return Outcome(result=replace(result, error=error), host_ok=False, sent_headers=sent)

    def _ended(self, result: FetchResult, opened: Opened, *, host_ok: bool) -> Outcome:
        """An outcome ending the URL, with the headers for the archive."""
        return Outcome(result=result, host_ok=host_ok, sent_headers=opened.sent_headers,
                       received_headers=dict(opened.response.headers))

    def base_result(self, job: Job, **changes: object) -> FetchResult:
        """The result of this attempt so far (no response yet); URLs in its error lose their credentials."""
        if isinstance(changes.get("error"), str):
            changes["error"] = redact_credentials(changes["error"])
        result = FetchResult(url=job.request.url, source_id=job.request.source_id,
                             fetched_at=job.fetched_at or datetime.now(timezone.utc), status=None, bytes=0,
                             elapsed_ms=0, error=None, final_url=job.url, attempt=job.attempt,
                             robots=job.robots, kind=job.request.kind)
        return replace(result, **changes)

    def _result(self, job: Job, opened: Opened, *, nbytes: int = 0, **changes: object) -> FetchResult:
        """The result of this attempt for a response."""
        return self.base_result(job, status=opened.status, content_type=kept_content_type(opened.header("Content-Type")),
                                bytes=nbytes, **changes)


def retry_delay_s(attempt: int, retry_after: str | None) -> float | None:
    """Seconds before the next try: Retry-After if given (None when too long), else 1, 2, 4, ... s."""
    if retry_after:
        seconds = parse_retry_after(retry_after)
        if seconds is not None:
            return None if seconds > RETRY_AFTER_MAX_S else seconds
    return min(RETRY_MAX_S, RETRY_BASE_S * 2 ** (attempt - 1))


def parse_retry_after(value: str) -> float | None:
    """Retry-After as seconds from now (delta-seconds or HTTP-date); None when unreadable. Only ASCII digits are
    delta-seconds: a superscript '¹' passed str.isdigit and made float() raise out of the fetch."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError, OverflowError):
        return None


def kept_content_type(value: str | None) -> str | None:
    """The Content-Type a result keeps: as received, cut to MAX_CONTENT_TYPE_CHARS ending in '...' (ASCII, so that the
    WARC keeps the header as it is and reads it back the same). Its copies and parameters are limited only by the
    header count and line length (100 lines of 64 KB), so a page answered with 95 of 60 KB kept 5.7 MB in its
    fetch_log row; the whole header still decides what the body is and its charset."""
    if value is None or len(value) <= MAX_CONTENT_TYPE_CHARS:
        return value
    return value[:MAX_CONTENT_TYPE_CHARS - 3] + "..."


def is_html_type(content_type: str) -> bool:
    """True for text/html and application/xhtml+xml."""
    return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def usable_validator(value: str | None) -> str | None:
    """An ETag or Last-Modified value that can be sent back as a header, else None (then the feed is asked without
    it): at most MAX_VALIDATOR_CHARS, Latin-1 (what a header line carries), and no control character (a stored
    '\\r\\n' or 'U+202E' made the request raise instead of being sent)."""
    if not value or len(value) > MAX_VALIDATOR_CHARS:
        return None
    if not value.isascii() and any(ord(ch) > 0xFF for ch in value):
        return None
    return None if any(ord(ch) < 0x20 and ch != "\t" or ord(ch) == 0x7F for ch in value) else value


def looks_like_html(body: bytes) -> bool:
    """True when an untyped body starts like an HTML document."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<head" in head


def robots_log_row(job: Job, robots: Robots, fetched_at: datetime, seconds: float) -> FetchResult:
    """A robots.txt request as a fetch_log row (kind robots) under the source whose page asked for it: its status, and
    an error where the robots.txt could not be read (robots-unreachable: the origin is held back this run) or was
    refused (private-address)."""
    error = None
    if robots.state == "unreachable":
        error = f"robots-unreachable: {robots.detail}"
    elif robots.state == "refused":
        error = robots.detail
    return FetchResult(url=job.url, source_id=job.request.source_id, fetched_at=fetched_at, status=robots.status,
                       bytes=robots.bytes, elapsed_ms=int(seconds * 1000), error=error, kind="robots")
