"""Staged files hold whatever outside text a stage passes on: a lone surrogate (a JSON-LD "\\ud800" escape decodes
to one) is written as U+FFFD instead of failing the write of the whole stage's file."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from mediamon.extract.article import extract_article
from mediamon.rundir import RunDir, read_json, read_jsonl, write_json, write_jsonl
from tests.support.hostile_inputs import article_paragraphs, html_page

SURROGATE_JSONLD = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour \\ud800 reopens",'
                    '"author":{"name":"Ann \\udfff Lee"}}</script>')


def test_rows_with_lone_surrogates_are_written_and_read_back_with_replacement_characters(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "rows.jsonl", [{"title": "a \ud800 b", "n": 1}, {"title": "plain \U0001f600"}])
    assert list(read_jsonl(path)) == [{"title": "a \ufffd b", "n": 1}, {"title": "plain \U0001f600"}]


def test_a_json_document_with_a_lone_surrogate_is_written(tmp_path: Path) -> None:
    assert read_json(write_json(tmp_path / "doc.json", {"k": ["\udc00"]})) == {"k": ["\ufffd"]}


def test_an_article_whose_json_ld_holds_a_lone_surrogate_is_staged(tmp_path: Path) -> None:
    page = html_page(f"<article><h1>Harbour</h1>{article_paragraphs()}</article>", head=SURROGATE_JSONLD, title="t")
    article = extract_article(page, "https://news.example.org/news/harbour-reopens")
    run = RunDir.new(tmp_path, "2026-03-05", "run-1")
    [row] = read_jsonl(write_jsonl(run.extracted("shard-00"), [dataclasses.asdict(article)]))
    assert "\ufffd" in row["title"] + (row["author"] or "")
    assert row["text"] == article.text
