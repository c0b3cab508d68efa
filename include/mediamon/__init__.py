"""Media Monitor: discover, fetch, extract, enrich, validate, load and digest the news."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mediamon import logs

__version__ = "0.1.0"
__all__ = ["extract_article", "__version__"]

logs.install()  # no password or API key of a feed's URL reaches a log line

if TYPE_CHECKING:
    from mediamon.records import Article


def extract_article(html: str | bytes, url: str, **kwargs: Any) -> Article:
    """Extract title, text, author, published_at and language from one article page."""
    from mediamon.extract.article import extract_article as _extract

    return _extract(html, url, **kwargs)
