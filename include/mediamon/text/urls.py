"""URL canonicalization: one canonical form per article URL, from which article_id is derived.

canonical_url() lower-cases the scheme and host, drops default ports, user info and the
fragment, removes tracking parameters (include/mediamon/config/tracking_params.txt), sorts the query,
normalizes percent-escapes and dot segments, and drops a trailing slash except at the root.
Fetching follows redirects, so a server that insists on the slash still gets asked correctly.

unwrap_redirect() turns an aggregator's redirect link (Google News article tokens, Yandex
News ?cl4url=, Google/Facebook ?url=/?q=/?u=) into the publisher URL it points to.
prefer_canonical() lets a page's rel=canonical win when it stays on the same registered site.
"""
from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import logging
import posixpath
import re
from pathlib import Path
from urllib.parse import SplitResult, parse_qsl, unquote, urljoin, urlsplit, urlunsplit

import tld

from mediamon.errors import FetchError
from mediamon.settings import CONFIG_DIR
from mediamon.text.hosts import ascii_host

logger = logging.getLogger(__name__)

TRACKING_PARAMS_PATH = CONFIG_DIR / "tracking_params.txt"
ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
ARTICLE_ID_HEX_CHARS = 16
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = "/:@!$'()*+,;=-._~%?"
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Redirectors: (host suffix, path prefix) -> query parameters that carry the target URL.
_REDIRECT_PARAMS = {
    ("news.yandex.ru", "/"): ("cl4url",),
    ("yandex.ru", "/news"): ("cl4url",),
    ("google.com", "/url"): ("url", "q"),
    ("news.google.com", "/url"): ("url", "q"),
    ("facebook.com", "/l.php"): ("u",),
    ("feedproxy.google.com", "/"): ("url",),
}
_GOOGLE_NEWS_TOKEN = re.compile(r"/(?:__i/rss/rd/|rss/)?articles/([A-Za-z0-9_-]+)")


def load_tracking_params(path: Path = TRACKING_PARAMS_PATH) -> tuple[frozenset[str], tuple[str, ...]]:
    """Exact names and prefixes of tracking parameters, lower-cased, from the config file."""
    names: set[str] = set()
    prefixes: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry.endswith("*"):
            prefixes.append(entry[:-1])
        elif entry:
            names.add(entry)
    return frozenset(names), tuple(prefixes)


TRACKING_NAMES, TRACKING_PREFIXES = load_tracking_params()


