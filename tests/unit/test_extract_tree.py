"""extract.tree: pages parsed once, by trafilatura's loading rules, into trees every extractor reads."""
from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from mediamon.extract.tree import load_tree

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.html")), ids=lambda p: p.stem)
def test_trafilatura_reads_the_same_text_from_our_tree_as_from_its_own(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    ours, theirs = load_tree(html), load_html(html)
    assert all(isinstance(el, HtmlElement) for el in ours.iter("*"))
    options = {"url": "https://example.org/a", "include_comments": False, "favor_precision": True, "fast": True}
    assert trafilatura.extract(ours, **options) == trafilatura.extract(theirs, **options)
    assert trafilatura.extract(ours, **options)


def test_bytes_with_an_encoding_declaration_are_decoded_like_trafilatura_does() -> None:
    html = ('<?xml version="1.0" encoding="utf-8"?><html><head><meta charset="utf-8"><title>Café</title></head>'
            "<body><p>Crème brûlée à la carte.</p></body></html>").encode()
    tree = load_tree(html)
    assert tree.findtext(".//title") == "Café" and tree.findtext(".//p") == "Crème brûlée à la carte."


def test_text_that_is_not_a_document_gives_no_tree() -> None:
    assert load_tree("just a line of text, no markup") is None
