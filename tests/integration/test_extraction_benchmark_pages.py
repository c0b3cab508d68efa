"""Regression tests on the benchmark pages trafilatura alone gets wrong (read from ../shared, not copied)."""
from __future__ import annotations

import gzip
import importlib.util
import json
import re
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from mediamon.extract.article import extract_article
from mediamon.records import Article

RUN_DATE = date(2026, 1, 1)
TITLES_TSV = Path(__file__).resolve().parents[1] / "data" / "extraction_titles.tsv"


def _words(text: str | None) -> list[str]:
    """Lower-cased words of a title or author field (quotes, dashes and spacing do not count)."""
    return re.findall(r"\w+", (text or "").lower())


@pytest.fixture(scope="module")
def bench(shared_dir: Path) -> Path:
    """The extraction benchmark folder of ../shared."""
    return shared_dir / "benchmarks" / "extraction"


@pytest.fixture(scope="module")
def scorer(bench: Path) -> ModuleType:
    """The benchmark's own scorer (evaluate.py), for its page_scores metric."""
    spec = importlib.util.spec_from_file_location("extraction_evaluate", bench / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page(bench: Path, prefix: str) -> tuple[str, str, str]:
    """(html, url, true body) of the benchmark page whose id starts with prefix."""
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    page_id = next(k for k in truth if k.startswith(prefix))
    with gzip.open(bench / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as f:
        return f.read(), truth[page_id]["url"], truth[page_id]["articleBody"]


def _extract(bench: Path, prefix: str) -> tuple[Article, str]:
    html, url, body = _page(bench, prefix)
    return extract_article(html, url, run_date=RUN_DATE), body


@pytest.mark.parametrize(("prefix", "method"), [
    ("d48aeb9c", "readability"),  # wired.com: ad rows split the body, trafilatura keeps a third
    ("2f42ef1d", "readability"),  # wired.com, second page of the same template
    ("f8ff621a", "readability"),  # barrons.com: trafilatura picks the reprint notice
    ("fde930b0", "trafilatura"),  # businessinsider.com: the body must not be joined with its copies
    ("042bb7b5", "trafilatura"),  # wsj.com paywall template: only the free paragraphs
])
def test_hard_page_body_scores_high(bench: Path, scorer: ModuleType, prefix: str, method: str) -> None:
    article, body = _extract(bench, prefix)
    assert article.method == method
    assert scorer.page_scores(body, article.text)["f1"] >= 0.9


@pytest.mark.parametrize(("prefix", "language", "day", "source"), [
    ("0ec95c72", "ko", "2018-08-25", "time"),  # entermedia.co.kr: date only as text under the headline
    ("f6ac15a4", "pt", "2018-10-05", "time"),  # jaraguadosul.com.br: dd/mm/yyyy under a <p class=titulo>
    ("57b4dafd", "de", "2018-09-25", "time"),  # blog.comwrap.com: "publiziert am 25. September 2018"
])
def test_non_english_page_language_and_date(bench: Path, prefix: str, language: str, day: str, source: str) -> None:
    article, _ = _extract(bench, prefix)
    assert article.language == language
    assert article.published_at is not None and article.published_at.date().isoformat() == day
    assert article.date_source == source


def test_page_with_only_comment_dates_gets_no_date(bench: Path) -> None:
    reference = json.loads((bench / "dates-reference.json").read_text(encoding="utf-8"))["pages"]
    undated = next(k for k, v in reference.items() if v["date"] is None)
    article, _ = _extract(bench, undated)
    assert (article.published_at, article.date_source) == (None, None)


def test_late_evening_story_keeps_the_url_day(bench: Path) -> None:
    article, _ = _extract(bench, "06e5123e")  # venturebeat.com: JSON-LD says 07:03 UTC the next day
    assert (article.published_at.date().isoformat(), article.date_source) == ("2019-11-18", "url")


@pytest.mark.parametrize(("prefix", "title"), [
    ("5fa3154e", "The Guardian view on Hong Kong: a city on the brink"),  # og:title ends "| Editorial"
    ("21486419", "Jangan Membenci Satu Kaum Secara Berlebihan"),  # the only h1 is the site's logo
    ("70cb2d5b", "Taylor Swift is allowed to play her music at the AMAs after all"),  # og:title reworded
    ("680c2848", "The Early Reviews For Google's Stadia Gaming Platform Are Here — And They're Not Great"),  # h1 is another story
])
def test_title_is_the_visible_headline(bench: Path, prefix: str, title: str) -> None:
    article, _ = _extract(bench, prefix)
    assert article.title == title


def test_titles_and_authors_match_the_reference_file(bench: Path) -> None:
    rows = [line.split("\t") for line in TITLES_TSV.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")][1:]
    titles = authors = authored = 0
    for page_id, title, author in rows:
        article, _ = _extract(bench, page_id)
        titles += _words(article.title) == _words(title)
        if author:
            authored += 1
            authors += set(_words(article.author)) == set(_words(author))
    assert titles / len(rows) >= 0.95 and authors / authored >= 0.9
