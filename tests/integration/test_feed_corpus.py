"""Every captured feed of ../shared/corpus/feeds through parse_feed, and a few served over HTTP."""
from __future__ import annotations

import csv
from pathlib import Path

import feedparser
import pytest
import requests

from mediamon.discover.feeds import feed_summary, parse_feed
from mediamon.errors import FeedError
from mediamon.text.urls import canonical_url
from tests.support.server import RunningSite, Site, send

FEEDPARSER_ITEMS = 2566
MIN_DATED_ITEMS = 2400
BROKEN = {"reuters-truncated-server-error-2020.xml": "feed-unparseable",
          "peoplesdailyng-feed-url-returns-html.html": "not-a-feed"}


def corpus_files(shared: Path) -> list[Path]:
    """The captured responses listed in the corpus manifest."""
    manifest = shared / "corpus" / "feeds" / "MANIFEST.tsv"
    with manifest.open(encoding="utf-8") as handle:
        return [manifest.parent / row["file"] for row in csv.DictReader(handle, delimiter="\t")]


def feedparser_distinct(body: bytes, feed_url: str) -> tuple[int, int]:
    """feedparser's entries, and its distinct non-empty canonical links (what dedup may keep)."""
    entries = feedparser.parse(body).entries
    links = {canonical_url(e.link, base=feed_url) for e in entries if e.get("link", "").strip()}
    return len(entries), len(links)


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> dict[str, tuple[bytes, list | FeedError]]:
    """name -> (body, items or the FeedError raised)."""
    results: dict[str, tuple[bytes, list | FeedError]] = {}
    for path in corpus_files(shared_dir):
        body = path.read_bytes()
        try:
            results[path.name] = (body, parse_feed(body, f"https://feeds.example/{path.name}", source_id="corpus"))
        except FeedError as err:
            results[path.name] = (body, err)
    return results


def test_corpus_has_75_responses(corpus) -> None:
    assert len(corpus) == 75


def test_only_the_broken_responses_raise_with_their_reason(corpus) -> None:
    raised = {name: result.reason for name, (_, result) in corpus.items() if isinstance(result, FeedError)}
    assert raised == BROKEN
    assert all(result.detail for _, result in corpus.values() if isinstance(result, FeedError))


def test_html_response_names_the_real_feed(corpus) -> None:
    error = corpus["peoplesdailyng-feed-url-returns-html.html"][1]
    assert "https://www.peoplesdailyng.com/feed/" in error.detail


def test_every_feed_keeps_at_least_feedparsers_distinct_items(corpus) -> None:
    short = {}
    for name, (body, result) in corpus.items():
        items = [] if isinstance(result, FeedError) else result
        _, distinct = feedparser_distinct(body, f"https://feeds.example/{name}")
        if len(items) < distinct:
            short[name] = (len(items), distinct)
    assert short == {}


def test_corpus_totals_reach_feedparser_items_and_recover_dates(corpus) -> None:
    items = [item for _, result in corpus.values() if not isinstance(result, FeedError) for item in result]
    assert len(items) >= FEEDPARSER_ITEMS
    assert sum(1 for item in items if item.published_at is not None) >= MIN_DATED_ITEMS


def test_items_without_any_date_stay_undated(corpus) -> None:
    for name in ("heise-rss090-2018.rdf.xml", "finanzen-net-misdeclared-2017.xml"):
        assert feed_summary(corpus[name][1])["items_dated"] == 0


@pytest.mark.parametrize(("name", "dated"), [
    ("koreatimes-bad-dates-2022.xml", 195), ("uol-noticias-latin1-nodecl-2018.xml", 15),
    ("ilmessaggero-mondo-2022.xml", 1), ("news18-hindi-china-2021.xml", 1), ("japantimes-2017.xml", 118),
])
def test_dates_feedparser_misses_are_recovered(corpus, name: str, dated: int) -> None:
    assert feed_summary(corpus[name][1])["items_dated"] == dated


FEEDPARSER_WRONG_DATES = {"kc0011-gb2312-2020.xml",   # reads "2020/1/10 14:33:00" as 1 November 2020
                          "nbc-newyork-2023.xml"}     # ignores the PM of "Sat, Dec 16 2023 02:02:33 PM"


