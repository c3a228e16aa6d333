"""Brute-force references for the ORUK filters, computed from the published documents alone."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hypothesis import strategies as st

from search.geo import distance_km
from services.catalogue import taxonomy

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
POSTCODES = ["E15", "E13 9", "SK1", "SK4 4", "MK9", "NW1", "NW5 1", "TR1"]


def _minutes(text: str) -> int:
    when = dt.time.fromisoformat(text)
    return when.hour * 60 + when.minute


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def service_matches(doc: dict[str, Any], params: dict[str, str]) -> bool:
    """Whether a fully nested ORUK service passes every filter (AND), read from its fields."""
    schedules = doc.get("schedules", [])
    terms = [a["taxonomy_term"] for a in doc.get("attributes", [])]
    checks = []
    if "minimum_age" in params:
        checks.append(doc.get("minimum_age", -1) >= float(params["minimum_age"]))
    if "maximum_age" in params:
        checks.append(doc.get("maximum_age", math.inf) <= float(params["maximum_age"]))
    if "day" in params:
        days = {d[-2:] for s in schedules for d in s.get("byday", "").split(",") if d}
        checks.append(params["day"] in days)
    if "start_time" in params:
        start = _minutes(params["start_time"])
        checks.append(any(_minutes(s["opens_at"]) >= start for s in schedules if "opens_at" in s))
    if "end_time" in params:
        end = _minutes(params["end_time"])
        checks.append(any(_minutes(s["closes_at"]) <= end for s in schedules if "closes_at" in s))
    if "taxonomy_term_id" in params:
        wanted = params["taxonomy_term_id"]
        checks.append(any(wanted in (t["id"], t.get("parent_id")) for t in terms))
    if "taxonomy_id" in params:
        checks.append(any(t.get("taxonomy_id") == params["taxonomy_id"] for t in terms))
    if "modified_after" in params:
        since = dt.datetime.fromisoformat(params["modified_after"])
        checks.append(dt.datetime.fromisoformat(doc["last_modified"]) >= since)
    return all(checks)


def location_distance(sal: dict[str, Any], centre: tuple[float, float]) -> float | None:
    loc = sal["location"]
    if "latitude" not in loc:
        return None
    return distance_km(centre, (loc["latitude"], loc["longitude"])) * 1000


@st.composite
def service_filters(draw: st.DrawFn, modified: list[str]) -> dict[str, str]:
    """Any combination of the listing filters, with values the catalogue makes interesting."""
    params: dict[str, str] = {}
    terms = [str(taxonomy.term_uuid(t)) for t in taxonomy.TERMS]
    options: dict[str, st.SearchStrategy[str]] = {
        "minimum_age": st.integers(0, 20).map(str),
        "maximum_age": st.integers(0, 30).map(str),
        "day": st.sampled_from(DAYS),
        "start_time": st.integers(24, 84).map(lambda q: _clock(q * 15)),
        "end_time": st.integers(24, 88).map(lambda q: _clock(q * 15)),
        "taxonomy_term_id": st.sampled_from(terms),
        "taxonomy_id": st.sampled_from([str(taxonomy.TAXONOMY_UUID), str(taxonomy.term_uuid("x"))]),
        "modified_after": st.sampled_from(modified),
    }
    for name in draw(st.sets(st.sampled_from(sorted(options)), max_size=3)):
        params[name] = draw(options[name])
    return params
