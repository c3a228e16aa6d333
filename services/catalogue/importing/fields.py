"""Reading one field of a feed record whatever its type: text, lists, amounts, ages and times;
what cannot be used is dropped and reported against the record."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from services.catalogue.importing.report import DataQualityReport
from services.catalogue.model import AgeRange


def clip(value: Any, limit: int, record_id: str, field: str, report: DataQualityReport) -> str:
    text = str(value or "").strip()
    if len(text) <= limit:
        return text
    report.repair(f"{field} too long, shortened", record_id)
    return text[:limit].rsplit(" ", 1)[0][: limit - 1] + "…"


def items(raw: dict[str, Any], key: str, record_id: str, report: DataQualityReport) -> list[Any]:
    """The record's list under `key`: anything else (a number, a text, an object) is dropped."""
    value = raw.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    report.repair(f"{key} not a list, dropped", record_id)
    return []


def objects(raw: dict[str, Any], key: str, record_id: str, report: DataQualityReport) -> list[Any]:
    """The objects of the record's list under `key`; other entries are dropped and reported."""
    found = items(raw, key, record_id, report)
    kept = [d for d in found if isinstance(d, dict)]
    if len(kept) < len(found):
        report.repair(f"{key} entries not objects, dropped", record_id)
    return kept


def amount(value: Any) -> float | None:
    """A finite number, from a number or a numeric text; None for anything else."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def ages(raw: dict[str, Any], rid: str, report: DataQualityReport) -> AgeRange | None:
    low, high = raw.get("minimum_age"), raw.get("maximum_age")
    if low is None and high is None:
        return None
    lo_years, hi_years = (
        amount(low) if low is not None else 0.0,
        amount(high) if high is not None else 125.0,
    )
    if lo_years is None or hi_years is None:
        report.repair("unreadable ages dropped", rid)
        return None
    lo, hi = int(lo_years), int(hi_years)
    if lo < 0 or hi < 0 or lo > 125:
        report.repair("impossible ages dropped", rid)
        return None
    if lo > hi:
        report.repair("minimum and maximum age swapped", rid)
        lo, hi = hi, lo
    return AgeRange(minimum_months=lo * 12, maximum_months=min(hi * 12 + 11, 1500))


def clock(value: Any, rid: str, report: DataQualityReport) -> dt.time | None:
    """A session's local clock time; a UTC offset is dropped (a time of day has no date to
    convert it on), and reported."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = dt.time.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is not None:
        report.repair("UTC offset dropped from a session time", rid)
        when = when.replace(tzinfo=None)
    return when
