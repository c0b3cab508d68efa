"""Fetch: polite, safe HTTP for feeds and pages (fetcher), address checks (netsafety), raw responses
archived as WARC (archive) and answered again from WARC (replay)."""
