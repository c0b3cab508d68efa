"""fetch_all against real HTTP servers on 127.0.0.1: robots, retries, validators, politeness, safety, WARC."""
from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

import mediamon.fetch.client as client_module
from mediamon.fetch import fetch_all, fetch_one, reason_of
from mediamon.fetch.archive import read_warc
from mediamon.fetch.scheduler import HOST_MAX_FAILURES
from mediamon.fetch.step import RETRY_BASE_S
from mediamon.records import FetchRequest, FetchResult
from mediamon.settings import Settings
from tests.support.server import RunningSite, Site, send

PAGE = b"<html><head><title>t</title></head><body><p>Hello</p></body></html>"


def page(body: bytes = PAGE, **headers: str) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route answering 200 text/html with body."""
    return lambda h: send(h, 200, body, content_type="text/html; charset=utf-8", headers=headers)


def paths(site: Site) -> list[str]:
    """Request paths the site saw, in order."""
    return [path for _, path, _ in site.requests]


def outcome(results: list[FetchResult], url: str) -> FetchResult:
    """The last attempt for url."""
    return [r for r in results if r.url == url][-1]


@pytest.fixture
def quick(settings: Settings) -> Settings:
    """Test settings with short timeouts and a single try."""
    return settings.with_overrides(deadline_s=2.0, read_timeout_s=2.0, connect_timeout_s=2.0, max_tries=1)


def test_page_is_fetched_with_body_text_and_validators(site: Site, quick: Settings) -> None:
    site.routes["/a"] = page(ETag='"v1"', **{"Last-Modified": "Mon, 05 Jan 2026 10:00:00 GMT"})
    result = fetch_one(FetchRequest(site.url("/a"), "src"), quick)
    assert (result.status, result.error, result.body, result.text) == (200, None, PAGE, PAGE.decode())
    assert result.body_sha256 == hashlib.sha256(PAGE).hexdigest()
    assert (result.etag, result.last_modified) == ('"v1"', "Mon, 05 Jan 2026 10:00:00 GMT")
    assert (result.source_id, result.kind, result.robots, result.bytes) == ("src", "page", "unavailable", len(PAGE))
    user_agents = {headers.get("User-Agent") for _, _, headers in site.requests}
    assert user_agents == {quick.user_agent}


def test_robots_txt_refusal_is_recorded_and_cached_per_host(site: Site, quick: Settings) -> None:
    site.routes["/robots.txt"] = lambda h: send(h, 200, b"User-agent: mediamon\nDisallow: /private\n",
                                                content_type="text/plain")
    site.routes["/private/1"] = site.routes["/private/2"] = site.routes["/open"] = page()
    urls = [site.url(p) for p in ("/private/1", "/private/2", "/open")]
    results = fetch_all([FetchRequest(u, "s") for u in urls], quick)
    refused = outcome(results, urls[0])
    assert reason_of(refused.error) == "robots-disallowed" and "robots.txt" in refused.error
    assert refused.robots == "disallowed" and refused.status is None
    assert outcome(results, urls[2]).error is None
    assert paths(site).count("/robots.txt") == 1 and "/private/1" not in paths(site)


def test_robots_txt_server_error_holds_the_origin_back_for_the_run(site: Site, quick: Settings) -> None:
    site.routes["/robots.txt"] = lambda h: send(h, 503, b"down")
    site.routes["/a"] = page()
    result = fetch_one(FetchRequest(site.url("/a"), "s"), quick)
    assert reason_of(result.error) == "robots-unreachable" and result.robots == "unreachable"
    assert paths(site) == ["/robots.txt"]


def test_429_with_retry_after_is_retried_after_the_wait(site: Site, quick: Settings) -> None:
    seen: list[float] = []

    def limited(h: BaseHTTPRequestHandler) -> None:
        seen.append(time.monotonic())
        if len(seen) == 1:
            return send(h, 429, b"slow down", headers={"Retry-After": "1"})
        send(h, 200, PAGE, content_type="text/html")

    site.routes["/a"] = limited
    results = fetch_all([FetchRequest(site.url("/a"), "s")], quick.with_overrides(max_tries=3))
    assert [(r.attempt, r.status, r.error) for r in results] == [(1, 429, "http-429"), (2, 200, None)]
    assert seen[1] - seen[0] >= 1.0


def test_503_is_retried_with_backoff_then_given_up(site: Site, quick: Settings) -> None:
    seen: list[float] = []
    site.routes["/a"] = lambda h: (seen.append(time.monotonic()), send(h, 503, b"busy"))
    results = fetch_all([FetchRequest(site.url("/a"), "s")], quick.with_overrides(max_tries=2))
    assert [r.attempt for r in results] == [1, 2]
    assert results[-1].error == "http-503: gave up after 2 tries"
    assert seen[1] - seen[0] >= RETRY_BASE_S


def test_404_is_not_retried(site: Site, quick: Settings) -> None:
    site.routes["/gone"] = lambda h: send(h, 404, b"nope")
    results = fetch_all([FetchRequest(site.url("/gone"), "s")], quick.with_overrides(max_tries=3))
    assert [(r.status, r.error) for r in results] == [(404, "http-404")]


def test_failing_host_is_skipped_for_the_rest_of_the_run(site: Site, quick: Settings) -> None:
    site.routes.update({f"/p{i}": (lambda h: send(h, 500, b"broken")) for i in range(10)})
    requests = [FetchRequest(site.url(f"/p{i}"), "s") for i in range(10)]
    results = fetch_all(requests, quick)
    reasons = [reason_of(r.error) for r in results]
    assert len(results) == 10 and reasons[:HOST_MAX_FAILURES] == ["http-500"] * 5
    assert reasons[-1] == "host-skipped" and "failed 5 times in a row" in results[-1].error
    assert len([p for p in paths(site) if p.startswith("/p")]) < 10


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_run_ends_when_a_skipped_host_holds_the_last_queued_jobs(site: Site, quick: Settings, workers: int) -> None:
    site.routes.update({f"/p{i}": (lambda h: send(h, 500, b"broken")) for i in range(12)})
    requests = [FetchRequest(site.url(f"/p{i}"), "s") for i in range(12)]
    serial = quick.with_overrides(fetch_workers=workers, host_concurrency=1, host_delay_s=0.0)
    outcome: list[list[FetchResult]] = []
    runner = threading.Thread(target=lambda: outcome.append(fetch_all(requests, serial)), daemon=True)
    runner.start()
    runner.join(timeout=30)
    assert not runner.is_alive(), "fetch_all did not return after the host was skipped"
    reasons = [reason_of(r.error) for r in outcome[0]]
    assert reasons.count("http-500") == HOST_MAX_FAILURES
    assert reasons.count("host-skipped") == 12 - HOST_MAX_FAILURES


def test_304_with_stored_hash_is_not_modified(site: Site, quick: Settings) -> None:
    site.routes["/feed"] = lambda h: (send(h, 304, b"") if h.headers.get("If-None-Match") == '"v1"'
                                      else send(h, 200, b"<rss/>", content_type="application/rss+xml"))
    request = FetchRequest(site.url("/feed"), "s", kind="feed", etag='"v1"',
                           last_modified="Mon, 05 Jan 2026 10:00:00 GMT", body_sha256="ab" * 32)
    result = fetch_one(request, quick)
    assert (result.status, result.error, result.from_cache, result.body) == (304, "not-modified", True, None)
    assert (result.etag, result.body_sha256) == ('"v1"', "ab" * 32)
    assert site.requests[-1][2]["If-Modified-Since"] == "Mon, 05 Jan 2026 10:00:00 GMT"


def test_304_without_a_stored_body_is_asked_again_unconditionally(site: Site, quick: Settings) -> None:
    site.routes["/feed"] = lambda h: (send(h, 304, b"") if h.headers.get("If-None-Match")
                                      else send(h, 200, b"<rss/>", content_type="application/rss+xml"))
    result = fetch_one(FetchRequest(site.url("/feed"), "s", kind="feed", etag='"v1"'), quick)
    assert (result.status, result.error, result.body, result.text) == (200, None, b"<rss/>", "<rss/>")
    feed_headers = [headers for _, path, headers in site.requests if path == "/feed"]
    assert ["If-None-Match" in h for h in feed_headers] == [True, False]


def test_lying_server_is_caught_by_the_body_hash(site: Site, quick: Settings) -> None:
    body = b"<rss><item>same</item></rss>"
    site.routes["/feed"] = lambda h: send(h, 200, body, content_type="application/rss+xml")
    request = FetchRequest(site.url("/feed"), "s", kind="feed", etag='"v1"',
                           body_sha256=hashlib.sha256(body).hexdigest())
    result = fetch_one(request, quick)
    assert (result.status, result.error, result.from_cache, result.body) == (200, "not-modified", True, None)


def test_changed_body_is_new_content(site: Site, quick: Settings) -> None:
    site.routes["/feed"] = lambda h: send(h, 200, b"<rss>new</rss>", content_type="application/xml")
    result = fetch_one(FetchRequest(site.url("/feed"), "s", kind="feed", body_sha256="00" * 32), quick)
    assert (result.error, result.from_cache, result.body) == (None, False, b"<rss>new</rss>")


def test_non_html_page_is_refused_without_body(site: Site, quick: Settings) -> None:
    site.routes["/doc.pdf"] = lambda h: send(h, 200, b"%PDF-1.7" + b"0" * 5000, content_type="application/pdf")
    result = fetch_one(FetchRequest(site.url("/doc.pdf"), "s"), quick)
    assert (reason_of(result.error), result.status, result.body) == ("not-html", 200, None)


def test_redirect_is_followed_to_the_final_url(site: Site, quick: Settings) -> None:
    site.routes["/old"] = lambda h: send(h, 301, b"", headers={"Location": "/new?x=1"})
    site.routes["/new"] = page()
    result = fetch_one(FetchRequest(site.url("/old"), "s"), quick)
    assert (result.url, result.final_url, result.body) == (site.url("/old"), site.url("/new?x=1"), PAGE)


def test_charset_from_header_is_used_for_text(site: Site, quick: Settings) -> None:
    html = "<html><body><p>Новости дня</p></body></html>"
    site.routes["/ru"] = lambda h: send(h, 200, html.encode("cp1251"), content_type="text/html; charset=windows-1251")
    assert fetch_one(FetchRequest(site.url("/ru"), "s"), quick).text == html


def test_private_address_is_refused_end_to_end(site: Site, quick: Settings) -> None:
    site.routes["/a"] = page()
    result = fetch_one(FetchRequest(site.url("/a"), "s"), quick.with_overrides(allow_private_hosts=False))
    assert reason_of(result.error) == "private-address" and "127.0.0.1" in result.error
    assert site.requests == []


@pytest.fixture
def trusted_port(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Treat one local port as public (as if it were a public host); every other address stays refused."""
    real = client_module.check_addresses
    ports: list[int] = []

    def check(addresses: list[str], *, url: str, allow_private: bool) -> list[str]:
        trusted = any(f":{port}/" in url for port in ports)
        return real(addresses, url=url, allow_private=trusted)

    monkeypatch.setattr(client_module, "check_addresses", check)
    yield ports


