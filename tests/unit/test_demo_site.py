"""The bundled demo site (include/mediamon/demo) and the server that replays it on 127.0.0.1."""
from __future__ import annotations

import filecmp
import http.client
import importlib.util
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest
import requests
import yaml

from mediamon.demo.site import (
    DEMO_SITE_DIR,
    DEMO_SOURCES_TEMPLATE,
    PLACEHOLDER,
    main,
    resolve_path,
    serve_demo_site,
    write_demo_sources,
)
from mediamon.errors import ConfigError

TOOLS_DIR = Path(__file__).resolve().parents[2] / "tools"

WIKINEWS_DIR = DEMO_SITE_DIR / "wikinews"


def load_generator() -> ModuleType:
    """tools/build_demo_site.py, a script rather than a package module."""
    if "build_demo_site" in sys.modules:
        return sys.modules["build_demo_site"]
    spec = importlib.util.spec_from_file_location("build_demo_site", TOOLS_DIR / "build_demo_site.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_demo_site"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def wikinews_pages() -> list[Path]:
    """Article pages of the Wikinews section (not its index)."""
    return sorted(p for p in WIKINEWS_DIR.glob("*.html") if p.name != "index.html")


def raw_get(server, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """GET with the path sent exactly as given (requests would normalise '/../')."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def demo_server():
    """The demo site on a free port of 127.0.0.1."""
    with serve_demo_site() as server:
        yield server


def test_shipped_site_has_wikinews_and_global_voices_pages():
    assert len(wikinews_pages()) >= 100
    assert sorted(p.name for p in (DEMO_SITE_DIR / "gv").glob("index_*.html")) == sorted(
        f"index_{n}.html" for n in range(1, 16))
    assert (DEMO_SITE_DIR / "gv" / "feed.xml").is_file()
    assert (DEMO_SITE_DIR / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


def test_every_wikinews_page_credits_its_original_and_carries_no_date():
    for page in wikinews_pages():
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en">' in html
        assert 'href="https://en.wikinews.org/wiki/' in html, page.name
        assert "https://creativecommons.org/licenses/by/2.5/" in html, page.name
        assert "<article>\n<h1>" in html and html.count("<p>") >= 2, page.name
        assert "datePublished" not in html and "article:published_time" not in html


def test_global_voices_feed_differs_from_the_capture_only_by_the_placeholder():
    feed = (DEMO_SITE_DIR / "gv" / "feed.xml").read_text(encoding="utf-8")
    assert "<BASE_WEBSITE_URL/>" not in feed
    assert feed.count(f"<link>{PLACEHOLDER}/gv/index_") == 15


def test_wikinews_feed_items_link_to_shipped_pages_without_pub_date():
    feeds = sorted((WIKINEWS_DIR / "feeds").glob("*.xml"))
    links = []
    for feed in feeds:
        channel = ET.parse(feed).getroot().find("channel")
        for item in channel.findall("item"):
            assert item.find("pubDate") is None
            links.append(item.findtext("link"))
    assert len(links) == len(wikinews_pages())
    for link in links:
        assert link.startswith(PLACEHOLDER + "/wikinews/")
        assert (DEMO_SITE_DIR / link[len(PLACEHOLDER) + 1:]).is_file(), link


def test_demo_sources_template_lists_both_outlets_with_placeholder_feeds():
    sources = yaml.safe_load(DEMO_SOURCES_TEMPLATE.read_text(encoding="utf-8"))["sources"]
    by_id = {s["id"]: s for s in sources}
    assert set(by_id) == {"global-voices", "wikinews"}
    assert by_id["global-voices"]["country"] == "NL"
    assert by_id["wikinews"]["country"] == "US"
    feeds = [f for s in sources for f in s["feeds"]]
    assert all(f.startswith(PLACEHOLDER + "/") for f in feeds)
    assert len(by_id["wikinews"]["feeds"]) == len(list((WIKINEWS_DIR / "feeds").glob("*.xml")))


@pytest.mark.parametrize(("url", "headline"), [
    ("https://en.wikinews.org/wiki/Avian_flu_found_in_eastern_Canada", "Avian flu found in eastern Canada"),
    ("https://en.wikinews.org/wiki/%22Aggressive%22_Bird_Flu_found_in_Sweden", '"Aggressive" Bird Flu found in Sweden'),
    ("https://en.wikinews.org/wiki/Bird_Flu_confirmed_in_1,000_UK_turkeys", "Bird Flu confirmed in 1,000 UK turkeys"),
])
def test_headline_comes_from_the_wikinews_url(url, headline):
    assert load_generator().headline_from_url(url) == headline


def test_headline_refuses_urls_outside_wikinews():
    with pytest.raises(ValueError, match="not an en.wikinews.org article URL"):
        load_generator().headline_from_url("https://example.org/wiki/Some_story")


@pytest.mark.parametrize(("headline", "slug"), [
    ('"Aggressive" Bird Flu found in Sweden', "aggressive-bird-flu-found-in-sweden"),
    ("Zaïre: Côte d'Ivoire & U.S.", "zaire-cote-d-ivoire-u-s"),
])
def test_slug_is_ascii_words_joined_by_dashes(headline, slug):
    assert load_generator().slug_from_headline(headline) == slug


def test_sentences_are_not_cut_after_abbreviations_or_initials():
    text = "The U.S. Army left. Dr. Smith came at 5 p.m. Sunday. \"It ended,\" he said. Then rain."
    assert load_generator().split_sentences(text) == [
        "The U.S. Army left.", "Dr. Smith came at 5 p.m. Sunday.", '"It ended," he said.', "Then rain."]


def test_paragraph_split_keeps_every_word_in_order():
    text = "Officials confirmed a new case of the virus in the province on Monday. " * 8 + "It ended."
    paragraphs = load_generator().split_paragraphs(text)
    assert len(paragraphs) == 2
    assert all(len(p) >= 250 for p in paragraphs)
    assert " ".join(paragraphs).split() == text.split()


def test_build_reproduces_the_shipped_site(shared_dir, tmp_path):
    load_generator().build_demo_site(shared_dir, tmp_path)
    comparison = filecmp.dircmp(tmp_path / "site", DEMO_SITE_DIR)
    assert (comparison.left_only, comparison.right_only) == ([], [])
    for sub in [Path("."), Path("gv"), Path("wikinews"), Path("wikinews/feeds")]:
        names = [p.name for p in (tmp_path / "site" / sub).iterdir() if p.is_file()]
        match, mismatch, errors = filecmp.cmpfiles(tmp_path / "site" / sub, DEMO_SITE_DIR / sub, names,
                                                   shallow=False)
        assert (mismatch, errors) == ([], []), sub
    assert (tmp_path / "sources.yaml").read_bytes() == DEMO_SOURCES_TEMPLATE.read_bytes()


def test_server_listens_on_loopback(demo_server):
    assert urlsplit(demo_server.base_url).hostname == "127.0.0.1"
    assert demo_server.base_url == f"http://127.0.0.1:{demo_server.port}"


def test_feed_is_served_as_rss_with_the_base_url_filled_in(demo_server):
    response = requests.get(demo_server.url("gv/feed.xml"), timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert PLACEHOLDER not in response.text
    assert f"<link>{demo_server.base_url}/gv/index_1.html</link>" in response.text


def test_pages_are_served_as_utf8_html(demo_server):
    page = wikinews_pages()[0]
    response = requests.get(demo_server.url(f"wikinews/{page.name}"), timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'<link rel="canonical" href="{demo_server.base_url}/wikinews/{page.name}">' in response.text


def test_folder_serves_its_index(demo_server):
    response = requests.get(demo_server.url("wikinews/"), timeout=5)
    assert response.status_code == 200
    assert response.text.count(f'href="{demo_server.base_url}/wikinews/feeds/part-') >= 2


def test_conditional_get_with_etag_returns_304(demo_server):
    first = requests.get(demo_server.url("wikinews/feeds/part-01.xml"), timeout=5)
    again = requests.get(demo_server.url("wikinews/feeds/part-01.xml"), timeout=5,
                         headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_conditional_get_with_last_modified_returns_304(demo_server):
    first = requests.get(demo_server.url("gv/feed.xml"), timeout=5)
    again = requests.get(demo_server.url("gv/feed.xml"), timeout=5,
                         headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304


def test_stale_validators_get_the_full_body(demo_server):
    response = requests.get(demo_server.url("gv/feed.xml"), timeout=5,
                            headers={"If-None-Match": '"some-other-version"',
                                     "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert response.status_code == 200
    assert len(response.content) > 100_000


def test_etag_depends_on_the_base_url(tmp_path):
    (tmp_path / "feed.xml").write_text(f"<rss><link>{PLACEHOLDER}/a</link></rss>", encoding="utf-8")
    with serve_demo_site(tmp_path) as one, serve_demo_site(tmp_path) as two:
        tag_one = requests.get(one.url("feed.xml"), timeout=5).headers["ETag"]
        tag_two = requests.get(two.url("feed.xml"), timeout=5).headers["ETag"]
    assert tag_one != tag_two


@pytest.mark.parametrize("path", ["/no-such-page.html", "/gv/index_16.html", "/../build_demo_site.py",
                                  "/gv/../../README.md", "/../../mediamon/demo_site.py",
                                  "/%2e%2e/build_demo_site.py", "/gv/%2E%2E/%2E%2E/sources.yaml"])
def test_unknown_paths_and_traversal_get_404(demo_server, path):
    response = raw_get(demo_server, path)
    assert (response.status, response.body) == (404, b"not found\n")


@pytest.mark.parametrize(("request_target", "expected"), [
    ("/gv/feed.xml", "gv/feed.xml"),
    ("/gv/feed.xml?utm=1", "gv/feed.xml"),
    ("/wikinews/", "wikinews/index.html"),
    ("/", "index.html"),
    ("/../sources.yaml", None),
    ("/gv/%2e%2e/index.html", None),
    ("/missing", None),
])
def test_resolve_path_stays_inside_the_root(request_target, expected):
    found = resolve_path(DEMO_SITE_DIR, request_target)
    assert found == (None if expected is None else (DEMO_SITE_DIR / expected).resolve())


def test_written_sources_list_feeds_that_resolve_on_the_server(demo_server, tmp_path):
    path = write_demo_sources(demo_server.base_url, tmp_path / "demo-sources.yaml")
    sources = yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]
    feeds = [feed for source in sources for feed in source["feeds"]]
    assert len(feeds) >= 2
    for feed in feeds:
        assert feed.startswith(demo_server.base_url + "/")
        response = requests.get(feed, timeout=5)
        assert response.status_code == 200, feed
        links = [item.findtext("link") for item in ET.fromstring(response.content).iter("item")]
        assert links and all(link.startswith(demo_server.base_url + "/") for link in links)
        assert requests.head(links[-1], timeout=5).status_code == 200


def test_write_demo_sources_refuses_a_base_url_without_scheme(tmp_path):
    with pytest.raises(ConfigError, match="must start with http:// or https://"):
        write_demo_sources("127.0.0.1:8765", tmp_path / "s.yaml")
    assert not (tmp_path / "s.yaml").exists()


def test_missing_site_folder_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="build_demo_site.py"):
        serve_demo_site(tmp_path / "absent")


def test_command_line_serves_until_sigterm(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "mediamon.demo.site", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = process.stdout.readline()
        base_url = re.search(r"http://127\.0\.0\.1:\d+", line)[0]
        assert requests.get(base_url + "/robots.txt", timeout=5).status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_command_line_writes_sources_for_a_port(tmp_path):
    assert main(["--port", "8765", "--write-sources", str(tmp_path / "demo.yaml")]) == 0
    sources = yaml.safe_load((tmp_path / "demo.yaml").read_text(encoding="utf-8"))["sources"]
    assert sources[0]["feeds"] == ["http://127.0.0.1:8765/gv/feed.xml"]
