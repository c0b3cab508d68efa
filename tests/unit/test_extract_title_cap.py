"""capped_title: stored titles are at most MAX_TITLE_CHARS long, cut at a word and marked with an ellipsis."""
from __future__ import annotations

import pytest

from mediamon.extract.article import article_from_feed_item
from mediamon.records import FeedItem
from mediamon.text.titles import MAX_TITLE_CHARS, capped_title


@pytest.mark.parametrize("title", [None, "Harbour reopens after the storm", "x" * MAX_TITLE_CHARS,
                                   ("word " * MAX_TITLE_CHARS)[:MAX_TITLE_CHARS]])
def test_titles_up_to_the_cap_are_kept_whole(title: str | None) -> None:
    assert capped_title(title) == title


def test_a_longer_title_is_cut_at_the_last_word_that_fits() -> None:
    words = [f"w{i:03d}" for i in range(400)]  # 4 characters and a space each
    title = capped_title(" ".join(words))
    assert title is not None and len(title) <= MAX_TITLE_CHARS and title.endswith(" " + words[199] + "…")
    assert title.removesuffix("…").split() == words[:200]


@pytest.mark.parametrize(("title", "kept"), [("长" * 50_000, "长" * (MAX_TITLE_CHARS - 1)),
                                            ("新闻 " + "长" * 50_000, "新闻 " + "长" * (MAX_TITLE_CHARS - 4))],
                         ids=["one-word", "a-space-only-near-the-start"])
def test_a_word_longer_than_half_the_cap_is_cut_inside_the_word(title: str, kept: str) -> None:
    assert capped_title(title) == kept + "…"


def test_a_title_just_over_the_cap_keeps_its_first_words() -> None:
    title = "a " * (MAX_TITLE_CHARS // 2) + "tail"
    cut = capped_title(title)
    assert cut is not None and cut.endswith("a…") and len(cut) in (MAX_TITLE_CHARS - 1, MAX_TITLE_CHARS)


def test_an_article_built_from_a_feed_item_gets_the_same_cap() -> None:
    item = FeedItem(source_id="news", feed_url="https://news.example.org/feed", url="https://news.example.org/a",
                    title="storm " * 20_000, summary=" ".join(f"word{i}" for i in range(60)))
    title = article_from_feed_item(item).title
    assert title is not None and len(title) <= MAX_TITLE_CHARS and title.endswith("storm…")
