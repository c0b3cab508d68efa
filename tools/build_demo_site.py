"""Build include/mediamon/demo/site/ from redistributable news: Global Voices pages and Wikinews excerpts.

Reads (from the shared corpus beside the project, ../shared by default):
  corpus/pages/globalvoices/*.html + pages/MANIFEST.tsv           Global Voices, CC BY 3.0
  corpus/feeds/globalvoices-feature-2009-templated.xml            their feed
  benchmarks/enrichment/countries/geovirus.jsonl.gz               Wikinews excerpts, CC BY 2.5
Writes:
  include/mediamon/demo/site/      robots.txt, index.html, gv/, wikinews/ (pages + feeds)
  include/mediamon/demo/sources.yaml and include/mediamon/demo/MANIFEST.tsv

Only `text` and `url` of the GeoVirus rows are used; its annotations are not. GeoVirus carries
no publication dates, so the Wikinews pages and feed items carry none either; the articles are
split into feeds of FEED_SIZE items in the order of the file (see README.md).
The output is deterministic: running the script twice gives the same bytes.

    python tools/build_demo_site.py [--shared ../shared] [--out include/mediamon/demo]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import logging
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = PROJECT_ROOT / "include" / "mediamon" / "demo"
PLACEHOLDER = "__BASE_URL__"
GV_FEED = "corpus/feeds/globalvoices-feature-2009-templated.xml"
GV_FEED_SHA256 = "d5b3f15e30b6e6e1e3554be0742e4e5b16730d1a02f69794924ae05288ca7342"
GV_PAGES = "corpus/pages/globalvoices"
GV_MANIFEST = "corpus/pages/MANIFEST.tsv"
GV_LICENSE = "https://creativecommons.org/licenses/by/3.0/"
GEOVIRUS = "benchmarks/enrichment/countries/geovirus.jsonl.gz"
WIKINEWS_PREFIX = "https://en.wikinews.org/wiki/"
WIKINEWS_LICENSE = "https://creativecommons.org/licenses/by/2.5/"
FEED_SIZE = 30  # Wikinews items per feed
PARAGRAPH_MIN_CHARS = 250  # sentences are gathered into paragraphs of at least this length
LAST_PARAGRAPH_MIN_CHARS = 80  # a shorter tail joins the paragraph before it
SLUG_MAX_CHARS = 100
ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "st.", "sen.", "gov.", "rep.", "gen.", "lt.", "col.",
                 "sgt.", "prof.", "no.", "vs.", "inc.", "corp.", "co.", "ltd.", "jr.", "sr.", "a.m.",
                 "p.m.", "jan.", "feb.", "mar.", "apr.", "aug.", "sept.", "sep.", "oct.", "nov.",
                 "dec.", "approx.", "e.g.", "i.e.", "etc.", "ft.", "mt.", "u.s.", "u.k.", "d.c.", "n.y."}


@dataclass(frozen=True)
class WikinewsArticle:
    """One Wikinews excerpt as the demo site shows it."""

    url: str  # the original article on en.wikinews.org
    headline: str  # from the URL slug
    slug: str  # file name on the demo site, without .html
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        """Path of the page on the demo site."""
        return f"/wikinews/{self.slug}.html"


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def headline_from_url(url: str) -> str:
    """The article title Wikinews encodes in its URL: percent-decoded, underscores as spaces."""
    if not url.startswith(WIKINEWS_PREFIX):
        raise ValueError(f"{url}: not an en.wikinews.org article URL; only Wikinews rows may be shipped")
    return unquote(url[len(WIKINEWS_PREFIX):]).replace("_", " ").strip()


def slug_from_headline(headline: str) -> str:
    """ASCII file-name slug: lower case, words joined by '-', at most SLUG_MAX_CHARS."""
    ascii_text = unicodedata.normalize("NFKD", headline).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX_CHARS].rstrip("-")


def is_sentence_end(token: str, next_token: str) -> bool:
    """True when a sentence ends after `token` and `next_token` opens a new one."""
    bare = token.rstrip("\"'”’)")
    if not bare.endswith((".", "!", "?")) or bare.lower() in ABBREVIATIONS:
        return False
    if re.fullmatch(r"(?:[A-Za-z]\.)+", bare):  # initials such as "J." or "U.S."
        return False
    return bool(re.match(r"[\"“‘'(]?[A-Z0-9]", next_token))


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, cut only at whitespace after ., ! or ? before a capital."""
    tokens = text.split()
    sentences: list[str] = []
    current: list[str] = []
    for index, token in enumerate(tokens):
        current.append(token)
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if following and is_sentence_end(token, following):
            sentences.append(" ".join(current))
            current = []
    if current:
        sentences.append(" ".join(current))
    return sentences


