"""The `mediamon` command line: run a day, extract one page, print digests, check sources, demo."""
from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from mediamon import days
from mediamon import settings as configured
from mediamon.errors import MediamonError
from mediamon.settings import Settings, check_paths, is_db_configured, reading_db_path, settings_from_env
from mediamon.text.terminal import terminal_columns, terminal_json, terminal_text

logger = logging.getLogger("mediamon")
MAX_CELL_CHARS = 80  # the widest column a table prints; longer values are cut and marked
CUT_MARK = "…"
MAX_QUERY_ROWS = 100_000  # rows `mediamon query` prints; all of them were held in memory (5 million rows: 2.9 GB)
MAX_ERROR_HEAD, MAX_ERROR_TAIL = 700, 300  # characters kept of an error line's start and end (its hint)
JSON_STRING_OR_NOT_FINITE_RE = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')  # a string of JSON text, or a
# constant json.dumps writes for a float that is NaN or infinite (only outside strings)
MAX_TRIAL_DAYS = 100_000  # `watch test --days`: more than every run date since 1990; past 2^31 DuckDB refused it
READ_DB_HELP = ("DuckDB warehouse to read (default: $MEDIAMON_DB, else <$MEDIAMON_DATA_DIR>/mediamon.duckdb, else "
                "data/mediamon.duckdb, or the demo's when only that one exists)")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stderr)
    try:
        code = args.func(args) or 0
        sys.stdout.flush()  # a reader that closed the pipe is found here, not at exit
        return code
    except BrokenPipeError:  # `mediamon query ... | head -1`: the reader has what it wanted; end quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except MediamonError as err:
        print(error_text(f"mediamon: {err}"), file=sys.stderr)
        return 2
    except OSError as err:  # a full disk or an unreadable file: the message names the path
        print(error_text(f"mediamon: {err}"), file=sys.stderr)
        return 2
    except duckdb.Error as err:  # a damaged warehouse file that opened but cannot be read
        from mediamon.warehouse import first_line

        print(error_text(f"mediamon: the warehouse could not be read ({first_line(err)}); check the --db file, or "
                         "restore it from a backup"), file=sys.stderr)
        return 2


def error_text(message: str) -> str:
    """An error message as the terminal should show it: each line with the characters a terminal acts on (escape
    sequences, BEL, bidi overrides: a title quoted by a failed query holds them) as U+FFFD, and its middle cut
    when it is long (DuckDB quotes a 100 kB query whole), saying how much was left out."""
    return "\n".join(_error_line(terminal_columns(line)) for line in message.split("\n"))


def _error_line(line: str) -> str:
    """One line of an error message; past MAX_ERROR_HEAD + MAX_ERROR_TAIL characters, its start and end only."""
    left_out = len(line) - MAX_ERROR_HEAD - MAX_ERROR_TAIL
    if left_out <= 0:
        return line
    return f"{line[:MAX_ERROR_HEAD]} … ({left_out:,} characters left out) … {line[-MAX_ERROR_TAIL:]}"


