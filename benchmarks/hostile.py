"""Hostile-input benchmark: time and peak memory of parse_feed / extract_article on each hostile case.

Usage: .venv/bin/python benchmarks/hostile.py [--only SUBSTRING] [--timeout SECONDS] [--network]
With --network, the cases are hostile HTTP servers on 127.0.0.1 instead (tests/support/hostile_servers.py, each
its own process): the fetcher asks the hostile URL, then a page on the same host (one connection a host) and one
on another host, with a NET_DEADLINE_S deadline and one try; seconds is the whole fetch, the outcome the hostile
URL's recorded reason, and a case fails when it took longer than the deadline plus NET_MARGIN_S or another page
was not fetched, or the hostile URL's reason is unexpected-error (an exception the fetcher did not classify; a
robots.txt that cannot be read rightly holds back the pages of its own host: robots-unreachable there is expected).
Each case (tests/support/hostile_inputs.py: HOSTILE_FEEDS, HOSTILE_PAGES, HOSTILE_SITEMAPS) runs in a fresh Python
process, so its peak RSS (getrusage ru_maxrss) is its own. Prints, per case: input size, seconds
spent parsing (for a page: extract and, when it gives an article, enrich), RSS before parsing
(imports + the input), peak RSS, and the outcome (items kept, or the error and its reason); then
the worst page's extract+enrich seconds against the 5 s goal. An outcome starting with ESCAPED is a bug: an exception other than
FeedError / ExtractError left the parser (a sitemap: parse_sitemap).
REDTEAM_FEEDS, REDTEAM_PAGES and REDTEAM_WATCHES below add cases of other kinds (tests/hostile/test_hostile_redteam.py
asserts their outcomes): another encoding's byte-order mark, crowded tags and namespace floods in feeds, a 50 MB
title, megabyte authors, pages nested past the HTML parser's depth limit, and watch phrases run over an article repeating their first
word (a watch case's seconds are the query's parsing and matching; a ConfigError is its refusal).
REDTEAM_INPUTS are files and arguments rather than documents (a case's seconds are the whole call): a 30 MB
digest.yaml, a watches.yaml giving `watches:` twice (SILENT-LOSS when it loads fewer watches than it holds, with no
error), a WARC file with one corrupt gzip member, `mediamon query` giving 5 million rows, `mediamon search` with
words that are not UTF-8, a poller state.json with a next_due that is no date, a shared run's manifest listing
'../../../../escape.txt' (UNSAFE when the pull writes outside the data directory) and the digests app over a day
whose summary.json is cut short (a page answering 500 fails); one over INPUT_GOAL_S fails.
The --network cases also hold hostile URLs (URL_CASES: a host holding a NUL, a URL of 3 MB) asked of the good server:
their outcome must be a refusal before any request (bad-url), which the line reports as the reason.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))  # tests.support.hostile_inputs builds the cases

from tests.support.hostile_inputs import (  # noqa: E402
    FEED_URL,
    HOSTILE_FEEDS,
    HOSTILE_PAGES,
    HOSTILE_SITEMAPS,
    PAGE_URL,
    SOURCE_ID,
    article_paragraphs,
    good_item,
    html_page,
    rss_feed,
    rss_item,
)
from tests.support.hostile_servers import CASES as NETWORK_CASES  # noqa: E402

MEMORY_GOAL_MB = 1536  # the whole run should stay under 1.5 GB
PAGE_GOAL_S = 5.0  # the worst hostile page's extract + enrich time, on one core
PARSE_GOAL_S = 30.0  # a hostile feed or sitemap taking longer holds up its discover task: a hang
INPUT_GOAL_S = 5.0  # one config file, WARC file or command-line call of REDTEAM_INPUTS
WATCH_GOAL_S = 5.0  # one watch over one hostile article (a day holds thousands of articles)
NET_DEADLINE_S = 10.0  # the fetch deadline of the --network cases (read timeout 5 s, connect timeout 2 s)
NET_MARGIN_S = 2.0  # a network case may take this much longer than its deadline
SITEMAP_URL = "https://news.example.org/sitemap.xml"
URL_CASES = {  # hostile URLs on the good server's port: each must be refused before it is requested
    "url-host-with-nul": lambda port: f"http://127.0.0.1\x00.evil.example:{port}/x",
    "url-host-with-bidi": lambda port: f"http://127.0.0.1\u202e:{port}/x",
    "url-3-mb": lambda port: f"http://127.0.0.1:{port}/x?q=" + "a" * 3_000_000,
}

REDTEAM_FEEDS = {
    "utf32-bom": lambda tmp: b"\xff\xfe\x00\x00" + rss_feed([good_item(1), good_item(2)]).encode("utf-32-le"),
    "utf16-bom-declared-utf8": lambda tmp: b"\xff\xfe" + rss_feed([good_item(1), good_item(2)]).encode("utf-16-le"),
    "attributes-100k-on-item": lambda tmp: rss_feed(["<item " + " ".join(f'a{i}="x"' for i in range(100_000))
                                                     + "><title>x</title><link>https://news.example.org/x</link></item>",
                                                     good_item(1)]).encode(),
    "xmlns-50k": lambda tmp: rss_feed([good_item(1)]).replace(
        "<rss", "<rss " + " ".join(f'xmlns:n{i}="urn:x:{i}"' for i in range(50_000))).encode(),
    "processing-instructions-300k": lambda tmp: rss_feed([good_item(1)]).replace(
        "<channel>", "<channel>" + "<?pi data?>" * 300_000).encode(),
    "whitespace-30mb": lambda tmp: rss_feed([good_item(1)]).replace("<channel>", "<channel>" + " " * 30_000_000).encode(),
    "title-50mb": lambda tmp: rss_feed([rss_item("w" * 50_000_000, "https://news.example.org/big"), good_item(1)]).encode(),
    "author-4mb": lambda tmp: rss_feed([f"<item><title>t</title><link>https://news.example.org/a</link><author>{'w' * 4_000_000}"
                                        "</author></item>", good_item(1)]).encode(),
    "authors-8000-of-1kb": lambda tmp: rss_feed(["<managingEditor>" + "w" * 999 + "</managingEditor>" for _ in range(8_000)]
                                                + [good_item(1)]).encode(),
    "odd-scheme-links": lambda tmp: rss_feed([rss_item(f"s{n}", link) for n, link in enumerate(
        ("mailto:desk@news.example.org", "tel:+441234567", "blob:https://news.example.org/x", "about:blank",
         "https://news.example.org:99999/a", "intent://a#Intent;end"))] + [good_item(1)]).encode(),
}
REDTEAM_PAGES = {
    "unclosed-font-5000": lambda: html_page("<h1>Harbour reopens</h1>" + "<font size=2>" * 5_000 + article_paragraphs()),
    "unclosed-b-300": lambda: html_page("<article><h1>Harbour reopens</h1>" + "<b>" * 300 + article_paragraphs()
                                        + "</article>"),
    "nested-divs-300": lambda: html_page("<div>" * 300 + "<h1>Harbour reopens</h1>" + article_paragraphs()),
    "jsonld-nul-and-nan": lambda: html_page(f"<article><h1>Harbour reopens</h1>{article_paragraphs()}</article>", head=(
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": "\\u0000", "datePublished": NaN,'
        ' "headline": Infinity}</script>')),
}
REDTEAM_WATCHES = {  # query, article text
    "phrase-300-words-vs-1m-repeats": ('"' + "a " * 300 + 'b"', "a " * 1_000_000),
    "phrase-12-words-vs-1m-repeats": ('"' + "a " * 11 + 'b"', "a " * 1_000_000),
    "near-vs-1m-words": ("aa NEAR/50 bb", "aa " * 500_000 + "cc " * 60 + "bb " * 500_000),
}
REDTEAM_INPUTS = {  # files and arguments a person or a damaged disk hands the pipeline: each returns its outcome
    "digest-yaml-30mb-comment": lambda tmp: _digest_config(tmp, "# " + "x" * 30_000_000 + "\nwatch_days: 7\n"),
    "watches-yaml-watches-key-twice": lambda tmp: _watches(tmp, "watches:\n  - name: a\n    query: protest\n"
                                                                "watches: []\n", written=1),
    "warc-200-pages-member-100-corrupt": lambda tmp: _warc_pages(tmp, pages=200, corrupt=100),
    "cli-query-5m-rows": lambda tmp: _cli_query(tmp, "SELECT * FROM range(5000000)"),
    "cli-search-not-utf8": lambda tmp: _cli_search(tmp, "\udce9t\udce9"),
    "poll-state-next-due-not-iso": lambda tmp: _poll_state(tmp, {"next_due": "next tuesday"}),
    "storage-manifest-climbing-out": lambda tmp: _manifest_climbing(tmp, "../../../../escape.txt"),
    "digests-app-one-summary-cut-short": lambda tmp: _digests_app(tmp, b'{"run_date": "2026-01-02", "day_'),
}
FEEDS = {**HOSTILE_FEEDS, **{f"redteam-{name}": case for name, case in REDTEAM_FEEDS.items()}}
PAGES = {**HOSTILE_PAGES, **{f"redteam-{name}": case for name, case in REDTEAM_PAGES.items()}}


def rss_mb() -> float:
    """This process's peak resident set size so far, in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(case: str) -> dict[str, object]:
    """Build one case, parse it once (a page: extract, then tag it as the enrich stage does), and
    return its figures. The process's one-time loading runs first, outside the timing."""
    from mediamon.discover.feeds import parse_feed
    from mediamon.discover.sitemaps import parse_sitemap
    from mediamon.errors import ExtractError, FeedError
    from mediamon.extract.article import extract_article, warm_up

    kind, name = case.split(":", 1)
    if kind == "watch":
        return run_watch_case(name)
    if kind == "input":
        return run_input_case(name)
    if kind == "page":
        warm_up()
        enrich({"title": "Harbour reopens", "text": "The harbour in Karachi reopened.", "language": "en"})
    with tempfile.TemporaryDirectory() as tmp:
        data = (FEEDS[name](Path(tmp)) if kind == "feed" else HOSTILE_SITEMAPS[name]() if kind == "sitemap"
                else PAGES[name]())
        gc.collect()
        before = rss_mb()
        start = time.perf_counter()
        try:
            if kind == "feed":
                items = parse_feed(data, FEED_URL, source_id=SOURCE_ID)
                outcome = f"items={len(items)}"
            elif kind == "sitemap":
                sitemap = parse_sitemap(data, SITEMAP_URL, source_id=SOURCE_ID)
                outcome = f"items={len(sitemap.items)} refused={len(sitemap.refused)} truncated={sitemap.truncated}"
            else:
                article = extract_article(data, PAGE_URL)
                enrich({"title": article.title, "text": article.text, "language": article.language})
                outcome = (f"article words={article.word_count} canonical={article.canonical_url[:40]} "
                           f"image={(article.image or '-')[:30]} author={(article.author or '-')[:20]!r}")
        except (FeedError, ExtractError) as err:
            outcome = f"{type(err).__name__} {err.reason}"
        except BaseException as err:
            outcome = f"ESCAPED {type(err).__name__}: {str(err)[:80]}"
        seconds = time.perf_counter() - start
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    return {"case": case, "input_mb": size / 2**20, "seconds": seconds, "rss_before_mb": before,
            "peak_rss_mb": rss_mb(), "outcome": outcome}


