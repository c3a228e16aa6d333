"""Who a service is for: children's ages of parents' services, training, and limited areas."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from projections.documents import public_document
from services.catalogue.domain import Service
from services.catalogue.model import AgeRange, Audience, ServiceDetails

ADULTS = AgeRange(minimum_months=216, maximum_months=1500)


def _doc(**details: Any) -> dict[str, Any]:
    service = Service.register(uuid4(), ServiceDetails(**details), id=uuid4(), actor="e")
    doc = public_document(service, "Org")
    return {f: getattr(doc, f) for f in doc.__struct_fields__}


def test_a_course_for_parents_of_3_to_11_year_olds_concerns_children_of_those_ages() -> None:
    doc = _doc(
        name="Parenting course for parents of 3 to 11 year olds",
        audience=[Audience.PARENTS],
        ages=ADULTS,
    )
    assert (doc["child_min_age_months"], doc["child_max_age_months"]) == (36, 143)


def test_parents_of_under_5s_and_children_up_to_11() -> None:
    under = _doc(
        name="Stay and play",
        summary="For parents of under 5s",
        audience=[Audience.PARENTS],
        ages=ADULTS,
    )
    assert (under["child_min_age_months"], under["child_max_age_months"]) == (0, 59)
    dads = _doc(
        name="Dads' club",
        eligibility="Dads with children up to 11",
        audience=[Audience.PARENTS],
        ages=ADULTS,
    )
    assert dads["child_max_age_months"] == 143


def test_a_parents_service_that_names_no_ages_concerns_children_of_every_age() -> None:
    doc = _doc(name="Parent mentoring", audience=[Audience.PARENTS], ages=ADULTS)
    assert (doc["child_min_age_months"], doc["child_max_age_months"]) == (0, 1500)


def test_a_childs_own_service_adds_no_childrens_ages() -> None:
    doc = _doc(
        name="Youth club for 11 to 18 year olds",
        audience=[Audience.CHILDREN],
        ages=AgeRange(minimum_months=132, maximum_months=227),
    )
    assert doc["child_min_age_months"] > doc["child_max_age_months"]  # an empty range


def test_services_only_for_professionals_are_not_for_families() -> None:
    assert (
        _doc(name="Course", audience=[Audience.SCHOOL_STAFF, Audience.PROFESSIONALS])[
            "for_families"
        ]
        is False
    )
    assert _doc(name="Club", audience=[Audience.CHILDREN, Audience.PROFESSIONALS])["for_families"]
    assert _doc(name="Anything")["for_families"] is True


def test_a_service_limited_to_a_named_area_carries_its_postcode_districts() -> None:
    doc = _doc(name="Hub", service_area="London Borough of Camden")
    assert doc["area_name"] == "Camden" and "NW5" in doc["area_districts"]
    assert _doc(name="Helpline", service_area="England")["area_districts"] == []