def _parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="mediamon", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log each stage's summary to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="one daily cycle in-process (the same functions the DAGs call)")
    _common(run)
    run.add_argument("--date", default=days.today().isoformat(), type=_day,
                     help="day to process (YYYY-MM-DD, from 1990-01-01 to tomorrow; default: today in UTC)")
    run.add_argument("--from-warc", type=Path, help="re-process from WARC files (a file or folder): no network")
    run.add_argument("--refresh", action="store_true", help="download articles already in the warehouse again")
    run.set_defaults(func=cmd_run)

    poll = sub.add_parser("poll", help="one feed-polling pass: read the feeds that are due, stage new items")
    _common(poll)
    poll.set_defaults(func=cmd_poll)

    ext = sub.add_parser("extract", help="extract and enrich one page; prints JSON")
    ext.add_argument("target", help="an HTML file or an http(s) URL")
    ext.add_argument("--url", help="the page's URL when TARGET is a file")
    ext.add_argument("--allow-private-hosts", action="store_true")
    ext.set_defaults(func=cmd_extract)

    dig = sub.add_parser("digest", help="print one country or topic digest")
    dig.add_argument("--db", type=Path, help=READ_DB_HELP)
    dig.add_argument("--date", required=True, type=_day, help="run date (YYYY-MM-DD)")
    group = dig.add_mutually_exclusive_group()
    group.add_argument("--country")
    group.add_argument("--topic")
    dig.add_argument("--format", choices=["md", "html", "json"], default="md")
    dig.set_defaults(func=cmd_digest)

    src = sub.add_parser("sources", help="registry tools")
    src_sub = src.add_subparsers(dest="sources_command", required=True)
    check = src_sub.add_parser("check", help="fetch and parse every feed; print status per feed")
    _common(check)
    check.add_argument("--json", action="store_true", help="print a JSON list")
    check.set_defaults(func=cmd_sources_check)

    query = sub.add_parser("query", help="run one SQL query on the warehouse (read-only, no other files); "
                                         "prints a table")
    query.add_argument("sql")
    query.add_argument("--db", type=Path, help=READ_DB_HELP)
    query.add_argument("--json", action="store_true", help="print a JSON list of rows, every value whole")
    query.set_defaults(func=cmd_query)

    exp = sub.add_parser("export", help="write one day's articles, countries and topics as Parquet")
    exp.add_argument("--db", type=Path, help=READ_DB_HELP)
    exp.add_argument("--date", required=True, type=_day, help="run date to export (YYYY-MM-DD)")
    exp.add_argument("--data-dir", type=Path, help="files go to <data-dir>/export/<table>/run_date=<date>/ "
                     "(default: $MEDIAMON_DATA_DIR, else the warehouse's folder)")
    exp.set_defaults(func=cmd_export)

    srch = sub.add_parser("search", help="full-text search over titles and texts (read-only); prints a table")
    srch.add_argument("query", nargs="?", help="words to find (every word must occur unless --any)")
    srch.add_argument("--db", type=Path, help=READ_DB_HELP)
    srch.add_argument("--limit", type=int, default=20)
    srch.add_argument("--any", action="store_true", help="an article matching any of the words is a hit")
    srch.add_argument("--mode", choices=["auto", "words", "substring"], default="auto",
                      help="words: the BM25 index; substring: plain text match; auto: words, else substring")
    srch.add_argument("--since", type=_day, help="first run date (YYYY-MM-DD)")
    srch.add_argument("--until", type=_day, help="last run date (YYYY-MM-DD)")
    srch.add_argument("--country", help="only articles tagged with this ISO 3166-1 alpha-2 code")
    srch.add_argument("--json", action="store_true", help="print a JSON list")
    srch.add_argument("--reindex", action="store_true", help="rebuild the search index from every article first")
    srch.set_defaults(func=cmd_search)

    _watch_parser(sub)

    quar = sub.add_parser("quarantine", help="list or replay quarantined records")
    quar_sub = quar.add_subparsers(dest="quarantine_command", required=True)
    qlist = quar_sub.add_parser("list", help="quarantined records with their reasons")
    qreplay = quar_sub.add_parser("replay", help="re-run a day's quarantined records after a fix")
    _common(qreplay)
    qlist.add_argument("--db", type=Path, help=READ_DB_HELP)
    for p in (qlist, qreplay):
        p.add_argument("--date", required=p is qreplay, type=_day, help="run date (YYYY-MM-DD)")
        p.add_argument("--stage", help="only this stage (feed_items, fetch, extract, enrich, articles)")
    qlist.set_defaults(func=cmd_quarantine_list)
    qreplay.set_defaults(func=cmd_quarantine_replay)

    demo = sub.add_parser("demo", help="the main job on the bundled demo site, offline, replayed day by day")
    demo.add_argument("--data-dir", type=Path)
    demo.add_argument("--date", default="2026-01-15", type=_day, help="the replay's last day")
    demo.add_argument("--history-days", type=int, default=28, help="days replayed before --date (default 28)")
    demo.add_argument("--port", type=_port, help="the demo site's port, 1-65535 (default DEMO_PORT, else 8765)")
    demo.set_defaults(func=cmd_demo)
    return parser


