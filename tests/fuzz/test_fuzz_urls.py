"""Property-based tests of mediamon.text.urls: any text gives a canonical http(s) URL or a FetchError."""
from __future__ import annotations

import string
from urllib.parse import urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from mediamon.errors import FetchError
from mediamon.text.urls import article_id, canonical_url, unwrap_redirect

URL_REASONS = {"bad-url", "bad-scheme"}
PRINTABLE_ASCII = frozenset(string.ascii_letters + string.digits + string.punctuation)
SCHEMES = ("http", "https", "HTTP", "hTTps", "javascript", "JavaScript", "data", "file", "ftp", "vbscript", "mailto")
BASES = (None, "https://news.example.org/section/page.html", "http://127.0.0.1:8080/a/b/", "ftp://x.org/",
         "javascript:alert(1)", "not a url")
url_chars = st.sampled_from(list("/?#&=%.:@[]!$'()*+,;~_-") + ["%2F", "%41", "%zz", "..", "./", "utm_source=x", "é", " "])
hosts = st.one_of(st.sampled_from(("news.example.org", "EXAMPLE.org.", "xn--bcher-kva.example", "bücher.example",
                                   "127.0.0.1", "[::1]", "[", "a..b", "", "user:pass@host.org", "ex ample.org")),
                  st.text(max_size=20))
ports = st.one_of(st.just(""), st.integers(-5, 70000).map(lambda port: f":{port}"), st.just(":x"))
paths = st.lists(st.one_of(url_chars, st.text(max_size=8)), max_size=8).map("".join)


@st.composite
def url_like(draw: st.DrawFn) -> str:
    """A URL assembled from a scheme, host, port, path, query and fragment, each possibly broken."""
    return (draw(st.sampled_from(SCHEMES)) + draw(st.sampled_from(("://", ":", ":/", "://///")))
            + draw(hosts) + draw(ports) + "/" + draw(paths) + draw(st.sampled_from(("", "?", "#", "#!")))
            + draw(paths))


def check_canonical(url: str, base: str | None = None) -> None:
    """canonical_url gives a FetchError with a URL reason, or an ASCII http(s) URL that is its own canonical form."""
    try:
        result = canonical_url(url, base=base)
    except FetchError as err:
        assert err.reason in URL_REASONS
        return
    parts = urlsplit(result)
    assert parts.scheme in ("http", "https") and parts.hostname
    assert set(result) <= PRINTABLE_ASCII
    assert canonical_url(result) == result
    assert len(article_id(result)) == 16


@given(st.text(max_size=200))
@example("http://[::1")
@example("https://a:99999/")
@example("http://exa mple.org/")
def test_any_text_gives_a_canonical_url_or_a_fetch_error(url: str) -> None:
    check_canonical(url)


@given(url_like(), st.sampled_from(BASES))
def test_url_like_text_gives_a_canonical_url_or_a_fetch_error(url: str, base: str | None) -> None:
    check_canonical(url, base)


@given(st.sampled_from(("javascript", "JAVASCRIPT", "data", "file", "vbscript")), st.text(max_size=60))
def test_script_data_and_file_urls_are_refused(scheme: str, rest: str) -> None:
    try:
        canonical_url(f"{scheme}:{rest}", base="https://news.example.org/")
    except FetchError as err:
        assert err.reason == "bad-scheme"
    else:
        raise AssertionError(f"{scheme}: URL was accepted")


@given(st.one_of(st.text(max_size=200), url_like(),
                 st.builds(lambda token: "https://news.google.com/rss/articles/" + token,
                           st.text(alphabet=string.ascii_letters + string.digits + "-_", max_size=80)),
                 st.builds(lambda target: "https://www.google.com/url?q=" + target, st.text(max_size=60))))
def test_unwrapping_any_link_gives_text(url: str) -> None:
    assert isinstance(unwrap_redirect(url), str)
