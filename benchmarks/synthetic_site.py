"""A synthetic news site for benchmarks: N outlets x M articles made from the bundled demo pages.

    .venv/bin/python benchmarks/synthetic_site.py [--sources 20] [--per-source 10] [--ports 4]

Run alone, it builds a site in a temp dir, serves it on --ports local ports, requests every feed
and page once, and prints one JSON line: sources, articles, bytes, ports, requests by kind.

The site (under one root, served identically on every port):
- /robots.txt allows everything;
- /<source_id>/feed.xml, an RSS 2.0 feed listing that outlet's articles (title, link, guid,
  pubDate, author, description);
- /<source_id>/YYYY/MM/DD/<slug>.html, one page per article.
Most pages (19 in 20) use a news-site layout (header, nav, byline, time element, related links,
footer) around text made of one Wikinews article's paragraphs (include/mediamon/demo/site/wikinews) plus one
or two background paragraphs from other Wikinews articles, so texts differ but copies of a lead
article still form stories across outlets. Every 20th page is a full Global Voices page
(include/mediamon/demo/site/gv, ~130 KB of real page furniture). Every page gets its own URL, a headline
of the form "<headline>, <outlet> reports" (distinct across the site), a canonical link, Open
Graph tags and a JSON-LD NewsArticle with datePublished on the run date. Text is CC BY (Wikinews
2.5, Global Voices 3.0); each page keeps a credit line. The site lives in a temp dir, never the repo.

`SiteServers(root, ports)` serves the root on that many ports of 127.0.0.1 from a child process
(`python benchmarks/synthetic_site.py serve --root DIR --ports N`), with mediamon.demo.site's
handler (ETag, Last-Modified, 304 on conditional requests), and counts requests by kind and status.
"""
from __future__ import annotations

import argparse
import email.utils
import html
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "include"))

from mediamon.demo.site import PLACEHOLDER, make_handler  # noqa: E402
from mediamon.settings import DEMO_DIR  # noqa: E402

WIKINEWS_DIR = DEMO_DIR / "site" / "wikinews"
GV_DIR = DEMO_DIR / "site" / "gv"
GV_EVERY = 20  # every 20th article is a full Global Voices page
COUNTRIES = ["GB", "US", "FR", "DE", "IN", "NG", "KE", "ZA", "BR", "AR", "MX", "CA", "AU", "JP", "KR", "PH",
             "ID", "EG", "TR", "IT", "ES", "NL", "SE", "PL", "UA", "PK", "BD", "TH", "VN", "CL"]
TYPES = ["newspaper", "broadcaster", "digital", "regional", "magazine", "wire"]
NAME_PARTS = (["Daily", "Evening", "Morning", "Weekly", "National", "Metro", "Coastal", "Northern", "Southern",
               "Capital"],
              ["Herald", "Courier", "Tribune", "Gazette", "Chronicle", "Observer", "Post", "Times", "Ledger",
               "Dispatch", "Sentinel", "Standard", "Monitor", "Express", "Review", "Journal", "Bulletin",
               "Record", "Register", "Echo"])
AUTHORS = ["Amina Bello", "Carlos Ortega", "Mei Tanaka", "Sven Larsen", "Priya Nair", "Tom O'Brien",
           "Fatima Zahra", "Lukas Novak", "Grace Mwangi", "Daniel Costa", "Hana Kim", "Oliver Grant"]


@dataclass(frozen=True)
class Material:
    """Texts to build pages from: Wikinews (headline, paragraphs) and Global Voices (headline, page HTML)."""

    wikinews: list[tuple[str, list[str]]]
    gv: list[tuple[str, str]]


@dataclass
class Site:
    """What build_site wrote: the root, the outlets and the number of articles."""

    root: Path
    run_date: str
    source_ids: list[str] = field(default_factory=list)
    source_names: list[str] = field(default_factory=list)
    articles: int = 0
    bytes: int = 0


def load_material() -> Material:
    """Headlines and paragraphs of the bundled Wikinews pages, headlines and HTML of the GV pages."""
    wikinews = []
    for path in sorted(WIKINEWS_DIR.glob("*.html")):
        if path.name == "index.html":
            continue
        page = path.read_text(encoding="utf-8")
        title = re.search(r"<h1>(.*?)</h1>", page, re.S)
        article = re.search(r"<article>(.*?)</article>", page, re.S)
        if title is None or article is None:
            continue
        paragraphs = [html.unescape(p).strip() for p in re.findall(r"<p>(.*?)</p>", article.group(1), re.S)]
        wikinews.append((html.unescape(title.group(1)).strip(), [p for p in paragraphs if p]))
    gv = []
    for path in sorted(GV_DIR.glob("index_*.html")):
        page = path.read_text(encoding="utf-8")
        title = re.search(r"<title>Global Voices Online\s*&raquo;\s*(.*?)</title>", page, re.S)
        if title is not None:
            gv.append((html.unescape(title.group(1)).strip(), page))
    if not wikinews or not gv:
        raise SystemExit(f"no demo pages found under {WIKINEWS_DIR} and {GV_DIR}")
    return Material(wikinews, gv)


