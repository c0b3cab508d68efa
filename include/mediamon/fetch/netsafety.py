"""Which URLs the fetcher may request: http(s) only, and only hosts that resolve to public addresses.

The check runs after DNS resolution and again on every redirect hop. The fetcher then connects to
the very address that was checked (see fetch.py), so a DNS answer that changes between the check
and the connection (DNS rebinding) cannot redirect a request to an internal host.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from mediamon.errors import FetchError

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: a public IPv4 address inside IPv6

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
    """Scheme, host and port of url; raises FetchError bad-scheme or bad-url."""
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
    return Target(scheme, parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS[scheme])


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


def resolve_host(target: Target, *, url: str) -> list[str]:
    """Every address the host resolves to (IP literals resolve to themselves)."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError("connection-error", f"cannot resolve {target.host!r}: {err}", url=url) from err
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in addresses:
            addresses.append(address)
    return addresses


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
