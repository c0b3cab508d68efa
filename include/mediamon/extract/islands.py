"""The article held in a page's JSON data island (Next.js __NEXT_DATA__, Arc XP's Fusion.globalContent), for
pages whose HTML shows only a skeleton: paragraphs, headline, authors and publication date, read from the
object that holds the longest list of text blocks. A block is a string, an object with its text in a field,
or a rich-text node whose words are in a list of inline nodes (Sanity's Portable Text, Contentful)."""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml.html import HtmlElement

from mediamon.text.words import word_count

ISLAND_SCRIPT_IDS = frozenset({"__NEXT_DATA__"})
# A script that assigns the page's content object to a global (Arc XP's Fusion, Redux and Apollo stores)
_ASSIGNED_NAMES = ("Fusion.globalContent", "_STATE__")  # looked for first: scanning a large script with the regex is slow
_ISLAND_ASSIGNMENT = re.compile(r"(?:\bFusion\.globalContent|\bwindow\.__(?:INITIAL|PRELOADED|APOLLO)_STATE__)\s*=\s*(?=[{\[])")
MAX_ISLAND_CHARS = 5_000_000  # a larger island is not read
MAX_DEPTH = 40
_TEXT_KEYS = ("content", "text", "html", "body", "value")  # where a text block keeps its words
_TYPE_KEYS = ("type", "_type", "nodeType")  # where a block names its kind (Arc and most schemas, Sanity, Contentful)
_INLINE_KEYS = ("children", "content")  # a rich-text block's inline nodes (Portable Text spans, Contentful text)
MAX_INLINE_DEPTH = 4  # inline nodes nest (a link holding text nodes); deeper ones are not read
_HEADLINE_KEYS = ("headline", "headlines", "title", "name")
_DATE_KEY = re.compile(r"^(?:date|(?:date_?)?(?:first_?)?publi(?:shed|sh|cation)(?:_?(?:date|time|at|on))?|"
                       r"(?:display|release)_?date|pub_?date)$", re.I)  # publishedAt, publicationDate, first_publish_date
_AUTHOR_KEYS = ("byline", "authors", "author", "credits", "by")
_TAG = re.compile(r"<[^>]+>")
# Block types that hold no paragraph of the article: Arc's interstitial_link, raw_html, oembed_response, image and
# correction (a note on the article); related, promo and ad blocks of other schemas
_NOT_TEXT_TYPE = re.compile(r"(?:^|_)(?:interstitial|link|raw|html|o?embed|image|photo|gallery|video|audio|ad|ads|"
                            r"advert|promo|related|newsletter|widget|correction)(?:_|$)")


@dataclass(frozen=True)
class IslandArticle:
    """An article found in a data island: its text blocks in order and what its object says of it."""

    paragraphs: tuple[str, ...]
    headline: str | None
    authors: tuple[str, ...]
    published: str | None  # the date as the island writes it

    @property
    def text(self) -> str:
        """The paragraphs, one a line."""
        return "\n".join(self.paragraphs)


def island_article(island: str | None) -> IslandArticle | None:
    """The article of a data island's JSON (island_text), or None when it holds no list of text blocks."""
    try:
        data = json.JSONDecoder().raw_decode(island.lstrip())[0] if island else None  # what follows the value is not read
    except ValueError:
        return None
    best: tuple[int, tuple[dict[str, Any], ...], list[str]] | None = None
    for owners, blocks in _text_lists(data, 0, ()):
        words = sum(word_count(block) for block in blocks)
        if best is None or words > best[0]:
            best = (words, owners, blocks)
    if best is None:
        return None
    _, owners, blocks = best
    return IslandArticle(tuple(blocks), _nearest(owners, lambda o: _first_text(o, _HEADLINE_KEYS)),
                         tuple(_nearest(owners, _author_names) or ()),
                         _nearest(owners, lambda o: _first_text(o, _date_keys(o))))


def _nearest(owners: tuple[dict[str, Any], ...], read: Callable[[dict[str, Any]], Any]) -> Any:
    """What read finds in the object holding the text blocks, else in the nearest object around it that has it
    (a rich-text document's headline and date are in the entry that holds it)."""
    return next((found for owner in owners if (found := read(owner))), None)


def _date_keys(owner: dict[str, Any]) -> tuple[str, ...]:
    """The object's publication-date keys, those naming publication first (before 'date' or 'displayDate')."""
    return tuple(sorted((key for key in owner if _DATE_KEY.match(key)), key=lambda key: "publi" not in key.lower()))


