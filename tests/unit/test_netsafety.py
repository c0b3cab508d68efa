"""Address and scheme checks, as pure functions (IP literals resolve without any network traffic)."""
from __future__ import annotations

import pytest

from mediamon.errors import FetchError
from mediamon.fetch.netsafety import check_url, is_public_address, parse_target


@pytest.mark.parametrize("ip, expected", [
    ("8.8.8.8", True),
    ("93.184.216.34", True),
    ("2001:4860:4860::8888", True),
    ("::ffff:8.8.8.8", True),              # IPv4-mapped public address
    ("64:ff9b::808:808", True),            # NAT64 of 8.8.8.8
    ("127.0.0.1", False),
    ("127.255.0.9", False),
    ("10.1.2.3", False),
    ("172.16.0.1", False),
    ("192.168.1.1", False),
    ("100.64.0.1", False),                 # carrier-grade NAT
    ("169.254.169.254", False),            # link-local (cloud metadata)
    ("0.0.0.0", False),
    ("255.255.255.255", False),
    ("224.0.0.1", False),                  # multicast
    ("240.0.0.1", False),                  # reserved
    ("192.0.2.1", False),                  # documentation
    ("::1", False),
    ("::", False),
    ("fe80::1", False),
    ("fe80::1%eth0", False),
    ("fc00::1", False),                    # unique local
    ("ff02::1", False),                    # IPv6 multicast
    ("::ffff:127.0.0.1", False),           # IPv4-mapped loopback
    ("::ffff:10.0.0.1", False),
    ("2002:7f00:1::1", False),             # 6to4 around 127.0.0.1
    ("2002:0a00:0001::1", False),          # 6to4 around 10.0.0.1
    ("64:ff9b::7f00:1", False),            # NAT64 around 127.0.0.1
    ("2001:db8::1", False),                # documentation
    ("not-an-ip", False),
])
def test_is_public_address(ip: str, expected: bool) -> None:
    assert is_public_address(ip) is expected


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)",
                                 "data:text/html,hi", "gopher://example.org/", "//example.org/no-scheme"])
def test_check_url_refuses_other_schemes(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, allow_private=False)
    assert caught.value.reason == "bad-scheme"


@pytest.mark.parametrize("url", ["http://", "http://[::1/x", "http://example.org:99999/"])
def test_check_url_refuses_unparseable_urls(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, allow_private=False)
    assert caught.value.reason == "bad-url"


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://[::1]:8080/", "http://[::ffff:127.0.0.1]/",
                                 "https://10.0.0.7/admin", "http://169.254.169.254/latest/meta-data/",
                                 "http://0.0.0.0/", "http://2130706433/", "http://0x7f.1/"])
def test_check_url_refuses_private_addresses(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, allow_private=False)
    assert caught.value.reason == "private-address"
    assert "MEDIAMON_ALLOW_PRIVATE_HOSTS" in str(caught.value)


def test_check_url_returns_the_checked_public_address() -> None:
    assert check_url("http://8.8.8.8:8080/feed", allow_private=False) == ["8.8.8.8"]


def test_check_url_allows_private_addresses_when_asked() -> None:
    assert check_url("http://127.0.0.1:8000/", allow_private=True) == ["127.0.0.1"]


def test_parse_target_keys_hosts_by_host_and_port() -> None:
    target = parse_target("HTTP://Example.ORG:8080/a?b=1")
    assert (target.scheme, target.host, target.port) == ("http", "example.org", 8080)
    assert target.host_key == "example.org:8080"
    assert parse_target("https://example.org/").origin == "https://example.org:443"


def _politeness_key(url: str) -> str:
    return parse_target(url).host_key


@pytest.mark.parametrize(("url", "key"), [
    ("https://www.BBC.co.uk/news/1", "www.bbc.co.uk"),
    ("http://example.com/a", "example.com"),
    ("https://example.com/b", "example.com"),
    ("https://example.com:443/a", "example.com"),
    ("http://127.0.0.1:8001/a", "127.0.0.1:8001"),
    ("https://example.com:8443/a", "example.com:8443"),
])
def test_politeness_key_is_the_host_with_any_non_default_port(url: str, key: str) -> None:
    assert _politeness_key(url) == key


def test_politeness_key_joins_http_and_https_of_one_site() -> None:
    assert _politeness_key("http://example.com/a") == _politeness_key("https://example.com/b")


def test_politeness_key_of_a_bad_port_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="invalid port"):
        _politeness_key("http://example.com:99999/a")


def test_politeness_key_tells_ports_of_one_host_apart() -> None:
    assert _politeness_key("http://127.0.0.1:8001/a") != _politeness_key("http://127.0.0.1:8002/a")
