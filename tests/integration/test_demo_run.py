"""The bundled demo day (`mediamon demo`, what `make demo` runs through Airflow) loads every page cleanly."""
from __future__ import annotations

from pathlib import Path

import duckdb

from mediamon.demo.run import run_demo

DEMO = Path(__file__).resolve().parents[2] / "include" / "mediamon" / "demo"


def _article_pages() -> int:
    """Bundled article pages: every HTML file in the manifest except the Global Voices home page."""
    rows = (DEMO / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return sum(1 for row in rows if row.split("\t")[0].endswith(".html") and row.split("\t")[0] != "gv/home.html")


def test_demo_day_loads_every_bundled_page_and_quarantines_none(tmp_path: Path) -> None:
    out = run_demo(tmp_path, "2026-01-15")
    assert str(tmp_path / "mediamon.duckdb") in out
    with duckdb.connect(str(tmp_path / "mediamon.duckdb"), read_only=True) as con:
        articles, quarantined, two_letter = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quarantine), "
            "(SELECT count(*) FROM articles WHERE length(language) = 2)").fetchone()
    assert (articles, quarantined) == (_article_pages(), 0)
    assert two_letter == articles
