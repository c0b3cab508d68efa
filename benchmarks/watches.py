"""Watches' cost on a day's load: evaluating every watch of watches.yaml on a synthetic 5,000-article
day, and the load with and without the watch steps, against the load plus the day's digest.

    .venv/bin/python benchmarks/watches.py [--articles 5000] [--repeat 3] [--watches PATH]

Setup, not timed: benchmarks/warehouse.py's generator stages a run (countries, topics, sources, feeds,
fetch log, quarantine), then the articles are replaced by one day's worth of synthetic texts of 25-45
sentences each (about 3,500 characters; 75% English, 15% Russian, 5% Chinese, 5% French), a few
sentences of which name protests, elections, detained journalists or the South China Sea, and the
search index rows are staged. Timed, REPEAT rounds side by side in one process: every watch evaluated
in the validate stage (mediamon.watches.staging.stage_watches on enriched rows without matches: read the
clean article ids, read watches.yaml, evaluate, write both files), as before the enrich shards evaluated
them; the evaluation the enrich shards do (mediamon.watches.enriched.add_row_matches on every row; in the
pipeline this runs in the parallel mapped enrich tasks, off the serial path); validate's gathering of
those matches (stage_watches on the rows with their matches: both staged files checked equal, columns,
types and rows in order); the
load into a fresh DuckDB file with every step, and with the 21_watches steps left out; the day's digests
(build_digests) on the loaded file. Prints each round and the medians as JSON lines (the gathering also
in CPU seconds, less disturbed by other processes than the clock). The overhead on the
serial path validate -> load -> digest is (gathering + watch load steps) / (load without watches +
digest), goal <= 10% for watches and events together; overhead_percent_all_in_validate is the same with
every article evaluated in validate, and overhead_percent_by_load_difference uses the difference of the
two loads instead of the steps' own times (noisier). A fresh warehouse holds only this day, so the
denominator is smaller than on a warehouse with history: the percentages err high.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pycountry

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent / "include"))
sys.path.insert(0, str(BENCH_DIR))

import warehouse as warehouse_bench  # noqa: E402  (benchmarks/warehouse.py: the staged-run generator)

from mediamon.rundir import RunDir  # noqa: E402
from mediamon.settings import CONFIG_DIR  # noqa: E402
from mediamon.warehouse import load, read_sql  # noqa: E402
from mediamon.warehouse.search import stage_terms  # noqa: E402
from mediamon.watches.enriched import _watch_set, add_row_matches, watch_set  # noqa: E402
from mediamon.watches.staging import stage_watches  # noqa: E402

RUN_DATE = warehouse_bench.LAST_DAY
WATCH_STEPS_PREFIX = "21_watches"
SENTENCES = {
    "en": ["Officials said the talks would continue next week in the capital.",
           "The ministry published new figures on inflation and wages on Tuesday.",
           "Analysts expect the central bank to hold interest rates steady this quarter.",
           "The company said its quarterly revenue rose by eight percent.",
           "Heavy rain caused flooding in several districts, local authorities said.",
           "The team won its third match in a row after a late goal.",
           "Parliament is expected to vote on the budget before the end of the month.",
           "Doctors warned of a rise in respiratory infections this winter.",
           "The festival drew thousands of visitors to the old town over the weekend.",
           "Negotiators from both sides met behind closed doors for six hours.",
           "Exports of grain fell sharply compared with the same period last year.",
           "The court postponed the hearing until next month at the request of the defence."],
    "ru": ["Официальные лица заявили, что переговоры продолжатся на следующей неделе.",
           "Министерство опубликовало новые данные об инфляции и зарплатах.",
           "Аналитики ожидают, что центральный банк сохранит ставку без изменений.",
           "Сильные дожди вызвали наводнения в нескольких районах.",
           "Парламент проголосует за бюджет до конца месяца.",
           "Команда одержала третью победу подряд."],
    "zh": ["官员表示，会谈将于下周在首都继续举行。", "该部公布了有关通货膨胀和工资的新数据。",
           "分析人士预计央行本季度将维持利率不变。", "暴雨导致多个地区发生洪水。", "议会预计将在月底前就预算进行表决。"],
    "fr": ["Les responsables ont déclaré que les négociations reprendraient la semaine prochaine.",
           "Le ministère a publié de nouveaux chiffres sur l'inflation et les salaires.",
           "De fortes pluies ont provoqué des inondations dans plusieurs régions.",
           "Le Parlement doit voter le budget avant la fin du mois."],
}
EVENTS = {  # sentences the shipped watches look for, each in about 1% of articles
    "en": ["Hundreds of protesters rallied in Almaty against rising fuel prices.",
           "Voters in Kyrgyzstan head to the polls in a snap parliamentary election.",
           "Police detained two journalists who were covering the demonstration.",
           "Coast guard ships shadowed each other near the Scarborough Shoal in the South China Sea."],
    "ru": ["В Алматы прошёл митинг против роста цен на топливо.", "Журналиста задержали у здания суда."],
    "zh": ["南海局势再度紧张。"],
    "fr": ["Des journalistes ont été arrêtés lors de la manifestation."],
}
LANGUAGES = (("en", 0.75), ("ru", 0.15), ("zh", 0.05), ("fr", 0.05))


def synthetic_day(validated: Path, n: int, seed: int = 7) -> None:
    """Stage a run of n articles, then give every article one day's run_date and a realistic text."""
    warehouse_bench.stage(validated, n)
    rng = random.Random(seed)
    languages = rng.choices([code for code, _ in LANGUAGES], [w for _, w in LANGUAGES], k=n)
    texts = [_text(rng, lang) for lang in languages]
    path = str(validated / "articles.parquet")
    with duckdb.connect() as con:
        con.execute("CREATE TABLE a AS SELECT * FROM read_parquet($p)", {"p": path})
        con.execute("CREATE TABLE t AS SELECT unnest($ids) AS article_id, unnest($texts) AS text, unnest($langs) AS lang",
                    {"ids": [r[0] for r in con.execute("SELECT article_id FROM a ORDER BY article_id").fetchall()],
                     "texts": texts, "langs": languages})
        con.execute("UPDATE a SET text = t.text, language = t.lang, word_count = 500, run_date = $day, "
                    "first_seen_at = TIMESTAMPTZ '2025-12-31 06:00:00+00' FROM t WHERE a.article_id = t.article_id",
                    {"day": RUN_DATE})
        con.execute("COPY a TO $p (FORMAT parquet)", {"p": path})