def is_tracking_param(name: str) -> bool:
    """True when a query parameter name only tracks the visit (utm_*, fbclid, ...)."""
    key = unquote(name).strip().lower()
    return key in TRACKING_NAMES or key.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical form of an http(s) URL; FetchError('bad-url'/'bad-scheme') when unusable."""
    parts = _split_absolute(url, base)
    scheme = parts.scheme.lower()
    host = _canonical_host(parts, url)
    port = _port_of(parts, url)
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _canonical_path(parts.path)
    query = _canonical_query(parts.query)
    fragment = parts.fragment if parts.fragment.startswith("!") else ""  # keep #! (AJAX) routes
    return urlunsplit((scheme, netloc, path, query, _normalize_escapes(fragment, _QUERY_SAFE)))


def _split_absolute(url: str, base: str | None) -> SplitResult:
    """Split url (joined to base when relative) after checking its scheme."""
    if not isinstance(url, str) or not url.strip():
        raise FetchError("bad-url", f"empty URL {url!r}", url=str(url))
    text = re.sub(r"[\t\r\n]", "", url.strip())  # browsers drop these, so do we
    match = _SCHEME.match(text)
    if match and match.group(1).lower() not in ALLOWED_SCHEMES:
        raise FetchError("bad-scheme", f"{match.group(1).lower()}: URLs are not fetched: {url!r}", url=url)
    if not match:
        if base is None:
            raise FetchError("bad-url", f"relative URL {url!r} has no base URL to resolve against", url=url)
        base_scheme = _SCHEME.match(base.strip())
        if not base_scheme or base_scheme.group(1).lower() not in ALLOWED_SCHEMES:
            raise FetchError("bad-url", f"cannot resolve {url!r} against base {base!r}", url=url)
        text = urljoin(base.strip(), text)
    try:
        return urlsplit(text)
    except ValueError as err:
        raise FetchError("bad-url", f"cannot parse {url!r}: {err}", url=url) from err


def _canonical_host(parts: SplitResult, url: str) -> str:
    """Lower-case, IDNA-encoded host without a trailing dot; FetchError when missing."""
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError("bad-url", f"URL has no host: {url!r}", url=url)
    if ":" in host:  # IPv6 literal
        return f"[{host.lower()}]"
    try:
        host = ascii_host(host)
    except UnicodeError as err:
        raise FetchError("bad-url", f"host {host!r} is not a valid domain name: {url!r}", url=url) from err
    if not re.fullmatch(r"[a-z0-9._-]+", host.lower()):
        raise FetchError("bad-url", f"host {host!r} contains characters a host cannot have: {url!r}", url=url)
    return host.lower()


def _port_of(parts: SplitResult, url: str) -> int | None:
    """The explicit port, or None; FetchError bad-url unless it is 1-65535, as the fetcher refuses port 0 too."""
    try:
        port = parts.port
    except ValueError as err:
        raise FetchError("bad-url", f"invalid port in {url!r}: a port is a number from 1 to 65535", url=url) from err
    if port == 0:
        raise FetchError("bad-url", f"invalid port 0 in {url!r}: a port is a number from 1 to 65535 (0 cannot be "
                                    "connected to)", url=url)
    return port


def _normalize_escapes(text: str, safe: str) -> str:
    """Upper-case percent-escapes, decode unreserved ones, escape what must be escaped."""
    if _kept_as_is(safe).fullmatch(text):  # most paths and queries: nothing to change
        return text

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    text = _ESCAPE.sub(fix, text)
    text = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", text)  # a bare % is data
    return "".join(ch if ch in safe or ch in _UNRESERVED else _quote_char(ch) for ch in text)


@functools.lru_cache(maxsize=8)
def _kept_as_is(safe: str) -> re.Pattern[str]:
    """Texts that _normalize_escapes returns unchanged: only unreserved and safe characters, no "%"."""
    return re.compile("[" + re.escape("".join(sorted((_UNRESERVED | set(safe)) - {"%"}))) + "]*")


def _quote_char(ch: str) -> str:
    """Percent-encode one character as UTF-8."""
    return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8"))


def _canonical_path(path: str) -> str:
    """Path with dot segments resolved, escapes normalized, and no trailing slash but at the root."""
    path = _normalize_escapes(path or "/", _PATH_SAFE)
    if not path.startswith("/"):
        path = "/" + path
    if "/." in path:
        trailing = path.endswith(("/", "/.", "/.."))
        path = posixpath.normpath(path).replace("//", "/")
        path = path + "/" if trailing and path != "/" else path
    if len(path) > 1 and path.endswith("/") and not path.endswith("//"):
        path = path[:-1]
    return path


def _canonical_query(query: str) -> str:
    """Query without tracking parameters, pairs sorted, escapes normalized; raw encoding kept."""
    pairs = []
    for pair in query.split("&"):
        if not pair:
            continue
        name = pair.split("=", 1)[0]
        if is_tracking_param(name):
            continue
        pairs.append(_normalize_escapes(pair, _QUERY_SAFE + "&"))
    return "&".join(sorted(pairs))


def article_id(url: str) -> str:
    """Stable article key: the first 16 hex digits of the SHA-1 of the canonical URL."""
    return canonical_article_id(canonical_url(url))


def canonical_article_id(canonical: str) -> str:
    """article_id of a URL already in canonical form (canonical_url or prefer_canonical gave it), without
    canonicalizing it again (canonical_url is idempotent)."""
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:ARTICLE_ID_HEX_CHARS]


def item_id(url: str) -> str:
    """Stable feed-item key, carried from shard to load: the first 16 hex digits of the SHA-1 of the
    item's URL as its feed gave it (already normalised by the feed parser)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:ARTICLE_ID_HEX_CHARS]


