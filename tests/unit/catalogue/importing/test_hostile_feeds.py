"""Feeds that are broken in part import the rest: every bad record is reported and skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from projections.oruk_export import encoded, oruk_services
from services.catalogue.demo import demo_records
from services.catalogue.importing.oruk import MAX_PAGES, FeedError, load_feed
from services.catalogue.sync import sync_records
from services.cli import main
from tests.oruk_support import memory_catalogue

GOOD = {"id": "good", "name": "Stay and play", "organization": {"id": "o", "name": "Org"}}


def _write(tmp_path: Path, data: bytes, name: str = "feed.json") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _accounted(feed: Any) -> bool:
    report = feed.report
    skipped = sum(len(ids) for ids in report.skipped.values())
    return bool(report.records_read == report.services_accepted + skipped)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("service_at_locations", 7),
        ("schedules", "every Monday"),
        ("languages", {"name": "English"}),
        ("cost_options", [{"amount": "ten pounds"}]),
        ("cost_options", [{"amount": float("inf")}]),
        ("attributes", [{"taxonomy_term": "counselling"}]),
        ("minimum_age", float("nan")),
        ("maximum_age", 10**400),
        ("organization", ["Org"]),
        ("pc_targetAudience", 3),
        ("service_areas", [7]),
        ("schedules", [{"opens_at": "09:00:00Z", "closes_at": "17:00:00", "byday": "MO"}]),
        ("schedules", [{"byday": 5, "freq": ["weekly"]}]),
        ("description", {"text": "nested"}),
        ("assured_date", "1066-10-14"),
    ],
)
def test_a_field_of_the_wrong_type_skips_or_repairs_only_its_record(
    tmp_path: Path, field: str, value: Any
) -> None:
    bad = {"id": "bad", "name": "Wrong types", field: value}
    feed = load_feed(_write(tmp_path, json.dumps({"contents": [bad, GOOD]}).encode()))
    assert "good" in {s.external_id for s in feed.services}
    assert _accounted(feed)
    summary = sync_records(memory_catalogue(), feed.organisations, feed.services, actor="t")
    assert summary.services_new + len(summary.rejected) == len(feed.services)


def test_a_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    feed = load_feed(_write(tmp_path, b"\xef\xbb\xbf" + json.dumps({"contents": [GOOD]}).encode()))
    assert [s.external_id for s in feed.services] == ["good"]


def test_bad_utf8_in_a_json_feed_is_replaced_and_reported(tmp_path: Path) -> None:
    data = json.dumps({"contents": [GOOD, {"id": "x", "name": "BAD"}]}).encode()
    feed = load_feed(_write(tmp_path, data.replace(b"BAD", b"B\xffD")))
    assert {s.external_id for s in feed.services} == {"good", "x"}
    assert feed.report.repaired["invalid UTF-8 replaced"] == ["feed"]


def test_a_broken_or_undecodable_ndjson_line_is_skipped_and_reported(tmp_path: Path) -> None:
    lines = [
        json.dumps(GOOD).encode(),
        b'{"id": "half", "name": "Cut off',
        json.dumps({"id": "b", "name": "B\xff"}).encode().replace(b"\\u00ff", b"\xff"),
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps({"id": "last", "name": "Last one"}).encode(),
    ]
    feed = load_feed(_write(tmp_path, b"\n".join(lines), "feed.ndjson"))
    assert {s.external_id for s in feed.services} == {"good", "last"}
    assert sorted(feed.report.skipped["not JSON"]) == ["line 2", "line 3", "line 4"]
    assert _accounted(feed)


def test_a_feed_that_is_not_json_at_all_is_refused_with_a_reason(tmp_path: Path) -> None:
    for data in (b"[" * 100_000 + b"]" * 100_000, b"<html>Not found</html>", b"", b"42"):
        with pytest.raises(FeedError):
            load_feed(_write(tmp_path, data))


def test_an_instances_own_export_imported_into_itself_reports_and_skips_what_it_holds(
    tmp_path: Path,
) -> None:
    catalogue = memory_catalogue()
    organisations, services = demo_records(services=20)
    sync_records(catalogue, organisations, services, actor="test")
    path = tmp_path / "export.json"
    path.write_bytes(b"".join(encoded(oruk_services(catalogue), "envelope")))
    feed = load_feed(str(path))
    head = catalogue.recorder.max_notification_id()
    summary = sync_records(catalogue, feed.organisations, feed.services, actor="import")
    assert summary.services_new == 0 and len(summary.rejected) == len(feed.services) == 20
    assert summary.organisations_rejected
    assert all("already in the catalogue" in r for r in summary.organisations_rejected.values())
    assert catalogue.recorder.max_notification_id() == head


def test_a_url_feed_is_read_for_at_most_max_pages(tmp_path: Path) -> None:
    asked: list[int] = []

    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page", "1"))
        asked.append(number)
        record = {**GOOD, "id": f"s{number}"}
        return httpx.Response(200, json={"total_pages": 10**9, "contents": [record]})

    with httpx.Client(transport=httpx.MockTransport(page)) as client:
        feed = load_feed("https://feeds.example.org/services", client=client)
    assert len(asked) == MAX_PAGES == len(feed.services)
    assert feed.report.repaired[f"only the first {MAX_PAGES} pages read"]


def test_a_url_feed_stops_at_an_empty_page_and_survives_a_nonsense_page_count() -> None:
    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page", "1"))
        contents = [{**GOOD, "id": f"s{number}"}] if number < 3 else []
        return httpx.Response(200, json={"total_pages": "lots", "contents": contents})

    with httpx.Client(transport=httpx.MockTransport(page)) as client:
        assert load_feed("https://feeds.example.org/s", client=client).services

    def pages(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page", "1"))
        contents = [{**GOOD, "id": f"s{number}"}] if number < 3 else []
        return httpx.Response(200, json={"total_pages": 50, "contents": contents})

    with httpx.Client(transport=httpx.MockTransport(pages)) as client:
        feed = load_feed("https://feeds.example.org/s", client=client)
    assert [s.external_id for s in feed.services] == ["s1", "s2"]


def test_the_import_command_says_why_a_feed_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(tmp_path / "var"))
    assert main(["import", "oruk", _write(tmp_path, b"<html>Not found</html>")]) == 2
    assert "neither JSON nor ndjson" in capsys.readouterr().err