def _text(rng: random.Random, lang: str) -> str:
    """25-45 sentences of one language, each sentence naming an event with a 1-in-100 chance."""
    pool, events = SENTENCES[lang], EVENTS[lang]
    joiner = "" if lang == "zh" else " "
    return joiner.join(rng.choice(events) if rng.random() < 0.01 else rng.choice(pool)
                       for _ in range(rng.randint(25, 45)))


def time_load(run_dir: Path, db: Path, *, with_watches: bool) -> tuple[float, dict[str, float]]:
    """Seconds to load the run into a fresh warehouse (without the watch steps if asked) and the step times."""
    db.unlink(missing_ok=True)
    every = load.LOAD_STEPS
    load.LOAD_STEPS = every if with_watches else [s for s in every if not s.startswith(WATCH_STEPS_PREFIX)]
    try:
        started = time.perf_counter()
        steps = load.load_staged(run_dir, db)["step_seconds"]
        return time.perf_counter() - started, steps
    finally:
        load.LOAD_STEPS = every


def time_digest(db: Path, out: Path) -> float:
    """Seconds to build the day's digests from the loaded warehouse."""
    from mediamon.digest import build_digests

    started = time.perf_counter()
    build_digests(db, RUN_DATE, out)
    return time.perf_counter() - started


def enriched_rows(validated: Path) -> list[dict]:
    """The staged articles as the enriched rows validate holds in memory when it stages the watches."""
    with duckdb.connect() as con:
        rows = con.execute(read_sql("queries/watch_staged_articles"), {"dir": str(validated)}).fetchall()
    return [{"article_id": r[0], "title": r[1], "text": r[2], "language": r[3], "source_id": r[4],
             "countries": [{"code": c} for c in r[5]], "topics": [{"code": t} for t in r[6]]} for r in rows]


def shard_evaluation(rows: list[dict], watches: Path) -> tuple[list[dict], float]:
    """Copies of the rows with their matches as the enrich shards add them, and the seconds that took
    (watches.yaml read afresh, as in a new shard task)."""
    copies = [dict(r) for r in rows]
    _watch_set.cache_clear()
    started = time.perf_counter()
    found = watch_set(watches)
    for row in copies:
        add_row_matches(row, found)
    return copies, time.perf_counter() - started


