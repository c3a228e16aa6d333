"""The API's response structs carry what the records carried, staff-only fields only to staff."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

import msgspec
import pytest

from projections.documents import public_document, staff_document
from search.documents import STAFF_ONLY_DOCUMENT_FIELDS
from services.catalogue.application import Catalogue
from services.catalogue.domain import Service
from services.catalogue.model import (
    AgeRange,
    Contact,
    Location,
    OrganisationDetails,
    Schedule,
    ServiceDetails,
    Weekday,
)
from services.http.responses import organisation_view, service_view


@pytest.fixture
def service(catalogue: Catalogue) -> Service:
    org = catalogue.register_organisation(
        OrganisationDetails(name="Parents Together"), actor="editor"
    )
    hall = Location(id=uuid4(), name="Hall", postcode="E15 1AA")
    details = ServiceDetails(
        name="Stay and play",
        ages=AgeRange(minimum_months=0, maximum_months=60),
        staff_notes="Ring Jo first",
        staff_contact=Contact(name="Jo"),
    )
    sid = catalogue.register_service(
        org,
        details,
        actor="editor",
        locations=[hall],
        schedules=[Schedule(days=[Weekday("MO")], opens_at=dt.time(9), closes_at=dt.time(11))],
    )
    return catalogue.get_service(sid)


def _json(value: object) -> dict[str, object]:
    decoded: dict[str, object] = msgspec.json.decode(msgspec.json.encode(value))
    return decoded


def test_a_service_record_has_every_field_of_its_search_document(service: Service) -> None:
    for staff, document in (
        (True, staff_document(service, "Parents Together")),
        (False, public_document(service, "Parents Together")),
    ):
        record = _json(service_view(service, "Parents Together", staff=staff))
        engine_only = ("_geo", "_vectors", "categories")  # categories are shown by name
        expected = {k: v for k, v in _json(document).items() if k not in engine_only}
        assert {k: record[k] for k in expected} == expected
        assert "_vectors" not in record and "_geo" not in record
        assert record["schedules"] == [
            {
                "frequency": "weekly",
                "days": ["MO"],
                "week_of_month": None,
                "opens_at": "09:00:00",
                "closes_at": "11:00:00",
                "term_time_only": False,
                "holidays_only": False,
                "location_id": None,
                "description": "",
                "text": "Mondays, 9am to 11am",
            }
        ]
        assert record["ages"] == {"minimum_months": 0, "maximum_months": 60}
        assert "as_of" not in record and "changed_fields" not in record


def test_the_public_record_has_no_staff_only_field(service: Service) -> None:
    public = _json(service_view(service, "Parents Together", staff=False))
    staff = _json(service_view(service, "Parents Together", staff=True))
    assert STAFF_ONLY_DOCUMENT_FIELDS & set(public) == set()
    assert set(staff) >= STAFF_ONLY_DOCUMENT_FIELDS
    assert staff["staff_notes"] == "Ring Jo first"


def test_an_organisation_record_is_its_id_version_and_details(catalogue: Catalogue) -> None:
    details = OrganisationDetails(name="Parents Together", url="https://example.org")
    org = catalogue.get_organisation(catalogue.register_organisation(details, actor="editor"))
    assert _json(organisation_view(org)) == {
        "id": str(org.id),
        "version": 1,
        **msgspec.to_builtins(details),
    }