def slugify(text: str) -> str:
    """A URL slug: lower-case ASCII words joined by hyphens, at most 80 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80].rstrip("-") or "article"


def outlet_name(index: int) -> str:
    """A distinct, newspaper-like name for outlet number index."""
    first, second = NAME_PARTS
    name = f"The {first[index % len(first)]} {second[(index // len(first)) % len(second)]}"
    cycle = index // (len(first) * len(second))
    return name if cycle == 0 else f"{name} {cycle + 1}"


def json_ld(url: str, headline: str, published: datetime, author: str, outlet: str) -> str:
    """A JSON-LD NewsArticle script element."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "mainEntityOfPage": url,
            "headline": headline, "datePublished": published.isoformat(), "dateModified": published.isoformat(),
            "author": {"@type": "Person", "name": author},
            "publisher": {"@type": "Organization", "name": outlet}}
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def news_page(url: str, headline: str, paragraphs: list[str], published: datetime, author: str,
              outlet: str, feed_url: str, related: list[tuple[str, str]]) -> str:
    """A news-site article page around the given paragraphs."""
    esc = html.escape
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    links = "\n".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for u, t in related)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(headline)} | {esc(outlet)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{esc(paragraphs[0][:160])}">
<meta property="og:title" content="{esc(headline)}">
<meta property="og:site_name" content="{esc(outlet)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{esc(url)}">
<meta property="article:published_time" content="{published.isoformat()}">
<link rel="canonical" href="{esc(url)}">
<link rel="alternate" type="application/rss+xml" title="{esc(outlet)}" href="{esc(feed_url)}">
{json_ld(url, headline, published, author, outlet)}
</head>
<body>
<header class="masthead"><a class="logo" href="{PLACEHOLDER}/">{esc(outlet)}</a>
<nav><ul><li><a href="{PLACEHOLDER}/world/">World</a></li><li><a href="{PLACEHOLDER}/health/">Health</a></li>
<li><a href="{PLACEHOLDER}/politics/">Politics</a></li><li><a href="{PLACEHOLDER}/business/">Business</a></li>
<li><a href="{PLACEHOLDER}/sport/">Sport</a></li><li><a href="{esc(feed_url)}">RSS</a></li></ul></nav>
<form class="search" action="{PLACEHOLDER}/search"><input name="q" placeholder="Search"></form>
</header>
<main>
<article class="story">
<h1 class="headline">{esc(headline)}</h1>
<p class="byline">By <span class="author">{esc(author)}</span> ·
<time datetime="{published.isoformat()}">{published:%d %B %Y, %H:%M} UTC</time></p>
<div class="story-body">
{body}
</div>
<p class="credit">Text adapted from Wikinews, licensed under
<a rel="license" href="https://creativecommons.org/licenses/by/2.5/">CC BY 2.5</a>.</p>
</article>
<aside class="related"><h2>Related stories</h2><ul>
{links}
</ul></aside>
</main>
<footer><p>© {published.year} {esc(outlet)}. <a href="{PLACEHOLDER}/about">About us</a> ·
<a href="{PLACEHOLDER}/contact">Contact</a> · <a href="{PLACEHOLDER}/privacy">Privacy</a></p></footer>
</body>
</html>
"""


def gv_page(page: str, url: str, headline: str, published: datetime, author: str,
            outlet: str) -> str:
    """A Global Voices page with the new headline, a canonical link, OG tags and JSON-LD added."""
    esc = html.escape
    page = re.sub(r"<title>.*?</title>", f"<title>{esc(headline)} | {esc(outlet)}</title>", page, count=1,
                  flags=re.S)
    page = re.sub(r'(<h2 class="post-title"[^>]*><a [^>]*>).*?(</a>)', lambda m: m.group(1) + esc(headline) + m.group(2),
                  page, count=1, flags=re.S)
    head = (f'<link rel="canonical" href="{esc(url)}" />\n<meta property="og:title" content="{esc(headline)}" />\n'
            f'<meta property="og:url" content="{esc(url)}" />\n'
            f"{json_ld(url, headline, published, author, outlet)}\n</head>")
    return page.replace("</head>", head, 1)


def rss_feed(outlet: str, site_url: str, feed_url: str, items: list[dict[str, str]]) -> str:
    """An RSS 2.0 feed of the given items (title, link, pubDate, author, description)."""
    esc = html.escape
    entries = "\n".join(f"""  <item>
    <title>{esc(i['title'])}</title>
    <link>{esc(i['link'])}</link>
    <guid isPermaLink="true">{esc(i['link'])}</guid>
    <pubDate>{i['pubDate']}</pubDate>
    <dc:creator>{esc(i['author'])}</dc:creator>
    <description>{esc(i['description'])}</description>
  </item>""" for i in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>{esc(outlet)}</title>
  <link>{esc(site_url)}</link>
  <description>Latest news from {esc(outlet)}</description>
  <language>en</language>
  <atom:link href="{esc(feed_url)}" rel="self" type="application/rss+xml"/>
{entries}
</channel>
</rss>
"""


def build_site(root: Path, sources: int, per_source: int, run_date: str, *, seed: int = 7) -> Site:
    """Write the whole site under root (robots.txt, one feed and per_source pages per outlet)."""
    material = load_material()
    rng = random.Random(seed)
    day = datetime.fromisoformat(run_date).replace(tzinfo=timezone.utc)
    site = Site(root=root, run_date=run_date)
    root.mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    counter = 0
    for s in range(sources):
        source_id, outlet = f"outlet-{s + 1:03d}", outlet_name(s)
        base = f"{PLACEHOLDER}/{source_id}"
        feed_url = f"{base}/feed.xml"
        leads = rng.sample(range(len(material.wikinews)), min(per_source, len(material.wikinews)))
        planned = []
        for a in range(per_source):
            counter += 1
            published = day + timedelta(hours=(a * 23) // max(1, per_source), minutes=rng.randrange(60))
            author = AUTHORS[(s + a) % len(AUTHORS)]
            if counter % GV_EVERY == 0:
                old, page = material.gv[(counter // GV_EVERY) % len(material.gv)]
                planned.append(("gv", old, page, published, author))
            else:
                lead = material.wikinews[leads[a % len(leads)]]
                extra = [p for i in rng.sample(range(len(material.wikinews)), rng.randint(1, 2))
                         for p in material.wikinews[i][1][:2]]
                planned.append(("wn", lead[0], lead[1] + extra, published, author))
        items = []
        for a, (kind, old, content, published, author) in enumerate(planned):
            headline = f"{old}, {outlet} reports"
            path = f"{published:%Y/%m/%d}/{slugify(old)}-{a + 1}.html"
            items.append({"title": headline, "link": f"{base}/{path}", "path": path, "kind": kind, "old": old,
                          "content": content, "published": published, "author": author})
        for a, item in enumerate(items):
            related = [(other["link"], other["title"]) for other in items[a + 1:a + 4]]
            if item["kind"] == "gv":
                text = gv_page(item["content"], item["link"], item["title"], item["published"],
                               item["author"], outlet)
                item["description"] = item["title"]
            else:
                text = news_page(item["link"], item["title"], item["content"], item["published"], item["author"],
                                 outlet, feed_url, related)
                item["description"] = item["content"][0][:300]
            item["pubDate"] = email.utils.format_datetime(item["published"])
            target = root / source_id / item["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            site.bytes += len(text.encode())
        feed = rss_feed(outlet, f"{base}/", feed_url, items)
        (root / source_id / "feed.xml").write_text(feed, encoding="utf-8")
        site.bytes += len(feed.encode())
        site.source_ids.append(source_id)
        site.source_names.append(outlet)
        site.articles += len(items)
    return site


def write_sources(site: Site, base_urls: list[str], path: Path) -> Path:
    """The sources.yaml for the site, outlet i on base_urls[i % len(base_urls)]."""
    lines = ["# Synthetic outlets served on 127.0.0.1 (benchmarks/synthetic_site.py).", "schema_version: 1",
             "sources:"]
    for i, (source_id, name) in enumerate(zip(site.source_ids, site.source_names)):
        base = base_urls[i % len(base_urls)]
        lines += [f"  - id: {source_id}", f"    name: {json.dumps(name)}", f"    feeds: [{base}/{source_id}/feed.xml]",
                  f"    homepage: {base}/{source_id}/", f"    country: {COUNTRIES[i % len(COUNTRIES)]}",
                  "    language: en", f"    type: {TYPES[i % len(TYPES)]}"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def kind_of(path: str) -> str:
    """The kind of a request path: robots, feed, page or other."""
    path = path.split("?", 1)[0]
    if path == "/robots.txt":
        return "robots"
    if path.endswith(".xml"):
        return "feed"
    return "page" if path.endswith(".html") else "other"


def serve(root: Path, ports: int) -> None:
    """Child process: serve root on `ports` ports, print them, answer 'stats' lines, stop at EOF."""
    counts: dict[str, int] = {}
    lock = threading.Lock()
    servers = []
    for _ in range(ports):
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(root, "http://unused"))
        base_url = f"http://127.0.0.1:{httpd.server_address[1]}"

        class Counting(make_handler(root, base_url)):  # type: ignore[misc, valid-type]
            """The demo site's handler, counting each response by method, kind and status."""

            def send_response(self, code: int, message: str | None = None) -> None:
                with lock:
                    key = f"{self.command} {kind_of(getattr(self, 'path', ''))} {code}"
                    counts[key] = counts.get(key, 0) + 1
                super().send_response(code, message)

        httpd.RequestHandlerClass = Counting
        httpd.daemon_threads = True
        httpd.request_queue_size = 128
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
    print(json.dumps({"ports": [s.server_address[1] for s in servers]}), flush=True)
    for line in sys.stdin:
        if line.strip() == "stats":
            with lock:
                print(json.dumps(counts), flush=True)


class SiteServers:
    """The site served on several ports of 127.0.0.1 by a child process; a context manager."""

    def __init__(self, root: Path, ports: int) -> None:
        self.child = subprocess.Popen([sys.executable, __file__, "serve", "--root", str(root), "--ports", str(ports)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.child.stdout is not None
        line = self.child.stdout.readline()
        if not line:
            self.close()
            raise RuntimeError(f"the site server for {root} exited before listening (exit {self.child.poll()})")
        self.ports: list[int] = json.loads(line)["ports"]
        self.base_urls = [f"http://127.0.0.1:{p}" for p in self.ports]

    def stats(self) -> dict[str, int]:
        """Requests so far, keyed 'METHOD kind status' (kind: robots, feed, page, other)."""
        assert self.child.stdin is not None and self.child.stdout is not None
        self.child.stdin.write("stats\n")
        self.child.stdin.flush()
        return json.loads(self.child.stdout.readline())

    def close(self) -> None:
        """Stop the child (EOF on its stdin, then SIGKILL if it lingers)."""
        if self.child.stdin is not None and not self.child.stdin.closed:
            try:
                self.child.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self.child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()

    def __enter__(self) -> SiteServers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def requests_of(before: dict[str, int], after: dict[str, int], kind: str, status: int | None = None) -> int:
    """GET requests of a kind (and status) between two stats snapshots."""
    return sum(n - before.get(k, 0) for k, n in after.items()
               if k.split()[1] == kind and (status is None or k.split()[2] == str(status)))


def main(argv: list[str] | None = None) -> int:
    """Build a site in a temp dir, fetch each feed and page once, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", choices=["serve"], help="serve: the server child process")
    parser.add_argument("--root", type=Path)
    parser.add_argument("--ports", type=int, default=4)
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--per-source", type=int, default=10)
    parser.add_argument("--date", default="2026-03-02")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.root, args.ports)
        return 0
    with tempfile.TemporaryDirectory(prefix="mediamon-site-") as tmp:
        started = time.monotonic()
        site = build_site(Path(tmp) / "site", args.sources, args.per_source, args.date)
        build_s = time.monotonic() - started
        with SiteServers(site.root, args.ports) as servers:
            sources = write_sources(site, servers.base_urls, Path(tmp) / "sources.yaml")
            feeds = re.findall(r"feeds: \[(.*?)\]", sources.read_text(encoding="utf-8"))
            pages = 0
            for feed in feeds:
                body = urllib.request.urlopen(feed, timeout=10).read().decode()
                for link in re.findall(r"<link>(http[^<]+\.html)</link>", body):
                    urllib.request.urlopen(link, timeout=10).read()
                    pages += 1
            stats = servers.stats()
    print(json.dumps({"sources": len(site.source_ids), "articles": site.articles, "pages_fetched": pages,
                      "site_mb": round(site.bytes / 1e6, 1), "build_seconds": round(build_s, 2),
                      "ports": args.ports, "requests": stats}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