def timed_staging(run_dir: Path, watches: Path, rows: list[dict]) -> tuple[float, float, list[list[tuple]]]:
    """Seconds (by the clock and of CPU) validate takes to stage the watches from these rows (a fresh
    process: the file read afresh; on the DuckDB connection validate opens for its counts anyway, see
    quality.frames.finish_staging) and what it staged (staged_content)."""
    _watch_set.cache_clear()
    with duckdb.connect() as con:
        started, cpu = time.perf_counter(), time.process_time()
        files = stage_watches(RunDir(run_dir), RUN_DATE, watches, rows, con=con)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu, staged_content(files)


def staged_content(files: tuple[Path, ...]) -> list[list[tuple]]:
    """Each staged file's columns with their types, then its rows in file order."""
    with duckdb.connect() as con:
        return [con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($p))",
                            {"p": str(path)}).fetchall() + con.execute("SELECT * FROM read_parquet($p)",
                                                                       {"p": str(path)}).fetchall()
                for path in files]


def measure(run_dir: Path, work: Path, watches: Path, rows: list[dict]) -> dict[str, float]:
    """One side-by-side round: every article evaluated in the validate stage (as before the shards evaluated
    them), in the enrich shards plus validate's gathering, load with and without the watch steps, digest."""
    serial, _, before = timed_staging(run_dir, watches, rows)
    evaluated_rows, in_shards = shard_evaluation(rows, watches)
    gathering, gathering_cpu, after = timed_staging(run_dir, watches, evaluated_rows)
    if before != after:
        raise SystemExit("the watches staged from the shards' matches differ from those evaluated in validate")
    without, _ = time_load(run_dir, work / "without.duckdb", with_watches=False)
    with_, steps = time_load(run_dir, work / "with.duckdb", with_watches=True)
    digest = time_digest(work / "with.duckdb", work / "digests")
    return {"evaluation_seconds_in_enrich_shards": in_shards, "gathering_seconds_in_validate": gathering,
            "gathering_cpu_seconds_in_validate": gathering_cpu,
            "evaluation_seconds_all_in_validate": serial, "load_seconds_with_watches": with_,
            "load_seconds_without_watches": without, "watch_load_steps_seconds":
            sum(v for k, v in steps.items() if k.startswith(WATCH_STEPS_PREFIX)), "digest_seconds": digest}


def overheads(r: dict[str, float]) -> dict[str, float]:
    """The watches' share of load + digest: validate's gathering plus the watch load steps (the serial path),
    and for comparison every article evaluated in validate."""
    base = r["load_seconds_without_watches"] + r["digest_seconds"]
    return {"overhead_percent": round(100 * (r["gathering_seconds_in_validate"] + r["watch_load_steps_seconds"]) / base, 1),
            "overhead_percent_by_load_difference": round(100 * (
                r["gathering_seconds_in_validate"] + r["load_seconds_with_watches"] - r["load_seconds_without_watches"])
                / base, 1),
            "overhead_percent_all_in_validate": round(
                100 * (r["evaluation_seconds_all_in_validate"] + r["watch_load_steps_seconds"]) / base, 1)}


def main() -> int:
    """Stage a synthetic day, measure REPEAT rounds, print each round and the medians as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--watches", type=Path, default=CONFIG_DIR / "watches.yaml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run_dir = work / "runs" / RUN_DATE / "bench"
        synthetic_day(run_dir / "validated", args.articles)
        stage_terms(run_dir / "validated")
        rows = enriched_rows(run_dir / "validated")
        pycountry.countries.get(alpha_2="KZ")  # loaded by the validate stage's suites before it stages watches
        pycountry.languages.get(alpha_2="en")
        rounds = []
        for number in range(1, args.repeat + 1):
            figures = measure(run_dir, work, args.watches, rows)
            rounds.append({**{k: round(v, 3) for k, v in figures.items()}, **overheads(figures)})
            print(json.dumps({"round": number, **rounds[-1]}))
        with duckdb.connect(str(work / "with.duckdb"), read_only=True) as con:
            matches = dict(con.execute("SELECT watch_name, count(*) FROM watch_matches GROUP BY ALL ORDER BY 1").fetchall())
    median = {key: round(statistics.median(r[key] for r in rounds), 3) for key in rounds[0]}
    print(json.dumps({"median_of": args.repeat, "articles": args.articles, **median, "matches": matches,
                      "evaluation_runs_in": "enrich shards (parallel mapped tasks); validate only gathers"},
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
