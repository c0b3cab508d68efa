"""Which URLs the fetcher may request: http(s) only, and only hosts that resolve to public addresses.

The check runs after DNS resolution and again on every redirect hop. The fetcher then connects to
the very address that was checked (see fetch.py), so a DNS answer that changes between the check
and the connection (DNS rebinding) cannot redirect a request to an internal host.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import threading
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from mediamon.errors import FetchError
from mediamon.text.hosts import ascii_host

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: a public IPv4 address inside IPv6
# Blocks that are not globally reachable but that Python 3.11 counts as global: 192.0.0.0/24 (IETF protocol
# assignments) but for 192.0.0.9 and 192.0.0.10, which are anycast services; fec0::/10 (site-local, deprecated by
# RFC 3879 but still routed inside networks that kept it); 3fff::/20 (documentation, RFC 9637)
NOT_GLOBAL_BLOCKS = (ipaddress.ip_network("192.0.0.0/24"), ipaddress.ip_network("fec0::/10"),
                     ipaddress.ip_network("3fff::/20"))
GLOBAL_IN_NOT_GLOBAL = frozenset({ipaddress.ip_address("192.0.0.9"), ipaddress.ip_address("192.0.0.10")})
MAX_URL_CHARS = 8192  # a longer URL is refused (servers answer 414 past 8 KB; a feed's 2 MB link was requested)
HOST_PUNCTUATION = "._:-"  # the only ASCII besides letters and digits that a host name or IP literal holds
MAX_HOST_CHARS = 253  # of a host name in DNS (RFC 1035), its labels 63 at most (the IDNA codec checks those)
NUMERIC_LABEL_RE = re.compile(r"0x[0-9a-f]*|[0-9]+")  # a host ending in one is an IPv4 address (WHATWG URL)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    """The parts of a URL the fetcher connects to."""

    scheme: str
    host: str  # lower-case host name or IP literal, without brackets
    port: int

    @property
    def host_key(self) -> str:
        """The unit of per-host politeness: the host, with its port only when that is not the default.

        http:// and https:// on the default ports are one site (one server, one delay); another
        port is another service, counted apart.
        """
        return self.host if self.port == DEFAULT_PORTS[self.scheme] else f"{self.host}:{self.port}"

    @property
    def origin(self) -> str:
        """scheme://host:port, the scope of one robots.txt."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def is_public_address(ip: str) -> bool:
    """True when ip (IPv4 or IPv6 text) is a globally routable unicast address."""
    try:
        address: IPAddress = ipaddress.ip_address(ip)
    except ValueError:
        return False
    address = _embedded_ipv4(address)
    if any(address in block for block in NOT_GLOBAL_BLOCKS if block.version == address.version):
        return address in GLOBAL_IN_NOT_GLOBAL
    if (address.is_loopback or address.is_private or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified):
        return False
    return address.is_global


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address carried by an IPv4-mapped, 6to4 or NAT64 IPv6 address, else the address."""
    if not isinstance(address, ipaddress.IPv6Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def parse_target(url: str) -> Target:
    """Scheme, host and port of url, an internationalised host in its ASCII (IDNA) form as DNS and the Host header
    carry it; raises FetchError bad-scheme or bad-url (also for a URL over MAX_URL_CHARS, and for a host holding a
    character no host name has: a NUL or a tab went into the Host header as it was)."""
    if len(url) > MAX_URL_CHARS:
        raise FetchError("bad-url", f"URL of {len(url)} characters, more than the {MAX_URL_CHARS} requested: "
                                    f"{url[:200]!r}...", url=url)
    try:
        parts = urlsplit(url.strip())
    except ValueError as err:
        raise FetchError("bad-url", f"cannot parse {url!r}: {err}", url=url) from err
    port = _port_of(parts, url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = scheme or "no scheme"
        raise FetchError("bad-scheme", f"{shown} in {url[:200]!r}; only http and https are fetched", url=url)
    if not parts.hostname:
        raise FetchError("bad-url", f"{url!r} has no host", url=url)
    host = parts.hostname.lower().rstrip(".")
    if _has_bad_host_char(host):
        raise FetchError("bad-url", f"host {host[:100]!r} holds characters a host name cannot have (controls, "
                                    f"spaces or punctuation) in {url[:200]!r}", url=url)
    if problem := _host_problem(host):
        raise FetchError("bad-url", f"host {host[:100]!r} {problem} in {url[:200]!r}", url=url)
    return Target(scheme, ascii_host(host).lower() if not host.isascii() else host, port or DEFAULT_PORTS[scheme])


def _host_problem(host: str) -> str | None:
    """Why no lookup can ever resolve host, or None: a name ending in a number that is no IPv4 address
    ('1.2.3.4.5', '256.256.256.256'), or one the IDNA codec refuses (an empty label, one over 63 characters, a
    character IDNA prohibits) or longer than MAX_HOST_CHARS. These were connection errors, retried on later runs."""
    if ":" in host:  # an IPv6 literal: ipaddress reads it at resolution
        return None
    if NUMERIC_LABEL_RE.fullmatch(host.rpartition(".")[2]):
        try:
            socket.inet_aton(host)
        except OSError:
            return "ends in a number but is no IPv4 address"
        return None
    try:
        encoded = ascii_host(host)
    except UnicodeError:
        return "is no host name (an empty label, a label over 63 characters, or a character IDNA refuses)"
    return f"is {len(encoded)} characters long, more than a host name's {MAX_HOST_CHARS}" if len(
        encoded) > MAX_HOST_CHARS else None


def _has_bad_host_char(host: str) -> bool:
    """True when host holds a control, a space, an invisible character or ASCII punctuation ('%', '\\', '<')."""
    return any(ch.isspace() or not ch.isprintable() or (ch.isascii() and not ch.isalnum() and ch not in HOST_PUNCTUATION)
               for ch in host)


def _port_of(parts: SplitResult, url: str) -> int | None:
    """The URL's explicit port, or None; FetchError bad-url unless it is 1-65535 (port 0 would mean the default)."""
    text = parts.netloc.rpartition("@")[2].rpartition("]")[2].partition(":")[2]
    try:
        port = parts.port
    except ValueError as err:
        raise FetchError("bad-url", f"invalid port {text[:20]} in {url[:200]!r}: a port is a number from 1 to 65535",
                         url=url) from err
    if port == 0:
        raise FetchError("bad-url", f"invalid port {text} in {url[:200]!r}: a port is a number from 1 to 65535 "
                                    "(0 cannot be connected to)", url=url)
    return port


