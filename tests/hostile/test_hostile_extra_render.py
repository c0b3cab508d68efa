"""Digest rendering of outside text that cannot be written as UTF-8 (lone surrogates, as a JSON escape "\\ud800" in
a feed or JSON-LD decodes to), beside the bidi overrides, zero-width and control characters render.py cleans."""
from __future__ import annotations

import json
import re

import pytest

from mediamon.digest import render
from tests.unit.test_digest_render import make_doc

SURROGATES = ["lone \ud800 high", "lone \udfff low", "pair reversed \udc00\ud800", "\ud83d alone before an emoji \U0001f600"]


@pytest.mark.parametrize("text", SURROGATES)
@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_a_lone_surrogate_renders_as_a_replacement_character_in_every_format(text: str, fmt: str) -> None:
    page = render.render(make_doc(text), fmt)
    page.encode("utf-8")  # the digest file can be written
    assert "\ufffd" in page and not re.search("[\ud800-\udfff]", page)


def test_the_json_digest_keeps_the_rest_of_the_text() -> None:
    doc = json.loads(render.render(make_doc("Harbour \ud800 reopens \U0001f600"), "json"))
    assert doc["top_stories"][0]["title"] == "Harbour \ufffd reopens \U0001f600"


def test_a_link_holding_a_lone_surrogate_is_still_a_safe_link() -> None:
    assert render.safe_url("https://news.example/a\ud800b").encode("utf-8")


@pytest.mark.parametrize("text", ["Harbour \u202egnp.exe\u202c reopens", "\u2066isolate\u2069 \u061cmark"])
def test_bidi_overrides_never_reach_the_markdown(text: str) -> None:
    assert not re.search("[\u061c\u202a-\u202e\u2066-\u2069]", render.render(make_doc(text), "md"))
