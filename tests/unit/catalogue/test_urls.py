"""A service's and an organisation's web addresses are http(s), mailto or tel, never a script."""

from __future__ import annotations

from uuid import UUID

import pytest

from services.catalogue.application import Catalogue
from services.catalogue.model import Contact, OrganisationDetails, ServiceDetails
from services.shared.errors import RuleViolationError

SCRIPT = "javascript:alert(document.cookie)"


@pytest.fixture
def org(catalogue: Catalogue) -> UUID:
    return catalogue.register_organisation(OrganisationDetails(name="Parents Together"), actor="e")


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (ServiceDetails(name="Play", url=SCRIPT), "url"),
        (ServiceDetails(name="Play", public_contact=Contact(url=SCRIPT)), "public_contact.url"),
        (ServiceDetails(name="Play", staff_contact=Contact(url="data:,x")), "staff_contact.url"),
    ],
)
def test_a_service_with_a_script_address_is_refused_naming_the_field(
    catalogue: Catalogue, org: UUID, details: ServiceDetails, field: str
) -> None:
    with pytest.raises(RuleViolationError) as refused:
        catalogue.register_service(org, details, actor="e")
    assert refused.value.field == field
    sid = catalogue.register_service(org, ServiceDetails(name="Play"), actor="e")
    with pytest.raises(RuleViolationError) as refused:
        catalogue.update_service(sid, details, actor="e")
    assert refused.value.field == field


def test_an_organisation_with_a_script_address_is_refused(catalogue: Catalogue, org: UUID) -> None:
    with pytest.raises(RuleViolationError) as refused:
        catalogue.register_organisation(OrganisationDetails(name="X", url=SCRIPT), actor="e")
    assert refused.value.field == "url"
    with pytest.raises(RuleViolationError):
        catalogue.update_organisation(org, OrganisationDetails(name="X", url=SCRIPT), actor="e")
    ok = OrganisationDetails(name="X", url="https://example.org")
    assert catalogue.update_organisation(org, ok, actor="e")
