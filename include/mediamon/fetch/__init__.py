"""Fetch: polite, safe HTTP for feeds and pages (scheduler: per-host queues and workers; step: one request's
attempts; robots: robots.txt; client: checked connections and capped bodies; redirects: where a Location leads),
address checks (netsafety), raw responses archived as WARC (archive) and answered again from WARC (replay)."""
from __future__ import annotations

from mediamon.fetch.scheduler import fetch_all, fetch_one
from mediamon.fetch.step import reason_of

__all__ = ["fetch_all", "fetch_one", "reason_of"]
