"""A feed's web addresses that are not http(s), mailto or tel are dropped, field by field."""

from __future__ import annotations

from msgspec.structs import replace

from services.catalogue.importing.report import DataQualityReport
from services.catalogue.model import OrganisationDetails, ServiceDetails
from services.shared.urls import is_safe_url

DROPPED = "unsafe web address dropped"


def service_with_safe_urls(
    details: ServiceDetails, record_id: str, report: DataQualityReport
) -> ServiceDetails:
    changes: dict[str, object] = {}
    if details.url and not is_safe_url(details.url):
        changes["url"] = ""
    for name in ("public_contact", "staff_contact"):
        contact = getattr(details, name)
        if contact.url and not is_safe_url(contact.url):
            changes[name] = replace(contact, url="")
    if not changes:
        return details
    report.repair(DROPPED, record_id)
    return replace(details, **changes)


def organisation_with_safe_url(
    details: OrganisationDetails, record_id: str, report: DataQualityReport
) -> OrganisationDetails:
    if not details.url or is_safe_url(details.url):
        return details
    report.repair(DROPPED, record_id)
    return replace(details, url="")
