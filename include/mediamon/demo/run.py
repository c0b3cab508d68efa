"""`mediamon demo`: run one day on the bundled demo site, served on 127.0.0.1, fully offline."""
from __future__ import annotations

from pathlib import Path

from mediamon.settings import DEFAULT_DATA_DIR, Settings

DEMO_DELAY_S = 0.02  # the demo site is ours: no need to wait a second between its pages

EXAMPLE_QUERIES = (
    "SELECT country_code, count(*) AS articles FROM article_countries GROUP BY ALL ORDER BY articles DESC LIMIT 10;",
    "SELECT a.title, a.source_id, t.topic_label FROM articles a JOIN article_topics t USING (article_id) "
    "WHERE t.topic_code = 'medtop:07000000' LIMIT 10;",
)


def demo_settings(data_dir: Path, sources_path: Path) -> Settings:
    """Settings for the demo: a local site, so private hosts are allowed and the delay is short."""
    return Settings(sources_path=sources_path, db_path=data_dir / "mediamon.duckdb", data_dir=data_dir,
                    allow_private_hosts=True, host_delay_s=DEMO_DELAY_S)


def run_demo(data_dir: Path | None, run_date: str) -> str:
    """Serve the demo site, run the day, and say where the results are."""
    from mediamon.demo.site import serve_demo_site, write_demo_sources
    from mediamon.stages import run_day

    data_dir = Path(data_dir or DEFAULT_DATA_DIR / "demo")
    with serve_demo_site() as server:
        sources = write_demo_sources(server.base_url, data_dir / "demo_sources.yaml")
        counts = run_day(demo_settings(data_dir, sources), run_date)
    return summary(Path(counts["db"]), Path(counts["digest_index"]))


def summary(db: Path, digest_index: Path) -> str:
    """What the demo produced, and two queries to paste into duckdb."""
    lines = [f"Warehouse:     {db}", f"Digest index:  {digest_index}", "",
             f"Try:  duckdb -readonly {db}"]
    lines += [f"      {q}" for q in EXAMPLE_QUERIES]
    return "\n".join(lines)
