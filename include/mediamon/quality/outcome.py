"""Read GX results under our policy: rows to quarantine with reasons, result rows, critical failures."""
from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any

import pandas as pd

from mediamon.errors import QualityError
from mediamon.quality.suites import CRITICAL_HINTS, ROW_KEY, Check
from mediamon.tables import QUARANTINE, VALIDATION_RESULTS

QUARANTINE_COLUMNS = [c for c in QUARANTINE.columns if c != "item_id"]  # the suites know rows, not items
RESULT_COLUMNS = list(VALIDATION_RESULTS.columns)
SAMPLE_VALUES = 3  # unexpected values quoted in observed_value
SAMPLE_CHARS = 60


def expectation_label(result: Any) -> str:
    """The expectation type with its column(s), e.g. expect_column_values_to_match_regex(url)."""
    config = result.expectation_config
    kwargs = config.kwargs
    columns = kwargs.get("column_list") or ([kwargs["column"]] if kwargs.get("column") else [])
    return f"{config.type}({', '.join(columns)})" if columns else config.type


def raise_on_exception(suite: str, result: Any) -> None:
    """An expectation that could not run is a bug or a type drift: stop with what to look at."""
    info = result.exception_info or {}
    infos = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    for item in infos:
        if item.get("raised_exception"):
            raise QualityError(f"quality suite '{suite}': {expectation_label(result)} could not run "
                               f"({item.get('exception_message')}); check the dtype and values of that column "
                               f"in the frame the pipeline built")


def failing_rows(check: Check, result: Any, frame: pd.DataFrame) -> list[int]:
    """Row positions a check flags; for a duplicate check, every copy except the first of each key."""
    rows = [int(item[ROW_KEY]) for item in result.result.get("unexpected_index_list") or []]
    if check.keep_first and rows:
        firsts = set(frame.loc[~frame.duplicated(subset=list(check.keep_first), keep="first"), ROW_KEY])
        rows = [row for row in rows if row not in firsts]
    return rows


def reason_text(check: Check, result: Any, *, suite: str | None = None) -> str:
    """The quarantine reason: optional reason code, optional child suite, then the expectation."""
    text = expectation_label(result)
    if suite:
        text = f"{suite}: {text}"
    return f"{check.reason}: {text}" if check.reason else text


def row_reasons(checks: list[Check], results: dict[str, Any], frame: pd.DataFrame, *,
                suite: str | None = None) -> dict[int, list[str]]:
    """Reasons per row position for every failed check of severity 'row'."""
    reasons: dict[int, list[str]] = {}
    for check in checks:
        if check.severity != "row":
            continue
        result = results[check.name]
        for row in failing_rows(check, result, frame):
            reasons.setdefault(row, []).append(reason_text(check, result, suite=suite))
    return reasons


def observed_value(check: Check, result: Any, frame: pd.DataFrame) -> str | None:
    """A short, readable observed value: GX's own, the failing sources, or counts with examples."""
    detail = result.result
    rows = [int(item[ROW_KEY]) for item in detail.get("unexpected_index_list") or []]
    if check.per_source and rows:
        column = result.expectation_config.kwargs["column"]
        picked = frame.set_index(ROW_KEY).loc[rows]
        return f"{check.per_source}: " + ", ".join(
            f"{source}={value:.2f}" for source, value in zip(picked["source_id"], picked[column]))
    if "observed_value" in detail:
        return plain_text(detail["observed_value"])
    if detail.get("unexpected_count"):
        samples = [plain_text(v)[:SAMPLE_CHARS] for v in detail.get("partial_unexpected_list", [])[:SAMPLE_VALUES]]
        return f"{detail['unexpected_count']} of {detail.get('element_count')} rows, e.g. {json.dumps(samples)}"
    return None


def result_rows(suite: str, checks: list[Check], results: dict[str, Any], frame: pd.DataFrame, *,
                run_id: str, run_date: str) -> list[dict[str, Any]]:
    """One validation_results row per check, in suite order."""
    rows = []
    for check in checks:
        result = results[check.name]
        raise_on_exception(suite, result)
        count = result.result.get("unexpected_count")
        rows.append({"run_id": run_id, "run_date": run_date, "suite": suite,
                     "expectation": expectation_label(result), "severity": check.severity,
                     "success": bool(result.success), "unexpected_count": None if count is None else int(count),
                     "observed_value": observed_value(check, result, frame), "check": check.name})
    return rows


def raise_on_critical(stage: str, rows: list[dict[str, Any]], *, run_date: str) -> None:
    """Fail with one message naming every failed critical check and where to look."""
    failed = [r for r in rows if r["severity"] == "critical" and not r["success"]]
    if not failed:
        return
    lines = [f"{r['suite']}: {r['expectation']} failed (observed {r['observed_value']}); "
             f"{CRITICAL_HINTS.get(r['check'], 'see validation_results for this run')}" for r in failed]
    raise QualityError(f"quality {stage} run_date={run_date}: critical check failed: " + " | ".join(lines))


def results_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """validation_results rows as a DataFrame with exactly RESULT_COLUMNS."""
    frame = pd.DataFrame.from_records(rows, columns=RESULT_COLUMNS)
    frame["success"] = frame["success"].astype(bool)
    frame["unexpected_count"] = frame["unexpected_count"].astype("Int64")
    return frame


def quarantine_frame(stage: str, payloads: list[dict[str, Any]], keys: list[str], reasons: list[list[str]], *,
                     run_date: str) -> pd.DataFrame:
    """Quarantine rows, one per record key (copies sharing a key are merged, their reasons united)."""
    merged: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for payload, key, why in zip(payloads, keys, reasons):
        _, known = merged.setdefault(key, (payload, []))
        known.extend(r for r in why if r not in known)
    records = [{"stage": stage, "record_key": key, "reasons": json.dumps(why, ensure_ascii=False),
                "payload": json.dumps(payload, ensure_ascii=False), "run_date": run_date}
               for key, (payload, why) in merged.items()]
    return pd.DataFrame.from_records(records, columns=QUARANTINE_COLUMNS)


def plain(value: Any) -> Any:
    """A JSON-ready form of a cell: None for NaN/NaT, ISO text for timestamps, Python scalars."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return plain(value.tolist())
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    return value


def plain_text(value: Any) -> str:
    """A value as short text (JSON for containers)."""
    value = plain(value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def payload_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Each row of a frame as a JSON-ready dict."""
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
