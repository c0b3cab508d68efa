"""Fetch: polite, safe HTTP for feeds and pages (fetcher), address checks (netsafety), raw responses
archived as WARC (archive) and answered again from WARC (replay)."""
from __future__ import annotations

from mediamon.fetch.fetcher import fetch_all, fetch_one, reason_of

__all__ = ["fetch_all", "fetch_one", "reason_of"]
