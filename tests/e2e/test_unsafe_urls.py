"""Script addresses are refused by the API; one stored before that is never a link on the public
pages and never republished in /oruk."""

from __future__ import annotations

from uuid import UUID

import msgspec

from services.catalogue.domain import Organisation, Service, ServiceChanges
from services.catalogue.model import Contact
from tests.e2e.conftest import Served
from tests.e2e.oruk_fixtures import oruk_caught_up

SCRIPT = "javascript:alert(document.cookie)"


def test_the_api_refuses_script_addresses_naming_the_field(served: Served) -> None:
    org = served.post("/api/organisations", {"name": "Parents Together", "url": SCRIPT})
    assert org.status_code == 422 and org.json()["field"] == "url", org.text
    oid = served.post("/api/organisations", {"name": "Parents Together"}).json()["id"]
    service = served.post("/api/services", {"name": "Play", "organisation_id": oid, "url": SCRIPT})
    assert service.status_code == 422 and service.json()["field"] == "url", service.text
    made = served.post("/api/services", {"name": "Play", "organisation_id": oid}).json()
    patch = {"public_contact": {"url": SCRIPT}, "expected_version": made["version"]}
    patched = served.patch(f"/api/services/{made['id']}", patch)
    assert patched.status_code == 422 and patched.json()["field"] == "public_contact.url"
    mailto = {"url": "mailto:play@example.org", "expected_version": made["version"]}
    assert served.patch(f"/api/services/{made['id']}", mailto).status_code == 200


def test_a_script_address_stored_earlier_is_neither_shown_as_a_link_nor_published(
    served: Served,
) -> None:
    oid = served.post("/api/organisations", {"name": "Parents Together"}).json()["id"]
    body = {"name": "Stay and play", "organisation_id": oid, "summary": "Songs and toys"}
    sid = served.post("/api/services", body).json()["id"]
    catalogue = served.runtime.catalogue
    service = catalogue.get_service(UUID(sid))  # as a record from before the rule was written
    changes = ServiceChanges(url=SCRIPT, public_contact=Contact(url=SCRIPT, phone="020 7946 0000"))
    service.trigger(Service.DetailsUpdated, actor="legacy", changes=changes)
    organisation = catalogue.get_organisation(UUID(oid))
    details = msgspec.structs.replace(organisation.details, url=SCRIPT)
    organisation.trigger(Organisation.DetailsUpdated, actor="legacy", details=details)
    catalogue.save(service, organisation)
    served.caught_up()
    oruk_caught_up(served)
    page = served.http.get(f"/services/{sid}")
    assert page.status_code == 200 and "020 7946 0000" in page.text
    assert "javascript:" not in page.text.lower()
    sheet = served.http.get("/sheet", params={"sl": sid})
    assert sheet.status_code == 200 and "javascript:" not in sheet.text.lower()
    for path in (f"/oruk/services/{sid}", "/oruk/services", "/oruk/service_at_locations"):
        published = served.http.get(path)
        assert published.status_code == 200 and "javascript:" not in published.text, path