def run_watch_case(name: str) -> dict[str, object]:
    """Parse a watch's query and match it against one hostile article; the figures of both."""
    from mediamon.errors import ConfigError
    from mediamon.watches.matcher import ArticleDoc, Watch, match_articles

    query, text = REDTEAM_WATCHES[name]
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    try:
        outcome = f"matches={len(match_articles([Watch('w', query)], [ArticleDoc('a', 'Harbour', text)]))}"
    except ConfigError as err:
        outcome = f"ConfigError {str(err)[:80]}"
    except BaseException as err:
        outcome = f"ESCAPED {type(err).__name__}: {str(err)[:80]}"
    return {"case": f"watch:{name}", "input_mb": len(text) / 2**20, "seconds": time.perf_counter() - start,
            "rss_before_mb": before, "peak_rss_mb": rss_mb(), "outcome": outcome}


def run_input_case(name: str) -> dict[str, object]:
    """Run one REDTEAM_INPUTS case in a scratch folder; its figures and outcome."""
    with tempfile.TemporaryDirectory() as tmp:
        gc.collect()
        before = rss_mb()
        start = time.perf_counter()
        measured = None
        try:
            outcome = REDTEAM_INPUTS[name](Path(tmp))
            if isinstance(outcome, tuple):  # a case that builds its inputs first times only the hostile part
                outcome, measured = outcome
        except BaseException as err:
            outcome = f"ESCAPED {type(err).__name__}: {str(err)[:80]}"
        seconds = time.perf_counter() - start if measured is None else measured
    return {"case": f"input:{name}", "input_mb": 0.0, "seconds": seconds, "rss_before_mb": before,
            "peak_rss_mb": rss_mb(), "outcome": outcome}


