"""The demo's runs: replay the bundled site day by day (mediamon.demo.replay) into one data directory.

Reads the bundled site; writes the warehouse, runs and digests under the data directory, plus
`demo_site.json` (the base URL its article URLs hold) and `digests/note.json` (what the digests should
say about the replay). `mediamon demo` runs every day in-process; `make demo` (scripts/airflow_demo.sh)
runs the history days here and the last day through Airflow:

    python -m mediamon.demo.run history --data-dir data/demo --date 2026-01-15 --history-days 28
    python -m mediamon.demo.run pending --data-dir data/demo --date 2026-01-15   # exit 0: not loaded yet
    python -m mediamon.demo.run summary --data-dir data/demo --date 2026-01-15
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from mediamon.demo.replay import DEFAULT_HISTORY_DAYS, replay_calendar, replay_days, replay_note
from mediamon.digest.wording import plural
from mediamon.errors import ConfigError, MediamonError
from mediamon.settings import DEFAULT_DATA_DIR, Settings

logger = logging.getLogger(__name__)

DEMO_DELAY_S = 0.02  # the demo site is ours: no need to wait a second between its pages
DEMO_DATE = "2026-01-15"
DEFAULT_PORT = 8765  # fixed, so article URLs (which hold the port) are the same on every run
DEMO_DATA_DIR = DEFAULT_DATA_DIR / "demo"
SITE_RECORD = "demo_site.json"

EXAMPLE_QUERIES = (
    "SELECT country_code, count(*) AS articles FROM article_countries GROUP BY ALL ORDER BY articles DESC LIMIT 10",
    "SELECT day, articles, baseline, round(z, 1) AS z, spike FROM key_daily WHERE key = 'MX' ORDER BY day",
)


def demo_settings(data_dir: Path, sources_path: Path) -> Settings:
    """Settings for the demo: a local site, so private hosts are allowed and the delay is short."""
    return Settings(sources_path=sources_path, db_path=data_dir / "mediamon.duckdb", data_dir=data_dir,
                    allow_private_hosts=True, host_delay_s=DEMO_DELAY_S)


def demo_port(env: dict[str, str] | None = None) -> int:
    """DEMO_PORT, else the fixed demo port."""
    value = (os.environ if env is None else env).get("DEMO_PORT") or str(DEFAULT_PORT)
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ConfigError(f"DEMO_PORT={value!r} is not a port number (1-65535)")
    return int(value)


def check_base_url(data_dir: Path, base_url: str) -> None:
    """Refuse a base URL other than the one the data directory was loaded with (its URLs would be new)."""
    record = data_dir / SITE_RECORD
    if record.is_file():
        known = json.loads(record.read_text(encoding="utf-8"))["base_url"]
        if known != base_url:
            raise ConfigError(f"{data_dir} holds the demo loaded from {known}; serving it from {base_url} would load "
                              f"every article again under new URLs. Use the same port (DEMO_PORT), or another "
                              f"MEDIAMON_DATA_DIR, or delete {data_dir} first")
        return
    if (data_dir / "mediamon.duckdb").is_file():
        raise ConfigError(f"{data_dir} holds a demo loaded before the replay, from a port it did not record; "
                          f"delete {data_dir} (make clean) and run the demo again")
    data_dir.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"base_url": base_url}) + "\n", encoding="utf-8")


def loaded_days(db: Path) -> set[str]:
    """Run dates the warehouse already holds a run of (none when it does not exist yet; WarehouseError when the file
    is no warehouse or cannot be read, so a day is never replayed into it)."""
    from mediamon.warehouse.query import loaded_run_dates

    return loaded_run_dates(db)


def write_note(data_dir: Path, last_day: date, history_days: int) -> Path:
    """Write digests/note.json: the replay's note for the digests to show."""
    path = data_dir / "digests" / "note.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(replay_note(last_day, history_days), indent=1) + "\n", encoding="utf-8")
    return path


@contextmanager
def replay_site(data_dir: Path, last_day: date, history_days: int, port: int) -> Iterator:
    """The demo site on 127.0.0.1:port replaying the calendar, with the sources file written for it."""
    from mediamon.demo.site import Replay, serve_demo_site, write_demo_sources

    replay = Replay(replay_calendar(last_day, history_days), last_day)
    with serve_demo_site(port=port, replay=replay) as server:
        check_base_url(data_dir, server.base_url)
        write_demo_sources(server.base_url, data_dir / "demo_sources.yaml")
        yield server