def _watch_parser(sub: argparse._SubParsersAction) -> None:
    """`mediamon watch test|list`: try a query on the warehouse, list the configured watches."""
    watch = sub.add_parser("watch", help="saved searches (watches.yaml): try a query, list the watches")
    watch_sub = watch.add_subparsers(dest="watch_command", required=True)
    trial = watch_sub.add_parser("test", help="what a query would have matched in the warehouse (read-only)")
    trial.add_argument("query", help='a Boolean query, e.g. \'protest* (almaty OR astana) NOT football\'')
    trial.add_argument("--days", type=int, default=7, help="the N days up to the latest day the warehouse holds (default 7)")
    for name, example in (("country", "KZ"), ("topic", "politics"), ("language", "ru"), ("source", "tass")):
        trial.add_argument(f"--{name}", nargs="+", action="extend", default=[], metavar=example.upper(),
                           help=f"only articles with one of these {name} values (e.g. {example})")
    trial.add_argument("--limit", type=int, default=20, help="matches to print (default 20)")
    trial.add_argument("--db", type=Path, help=READ_DB_HELP)
    trial.add_argument("--json", action="store_true", help="print a JSON list")
    trial.set_defaults(func=cmd_watch_test)
    listing = watch_sub.add_parser("list", help="the configured watches with their matches of the last 28 days")
    listing.add_argument("--watches", type=Path, help="watches file (default: $MEDIAMON_WATCHES or the shipped one)")
    listing.add_argument("--db", type=Path, help=READ_DB_HELP)
    listing.set_defaults(func=cmd_watch_list)


def _day(value: str) -> str:
    """An argparse type: a day as YYYY-MM-DD within the accepted range (a usage error otherwise)."""
    from mediamon.days import check_day
    from mediamon.errors import ConfigError

    try:
        return check_day(value)
    except ConfigError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _port(value: str) -> int:
    """An argparse type: a TCP port number, 1-65535 (a usage error otherwise)."""
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1-65535)")
    return int(value)


def _common(parser: argparse.ArgumentParser) -> None:
    """Options shared by commands that read sources and write a warehouse."""
    parser.add_argument("--sources", type=Path, help="sources file (default: the shipped registry)")
    parser.add_argument("--sources-overlay", type=Path, metavar="FILE",
                        help="your overlay on the registry: more outlets, enable/disable selectors "
                             "(default: $MEDIAMON_SOURCES_OVERLAY)")
    parser.add_argument("--db", type=Path, help="DuckDB warehouse file")
    parser.add_argument("--data-dir", type=Path, help="where runs, WARC files and digests are written")
    parser.add_argument("--allow-private-hosts", action="store_true",
                        help="allow loopback and private addresses (refused by default)")


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment, overridden by the command line."""
    base = settings_from_env()
    data_dir = getattr(args, "data_dir", None)
    db = getattr(args, "db", None) or (data_dir / "mediamon.duckdb" if data_dir else None)
    return check_paths(base.with_overrides(
        sources_path=getattr(args, "sources", None), sources_overlay_path=getattr(args, "sources_overlay", None),
        db_path=db, data_dir=data_dir,
        allow_private_hosts=True if getattr(args, "allow_private_hosts", False) else None,
        replay_warc=getattr(args, "from_warc", None),
        refresh=True if getattr(args, "refresh", False) else None))


def cmd_run(args: argparse.Namespace) -> int:
    """mediamon run."""
    from mediamon.stages import run_day
    from mediamon.storage.shared import shared_task

    settings = _settings(args)
    if settings.replay_warc is not None:
        _check_warc_archive(settings.replay_warc)
    with shared_task(settings, "run", outputs=["digests", "gx_docs"]) as t:  # pushed when MEDIAMON_DATA_URL is set
        counts = run_day(settings, args.date)
        t.ref(counts["run_dir"])
    print(json.dumps(counts, indent=1))
    return 0


def _check_warc_archive(path: Path) -> None:
    """ConfigError unless path is a WARC file, or a folder holding *.warc.gz files, whose first record reads."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from mediamon.errors import ConfigError
    from mediamon.fetch.replay import warc_files

    if not path.exists():
        raise ConfigError(f"--from-warc {path} does not exist: give a WARC file or a folder of *.warc.gz files "
                          "(a run's runs/ folder)")
    if not (files := warc_files(path)):
        raise ConfigError(f"--from-warc {path} holds no *.warc.gz file: give a WARC file or a folder of them")
    for warc in files:
        try:
            with warc.open("rb") as stream:
                next(iter(ArchiveIterator(stream)), None)
        except ArchiveLoadFailed:
            raise ConfigError(f"--from-warc {warc} is not a WARC file: give a WARC file (.warc.gz) or a folder "
                              "of them") from None