def test_redirect_hop_to_a_private_address_is_refused(site: Site, quick: Settings, trusted_port: list[int]) -> None:
    with RunningSite(Site(routes={"/admin": page()})) as internal:
        site.routes["/go"] = lambda h: send(h, 302, b"", headers={"Location": internal.url("/admin")})
        trusted_port.append(site.port)
        result = fetch_one(FetchRequest(site.url("/go"), "s"), quick.with_overrides(allow_private_hosts=False))
        assert reason_of(result.error) == "private-address"
        assert result.final_url == internal.url("/admin") and internal.requests == []


class InFlight:
    """Counts concurrent requests on a server (slow responses so requests overlap)."""

    def __init__(self, delay_s: float) -> None:
        self.delay_s, self.now, self.peak = delay_s, 0, 0
        self.starts: list[float] = []
        self.lock = threading.Lock()

    def __call__(self, h: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
            self.starts.append(time.monotonic())
        time.sleep(self.delay_s)
        with self.lock:
            self.now -= 1
        send(h, 200, PAGE, content_type="text/html")


def test_per_host_concurrency_never_exceeds_the_limit(quick: Settings) -> None:
    counters = [InFlight(0.15), InFlight(0.15)]
    sites = [Site(routes={f"/p{i}": counter for i in range(8)}) for counter in counters]
    with RunningSite(sites[0]) as one, RunningSite(sites[1]) as two:
        requests = [FetchRequest(s.url(f"/p{i}"), "s") for i in range(8) for s in (one, two)]
        results = fetch_all(requests, quick.with_overrides(fetch_workers=16))
    assert [r.error for r in results] == [None] * 16
    assert [c.peak for c in counters] == [quick.host_concurrency] * 2


def test_host_delay_spaces_request_starts(site: Site, quick: Settings) -> None:
    counter = InFlight(0.0)
    site.routes.update({f"/p{i}": counter for i in range(4)})
    fetch_all([FetchRequest(site.url(f"/p{i}"), "s") for i in range(4)], quick.with_overrides(host_delay_s=0.2))
    gaps = [b - a for a, b in zip(counter.starts, counter.starts[1:])]
    assert len(gaps) == 3 and min(gaps) >= 0.19


def test_results_come_back_in_input_order_with_one_outcome_each(site: Site, quick: Settings) -> None:
    site.routes.update({"/a": page(), "/b": lambda h: send(h, 404, b"")})
    urls = [site.url("/b"), "ftp://example.org/x", site.url("/a")]
    results = fetch_all([FetchRequest(u, "s") for u in urls], quick)
    assert [r.url for r in results] == urls
    assert [reason_of(r.error) for r in results] == ["http-404", "bad-scheme", None]


def test_warc_round_trip_gives_back_the_bodies(site: Site, quick: Settings, tmp_path: Path) -> None:
    bodies = {f"/p{i}": f"<html><body>page {i} é</body></html>".encode() for i in range(3)}
    for path, body in bodies.items():
        site.routes[path] = page(body)
    site.routes["/gone"] = lambda h: send(h, 404, b"")
    warc = tmp_path / "fetch.warc.gz"
    requests = [FetchRequest(site.url(p), "src-1") for p in [*bodies, "/gone"]]
    results = fetch_all(requests, quick, warc_path=warc)
    read = {r.url: r for r in read_warc(warc)}
    assert {url: r.body for url, r in read.items()} == {site.url(p): b for p, b in bodies.items()}
    original = outcome(results, site.url("/p1"))
    again = read[site.url("/p1")]
    assert (again.text, again.status, again.source_id, again.kind) == (original.text, 200, "src-1", "page")
    assert (again.fetched_at, again.body_sha256, again.content_type) == (
        original.fetched_at, original.body_sha256, original.content_type)
    unhashed = {r.url: r for r in read_warc(warc, hash_bodies=False)}  # what extract reads
    assert unhashed[site.url("/p1")] == dataclasses.replace(again, body_sha256=None)
    with warc.open("rb") as stream:
        types = [record.rec_type for record in ArchiveIterator(stream)]
    assert types.count("response") == 3 and types.count("request") == 3 and types.count("metadata") == 1