def resolve_host(target: Target, *, url: str, timeout_s: float | None = None) -> list[str]:
    """Every address the host resolves to (IP literals resolve to themselves); FetchError timeout when the lookup
    has not answered in timeout_s (the system resolver has no deadline of its own: a hung one stalled the fetch)."""
    try:
        infos = (_getaddrinfo(target) if timeout_s is None or _is_ip_literal(target.host)
                 else _getaddrinfo_by(target, timeout_s, url=url))
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError("connection-error", f"cannot resolve {target.host!r}: {err}", url=url) from err
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def _getaddrinfo(target: Target) -> list[tuple]:
    """socket.getaddrinfo for the target's host and port, stream sockets."""
    return socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)


def _getaddrinfo_by(target: Target, timeout_s: float, *, url: str) -> list[tuple]:
    """_getaddrinfo in a daemon thread, waited for timeout_s at most (a lookup that hangs is left to end on its own)."""
    answer: list[list[tuple]] = []
    failure: list[BaseException] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            answer.append(_getaddrinfo(target))
        except BaseException as err:  # handed to the waiting thread, which raises it
            failure.append(err)
        finally:
            done.set()

    threading.Thread(target=look_up, name=f"dns-{target.host[:40]}", daemon=True).start()
    if not done.wait(max(0.0, timeout_s)):
        raise FetchError("timeout", f"DNS lookup of {target.host!r} not answered within {timeout_s:.3g} s", url=url)
    if failure:
        raise failure[0]
    return answer[0]


def _is_ip_literal(host: str) -> bool:
    """True when host is an IPv4 or IPv6 address in its standard form (resolving it asks no DNS server)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def check_addresses(addresses: list[str], *, url: str, allow_private: bool) -> list[str]:
    """addresses unchanged, or FetchError private-address when any of them is not public."""
    if allow_private:
        return addresses
    refused = [a for a in addresses if not is_public_address(a)]
    if refused or not addresses:
        raise FetchError("private-address",
                         f"{url[:200]!r} resolves to non-public {', '.join(refused) or 'nothing'}"
                         " (set MEDIAMON_ALLOW_PRIVATE_HOSTS=1 only for local test sites)", url=url)
    return addresses


def check_url(url: str, *, allow_private: bool) -> list[str]:
    """Resolved addresses of url's host, or FetchError bad-scheme / bad-url / private-address."""
    target = parse_target(url)
    return check_addresses(resolve_host(target, url=url), url=url, allow_private=allow_private)
