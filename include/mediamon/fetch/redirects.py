"""Where a redirect leads; reads a response's URL and its Location header, gives the absolute ASCII URL to request.

http.client reads header bytes as Latin-1, so a Location of UTF-8 bytes ('/caf\\xc3\\xa9') arrives as mojibake
('/cafÃ©') and was requested as '/caf%C3%83%C2%A9'. Here the header is read again as UTF-8 when its bytes are
UTF-8, other bytes above 0x7F are percent-encoded as they came, and what is not ASCII in the resolved URL is
encoded as browsers do (the WHATWG URL Standard): UTF-8 percent-escapes in the path, query and user info, IDNA
for the host; tabs and line breaks are dropped and the other controls, spaces and DEL percent-encoded, as the WHATWG
URL parser and canonical URLs do (a raw ESC [ 2 J of a Location stayed in the fetch's final URL). Escapes already in
the header are kept as they are.
"""
from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from mediamon.errors import FetchError
from mediamon.text.hosts import ascii_host

ASCII_BYTES = bytes(range(0x80))
NOT_PRINTABLE_ASCII_RE = re.compile(r"[^\x21-\x7e]")  # what a URL carries only percent-encoded
TAB_OR_NEWLINE_RE = re.compile(r"[\t\n\r]")  # dropped from a URL by browsers (WHATWG URL Standard)


def location_text(value: str) -> str:
    """The Location header as the server wrote it: UTF-8 bytes read as UTF-8, other bytes over 0x7F as %XX."""
    try:
        raw = value.encode("latin-1")  # the bytes http.client received
    except UnicodeEncodeError:
        return value  # characters past U+00FF cannot come from the wire: already text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return quote(raw, safe=ASCII_BYTES)


def redirect_url(url: str, location: str) -> str:
    """The absolute ASCII URL that a Location header leads to from url; FetchError bad-url when it cannot be read."""
    try:
        return ascii_url(urljoin(url, TAB_OR_NEWLINE_RE.sub("", location_text(location)).strip()))
    except ValueError as err:
        raise FetchError("bad-url", f"redirect from {url[:200]!r} to unreadable Location {location[:200]!r}: {err}",
                         url=url) from err


def ascii_url(url: str) -> str:
    """url with non-ASCII, controls, spaces and DEL percent-encoded as UTF-8 (path, query, fragment, user info) and an
    IDNA host."""
    if NOT_PRINTABLE_ASCII_RE.search(url) is None:
        return url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, _ascii_netloc(parts.netloc), _escaped(parts.path),
                       _escaped(parts.query), _escaped(parts.fragment)))


def _ascii_netloc(netloc: str) -> str:
    """user info percent-encoded and host IDNA-encoded as browsers and canonical URLs spell it (faß.example is
    xn--fa-hia.example, not fass.example); ValueError (UnicodeError) for a host IDNA refuses."""
    userinfo, at, hostport = netloc.rpartition("@")
    if not hostport.startswith("["):
        host, colon, port = hostport.partition(":")
        hostport = ascii_host(host) + colon + port
    return _escaped(userinfo) + at + hostport


def _escaped(text: str) -> str:
    """text with every character that is no printable ASCII as UTF-8 percent-escapes; the rest (and existing escapes)
    unchanged."""
    return NOT_PRINTABLE_ASCII_RE.sub(lambda match: quote(match.group(0), safe=""), text)
