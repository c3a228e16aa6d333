"""A service's history in words: each change with its actor and each field before and after."""

from __future__ import annotations

import datetime as dt

from services.catalogue.application import Catalogue
from services.catalogue.history import FIELD_LABELS, readable_history
from services.catalogue.model import (
    STAFF_ONLY_FIELDS,
    Contact,
    OrganisationDetails,
    ServiceDetails,
)


def _catalogue() -> Catalogue:
    return Catalogue(
        env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}
    )


def test_each_change_reads_as_who_when_and_each_field_before_and_after() -> None:
    catalogue = _catalogue()
    org = catalogue.register_organisation(OrganisationDetails(name="Org"), actor="ed")
    sid = catalogue.register_service(
        org,
        ServiceDetails(name="Drop-in", summary="Tea"),
        actor="a@c.org",
        categories=["parenting"],
    )
    catalogue.update_service(
        sid,
        ServiceDetails(
            name="Drop-in",
            summary="Tea and a chat",
            staff_contact=Contact(name="Jo", phone="020 7946 0000"),
        ),
        actor="b@c.org",
    )
    catalogue.verify_service(sid, dt.date(2026, 3, 1), actor="c@c.org")
    changes = readable_history(list(catalogue.events.get(sid)))
    assert [c.headline for c in changes] == [
        "Added to the directory",
        "Types of help changed",
        "Details changed",
        "Checked and confirmed",
    ]
    edit = changes[2]
    assert edit.actor == "b@c.org"
    assert [(f.label, f.before, f.after) for f in edit.fields] == [
        ("Summary", "Tea", "Tea and a chat"),
        ("Referral contact (staff only)", "", "Jo · 020 7946 0000"),
    ]
    assert changes[3].fields[0].after == "01 March 2026 by c@c.org"


def test_the_public_history_leaves_out_staff_only_fields() -> None:
    catalogue = _catalogue()
    org = catalogue.register_organisation(OrganisationDetails(name="Org"), actor="ed")
    sid = catalogue.register_service(org, ServiceDetails(name="A"), actor="ed")
    catalogue.update_service(
        sid, ServiceDetails(name="A", staff_notes="Ring Jo first", summary="B"), actor="ed"
    )
    changes = readable_history(list(catalogue.events.get(sid)), staff=False)
    assert [f.label for f in changes[-1].fields] == ["Summary"]


def test_a_field_is_labelled_staff_only_exactly_when_it_is_one() -> None:
    labelled = {n for n, label in FIELD_LABELS.items() if label.endswith("(staff only)")}
    assert labelled == STAFF_ONLY_FIELDS
    assert STAFF_ONLY_FIELDS.issubset(ServiceDetails.__struct_fields__)
