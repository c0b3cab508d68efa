"""Run checks on DataFrames in one ephemeral Great Expectations context; optionally build Data Docs."""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from mediamon.quality.suites import ROW_KEY, Check
from mediamon.rundir import replace_text

logger = logging.getLogger(__name__)

DOCS_SITE = "mediamon"  # an ephemeral context already has "local_site"; reusing that name raises
DOCS_SECTIONS = ("expectations", "validations", "profiling")  # GX's Data Docs sections, each rendered by its own view
GX_LOGGERS = ("great_expectations", "great_expectations.data_context.types.base")  # the second sets INFO itself


@dataclass(frozen=True)
class Table:
    """One DataFrame to validate against one suite (the frame carries the ROW_KEY column)."""

    suite: str
    frame: pd.DataFrame
    checks: list[Check]


def quiet_gx() -> None:
    """Keep GX's loggers at WARNING so a run's log holds our summary lines, not GX chatter."""
    for name in GX_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def run_tables(tables: list[Table], *, run_id: str,
               docs_dir: Path | None) -> tuple[dict[str, dict[str, Any]], Path | None]:
    """Validate each table once (COMPLETE results, rows named by ROW_KEY); results by suite, then check."""
    quiet_gx()  # before the import: GX logs at INFO while importing
    import great_expectations as gx

    ctx = new_context(docs_dir)
    source = ctx.data_sources.add_pandas("staged")
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_KEY],
                     "return_unexpected_index_query": False}
    by_suite: dict[str, dict[str, Any]] = {}
    for table in tables:
        batch_def = source.add_dataframe_asset(table.suite).add_batch_definition_whole_dataframe("run")
        suite = ctx.suites.add(gx.ExpectationSuite(name=table.suite))
        for check in table.checks:
            check.expectation.meta = {"check": check.name, "severity": check.severity}
            suite.add_expectation(check.expectation)
        batch = batch_def.get_batch(batch_parameters={"dataframe": table.frame})
        outcome = batch.validate(suite, result_format=result_format)  # not stored: see store_for_docs
        by_suite[table.suite] = {r.expectation_config.meta["check"]: r for r in outcome.results}
        if docs_dir is not None:
            store_for_docs(ctx, outcome, batch.id, run_id=run_id)
    return by_suite, build_docs(ctx, docs_dir)


def store_for_docs(ctx: Any, outcome: Any, batch_id: str, *, run_id: str) -> None:
    """Store a slim copy of a suite result (no full unexpected lists) for the Data Docs to render.

    ValidationDefinition.run would store the COMPLETE result, whose serialisation costs more than
    the validation itself on 5,000 articles; the docs only show a sample of unexpected values.
    """
    from datetime import datetime, timezone

    from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    run = RunIdentifier(run_name=docs_run_name(run_id), run_time=datetime.now(timezone.utc))  # a label for the docs
    results = [ExpectationValidationResult(success=r.success, expectation_config=r.expectation_config,
                                           result=slim_result(r.result), exception_info=r.exception_info)
               for r in outcome.results]
    meta = {**outcome.meta, "run_id": run, "validation_time": run.run_time}
    slim = ExpectationSuiteValidationResult(success=outcome.success, results=results, suite_name=outcome.suite_name,
                                            statistics=outcome.statistics, meta=meta, batch_id=batch_id)
    suite_id = ExpectationSuiteIdentifier(name=outcome.suite_name)
    key = ValidationResultIdentifier(batch_identifier=batch_id, expectation_suite_identifier=suite_id, run_id=run)
    ctx.validation_results_store.store_validation_results(suite_validation_result=slim,
                                                          suite_validation_result_identifier=key,
                                                          expectation_suite_identifier=suite_id)


def docs_run_name(run_id: str) -> str:
    """The run's label in the Data Docs: "run <id>", which GX's page titles cannot read as a date (a bare id such as
    2025-12-31-172117-5553ad reads as one with a UTC offset of -55:53, and its pages failed to render)."""
    return f"run {run_id}"


DOCS_SAMPLE = 20  # unexpected values kept per expectation in the docs
DOCS_VALUE_CHARS = 200


def slim_result(result: dict) -> dict:
    """A SUMMARY-sized copy of a COMPLETE result: counts kept, values sampled and shortened."""
    dropped = {"unexpected_list", "unexpected_index_list", "unexpected_index_query", "partial_unexpected_index_list"}
    slim = {k: v for k, v in result.items() if k not in dropped}
    if "partial_unexpected_list" in slim:
        slim["partial_unexpected_list"] = [shorten(v) for v in slim["partial_unexpected_list"][:DOCS_SAMPLE]]
    if "partial_unexpected_counts" in slim:
        slim["partial_unexpected_counts"] = [{**c, "value": shorten(c.get("value"))}
                                             for c in slim["partial_unexpected_counts"][:DOCS_SAMPLE]]
    return slim


def shorten(value: Any) -> Any:
    """Long strings cut to DOCS_VALUE_CHARS (article texts would bloat the docs)."""
    return value[:DOCS_VALUE_CHARS] + "…" if isinstance(value, str) and len(value) > DOCS_VALUE_CHARS else value


def new_context(docs_dir: Path | None) -> Any:
    """An ephemeral GX context with progress bars off and, when docs_dir is given, our Data Docs site."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    if docs_dir is not None:
        ctx.add_data_docs_site(site_name=DOCS_SITE, site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "view": _view("SharedTemplatesIndexPageView")},
            "site_section_builders": {name: {"view": _view("SharedTemplatesPageView")} for name in DOCS_SECTIONS}})
    return ctx


def _view(class_name: str) -> dict[str, str]:
    """The Data Docs view config naming one of the view classes below."""
    return {"module_name": "mediamon.quality.docs_views", "class_name": class_name}


def build_docs(ctx: Any, docs_dir: Path | None) -> Path | None:
    """Render the suites and validation results of this context into docs_dir; returns index.html."""
    if docs_dir is None:
        return None
    docs_dir.mkdir(parents=True, exist_ok=True)
    ctx.build_data_docs(site_names=[DOCS_SITE])
    index = docs_dir / "index.html"
    if not index.is_file():
        raise FileNotFoundError(f"GX Data Docs build left no {index}: check that {docs_dir} is writable")
    write_docs_index(docs_dir.parent)
    return index


DOCS_INDEX_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Data Docs</title></head>
<body><h1>Great Expectations Data Docs</h1>
<p>One Data Docs site per validation stage; each lists its suites and every validation run.</p>
<ul>
{links}
</ul></body></html>
"""


def write_docs_index(docs_root: Path) -> Path:
    """Write docs_root/index.html linking each stage's Data Docs site (docs_root/<stage>/index.html)."""
    stages = sorted(p.parent.name for p in docs_root.glob("*/index.html"))
    links = "\n".join(f'<li><a href="{html.escape(s)}/index.html">{html.escape(s)}</a></li>' for s in stages)
    return replace_text(docs_root / "index.html", DOCS_INDEX_PAGE.format(links=links))  # validate tasks may write at once
