"""Red-team outside text through a real digest build, eighth round: one day's articles whose title, author and text
hold `</script>`, a Jinja expression, Markdown table pipes and code spans, a javascript: link, a heading, U+202E, a
zero-width joiner and a NUL, 10,000 characters long, from a source of the same name, matched by a watch whose
description is the same. These held: every JSON file reads back, every Markdown table keeps its columns, no page
gains a tag, a javascript: link or a control character."""
from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from mediamon import warehouse
from mediamon.digest.build import build_digests
from mediamon.warehouse.maintenance import rebuild_day_summaries
from tests.integration.digest_warehouse import END, fill_warehouse

DAY = END + timedelta(days=1)
HOSTILE = ("</script><script>alert(1)</script> {{ 7*7 }} | a | `x|y` [x](javascript:alert(1)) \u202eevil\u200d "
           "# h \x00nul " + "T" * 10_000)
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def day_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The digests of DAY: three articles of the hostile text about KZ, from a source and a watch named by it."""
    tmp = tmp_path_factory.mktemp("round8-digest")
    db = fill_warehouse(tmp / "wh.duckdb").db_path
    seen = datetime(DAY.year, DAY.month, DAY.day, 8, tzinfo=timezone.utc)
    with warehouse.connect(db) as con:
        con.execute("UPDATE sources SET name = ? WHERE source_id = 'wire'", [HOSTILE])
        for i in range(3):
            con.execute("INSERT INTO articles (article_id, url, source_id, title, published_at, date_source, "
                        "language, language_confidence, text, word_count, text_source, method, first_seen_at, "
                        "story_id, run_date, loaded_at, event_id, author) VALUES (?, ?, 'wire', ?, ?, 'meta', 'en', "
                        "0.9, ?, 60, 'page', 'x', ?, ?, ?, ?, ?, ?)",
                        [f"h{i}", f"https://wire.example/h{i}?q=</script>", HOSTILE, seen, "text " + HOSTILE, seen,
                         HOSTILE, DAY, seen, HOSTILE, HOSTILE])
            con.execute("INSERT INTO article_countries (article_id, country_code, mentions, is_focus, spans) "
                        "VALUES (?, 'KZ', 1, true, NULL)", [f"h{i}"])
        con.execute("UPDATE watches SET description = ? WHERE name = 'kz-protests'", [HOSTILE])
        warehouse.rebuild_key_day_counts(con)
        rebuild_day_summaries(con)
    build_digests(db, DAY.isoformat(), tmp / "digests")
    shutil.rmtree(tmp / "digests" / END.isoformat(), ignore_errors=True)
    return tmp / "digests" / DAY.isoformat()


def files(day_dir: Path, suffix: str) -> list[Path]:
    """The day's files ending in suffix."""
    found = sorted(p for p in day_dir.rglob(f"*{suffix}") if p.is_file())
    assert found, suffix
    return found


def test_the_kz_page_carries_the_hostile_title_as_text(day_dir: Path) -> None:
    assert "T" * 10_000 in (day_dir / "country" / "KZ.json").read_text(encoding="utf-8")
    page = (day_dir / "country" / "KZ.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in page and "&lt;/script&gt;&lt;script&gt;alert(1)" in page


def test_every_json_file_reads_back(day_dir: Path) -> None:
    for path in files(day_dir, ".json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_no_html_page_gains_a_script_a_javascript_link_or_a_control(day_dir: Path) -> None:
    for path in files(day_dir, ".html"):
        page = path.read_text(encoding="utf-8")
        assert "<script" not in page.lower() and "alert(1)</script>" not in page, path.name
        assert not any(href.lower().startswith("javascript:") for href in re.findall(r'href="([^"]*)"', page))
        assert not CONTROLS.search(page), path.name


def test_every_markdown_table_keeps_its_columns_and_no_markup_comes_through(day_dir: Path) -> None:
    reader = MarkdownIt("commonmark").enable("table")
    for path in files(day_dir, ".md"):
        text = path.read_text(encoding="utf-8")
        html = reader.render(text)
        assert "<script" not in html and 'href="javascript' not in html, path.name
        assert not CONTROLS.search(text), path.name
        for table in re.findall(r"<table>(.*?)</table>", html, re.S):
            widths = {len(re.findall(r"<t[dh]", row)) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)}
            assert len(widths) == 1, (path.name, widths)
