"""Real ORUK feeds become records, with an honest data-quality report."""

from __future__ import annotations

import json
from pathlib import Path

from services.catalogue.importing.html import html_to_text
from services.catalogue.importing.oruk import load_feed

DATA = Path(__file__).resolve().parents[3] / "data"
FEEDS = DATA / "feeds"


def test_html_becomes_clean_text() -> None:
    assert (
        html_to_text("<p>Hello&nbsp;world</p><ul><li>One</li><li>Two</li></ul><img src='data:x'>")
        == "Hello world\n\n• One\n\n• Two"
    )
    assert html_to_text("Already plain") == "Already plain"


def test_bristol_feed_skips_the_empty_name_and_the_repeated_id() -> None:
    feed = load_feed(str(FEEDS / "bristol_oruk_v1_services.json"))
    report = feed.report
    assert report.records_read == 819 and report.services_accepted == 817
    assert report.skipped["empty name"] == ["def5ccd4-f121-df4d-60d2-4dc0d69ff555"]
    assert len(report.skipped["duplicate id (later copy ignored)"]) == 1
    assert all(
        "<p>" not in s.details.description and "&nbsp;" not in s.details.description
        for s in feed.services
    )
    assert "empty name" in report.render()


def test_north_lincolnshire_services_keep_their_organisations_and_ids() -> None:
    feed = load_feed(str(FEEDS / "north_lincolnshire_oruk_v1_services.json"))
    assert feed.report.services_accepted == 738
    org_ids = {o.external_id for o in feed.organisations}
    assert all(s.organisation_external_id in org_ids for s in feed.services)
    again = load_feed(str(FEEDS / "north_lincolnshire_oruk_v1_services.json"))
    assert (again.services, again.organisations) == (feed.services, feed.organisations)


def test_a_full_oruk3_service_maps_locations_schedules_ages_and_costs(tmp_path: Path) -> None:
    feed = load_feed(str(DATA / "oruk-3.0" / "examples" / "service_full.json"))
    (service,) = feed.services
    assert service.details.ages is not None and service.details.ages.minimum_months == 12 * 12
    assert service.locations and service.locations[0].position is None  # latitude 100 is impossible
    assert feed.report.repaired["impossible coordinates dropped"] == [service.external_id]
    assert [d.value for d in service.schedules[0].days] == ["TH", "FR"]
    assert not service.details.cost.free
    ndjson = tmp_path / "services.ndjson"
    ndjson.write_text(
        json.dumps(json.loads((DATA / "oruk-3.0" / "examples" / "service_full.json").read_text()))
        + "\n"
    )
    (from_ndjson,) = load_feed(str(ndjson)).services
    assert (from_ndjson.details, from_ndjson.locations, from_ndjson.schedules) == (
        service.details,
        service.locations,
        service.schedules,
    )


def test_hostile_records_are_repaired_or_skipped_and_reported(tmp_path: Path) -> None:
    records = [
        {
            "id": "a",
            "name": "Ages backwards",
            "minimum_age": 12,
            "maximum_age": 5,
            "organization": {"id": "o", "name": "Org"},
        },
        {"id": "b", "name": "N" * 400, "description": "<p><br></p>"},
        {"id": "c", "name": "  "},
        {"id": "d", "name": "Negative", "minimum_age": -4},
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"contents": records}))
    feed = load_feed(str(path))
    report = feed.report
    assert report.repaired["minimum and maximum age swapped"] == ["a"]
    assert report.repaired["name too long, shortened"] == ["b"]
    assert report.repaired["no organisation: filed under an unknown provider"] == ["b", "d"]
    assert report.skipped["empty name"] == ["c"]
    assert report.repaired["impossible ages dropped"] == ["d"]
    by_id = {s.external_id: s for s in feed.services}
    assert by_id["a"].details.ages is not None and by_id["a"].details.ages.minimum_months == 60
    assert len(by_id["b"].details.name) <= 300


def test_the_published_target_audiences_become_the_services_needs() -> None:
    feed = load_feed(str(FEEDS / "bristol_oruk_v1_services.json"))
    needs = {n for s in feed.services for n in s.details.needs}
    assert "Homeless" in needs and "None" not in needs
