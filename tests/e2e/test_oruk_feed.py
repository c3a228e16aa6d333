"""The /oruk feed served from real Meilisearch: valid on every page and id, exact filters, fresh."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import msgspec
import pytest

from projections.oruk_export import oruk_services
from services.catalogue.model import OrganisationDetails
from tests.e2e.conftest import Served
from tests.e2e.oruk_fixtures import oruk_caught_up, served_catalogue
from tests.integration.oruk.test_filter_properties import check_proximity, check_service_filters
from tests.oruk_support import violations

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory, meili_server: Any) -> Iterator[Served]:
    yield from served_catalogue(tmp_path_factory.mktemp("feed"), meili_server, services=500)


@pytest.fixture(scope="module")
def published(feed: Served) -> list[dict[str, Any]]:
    return oruk_services(feed.runtime.catalogue)


def _get(feed: Served, path: str, **params: Any) -> Any:
    response = feed.http.get(path, params=params)
    assert response.status_code == 200, (path, response.text)
    assert response.headers["access-control-allow-origin"] == "*"
    return response.json()


def test_first_middle_and_last_pages_and_every_id_validate(feed: Served) -> None:
    first = _get(feed, "/oruk/services", per_page=25)
    assert first["total_items"] == 500 and first["total_pages"] == 20
    ids: list[str] = []
    for number in range(1, 21):
        page = _get(feed, "/oruk/services", per_page=25, page=number)
        assert page["size"] == 25 and page["last_page"] == (number == 20)
        if number in (1, 10, 20):
            for item in page["contents"]:
                assert violations(item, "compiled/service_list.json") == []
        ids += [item["id"] for item in page["contents"]]
    assert len(set(ids)) == 500
    for id in ids:
        assert violations(_get(feed, f"/oruk/services/{id}"), "compiled/service.json") == []
    locations = _get(feed, "/oruk/service_at_locations", per_page=1000)
    assert locations["total_items"] == len(locations["contents"]) > 400
    for item in locations["contents"]:
        assert violations(item, "compiled/service_at_location_list.json") == []
        doc = _get(feed, f"/oruk/service_at_locations/{item['id']}")
        assert violations(doc, "compiled/service_at_location.json") == []


def test_the_feed_serves_exactly_what_the_catalogue_publishes(
    feed: Served, published: list[dict[str, Any]]
) -> None:
    served = _get(feed, "/oruk/services", per_page=1000)["contents"]
    assert [s["id"] for s in served] == [d["id"] for d in published]
    sample = published[::50]
    assert [_get(feed, f"/oruk/services/{d['id']}") for d in sample] == sample


def test_filters_on_meilisearch_match_a_brute_force_reference(
    feed: Served, published: list[dict[str, Any]]
) -> None:
    check_service_filters(feed.http, published)
    check_proximity(feed.http, published)


def test_edits_withdrawals_and_renames_reach_the_feed(feed: Served) -> None:
    catalogue = feed.runtime.catalogue
    listing = _get(feed, "/oruk/services", per_page=2)["contents"]
    edited, withdrawn = (UUID(s["id"]) for s in listing)
    service = catalogue.get_service(edited)
    catalogue.update_service(
        edited, msgspec.structs.replace(service.details, alert="Closed on Friday"), actor="t"
    )
    sal = _get(feed, f"/oruk/services/{withdrawn}")["service_at_locations"]
    catalogue.withdraw_service(withdrawn, "Funding ended", actor="t")
    organisation = catalogue.get_organisation(service.organisation_id)
    renamed = OrganisationDetails(**{**msgspec.structs.asdict(organisation.details), "name": "New"})
    catalogue.update_organisation(service.organisation_id, renamed, actor="t")
    oruk_caught_up(feed)

    doc = _get(feed, f"/oruk/services/{edited}")
    assert doc["alert"] == "Closed on Friday" and doc["organization"]["name"] == "New"
    assert feed.http.get(f"/oruk/services/{withdrawn}").status_code == 404
    for item in sal:
        assert feed.http.get(f"/oruk/service_at_locations/{item['id']}").status_code == 404
    assert _get(feed, "/oruk/services")["total_items"] == 499


def test_a_search_lists_what_the_search_engine_finds_in_its_order(feed: Served) -> None:
    words = "my partner hits me"
    expected = asyncio.run(feed.runtime.search.ranked_ids("public", words))
    listed = _get(feed, "/oruk/services", search=words, per_page=50)
    assert listed["total_items"] == len(expected) > 0
    assert [item["id"] for item in listed["contents"]] == expected[:50]
    second = _get(feed, "/oruk/services", search=words, per_page=50, page=2)
    assert [item["id"] for item in second["contents"]] == expected[50:100]