def cmd_poll(args: argparse.Namespace) -> int:
    """mediamon poll: what the feed_poll DAG runs every 15 minutes."""
    from dataclasses import asdict

    from mediamon.discover.polling import poll_once

    summary = poll_once(_settings(args))
    print(json.dumps(asdict(summary), indent=1, default=str))
    failed = summary.errors + summary.refused
    if summary.feeds_due and failed == summary.feeds_due:  # as `run` stops when all its feeds failed
        refused = (f", {summary.refused} refused by the settings: a private address needs --allow-private-hosts"
                   if summary.refused else "")
        print(f"mediamon: poll: all {failed} due feeds failed ({summary.errors} errors{refused}); with no refusal, "
              "the network or the sources are down (-v logs each feed's reason)", file=sys.stderr)
        return 2
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    """mediamon extract FILE_OR_URL."""
    from mediamon.extract.page import extract_one

    scheme, sep, _ = args.target.partition("://")
    if sep and scheme.isascii() and scheme.isalnum() and scheme.lower() not in ("http", "https"):
        return _usage_error(f"extract: {args.target!r}: only http:// and https:// URLs are fetched, not {scheme}://; "
                            "give an http(s) URL, or an HTML file (with --url for the page's address)")
    if not sep and not Path(args.target).is_file():
        return _usage_error(f"extract: {args.target!r} is neither an http(s) URL nor a file here; give a page's URL "
                            "(https://...) or the path of a saved HTML file")
    if args.url and (problem := _page_url_problem(args.url)) is not None:
        return _usage_error(problem)
    settings = _settings(args)
    if not sep and (size := Path(args.target).stat().st_size) > settings.max_body_bytes:
        return _usage_error(f"extract: {args.target!r} is {size:,} bytes, over the {settings.max_body_bytes:,}-byte cap "
                            "a fetched page has (a bigger one is too-large); give the saved page itself, or raise "
                            "MEDIAMON_MAX_BODY_BYTES (up to 2^30)")
    print(terminal_json(json.dumps(extract_one(args.target, url=args.url, settings=settings), ensure_ascii=False,
                                   indent=1)))
    return 0


def _page_url_problem(url: str) -> str | None:
    """Why `extract --url` is no address a page can have (an http(s) URL the fetcher could request), or None."""
    from mediamon.errors import FetchError
    from mediamon.fetch.netsafety import parse_target

    try:
        parse_target(url)
    except FetchError as err:
        return (f"extract: --url {url[:200]!r} is no page's address ({err.detail[:200]}); give the http(s) URL the "
                "saved page came from, e.g. https://news.example.org/2026/01/15/story.html")
    return None


def cmd_digest(args: argparse.Namespace) -> int:
    """mediamon digest."""
    from mediamon.digest import render_digest

    country = None if args.country is None else country_code(args.country)
    topic = None if args.topic is None else digest_topic(args.topic)
    page = render_digest(_read_db(args), args.date, country=country, topic=topic, fmt=args.format)
    print(terminal_json(page) if args.format == "json" else page)
    return 0


def country_code(value: str) -> str:
    """The country code of --country (any case), one of the country table's; ConfigError with a suggestion."""
    from mediamon.digest.wording import country_names
    from mediamon.discover.sources import country_suggestion
    from mediamon.errors import ConfigError

    code = value.strip().upper()
    if code in country_names():
        return code
    guess = country_suggestion(value)
    hint = f" (did you mean {guess}?)" if guess else ""
    raise ConfigError(f"--country {value!r} is not an ISO 3166-1 alpha-2 country code{hint}; give two letters "
                      "such as GB, KZ or US")