def test_dates_agree_with_feedparser_where_it_parses_them(corpus) -> None:
    disagree = []
    for name, (body, result) in corpus.items():
        if isinstance(result, FeedError) or name in FEEDPARSER_WRONG_DATES:
            continue
        ours = {item.link: item.published_at for item in result}
        entries = feedparser.parse(body).entries
        links = [e.get("link") for e in entries]
        for entry in entries:
            if links.count(entry.get("link")) > 1:  # repeated items: the first one is kept
                continue
            parsed = entry.get("published_parsed") or entry.get("updated_parsed")
            mine = ours.get((entry.get("feedburner_origlink") or entry.get("link") or "").strip())
            if parsed and mine and mine.timetuple()[:6] != tuple(parsed[:6]):
                disagree.append((name, entry.get("link")))
    assert disagree == []


def test_mojibake_and_encodings_are_repaired(corpus) -> None:
    titles = {name: [item.title or "" for item in corpus[name][1]] for name in (
        "lefigaro-culture-mojibake-2017.xml", "finanzen-net-misdeclared-2017.xml",
        "uol-noticias-latin1-nodecl-2018.xml", "20minutos-mojibake-2017.rdf.xml")}
    joined = " ".join(t for values in titles.values() for t in values)
    assert "Ã" not in joined and "â€" not in joined
    assert any("é" in t for t in titles["lefigaro-culture-mojibake-2017.xml"])
    assert any("ç" in t or "ã" in t for t in titles["uol-noticias-latin1-nodecl-2018.xml"])


def test_tracking_parameters_and_redirects_are_gone(corpus) -> None:
    urls = [item.url for _, result in corpus.values() if not isinstance(result, FeedError) for item in result]
    assert not [u for u in urls if any(p in u for p in ("utm_", "at_medium", "traffic_source", "maca=", "wt_mc"))]
    yandex = corpus["yandex-news-moscow-mojibake-2017.xml"][1]
    assert all(item.url.startswith("https://ria.ru/") or "yandex" not in item.url for item in yandex)
    reuters = corpus["reuters-world-2017.xml"][1]
    assert all(item.url.startswith("http://www.reuters.com/article/") for item in reuters)


SERVED = ["bbc-news-world-2026.xml", "oren-ru-windows1251-2014.xml", "cercle-psy-latin1-nodecl-2018.xml",
          "talkingpointsmemo-2017.atom.xml"]


def test_feeds_fetched_over_http_parse_end_to_end(shared_dir: Path) -> None:
    feeds = shared_dir / "corpus" / "feeds"

    def latin1_declared(handler) -> None:
        send(handler, 200, (feeds / "cercle-psy-latin1-nodecl-2018.xml").read_bytes(),
             content_type="application/rss+xml; charset=ISO-8859-1")

    with RunningSite(Site(root=feeds, mount="/feeds/", routes={"/latin1": latin1_declared})) as site:
        counts = {}
        for name in SERVED:
            response = requests.get(site.url(f"/feeds/{name}"), timeout=10)
            items = parse_feed(response.content, response.url, source_id="served",
                               content_type=response.headers.get("Content-Type"))
            counts[name] = len(items)
            if name.startswith("talkingpointsmemo"):
                assert items[0].url.startswith(site.base_url + "/livewire/")
        response = requests.get(site.url("/latin1"), timeout=10)
        latin = parse_feed(response.content, response.url, source_id="served",
                           content_type=response.headers["Content-Type"])
        page = requests.get(site.url("/feeds/peoplesdailyng-feed-url-returns-html.html"), timeout=10)
        with pytest.raises(FeedError) as caught:
            parse_feed(page.content, page.url, source_id="served", content_type=page.headers["Content-Type"])
    assert counts == {"bbc-news-world-2026.xml": 33, "oren-ru-windows1251-2014.xml": 10,
                      "cercle-psy-latin1-nodecl-2018.xml": 9, "talkingpointsmemo-2017.atom.xml": 20}
    assert latin[0].summary.startswith("Si leur impact semble discret") and "études" in latin[0].summary
    assert caught.value.reason == "not-a-feed"
