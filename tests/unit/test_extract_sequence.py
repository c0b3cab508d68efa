"""The copy-free trafilatura pass of the extract stage gives trafilatura_sequence's body and text."""
from __future__ import annotations

import json
from pathlib import Path

import lxml.etree
import pytest
from trafilatura.core import trafilatura_sequence
from trafilatura.settings import Extractor

from mediamon.extract.article import _precision_sequence
from mediamon.extract.tree import load_tree

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
FIXTURES = sorted(p.stem for p in PAGES.glob("*.html"))
FORUM_PAGE = ("<html><head><script type='application/ld+json'>{\"@type\": \"DiscussionForumPosting\"}</script>"
              "</head><body><div class='comments'><p>" + "A reply that holds the thread's answer. " * 12
              + "</p></div><article><p>" + "The question asked in the thread, in full. " * 12
              + "</p></article></body></html>")


def _options(url: str, **overrides: object) -> Extractor:
    settings = {"fast": True, "precision": True, "comments": False, **overrides}
    return Extractor(output_format="txt", url=url, **settings)


@pytest.mark.parametrize("name", [*FIXTURES, "forum-thread"])
def test_copy_free_pass_gives_trafilatura_sequences_body_and_text(name: str) -> None:
    if name == "forum-thread":
        url, html = "https://forum.example.org/t/1", FORUM_PAGE
    else:
        url = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))["url"]
        html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    body, text, _, _ = trafilatura_sequence(load_tree(html), _options(url), url)
    ours, our_text = _precision_sequence(load_tree(html), _options(url))
    assert our_text == text
    assert lxml.etree.tostring(ours, encoding="unicode") == lxml.etree.tostring(body, encoding="unicode")


@pytest.mark.parametrize("overrides", [{"fast": False}, {"comments": True}, {"precision": False}])
def test_copy_free_pass_refuses_modes_that_read_the_copies(overrides: dict) -> None:
    with pytest.raises(ValueError, match="fast precision mode"):
        _precision_sequence(load_tree(FORUM_PAGE), _options("https://example.org/", **overrides))
