"""Exceptions and the reason codes recorded in fetch_log.error and quarantine.reasons.

    MediamonError
     ├── ConfigError        bad settings or sources file; stops the run before any request
     ├── DigestError        the day's digests could not be published (another build held the folder too long)
     ├── FetchError         one URL could not be fetched (carries .url and .reason)
     ├── FeedError          one feed could not be parsed (carries .reason)
     ├── ExtractError       one page gave no article (carries .reason)
     ├── QualityError       a critical batch-level expectation failed; fails the task
     ├── QueryError         an analyst's query was refused or failed (`mediamon query`)
     ├── RunFileError       a file a stage wrote into the run directory is damaged (not JSON Lines); fails the task
     ├── StorageError       the data directory's object storage (MEDIAMON_DATA_URL) cannot be read or written
     └── WarehouseError     the DuckDB warehouse could not be opened or written
"""
from __future__ import annotations

import re

# Reason codes: short kebab-case strings, the only values fetch_log.error / quarantine.reasons hold
# (a reason may be followed by ": detail").
REASONS = {
    "http-error": "the server answered with an HTTP error status (http-NNN is used for the code)",
    "not-html": "the response is not an HTML page (PDF, image, ...)",
    "robots-disallowed": "a robots.txt that was read forbids fetching this URL",
    "robots-unreachable": "the host's robots.txt could not be read (429 or 5xx, timeout, refused or failed "
                          "connection): none of its pages is fetched in this run (RFC 9309 2.3.1.4); retried on "
                          "later runs like connection-error",
    "private-address": "the host resolves to a loopback, private or reserved address",
    "bad-scheme": "only http and https URLs are fetched",
    "bad-url": "the URL cannot be parsed",
    "too-large": "the body exceeded the size cap, or the document holds more elements, or nests them deeper, than "
                 "it can be read within",
    "timeout": "the server was too slow (connect, read or total deadline), or extracting or tagging one "
               "item used more than its CPU-time budget (MEDIAMON_ITEM_CPU_BUDGET_S)",
    "too-many-redirects": "more redirects than allowed, or a redirect loop",
    "connection-error": "the host could not be reached",
    "connection-refused": "the host refused the connection (nothing listens on that port, or a firewall rejects it); "
                          "retried like connection-error",
    "host-skipped": "the host failed repeatedly earlier in this run",
    "not-modified": "the feed did not change since the last run",
    "feed-unparseable": "the feed could not be parsed as RSS or Atom",
    "not-a-feed": "an HTML page or other document was served at the feed URL",
    "over-feed-cap": "a feed or news sitemap listed more items than MEDIAMON_MAX_FEED_ITEMS: the newest were planned, "
                     "these were not fetched in this run (asked again by a later run that plans them)",
    "off-site": "a sitemap listed a page or child sitemap on another registered domain than the source's; not kept "
                "or followed",
    "no-text": "the page yielded too little article text",
    "not-article": "the page is an index, gallery or paywall stub, not an article",
    "no-date": "no publication date could be found",
    "not-archived": "a replay was asked for and the WARC files hold no response for this URL",
    "duplicate-in-batch": "the same URL appeared earlier in the same batch",
    "no-link": "a feed entry has no link to an article, or a sitemap lists itself (feeds.skipped_last counts it for the "
               "feed)",
    "duplicate": "a feed entry repeats the URL of an earlier entry of the same feed (counted in feeds.skipped_last)",
    "duplicate-article": "the item's page is an article another item of the same run gave too (the same canonical "
                         "URL: two section feeds, a tracking parameter); the first item by first_seen_at, then URL, "
                         "carries the article, and this one is recorded with the outcome duplicate-article",
    "known": "skipped-known: a feed listed the item again, but its page was stored or refused for good on an earlier "
             "day (item_outcomes only; nothing was fetched)",
    "unexpected-error": "a bug: the traceback is in the task log",
}


# Reasons after which a page URL is not requested again on later days (transient ones, robots-unreachable
# among them, are retried).
PERMANENT_ERRORS = ("http-404", "http-410", "not-html", "robots-disallowed", "bad-scheme", "bad-url",
                    "private-address", "no-text", "not-article")


# The user info of a URL ('user:password@' after '//', up to the last '@' before the path), which no stored
# message may show.
_USERINFO = re.compile(r"//[^/?#\s]*@")
# Query parameters whose value is a credential (an API key or token written into a feed's URL). Only names that
# always hold one: a name such as "key" or "id" also picks a feed's section, and two feeds must not become one.
SECRET_PARAMETERS = ("access_token", "access-token", "api_key", "api-key", "apikey", "auth_token", "auth-token",
                     "client_secret", "password", "passwd", "private_token", "private-token", "secret", "token",
                     "x-amz-credential", "x-amz-security-token", "x-amz-signature")
_SECRET_NAMES = "|".join(map(re.escape, SECRET_PARAMETERS))
_SECRET_VALUE = re.compile(rf"(?i)([?&;](?:{_SECRET_NAMES})=)[^&#;\s'\"<>]+")


def redact_credentials(text: str) -> str:
    """text with the user info of every URL in it and the values of its secret query parameters shown as ***
    ('https://***@host/a', 'https://host/feed?api_key=***'), so no password or token reaches the warehouse."""
    if "@" in text:
        text = _USERINFO.sub("//***@", text)
    return _SECRET_VALUE.sub(r"\1***", text) if "=" in text else text


class MediamonError(Exception):
    """Base class of every error the product raises on purpose."""


class ConfigError(MediamonError):
    """Settings or the sources file are invalid; the message lists every problem found."""


class ItemError(MediamonError):
    """A single item failed with a reason code from REASONS; URLs in the detail lose their credentials."""

    def __init__(self, reason: str, detail: str = "", *, url: str | None = None) -> None:
        detail = redact_credentials(detail)
        self.reason = reason
        self.detail = detail
        self.url = url
        super().__init__(f"{reason}: {detail}" if detail else reason)


class FetchError(ItemError):
    """A URL could not be fetched."""


class FeedError(ItemError):
    """A feed could not be parsed."""


class ExtractError(ItemError):
    """A page yielded no article."""


class QualityError(MediamonError):
    """A critical batch-level expectation failed."""


class RunFileError(MediamonError):
    """A run directory's JSON Lines file holds a line that is not a JSON object (a damaged disk or copy)."""


class QueryError(MediamonError):
    """An analyst's SQL could not run on the warehouse; the message says why and what to do."""


class StorageError(MediamonError):
    """The object storage named by MEDIAMON_DATA_URL could not be read or written; the message names the URL."""


class WarehouseError(MediamonError):
    """The warehouse could not be written."""


class DigestError(MediamonError):
    """The day's digests could not be published; the message says what holds them up."""