def island_text(tree: HtmlElement) -> str | None:
    """The JSON text of the page's data-island script (read before the tree is pruned), or None."""
    for script in tree.iter("script"):
        text = script.text
        if not text or len(text) > MAX_ISLAND_CHARS:
            continue
        if script.get("id") in ISLAND_SCRIPT_IDS:
            return text
        if (assigned := _assigned_json(text)) is not None:
            return assigned
    return None


def _assigned_json(script: str) -> str | None:
    """The script from the value it assigns to a content global on ('Fusion.globalContent={...};...',
    'window.__INITIAL_STATE__ = {...}'), or None; island_article reads the JSON value there (and gives
    None when it is a JavaScript object literal, not JSON)."""
    if not any(name in script for name in _ASSIGNED_NAMES) or (match := _ISLAND_ASSIGNMENT.search(script)) is None:
        return None
    return script[match.end():]


def _text_lists(node: Any, depth: int, around: tuple[dict[str, Any], ...]
                ) -> Iterator[tuple[tuple[dict[str, Any], ...], list[str]]]:
    """(the object and the objects around it, nearest first; its text blocks) for every object holding a list
    of two or more text blocks."""
    if depth > MAX_DEPTH:
        return
    if isinstance(node, dict):
        owners = (node, *around)
        for value in node.values():
            if isinstance(value, list) and len(blocks := [b for item in value for b in _block_texts(item)]) >= 2:
                yield owners, blocks
            yield from _text_lists(value, depth + 1, owners)
    elif isinstance(node, list):
        for item in node:
            yield from _text_lists(item, depth + 1, around)


def _block_texts(item: Any) -> list[str]:
    """A block's lines: its text, or each item's of a list block without text of its own (Arc's
    {"type": "list", "items": [{"type": "text", "content": ...}, ...]})."""
    if (isinstance(item, dict) and isinstance(items := item.get("items"), list) and not _not_text(item)
            and not any(isinstance(item.get(key), str) for key in _TEXT_KEYS)):
        return [block for sub in items if (block := _block_text(sub))]
    return [block] if (block := _block_text(item)) else []


def _not_text(item: dict[str, Any]) -> bool:
    """Whether the block names a kind that holds no paragraph of the article (an image, an ad, a link)."""
    return any(isinstance(kind := item.get(key), str) and _NOT_TEXT_TYPE.search(_snake(kind)) for key in _TYPE_KEYS)


def _block_text(item: Any) -> str | None:
    """The words of one text block: a paragraph string, an object's content/text field (tags removed), or
    the joined text of a rich-text block's inline nodes."""
    if isinstance(item, dict):
        if _not_text(item):
            return None
        item = next((item[key] for key in _TEXT_KEYS if isinstance(item.get(key), str)), None) or _inline_text(item, 0)
    if not isinstance(item, str) or word_count(item) < 2 or item.startswith(("http://", "https://", "/")):
        return None
    if "<" in item and _TAG.search(item):
        item = lxml.html.fromstring(f"<div>{item}</div>").text_content()
    return " ".join(item.split()) or None


def _inline_text(node: dict[str, Any], depth: int) -> str | None:
    """The text of a rich-text block's inline nodes in order ({"children": [{"text": ...}, ...]}), or None."""
    for key in _INLINE_KEYS:
        if isinstance(inline := node.get(key), list) and inline and all(isinstance(child, dict) for child in inline):
            parts = [_inline_part(child, depth + 1) for child in inline]
            return "".join(parts) or None
    return None


def _inline_part(child: dict[str, Any], depth: int) -> str:
    """One inline node's text: its text or value string, else its own inline nodes' text."""
    text = next((child[key] for key in ("text", "value") if isinstance(child.get(key), str)), None)
    if text is None and depth < MAX_INLINE_DEPTH:
        text = _inline_text(child, depth)
    return text or ""


def _snake(name: str) -> str:
    """'relatedArticle' / 'raw-html' / 'Image' -> 'related_article' / 'raw_html' / 'image'."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).replace("-", "_").lower()


def _first_text(owner: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of keys whose value is a string (or an object's 'basic' string, as Arc headlines are)."""
    for key in keys:
        value = owner.get(key)
        if isinstance(value, dict):
            value = value.get("basic")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _author_names(owner: dict[str, Any]) -> list[str]:
    """Names in the object's byline, authors, author or credits field (strings or objects with a name)."""
    for key in _AUTHOR_KEYS:
        value = owner.get(key)
        if isinstance(value, dict) and "name" not in value:
            value = value.get("by") or value.get("authors")
        items = value if isinstance(value, list) else [value]
        names = [item if isinstance(item, str) else item.get("name") for item in items
                 if isinstance(item, str) or isinstance(item, dict)]
        if names := [name.strip() for name in names if isinstance(name, str) and name.strip()]:
            return names
    return []
