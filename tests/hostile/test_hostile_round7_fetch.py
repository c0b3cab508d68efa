"""IPv6 blocks that no public host answers from but that Python 3.11 counts as global: the deprecated site-local
fec0::/10 (RFC 3879, still routed inside networks that kept it) and the documentation prefix 3fff::/20 (RFC 9637).
A URL, a DNS answer or a redirect naming one of them is refused as private-address before any connection is made."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

import mediamon.fetch.client as client_module
import mediamon.fetch.netsafety as netsafety
from mediamon.errors import FetchError
from mediamon.fetch import fetch_one, reason_of
from mediamon.fetch.netsafety import check_url, is_public_address
from mediamon.records import FetchRequest
from mediamon.settings import Settings
from tests.support.hostile_fetch import tight_settings
from tests.support.server import Site, send

NOT_GLOBAL = ["fec0::1", "fed0::5", "feff:ffff::1", "3fff::1", "3fff:fff:ffff::1"]
GLOBAL_NEIGHBOURS = ["2606:4700::1111", "2001:4860:4860::8888", "3ffe:1::1"]


@pytest.mark.parametrize("address", NOT_GLOBAL)
def test_site_local_and_documentation_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", GLOBAL_NEIGHBOURS)
def test_ordinary_global_ipv6_addresses_stay_public(address: str) -> None:
    assert is_public_address(address)


@pytest.mark.parametrize("address", NOT_GLOBAL)
def test_a_url_naming_a_site_local_or_documentation_address_is_refused(address: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(f"http://[{address}]/admin", allow_private=False)
    assert caught.value.reason == "private-address" and address in str(caught.value)


def test_a_name_resolving_to_a_site_local_address_is_refused_before_any_request(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netsafety, "_getaddrinfo", lambda target: [(10, 1, 6, "", ("fec0::8", target.port, 0, 0))])
    with pytest.raises(FetchError) as caught:
        check_url("https://intranet.example/", allow_private=False)
    assert caught.value.reason == "private-address" and "fec0::8" in str(caught.value)


@pytest.fixture
def trusted_site(site: Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The 127.0.0.1 site treated as a public host; every other address is checked as in production."""
    real = client_module.check_addresses

    def check(addresses: list[str], *, url: str, allow_private: bool) -> list[str]:
        return real(addresses, url=url, allow_private=f"127.0.0.1:{site.port}/" in url)

    monkeypatch.setattr(client_module, "check_addresses", check)
    yield site


@pytest.mark.parametrize("address", ["fec0::1", "3fff::1"])
def test_a_redirect_to_a_site_local_or_documentation_address_is_refused_as_private(
        trusted_site: Site, settings: Settings, address: str) -> None:
    trusted_site.routes["/go"] = lambda h: send(h, 302, b"", headers={"Location": f"http://[{address}]/admin"})
    result = fetch_one(FetchRequest(trusted_site.url("/go"), "hostile"),
                       tight_settings(settings, 5.0).with_overrides(allow_private_hosts=False))
    assert reason_of(result.error) == "private-address"
    assert address in (result.error or "")
