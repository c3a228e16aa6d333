"""The demo catalogue at benchmark scale: 50,000 services with unique, consistent ids."""

from __future__ import annotations

from services.catalogue.demo import demo_records


def test_fifty_thousand_services_have_unique_ids_and_two_thousand_organisations() -> None:
    organisations, services = demo_records(50_000)
    assert len(services) == 50_000
    assert len({s.external_id for s in services}) == 50_000
    assert len(organisations) == 2_000
    org_ids = {o.external_id for o in organisations}
    assert len(org_ids) == 2_000
    assert {s.organisation_external_id for s in services} == org_ids
    assert len({loc.id for s in services for loc in s.locations}) == sum(
        len(s.locations) for s in services
    )