def split_paragraphs(text: str) -> list[str]:
    """Gather sentences into paragraphs of at least PARAGRAPH_MIN_CHARS characters."""
    paragraphs: list[str] = []
    current = ""
    for sentence in split_sentences(text):
        current = f"{current} {sentence}".strip()
        if len(current) >= PARAGRAPH_MIN_CHARS:
            paragraphs.append(current)
            current = ""
    if current and paragraphs and len(current) < LAST_PARAGRAPH_MIN_CHARS:
        paragraphs[-1] = f"{paragraphs[-1]} {current}"
    elif current:
        paragraphs.append(current)
    return paragraphs


def read_wikinews(path: Path) -> list[WikinewsArticle]:
    """Wikinews articles from GeoVirus rows (text and url only), excerpts of one URL joined in order."""
    texts: dict[str, list[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            texts.setdefault(row["url"], []).append(row["text"])
    articles = []
    for url, excerpts in texts.items():
        headline = headline_from_url(url)
        paragraphs = tuple(p for excerpt in excerpts for p in split_paragraphs(excerpt))
        articles.append(WikinewsArticle(url, headline, slug_from_headline(headline), paragraphs))
    slugs = [a.slug for a in articles]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"{path}: two Wikinews URLs give the same slug; lengthen SLUG_MAX_CHARS")
    return articles


def feed_batches(articles: list[WikinewsArticle]) -> list[list[WikinewsArticle]]:
    """Articles in file order, FEED_SIZE per feed (GeoVirus has no dates to group them by)."""
    return [articles[i:i + FEED_SIZE] for i in range(0, len(articles), FEED_SIZE)]


def feed_name(number: int) -> str:
    """File name of the n-th Wikinews feed (1-based)."""
    return f"part-{number:02d}.xml"


def render_wikinews_page(article: WikinewsArticle, feed_path: str) -> str:
    """A plain article page: title, og tags, header/nav, the text in <p>s, a footer with the credit."""
    title = html.escape(article.headline, quote=False)
    title_attr = html.escape(article.headline)
    page_url = html.escape(PLACEHOLDER + article.path)
    original = html.escape(article.url)
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in article.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - Wikinews</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{title_attr}">
<meta property="og:site_name" content="Wikinews">
<meta property="og:type" content="article">
<meta property="og:url" content="{page_url}">
<link rel="canonical" href="{page_url}">
<link rel="license" href="{WIKINEWS_LICENSE}">
<link rel="alternate" type="application/rss+xml" title="Wikinews (demo copy)" href="{PLACEHOLDER}{feed_path}">
</head>
<body>
<header>
<p class="site"><a href="{PLACEHOLDER}/wikinews/">Wikinews</a> (demo copy)</p>
<nav><a href="{PLACEHOLDER}/">Demo home</a> | <a href="{PLACEHOLDER}/wikinews/">All articles</a> | <a href="{PLACEHOLDER}{feed_path}">Feed</a></nav>
</header>
<main>
<article>
<h1>{title}</h1>
{body}
</article>
</main>
<footer>
<p>Excerpt of the Wikinews article <a href="{original}">{title}</a> by Wikinews contributors, licensed under <a rel="license" href="{WIKINEWS_LICENSE}">Creative Commons Attribution 2.5</a>.</p>
</footer>
</body>
</html>
"""


def summary_of(article: WikinewsArticle, max_chars: int = 300) -> str:
    """The first sentence(s) of an article, cut at a word boundary near max_chars."""
    text = article.paragraphs[0]
    if len(text) <= max_chars:
        return text
    return text[:max_chars].rsplit(" ", 1)[0] + " …"


def render_wikinews_feed(batch: list[WikinewsArticle], number: int, total: int) -> str:
    """An RSS 2.0 feed of one batch; items have no pubDate because no real date is known."""
    self_url = f"{PLACEHOLDER}/wikinews/feeds/{feed_name(number)}"
    items = []
    for article in batch:
        link = html.escape(PLACEHOLDER + article.path)
        items.append(f"""  <item>
    <title>{html.escape(article.headline, quote=False)}</title>
    <link>{link}</link>
    <guid isPermaLink="true">{link}</guid>
    <description>{html.escape(summary_of(article), quote=False)}</description>
  </item>""")
    items_xml = "\n".join(items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Wikinews (demo copy): health and outbreaks, part {number} of {total}</title>
  <link>{PLACEHOLDER}/wikinews/</link>
  <description>Excerpts of Wikinews articles, CC BY 2.5, served by the Media Monitor demo site.</description>
  <language>en</language>
  <copyright>Wikinews contributors, CC BY 2.5 ({WIKINEWS_LICENSE})</copyright>
  <atom:link href="{self_url}" rel="self" type="application/rss+xml"/>
{items_xml}
</channel>
</rss>
"""


def render_wikinews_index(articles: list[WikinewsArticle], feeds: list[str]) -> str:
    """The Wikinews section front page: feed links (for autodiscovery) and all articles."""
    alternates = "\n".join(
        f'<link rel="alternate" type="application/rss+xml" title="Wikinews (demo copy) {html.escape(f)}" '
        f'href="{PLACEHOLDER}/wikinews/feeds/{f}">' for f in feeds)
    feed_list = "\n".join(f'<li><a href="{PLACEHOLDER}/wikinews/feeds/{f}">{f}</a></li>' for f in feeds)
    links = "\n".join(f'<li><a href="{PLACEHOLDER}{a.path}">{html.escape(a.headline, quote=False)}</a></li>'
                      for a in articles)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Wikinews (demo copy)</title>
{alternates}
</head>
<body>
<h1>Wikinews (demo copy)</h1>
<p>{len(articles)} excerpts of Wikinews articles on outbreaks and health, by Wikinews contributors,
licensed under <a rel="license" href="{WIKINEWS_LICENSE}">CC BY 2.5</a>.
Each page links to its original on en.wikinews.org.</p>
<h2>Feeds</h2>
<ul>
{feed_list}
</ul>
<h2>Articles</h2>
<ul>
{links}
</ul>
</body>
</html>
"""


def render_home() -> str:
    """The demo site's front page."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Media Monitor demo site</title>
</head>
<body>
<h1>Media Monitor demo site</h1>
<p>Real news that may be redistributed, served locally so the pipeline runs offline.</p>
<ul>
<li><a href="{PLACEHOLDER}/gv/home.html">Global Voices</a> (June 2009, CC BY 3.0):
<a href="{PLACEHOLDER}/gv/feed.xml">feed</a></li>
<li><a href="{PLACEHOLDER}/wikinews/">Wikinews</a> (CC BY 2.5)</li>
</ul>
</body>
</html>
"""


def render_sources(feeds: list[str]) -> str:
    """include/mediamon/demo/sources.yaml: the two demo outlets, feed URLs under the placeholder."""
    wikinews_feeds = "\n".join(f"      - {PLACEHOLDER}/wikinews/feeds/{f}" for f in feeds)
    return f"""# Demo outlets served by the demo site (python -m mediamon.demo.site).
# Generated by tools/build_demo_site.py. {PLACEHOLDER} stands for the server's base URL;
# mediamon.demo.site.write_demo_sources(base_url, path) writes a copy with it filled in.
sources:
  - id: global-voices
    name: Global Voices
    feeds: [{PLACEHOLDER}/gv/feed.xml]
    homepage: https://globalvoices.org/
    country: NL  # Stichting Global Voices, a foundation registered in Amsterdam
    language: en
    type: digital
  - id: wikinews
    name: Wikinews
    feeds:
{wikinews_feeds}
    homepage: https://en.wikinews.org/
    country: US  # published by the Wikimedia Foundation, San Francisco
    language: en
    type: digital
"""


def read_gv_manifest(shared: Path) -> list[dict[str, str]]:
    """Rows of the Global Voices pages manifest (file, original_url, sha256, ...)."""
    lines = (shared / GV_MANIFEST).read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]


def copy_global_voices(shared: Path, site: Path) -> list[tuple[str, str, str, str]]:
    """Copy the GV pages byte for byte and template their feed; returns manifest rows."""
    rows = []
    (site / "gv").mkdir(parents=True)
    for entry in read_gv_manifest(shared):
        data = (shared / "corpus/pages" / entry["file"]).read_bytes()
        if sha256_of(data) != entry["sha256"]:
            raise ValueError(f"{entry['file']}: sha256 differs from {GV_MANIFEST}; the corpus changed")
        name = Path(entry["file"]).name
        (site / "gv" / name).write_bytes(data)
        rows.append((f"gv/{name}", entry["original_url"], "CC BY 3.0", sha256_of(data)))
    feed = (shared / GV_FEED).read_bytes()
    if sha256_of(feed) != GV_FEED_SHA256:
        raise ValueError(f"{GV_FEED}: sha256 differs from the pinned one; the corpus changed")
    feed = feed.replace(b"<BASE_WEBSITE_URL/>", f"{PLACEHOLDER}/".encode())
    (site / "gv" / "feed.xml").write_bytes(feed)
    rows.append(("gv/feed.xml", "http://globalvoicesonline.org/-/type/feature/feed/", "CC BY 3.0", sha256_of(feed)))
    return rows


def write_text(path: Path, text: str) -> str:
    """Write UTF-8 text with LF line ends; returns its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return sha256_of(data)


def build_wikinews(shared: Path, site: Path) -> tuple[list[str], list[tuple[str, str, str, str]]]:
    """Write the Wikinews pages, feeds and index; returns feed names and manifest rows."""
    articles = read_wikinews(shared / GEOVIRUS)
    batches = feed_batches(articles)
    feeds = [feed_name(n) for n in range(1, len(batches) + 1)]
    rows = []
    for number, batch in enumerate(batches, start=1):
        feed_path = f"/wikinews/feeds/{feed_name(number)}"
        for article in batch:
            digest = write_text(site / article.path.lstrip("/"), render_wikinews_page(article, feed_path))
            rows.append((article.path.lstrip("/"), article.url, "CC BY 2.5", digest))
        digest = write_text(site / feed_path.lstrip("/"), render_wikinews_feed(batch, number, len(batches)))
        rows.append((feed_path.lstrip("/"), "", "CC BY 2.5", digest))
    write_text(site / "wikinews/index.html", render_wikinews_index(articles, feeds))
    return feeds, rows


def build_demo_site(shared: Path, out: Path) -> Path:
    """Rebuild out/site, out/sources.yaml and out/MANIFEST.tsv from the shared corpus."""
    site = out / "site"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    rows = copy_global_voices(shared, site)
    feeds, wikinews_rows = build_wikinews(shared, site)
    rows += wikinews_rows
    write_text(site / "robots.txt", "User-agent: *\nAllow: /\n")
    write_text(site / "index.html", render_home())
    write_text(out / "sources.yaml", render_sources(feeds))
    manifest = ["file\toriginal_url\tlicense\tsha256"] + ["\t".join(row) for row in rows]
    write_text(out / "MANIFEST.tsv", "\n".join(manifest) + "\n")
    logger.info("demo site out=%s files=%d wikinews_feeds=%d", site, len(rows), len(feeds))
    return site


def main(argv: list[str] | None = None) -> int:
    """Command line: rebuild the demo site from ../shared."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared",
                        help="the shared corpus folder (default: ../shared beside the project)")
    parser.add_argument("--out", type=Path, default=DEMO_DIR, help="where site/ and sources.yaml go")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not (args.shared / GEOVIRUS).is_file():
        parser.error(f"{args.shared / GEOVIRUS} not found; pass --shared PATH to the shared corpus")
    build_demo_site(args.shared, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