def digest_topic(value: str) -> str:
    """The IPTC code of --topic given by code, key or label (as watches.yaml accepts); ConfigError otherwise."""
    import difflib

    from mediamon.errors import ConfigError
    from mediamon.watches.config import topic_codes

    topics = topic_codes()
    if (code := topics.get(value.strip().lower())) is not None:
        return code
    close = difflib.get_close_matches(value.strip().lower(), sorted(topics), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise ConfigError(f"--topic {value!r} is not a topic of the IPTC table{hint}; give its code, key or label, "
                      "such as medtop:07000000, health or politics")


def cmd_sources_check(args: argparse.Namespace) -> int:
    """mediamon sources check."""
    from mediamon.discover.check import check_sources

    report = check_sources(_settings(args))
    if args.json:
        print(json_text(report))
    else:
        _print_table(report, ["source_id", "feed_url", "status", "items", "items_dated", "newest", "error",
                              "skipped"], whole="--json")
    return 0 if all(r["error"] is None and not _gives_nothing_it_lists(r) for r in report) else 1


def _gives_nothing_it_lists(row: dict[str, Any]) -> bool:
    """Whether a checked feed lists entries but none of them gives an item (no link, a link that is not http(s)):
    the source gives nothing, and the check says so in its exit code as for an error."""
    return not row.get("items") and bool(row.get("items_skipped"))


def cmd_query(args: argparse.Namespace) -> int:
    """mediamon query SQL: read-only, on the warehouse alone (see run_query); at most MAX_QUERY_ROWS rows are
    printed, and a query giving more says so on stderr."""
    from mediamon.warehouse.query import check_sql_text, run_query

    check_sql_text(args.sql)
    _refuse_more_than_one_statement(args.sql)
    names, rows = run_query(_read_db(args), args.sql, max_rows=MAX_QUERY_ROWS)
    names = distinct_names(names)
    cut = len(rows) > MAX_QUERY_ROWS
    records = [dict(zip(names, row)) for row in rows[:MAX_QUERY_ROWS]]
    if args.json:
        print(json_text(records))
    else:
        _print_table(records, names, whole="--json")
    if cut:
        print(f"mediamon: the query gives more than {MAX_QUERY_ROWS:,} rows; the first {MAX_QUERY_ROWS:,} are "
              "printed: add a LIMIT or a GROUP BY, or write a whole day with `mediamon export`", file=sys.stderr)
    return 0


def distinct_names(names: list[str]) -> list[str]:
    """Column names each given once: a later column named as an earlier one gets the first free suffix _1, _2, ...
    (as DuckDB names them in CREATE TABLE ... AS), so a join of two tables holding `title` keeps both columns."""
    taken, seen, distinct = set(names), set(), []
    for name in names:
        if name in seen:
            name = next(f"{name}_{n}" for n in itertools.count(1) if f"{name}_{n}" not in taken)
            taken.add(name)
        seen.add(name)
        distinct.append(name)
    return distinct


def _refuse_more_than_one_statement(sql: str) -> None:
    """QueryError when sql holds more than one statement: `mediamon query` runs one query."""
    from mediamon.errors import QueryError

    try:
        count = len(duckdb.extract_statements(sql))
    except duckdb.Error:
        return  # not valid SQL: run_query says where
    if count > 1:
        raise QueryError(f"the SQL holds {count} statements: give one query (run each on its own)")


def _read_db(args: argparse.Namespace) -> Path:
    """The warehouse every reading command opens: --db, else reading_db_path(); says when that is the demo's
    for want of another, and how to name one when it does not exist."""
    from mediamon.errors import WarehouseError

    db = args.db or reading_db_path()
    if not db.is_file():
        raise WarehouseError(f"no warehouse at {db}: " + _how_to_name_a_warehouse(given=args.db is not None))
    if args.db is None and not is_db_configured() and db == configured.DEMO_DB_PATH:
        print(f"mediamon: reading the demo's warehouse {db} (set MEDIAMON_DB or --db to read another)", file=sys.stderr)
    return db


def _how_to_name_a_warehouse(*, given: bool) -> str:
    """The fix for a warehouse that does not exist, by how it was named."""
    if given:
        return "check the --db path"
    return (("check MEDIAMON_DB and MEDIAMON_DATA_DIR, " if is_db_configured() else "")
            + f"pass --db or set MEDIAMON_DB to yours, run `make demo` (then MEDIAMON_DB={configured.DEMO_DB_PATH}), "
            "or load the registry with `mediamon run`")


def cmd_export(args: argparse.Namespace) -> int:
    """mediamon export: one day as Parquet under <data-dir>/export/."""
    from mediamon.warehouse.export import export_day

    db = _read_db(args)
    data_dir = args.data_dir or (settings_from_env().data_dir if os.environ.get("MEDIAMON_DATA_DIR") else db.parent)
    for path in export_day(db, args.date, data_dir / "export"):
        print(path)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """mediamon search QUERY."""
    from mediamon.records import to_json_dict
    from mediamon.warehouse.search import SearchOptions, reindex_search, search_articles

    if args.since and args.until and args.since > args.until:
        return _usage_error(f"search: --since {args.since} is after --until {args.until}; give the earlier day first")
    country = None if args.country is None else country_code(args.country)
    db = _read_db(args)
    if args.reindex:
        print(f"search index rebuilt: {reindex_search(db)} rows", file=sys.stderr)
    if args.query is None:
        return 0 if args.reindex else _usage_error("search: give the words to find, or --reindex")
    options = SearchOptions(limit=args.limit, all_words=not args.any, mode=args.mode, since=args.since,
                            until=args.until, country=country)
    hits = [to_json_dict(hit) for hit in search_articles(db, args.query, options)]
    if args.json:
        print(json_text(hits))
    else:
        _print_table(hits, ["score", "match", "run_date", "source_id", "title", "url"], whole="--json")
    return 0


def json_text(value: object) -> str:
    """value as the JSON a command prints: NaN and the infinities (a query's 'nan'::DOUBLE, a division by 0.0) as
    null, which every JSON reader takes (json.dumps wrote NaN and Infinity, which jq, JavaScript and Go refuse), other
    values that are no JSON as text, and the characters a terminal acts on escaped (terminal_json). The constants are
    replaced in the text, outside its strings, so a value nested 900 levels deep is written as json.dumps writes it."""
    text = json.dumps(value, ensure_ascii=False, indent=1, default=str)
    if "NaN" in text or "Infinity" in text:
        text = JSON_STRING_OR_NOT_FINITE_RE.sub(lambda match: "null" if match.group(1) else match.group(0), text)
    return terminal_json(text)


def _usage_error(message: str) -> int:
    """Print a usage error; returns the exit code for one."""
    print(error_text(f"mediamon: {message}"), file=sys.stderr)
    return 2


def cmd_watch_test(args: argparse.Namespace) -> int:
    """mediamon watch test QUERY: the matches a query would have had, with their evidence."""
    from dataclasses import asdict

    from mediamon.watches.config import parse_watch, topic_codes
    from mediamon.watches.query import QueryError, parse_query
    from mediamon.watches.reader import try_query

    try:
        parse_query(args.query)
    except QueryError as err:
        print(f"mediamon: watch test: {err}\n{err.pointer()}", file=sys.stderr)
        return 2
    if not 1 <= args.days <= MAX_TRIAL_DAYS:
        return _usage_error(f"watch test: --days {args.days} is not from 1 to {MAX_TRIAL_DAYS:,} (run dates start in "
                            f"1990, so {MAX_TRIAL_DAYS:,} reads every day a warehouse holds)")
    if args.limit < 1:
        return _usage_error("watch test: --limit must be 1 or more")
    db = _read_db(args)
    entry = {"name": "test", "query": args.query, "countries": args.country, "topics": args.topic,
             "languages": args.language, "sources": args.source}
    watch = parse_watch(entry, 1, topic_codes(), where="command line",
                        source_ids=_known_source_ids(db) if args.source else None)
    trial = try_query(db, watch, days=args.days)
    if args.json:
        print(json_text([asdict(hit) for hit in trial.hits[:args.limit]]))
        return 0
    for hit in trial.hits[:args.limit]:
        terms = ", ".join(hit.match.matched_terms)
        print(f"{hit.run_date}  {terminal_text(hit.source_id)}  {terminal_text(hit.title)}\n  {terminal_text(hit.url)}\n"
              f"  terms: {terminal_text(terms)}  ({hit.match.matched_in})\n  {terminal_text(hit.match.snippet)}\n")
    about = f" about {', '.join(args.country)}" if args.country else ""
    up_to = f"{trial.latest} (the latest loaded day)" if trial.latest else "the latest loaded day (none yet)"
    print(f"{len(trial.hits)} of {trial.articles_read} articles{about} matched over the {trial.days} days up to "
          f"{up_to}" + (f" (first {args.limit} shown)" if len(trial.hits) > args.limit else ""))
    return 0


def _known_source_ids(db: Path) -> list[str] | None:
    """The source ids the warehouse's sources table holds; None when it holds none (nothing to check against)."""
    from mediamon import warehouse

    with warehouse.connect(db, read_only=True) as con:
        ids = [row[0] for row in con.execute(warehouse.read_sql("queries/source_ids")).fetchall()]
    return ids or None


def cmd_watch_list(args: argparse.Namespace) -> int:
    """mediamon watch list: each configured watch, its filters and its matches of the last 28 days."""
    from mediamon.errors import WarehouseError
    from mediamon.watches.config import load_watches
    from mediamon.watches.reader import LIST_DAYS, match_counts

    settings = settings_from_env()
    watches = load_watches(args.watches or settings.watches_path)
    try:
        counts = match_counts(_read_db(args), days=LIST_DAYS)
    except WarehouseError as err:
        print(f"mediamon: no match counts: {err}", file=sys.stderr)
        counts = None
    rows = [{"name": w.name, f"matches_{LIST_DAYS}d": "" if counts is None else counts.get(w.name, (0, None))[0],
             "last_match": "" if counts is None else counts.get(w.name, (0, None))[1], "alert": w.alert,
             "filters": " ".join(f"{k}={','.join(v)}" for k, v in (("countries", w.countries), ("topics", w.topics),
                                 ("languages", w.languages), ("sources", w.sources)) if v),
             "query": w.query} for w in watches]
    _print_table(rows, ["name", f"matches_{LIST_DAYS}d", "last_match", "alert", "filters", "query"])
    return 0


def cmd_quarantine_list(args: argparse.Namespace) -> int:
    """mediamon quarantine list."""
    from mediamon.warehouse.quarantine import STAGES, list_quarantine

    if args.stage is not None and args.stage not in STAGES:
        return _usage_error(f"quarantine list: --stage {args.stage!r} is not one of {', '.join(STAGES)}")
    rows = list_quarantine(_read_db(args), run_date=args.date, stage=args.stage)
    _print_table(rows, ["run_date", "stage", "record_key", "reasons"])
    return 0


def cmd_quarantine_replay(args: argparse.Namespace) -> int:
    """mediamon quarantine replay."""
    from mediamon.warehouse.quarantine import replay_quarantine

    print(json.dumps(replay_quarantine(_settings(args), args.date, stage=args.stage), indent=1))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """mediamon demo: serve the bundled site on 127.0.0.1 and replay it day by day (days loaded already are skipped)."""
    from mediamon.demo.run import run_demo

    if (too_many := _history_problem(args.date, args.history_days)) is not None:
        return _usage_error(too_many)
    summary = run_demo(args.data_dir, args.date, history_days=args.history_days, port=args.port)
    print(summary)
    return 0


def _history_problem(last_day: str, history_days: int) -> str | None:
    """Why `demo --history-days` cannot be replayed up to --date (its first day before the first a run takes), or None."""
    from datetime import timedelta

    from mediamon.days import FIRST_DAY

    last = date.fromisoformat(last_day)
    most = (last - FIRST_DAY).days
    if history_days <= most:
        return None
    start = f"on {last - timedelta(days=history_days)}" if history_days < (last - date.min).days else "before year 1"
    return (f"demo: --history-days {history_days:,} would start the replay {start}, before {FIRST_DAY}, the first day "
            f"a run takes; give at most {most:,} for --date {last_day}")


def _print_table(rows: list[dict[str, Any]], columns: list[str], *, whole: str | None = None) -> None:
    """Print rows as an aligned text table; a value or column name cut at MAX_CELL_CHARS ends in CUT_MARK, and the
    footer names `whole`, the option that prints values whole, when one was cut. Column names are outside text too (a
    PIVOT names its columns after the values it pivots on), shown through the same terminal filter as the values."""
    heads = [terminal_text(c) for c in columns]
    texts = [[terminal_text(r.get(c)) for c in columns] for r in rows]
    cells = [[_cell(v) for v in row] for row in texts]
    widths = [max([len(_cell(h))] + [len(row[i]) for row in cells]) for i, h in enumerate(heads)]
    print("  ".join(_cell(h).ljust(w) for h, w in zip(heads, widths)).rstrip())
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    cut = any(len(v) > MAX_CELL_CHARS for row in [heads, *texts] for v in row)
    note = f"; values over {MAX_CELL_CHARS} characters are cut and end in {CUT_MARK}" if cut else ""
    print(f"({len(rows)} row{'' if len(rows) == 1 else 's'}{note}{f', {whole} prints them whole' if note and whole else ''})")


def _cell(text: str) -> str:
    """text as a table shows it: at most MAX_CELL_CHARS, a longer one cut and ending in CUT_MARK."""
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS - 1] + CUT_MARK


if __name__ == "__main__":
    sys.exit(main())
