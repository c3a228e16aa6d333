"""Brings whole records from outside (a feed, the demo data) into the catalogue, idempotently."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

import msgspec

from services.catalogue.application import Catalogue
from services.catalogue.records import OrganisationRecord, ServiceRecord
from services.shared.errors import SignpostError


class SyncSummary(msgspec.Struct, kw_only=True):
    organisations_new: int = 0
    organisations_changed: int = 0
    services_new: int = 0
    services_changed: int = 0
    services_unchanged: int = 0
    rejected: dict[str, str] = {}
    organisations_rejected: dict[str, str] = {}

    def render(self) -> str:
        lines = [
            f"organisations: {self.organisations_new} new, {self.organisations_changed} changed",
            f"services: {self.services_new} new, {self.services_changed} changed, "
            f"{self.services_unchanged} unchanged, {len(self.rejected)} rejected",
        ]
        lines += [
            f"  rejected organisation {external_id}: {reason}"
            for external_id, reason in list(self.organisations_rejected.items())[:20]
        ]
        lines += [
            f"  rejected {external_id}: {reason}"
            for external_id, reason in list(self.rejected.items())[:20]
        ]
        return "\n".join(lines)


def sync_records(
    catalogue: Catalogue,
    organisations: Sequence[OrganisationRecord],
    services: Sequence[ServiceRecord],
    *,
    actor: str,
    progress: Callable[[int], None] | None = None,
) -> SyncSummary:
    summary = SyncSummary()
    organisation_ids: dict[str, UUID] = {}
    for org in organisations:
        known = catalogue.find_by_external_id("organisation", org.external_id)
        try:
            org_id, changed = catalogue.sync_organisation(org, actor=actor)
        except SignpostError as e:  # its services are then rejected: unknown organisation
            summary.organisations_rejected[org.external_id] = e.message
            continue
        organisation_ids[org.external_id] = org_id
        if known is None:
            summary.organisations_new += 1
        elif changed:
            summary.organisations_changed += 1
    for record in services:
        service_org: UUID | None = organisation_ids.get(
            record.organisation_external_id
        ) or catalogue.find_by_external_id("organisation", record.organisation_external_id)
        if service_org is None:
            summary.rejected[record.external_id] = (
                f"unknown organisation {record.organisation_external_id}"
            )
        else:
            known = catalogue.find_by_external_id("service", record.external_id)
            try:
                _, changed = catalogue.sync_service(record, service_org, actor=actor)
            except SignpostError as e:
                summary.rejected[record.external_id] = e.message
            else:
                if known is None:
                    summary.services_new += 1
                elif changed:
                    summary.services_changed += 1
                else:
                    summary.services_unchanged += 1
        if progress is not None:
            progress(1)
    return summary