def run_days(data_dir: Path, last_day: date, history_days: int, *, port: int, include_last: bool) -> list[str]:
    """Run every replay day not loaded yet (the last one only if include_last); returns the days run."""
    from mediamon.stages import run_day

    days = replay_days(last_day, history_days)
    wanted = days if include_last else days[:-1]
    done = loaded_days(data_dir / "mediamon.duckdb")
    todo = [d for d in wanted if str(d) not in done]
    write_note(data_dir, last_day, history_days)
    with replay_site(data_dir, last_day, history_days, port) as server:
        settings = demo_settings(data_dir, data_dir / "demo_sources.yaml")
        for day in todo:
            server.replay.day = day
            counts = run_day(settings, str(day))
            logger.info("demo day=%s new_articles=%s", day, counts.get("new_articles"))
    logger.info("demo days=%s run=%s already_loaded=%s", len(wanted), len(todo), len(wanted) - len(todo))
    return [str(d) for d in todo]


def run_demo(data_dir: Path | None, run_date: str = DEMO_DATE, *, history_days: int = DEFAULT_HISTORY_DAYS,
             port: int | None = None) -> str:
    """Replay every day in-process (days already loaded are skipped), and say where the results are."""
    data_dir = Path(data_dir or DEMO_DATA_DIR)
    ran = run_days(data_dir, date.fromisoformat(run_date), history_days,
                   port=demo_port() if port is None else port, include_last=True)
    return summary(data_dir, run_date, ran=ran)


def summary(data_dir: Path, run_date: str, *, ran: list[str] | None = None) -> str:
    """What the demo produced, its spikes, and two queries to try with `mediamon query`."""
    db, index = data_dir / "mediamon.duckdb", data_dir / "digests" / run_date / "index.html"
    lines = [f"Warehouse:     {db}", f"Digest index:  {index}"]
    if ran is not None:
        lines.append(f"Days run now:  {len(ran)}" + (" (every day was loaded already)" if not ran else ""))
    lines.append(f"Spikes on {run_date}: {', '.join(spikes(data_dir, run_date)) or 'none'}")
    lines += ["", "Try (read-only):"]
    lines += [f'  MEDIAMON_DB={db} mediamon query "{q}"' for q in EXAMPLE_QUERIES]
    return "\n".join(lines)


def spikes(data_dir: Path, run_date: str) -> list[str]:
    """The day's spiking countries and topics, highest z first, from its digest summary ('Mexico (MX, 6 articles,
    z 5.1)')."""
    path = data_dir / "digests" / run_date / "summary.json"
    if not path.is_file():
        return []
    found = json.loads(path.read_text(encoding="utf-8"))
    rows = found.get("spikes") or [row for kind in ("country", "topic") for row in found.get(kind, []) if row.get("spike")]
    return [f"{row['label']} ({'' if row['label'] == row['key'] else row['key'] + ', '}"
            f"{plural(row['articles'], 'article')}, z {row['z']:.1f})" for row in rows]


LOADED_ALREADY = 3  # `pending`'s exit code when the day is loaded (1 is Python's own, for a crash)


def main(argv: list[str] | None = None) -> int:
    """Command line for scripts/airflow_demo.sh: history, pending (0: the last day is still to run,
    LOADED_ALREADY: it is loaded) or summary; any other exit code is an error."""
    parser = argparse.ArgumentParser(prog="python -m mediamon.demo.run", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("history", "pending", "summary"))
    parser.add_argument("--data-dir", type=Path, default=DEMO_DATA_DIR)
    parser.add_argument("--date", default=DEMO_DATE, type=date.fromisoformat, help="the last replay day")
    parser.add_argument("--history-days", type=int, default=DEFAULT_HISTORY_DAYS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        if args.action == "history":
            ran = run_days(args.data_dir, args.date, args.history_days, port=demo_port(), include_last=False)
            print(f"History: {len(ran)} of {args.history_days} days replayed now (the rest were loaded already)")
        elif args.action == "pending":
            return LOADED_ALREADY if str(args.date) in loaded_days(args.data_dir / "mediamon.duckdb") else 0
        else:
            print(summary(args.data_dir, str(args.date)))
    except MediamonError as err:
        print(f"demo: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
