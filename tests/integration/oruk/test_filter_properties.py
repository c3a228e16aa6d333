"""Property tests: /oruk filters give exactly what a brute-force pass over the documents gives."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from projections.oruk_export import oruk_services
from search.postcodes import PostcodeDirectory
from services.http.app import create_app
from services.runtime import Runtime
from tests.oruk_reference import (
    POSTCODES,
    location_distance,
    service_filters,
    service_matches,
)

SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def runtime(demo_runtime: Runtime) -> Runtime:
    return demo_runtime


@pytest.fixture(scope="module")
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(create_app(runtime, manage_runtime=False)) as client:
        yield client


@pytest.fixture(scope="module")
def published(runtime: Runtime) -> list[dict[str, Any]]:
    return oruk_services(runtime.catalogue)


def listed(client: TestClient[Any], path: str, params: dict[str, str]) -> list[str]:
    response = client.get(path, params={**params, "per_page": "1000"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total_items"] == len(body["contents"])
    return [item["id"] for item in body["contents"]]


def check_service_filters(client: Any, published: list[dict[str, Any]]) -> None:
    modified = sorted({d["last_modified"] for d in published})
    picks = [modified[0], modified[len(modified) // 2], modified[-1]]

    @SLOW
    @given(params=service_filters(picks))
    def run(params: dict[str, str]) -> None:
        expected = {d["id"] for d in published if service_matches(d, params)}
        assert set(listed(client, "/oruk/services", params)) == expected

    run()


def check_proximity(client: Any, published: list[dict[str, Any]]) -> None:
    sals = [sal for d in published for sal in d.get("service_at_locations", [])]
    postcodes = PostcodeDirectory()

    @SLOW
    @given(postcode=st.sampled_from(POSTCODES), metres=st.integers(50, 30_000))
    def run(postcode: str, metres: int) -> None:
        place = postcodes.resolve(postcode)
        distances = {s["id"]: location_distance(s, (place.lat, place.lon)) for s in sals}
        # engines measure the earth a little differently: stay clear of the boundary by 0.3%
        margin = max(5.0, metres * 0.003)
        assume(all(d is None or abs(d - metres) > margin for d in distances.values()))
        expected = {i for i, d in distances.items() if d is not None and d <= metres}
        found = listed(
            client, "/oruk/service_at_locations", {"postcode": postcode, "proximity": str(metres)}
        )
        assert set(found) == expected
        ordered = [distances[i] or 0.0 for i in found]
        assert all(a <= b * 1.003 + 1 for a, b in pairwise(ordered))

    run()


def test_service_filters_match_a_brute_force_reference(
    client: TestClient[Any], published: list[dict[str, Any]]
) -> None:
    check_service_filters(client, published)


def test_proximity_matches_a_brute_force_reference(
    client: TestClient[Any], published: list[dict[str, Any]]
) -> None:
    check_proximity(client, published)
