"""Property: whatever one field of a feed record becomes (a wrong type, null, a huge value), the
importer never raises, reports every record it skips, and imports the rest."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.catalogue.importing.oruk import load_feed
from services.catalogue.sync import sync_records
from tests.oruk_support import memory_catalogue

DATA = Path(__file__).resolve().parents[3] / "data"
ORUK3 = json.loads((DATA / "oruk-3.0" / "examples" / "service_full.json").read_text())
V1 = next(
    r
    for r in json.loads((DATA / "feeds" / "bristol_oruk_v1_services.json").read_text())
    if r.get("name") and r.get("pc_targetAudience")
)
CONTROL = {"id": "control", "name": "Stay and play", "organization": {"id": "o", "name": "Org"}}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value[:3]):
            found += _paths(inner, (*prefix, i))
    return found


WEIRD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.just("x" * 30_000),
    st.just("2026-13-45T25:61:00+99:00"),
    st.lists(st.one_of(st.integers(), st.text(max_size=5), st.none()), max_size=3),
    st.dictionaries(st.text(max_size=5), st.one_of(st.integers(), st.none()), max_size=3),
    st.just("__delete__"),
)


def _mutated(base: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    record = copy.deepcopy(base)
    target: Any = record
    for step in path[:-1]:
        target = target[step]
    if value == "__delete__" and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return record


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_mutated_record_never_breaks_the_import(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from([ORUK3, V1]), label="base")
    path = data.draw(st.sampled_from(_paths(base)), label="path")
    value = data.draw(WEIRD, label="value")
    records = [_mutated(base, path, value), CONTROL]
    if base is V1:
        records = [{**CONTROL, "pc_metadata": {}}, records[0]]
    with tempfile.TemporaryDirectory() as tmp:
        feed_path = Path(tmp) / "feed.json"
        feed_path.write_text(json.dumps(records if base is V1 else {"contents": records}))
        feed = load_feed(str(feed_path))
    report = feed.report
    skipped = sum(len(ids) for ids in report.skipped.values())
    assert report.records_read == report.services_accepted + skipped == 2
    assert "control" in {s.external_id for s in feed.services}
    summary = sync_records(memory_catalogue(), feed.organisations, feed.services, actor="t")
    assert summary.services_new + len(summary.rejected) == len(feed.services)
    assert "control" not in summary.rejected