def _digest_config(tmp: Path, text: str) -> str:
    """Load a digest.yaml of this text; its watch_days or the ConfigError."""
    from mediamon.digest.config import load_digest_config
    from mediamon.errors import ConfigError

    (tmp / "digest.yaml").write_text(text, encoding="utf-8")
    try:
        return f"watch_days={load_digest_config(tmp / 'digest.yaml').watch_days}"
    except ConfigError as err:
        return f"ConfigError {str(err)[len(str(tmp)):][:80]}"


def _watches(tmp: Path, text: str, *, written: int) -> str:
    """Load a watches.yaml holding `written` watches; SILENT-LOSS when it loads fewer without an error."""
    from mediamon.errors import ConfigError
    from mediamon.watches.config import load_watches

    (tmp / "watches.yaml").write_text(text, encoding="utf-8")
    try:
        loaded = len(load_watches(tmp / "watches.yaml"))
    except ConfigError as err:
        return f"ConfigError {str(err)[:80]}"
    return f"{'SILENT-LOSS ' if loaded < written else ''}watches={loaded} of {written}"


def _warc_pages(tmp: Path, *, pages: int, corrupt: int) -> str:
    """Archive `pages` pages, corrupt the gzip member of page number `corrupt`, read the file back."""
    import zlib
    from datetime import datetime, timezone

    from mediamon.fetch.archive import WarcWriter, read_warc
    from mediamon.records import FetchResult

    path = tmp / "pages.warc.gz"
    with WarcWriter(path) as writer:
        for i in range(pages):
            body = html_page(f"<article><h1>Page {i}</h1>{article_paragraphs()}</article>").encode()
            writer.write_result(FetchResult(url=f"{PAGE_URL}{i}", source_id=SOURCE_ID, fetched_at=datetime.now(
                timezone.utc), status=200, bytes=len(body), elapsed_ms=1, error=None, content_type="text/html", body=body))
    data, members, offset = path.read_bytes(), [], 0
    while offset < len(data):
        rest = zlib.decompressobj(31)
        rest.decompress(data[offset:])
        members.append(data[offset:len(data) - len(rest.unused_data)])
        offset = len(data) - len(rest.unused_data)
    damaged = bytearray(members[2 * corrupt + 1])  # a request and a response record per page
    damaged[len(damaged) // 2] ^= 0xFF
    members[2 * corrupt + 1] = bytes(damaged)
    path.write_bytes(b"".join(members))
    return f"pages read={sum(1 for _ in read_warc(path))} of {pages} (one damaged)"


def _cli_query(tmp: Path, sql: str) -> str:
    """`mediamon query SQL` on an empty warehouse, its output to a file; the exit code and the lines printed."""
    return _cli(tmp, ["query", sql])


def _cli_search(tmp: Path, words: str) -> str:
    """`mediamon search WORDS` on an empty warehouse; the exit code and what it printed."""
    return _cli(tmp, ["search", words])


def _cli(tmp: Path, args: list[str]) -> str:
    """Run the command line in this process on an empty warehouse; its exit code, stdout lines and stderr's start."""
    import io

    from mediamon import warehouse
    from mediamon.cli import main

    with warehouse.connect(tmp / "wh.duckdb"):
        pass
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([args[0], "--db", str(tmp / "wh.duckdb"), *args[1:]])
    return f"exit={code} lines={out.getvalue().count(chr(10))} stderr={err.getvalue()[:70]!r}"


def _poll_state(tmp: Path, entry: dict[str, object]) -> str:
    """One polling pass over a state.json whose one feed entry holds these values; its summary or the exception."""
    from datetime import datetime, timezone

    from mediamon.discover.polling import FeedState, poll_once, save_state, state_path
    from mediamon.records import FetchResult
    from mediamon.settings import Settings

    settings = Settings(sources_path=tmp / "sources.yaml", db_path=tmp / "wh.duckdb", data_dir=tmp / "data")
    feed = "https://news.example.org/feed.xml"
    settings.sources_path.write_text(f"sources:\n  - id: {SOURCE_ID}\n    name: Daily\n    homepage: https://news."
                                     f"example.org/\n    country: GB\n    language: en\n    feeds: [{feed}]\n")
    save_state(settings.data_dir, {feed: FeedState(feed_url=feed, source_id=SOURCE_ID)})
    data = json.loads(state_path(settings.data_dir).read_text())
    data["feeds"][feed].update(entry)
    state_path(settings.data_dir).write_text(json.dumps(data))
    body = rss_feed([good_item(1), good_item(2)]).encode()

    def fetch(requests: list, _settings: object) -> list:
        """Every feed answers the same two items."""
        return [FetchResult(url=r.url, source_id=r.source_id, fetched_at=datetime.now(timezone.utc), status=200,
                            bytes=len(body), elapsed_ms=1, error=None, kind="feed", body=body) for r in requests]

    summary = poll_once(settings, fetch=fetch)
    return f"feeds due={summary.feeds_due} new items={summary.new_items} errors={summary.errors}"


def _manifest_climbing(tmp: Path, entry: str) -> str:
    """Pull a run whose manifest lists `entry` beside plan.json; UNSAFE when a file lands outside the data dir."""
    from mediamon.storage.store import DataStore
    from mediamon.storage.sync import pull

    run = "runs/2026-01-01/r1"
    (tmp / "store" / "data").mkdir(parents=True)
    store = DataStore.from_url(f"file://{tmp / 'store' / 'data'}")
    for rel in ("plan.json", entry):
        target = Path(store.path(f"{run}/{rel}"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"{}")
    store.put_bytes(f"{run}/manifests/t.json", json.dumps({"written_at": "", "files": {"plan.json": 2, entry: 2}})
                    .encode())
    moved = pull(store, run, tmp / "local" / "data" / run, "validate")
    outside = [p for p in (tmp / "local").rglob("*") if p.is_file() and "data" not in p.relative_to(tmp / "local").parts]
    return f"{'UNSAFE wrote ' + str(len(outside)) + ' file(s) outside the data dir; ' if outside else ''}pulled={moved.files}"


def _digests_app(tmp: Path, summary: bytes) -> tuple[str, float]:
    """The digests app's pages over a good day and a newer one whose summary.json is `summary`; their status codes and
    the seconds the requests took (building the good day's digests is not timed)."""
    from fastapi.testclient import TestClient

    from mediamon.digest import build_digests
    from mediamon.digest.webapp import create_app
    from tests.integration.digest_warehouse import END, fill_warehouse

    build_digests(fill_warehouse(tmp / "wh.duckdb").db_path, END.isoformat(), tmp / "digests")
    day = tmp / "digests" / "2099-01-01"
    day.mkdir()
    (day / "index.html").write_text("<html></html>")
    (day / "summary.json").write_bytes(summary)
    client = TestClient(create_app(tmp), raise_server_exceptions=False)
    start = time.perf_counter()
    codes = " ".join(f"{path}={client.get(path).status_code}" for path in ("/", "/watches", "/?date=2099-01-01"))
    return codes, time.perf_counter() - start


def run_network_case(name: str) -> dict[str, object]:
    """Fetch the case's hostile URL, a page on its host and a page on another host; the figures of that fetch."""
    from mediamon.fetch import fetch_all, reason_of
    from mediamon.records import FetchRequest
    from mediamon.settings import Settings

    server = "good" if name in URL_CASES else name
    with tempfile.TemporaryDirectory() as tmp, serving(server, Path(tmp)) as port, serving("good", Path(tmp)) as other:
        hostile_url = URL_CASES[name](port) if name in URL_CASES else f"http://127.0.0.1:{port}/x"
        settings = Settings(data_dir=Path(tmp), db_path=Path(tmp) / "wh.duckdb", allow_private_hosts=True,
                            host_delay_s=0.0, host_concurrency=1, deadline_s=NET_DEADLINE_S, read_timeout_s=5.0,
                            connect_timeout_s=2.0, max_tries=1)  # one connection a host: /good may reuse /x's
        kind = "page" if name in URL_CASES else NETWORK_CASES[name][0]
        requests = [FetchRequest(hostile_url, SOURCE_ID, kind=kind),
                    FetchRequest(f"http://127.0.0.1:{port}/good", SOURCE_ID),
                    FetchRequest(f"http://127.0.0.1:{other}/good", SOURCE_ID)]
        gc.collect()
        before = rss_mb()
        start = time.perf_counter()
        try:
            results = fetch_all(requests, settings, warc_path=Path(tmp) / "fetch.warc.gz")
            last = {result.url: result for result in results}
            hostile, *others = (last[request.url] for request in requests)
            outcome = (hostile.error or f"ok status={hostile.status} bytes={hostile.bytes}")[:110]
            failed = [reason_of(result.error) for result in others  # robots.txt that cannot be read holds its origin
                      if result.error and not (name.startswith("robots-") and "robots-unreachable" in result.error
                                               and result.url == requests[1].url)]
            outcome += f" | OTHERS FAILED: {failed}" if failed else ""
        except BaseException as err:
            outcome = f"ESCAPED {type(err).__name__}: {str(err)[:80]}"
        seconds = time.perf_counter() - start
    return {"case": f"net:{name}", "input_mb": 0.0, "seconds": seconds, "rss_before_mb": before,
            "peak_rss_mb": rss_mb(), "outcome": outcome}


@contextlib.contextmanager
def serving(name: str, tmp: Path) -> Iterator[int]:
    """Run the case's server in its own process (outside this one's RSS); its port."""
    port_file = tmp / f"{name}.port"
    server = subprocess.Popen([sys.executable, "-m", "tests.support.hostile_servers", name, str(port_file)],
                              cwd=PROJECT)
    try:
        while not (port_file.is_file() and port_file.read_text()):
            if server.poll() is not None:
                raise RuntimeError(f"the server of {name} exited with {server.returncode}")
            time.sleep(0.05)
        yield int(port_file.read_text())
    finally:
        server.kill()
        server.wait()


def enrich(row: dict[str, object]) -> None:
    """Tag countries and topics and compute the story signature, as the enrich stage does per article."""
    from mediamon.enrich.countries import tag_countries
    from mediamon.enrich.stories import signature
    from mediamon.enrich.topics import tag_topics

    tag_countries(row["title"], row["text"])
    tag_topics(row["title"], row["text"], language=row["language"])
    signature(row["title"], row["text"])


def measure(case: str, timeout_s: float) -> dict[str, object]:
    """run_case in a fresh interpreter (its own peak RSS); a timeout is reported as an outcome."""
    try:
        done = subprocess.run([sys.executable, __file__, "--case", case], capture_output=True, text=True,
                              timeout=timeout_s, check=False, cwd=PROJECT)
    except subprocess.TimeoutExpired:
        return {"case": case, "input_mb": 0.0, "seconds": timeout_s, "rss_before_mb": 0.0,
                "peak_rss_mb": 0.0, "outcome": f"TIMEOUT after {timeout_s:.0f} s"}
    if done.returncode != 0 or not done.stdout.strip():
        return {"case": case, "input_mb": 0.0, "seconds": 0.0, "rss_before_mb": 0.0, "peak_rss_mb": 0.0,
                "outcome": f"CRASHED rc={done.returncode}: {done.stderr.strip()[-120:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Measure every case (or those matching --only) and print one line per case."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a case counts as hung")
    parser.add_argument("--network", action="store_true", help="run the hostile HTTP server cases instead")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # internal: run one case in this process
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_network_case(args.case[4:]) if args.case.startswith("net:") else run_case(args.case)))
        return 0
    cases = ([f"feed:{name}" for name in FEEDS] + [f"page:{name}" for name in PAGES]
             + [f"sitemap:{name}" for name in HOSTILE_SITEMAPS] + [f"watch:{name}" for name in REDTEAM_WATCHES]
             + [f"input:{name}" for name in REDTEAM_INPUTS])
    if args.network:
        cases = [f"net:{name}" for name in [*NETWORK_CASES, *URL_CASES] if name != "good"]
    cases = [case for case in cases if args.only in case]
    print(f"{'case':38} {'input MB':>8} {'seconds':>8} {'RSS before':>10} {'peak RSS':>9}  outcome")
    failures, rows = 0, []
    for case in cases:
        row = measure(case, args.timeout)
        rows.append(row)
        print(f"{row['case']:38} {row['input_mb']:8.1f} {row['seconds']:8.2f} {row['rss_before_mb']:8.0f}MB"
              f" {row['peak_rss_mb']:7.0f}MB  {row['outcome']}", flush=True)
        outcome = str(row["outcome"])
        late = (str(row["case"]).startswith("net:") and float(row["seconds"]) > NET_DEADLINE_S + NET_MARGIN_S
                or str(row["case"]).startswith(("feed:", "sitemap:")) and float(row["seconds"]) > PARSE_GOAL_S
                or str(row["case"]).startswith("watch:") and float(row["seconds"]) > WATCH_GOAL_S
                or str(row["case"]).startswith("input:") and float(row["seconds"]) > INPUT_GOAL_S)
        failures += (outcome.startswith(("ESCAPED", "TIMEOUT", "CRASHED", "unexpected-error", "SILENT-LOSS", "UNSAFE"))
                     or "=500" in outcome
                     or float(row["peak_rss_mb"]) > MEMORY_GOAL_MB
                     or "OTHERS FAILED" in outcome or late)
    print(f"cases={len(cases)} failures={failures} (escape, timeout, crash, unexpected-error, peak RSS > "
          f"{MEMORY_GOAL_MB} MB; feed or sitemap over {PARSE_GOAL_S:g} s; watch over {WATCH_GOAL_S:g} s; network: over "
          f"{NET_DEADLINE_S + NET_MARGIN_S:g} s or another page not fetched)")
    if pages := [row for row in rows if str(row["case"]).startswith("page:")]:
        worst = max(pages, key=lambda row: float(row["seconds"]))
        print(f"worst page extract+enrich: {float(worst['seconds']):.2f} s ({worst['case']}; goal < {PAGE_GOAL_S:g} s)")
        failures += float(worst["seconds"]) >= PAGE_GOAL_S
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
