"""Helpers for fetching from hostile routes of the 127.0.0.1 site: tight settings, one GET, a writer that may be cut."""
from __future__ import annotations

from collections.abc import Callable

from mediamon.fetch import fetch_one
from mediamon.records import FetchRequest, FetchResult
from mediamon.settings import Settings
from tests.support.server import Site

CAP_BYTES = 256 * 1024


def tight_settings(settings: Settings, deadline_s: float) -> Settings:
    """Small caps and deadline_s under a longer read timeout (a trickle of bytes resets it), so hostile cases end
    fast; one try each."""
    return settings.with_overrides(max_body_bytes=CAP_BYTES, deadline_s=deadline_s, read_timeout_s=5.0,
                                   connect_timeout_s=2.0, max_tries=1)


def get(site: Site, path: str, settings: Settings) -> FetchResult:
    """Fetch one path of the site."""
    return fetch_one(FetchRequest(site.url(path), "hostile"), settings)


def quietly(write: Callable[[], None]) -> None:
    """Run a writer that the client may cut off."""
    try:
        write()
    except (BrokenPipeError, ConnectionResetError):
        pass
