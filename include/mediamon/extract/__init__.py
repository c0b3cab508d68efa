"""Extract: the article in a page (article), its true publication date (published) and its language
(language)."""
from __future__ import annotations

from mediamon.extract.article import article_from_feed_item, extract_article

__all__ = ["article_from_feed_item", "extract_article"]