def host_of(url: str) -> str:
    """The canonical host of a URL (lower case, IDNA, no port)."""
    return _canonical_host(_split_absolute(url, None), url)


def registered_domain(url: str) -> str:
    """The registrable domain (bbc.co.uk for www.bbc.co.uk); the host itself for IPs and localhost."""
    return _registered_domain_of_host(host_of(url))


@functools.lru_cache(maxsize=4096)  # bounded memo of a pure function: a run meets a few hundred hosts
def _registered_domain_of_host(host: str) -> str:
    """tld's public-suffix lookup for one host (about 0.3 ms; memoised, as the answer never changes)."""
    return tld.get_fld(host, fix_protocol=True, fail_silently=True) or host


def prefer_canonical(page_url: str, canonical: str | None) -> str:
    """The page's rel=canonical when usable and on the same registered site, else the page URL.

    A canonical pointing to the site root from a deeper page is a common CMS fault that would
    merge every article into one, so it is ignored.
    """
    page = canonical_url(page_url)
    if not canonical or not canonical.strip():
        return page
    try:
        candidate = canonical_url(canonical, base=page)
    except FetchError as err:
        logger.info("canonical ignored page=%s reason=%s", page, err.reason)
        return page
    if registered_domain(candidate) != registered_domain(page):
        logger.info("canonical ignored page=%s canonical=%s reason=other-site", page, candidate)
        return page
    if urlsplit(candidate).path == "/" and urlsplit(page).path != "/":
        logger.info("canonical ignored page=%s canonical=%s reason=site-root", page, candidate)
        return page
    return candidate


def unwrap_redirect(url: str) -> str:
    """The publisher URL inside an aggregator redirect link, or url unchanged."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    host = (parts.hostname or "").lower()
    if host == "news.google.com" and (target := _google_news_target(parts.path)):
        return target
    for (suffix, prefix), names in _REDIRECT_PARAMS.items():
        if (host == suffix or host.endswith("." + suffix)) and parts.path.startswith(prefix):
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            for name in names:
                if target := _as_http_url(query.get(name, "")):
                    return target
    return url


def _as_http_url(value: str) -> str | None:
    """value as an absolute http(s) URL (a scheme-less 'host.tld/path' gets https), or None."""
    value = value.strip()
    if re.match(r"https?://", value, re.I):
        return value
    if re.match(r"[a-z0-9-]+(\.[a-z0-9-]+)+/", value, re.I):
        return "https://" + value
    return None


def _google_news_target(path: str) -> str | None:
    """The URL encoded in an old-style Google News article token (CBMi...), when decodable offline."""
    match = _GOOGLE_NEWS_TOKEN.search(path)
    if not match:
        return None
    token = match.group(1)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    start = raw.find(b"\x22")  # protobuf field 4, length-delimited: the article URL
    if start < 0:
        return None
    length, offset = _read_varint(raw, start + 1)
    target = raw[offset:offset + length]
    if length == 0 or len(target) != length:
        return None
    try:
        text = target.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if re.match(r"https?://", text) else None


def _read_varint(raw: bytes, offset: int) -> tuple[int, int]:
    """A protobuf varint at offset: (value, offset after it); (0, offset) when truncated."""
    value = shift = 0
    while offset < len(raw) and shift < 35:
        byte = raw[offset]
        value |= (byte & 0x7F) << shift
        offset += 1
        if not byte & 0x80:
            return value, offset
        shift += 7
    return 0, offset
