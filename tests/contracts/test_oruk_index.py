"""One contract for the ORUK read model port, run against the in-memory index and Meilisearch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest

from search.oruk import OrukEntry, OrukIndex, OrukQuery
from search.oruk_meili import MeiliOrukIndex
from search.oruk_memory import InMemoryOrukIndex

STRATFORD = (51.5382, 0.0002)


def _service(id: str, name: str, org: str = "org-1", **kw: Any) -> OrukEntry:
    return OrukEntry(
        id=id,
        service_id=id,
        organisation_id=org,
        name=name,
        name_sort=name.casefold(),
        doc={"id": id, "name": name},
        **kw,
    )


def _at(service: OrukEntry, n: int, lat: float, lng: float) -> OrukEntry:
    return OrukEntry(
        id=f"{service.id}-at-{n}",
        service_id=service.id,
        organisation_id=service.organisation_id,
        name=service.name,
        name_sort=service.name_sort,
        doc={"id": f"{service.id}-at-{n}"},
        _geo={"lat": lat, "lng": lng},
    )


def _fill(index: OrukIndex) -> None:
    a = _service(
        "a",
        "Counselling for parents",
        min_age=18,
        max_age=125,
        days=["TH"],
        opens=[540],
        closes=[720],
        term_ids=["t-counselling", "t-mental"],
        taxonomy_ids=["tax"],
        modified=1000.0,
        description="talking therapy",
    )
    b = _service(
        "b",
        "Baby massage",
        min_age=0,
        max_age=1,
        days=["MO", "WE"],
        opens=[600],
        closes=[660],
        term_ids=["t-early"],
        taxonomy_ids=["tax"],
        modified=2000.0,
    )
    c = _service(
        "c", "Food bank", org="org-2", days=["SA"], opens=[480], closes=[1020], modified=3000.0
    )
    index.replace(
        [a, b, c], [_at(a, 1, 51.54, 0.0), _at(a, 2, 53.41, -2.15), _at(b, 1, 51.60, 0.05)], []
    )


class OrukIndexContract:
    @pytest.fixture
    def index(self) -> Iterator[OrukIndex]:
        raise NotImplementedError

    @pytest.fixture
    def filled(self, index: OrukIndex) -> OrukIndex:
        _fill(index)
        return index

    def _ids(self, index: OrukIndex, kind: str = "services", **kw: Any) -> list[str]:
        return [d["id"] for d in index.search(kind, OrukQuery(per_page=100, **kw)).docs]

    def test_entries_are_stored_by_id_and_their_docs_served_as_they_are(
        self, filled: OrukIndex
    ) -> None:
        _fill(filled)
        filled.prepare()
        assert filled.count("services") == 3 and filled.count("locations") == 3
        assert filled.get("services", "a") == {"id": "a", "name": "Counselling for parents"}
        assert filled.get("locations", "a-at-2") == {"id": "a-at-2"}
        assert filled.get("services", "zzz") is None

    def test_replacing_a_service_replaces_all_its_locations(self, filled: OrukIndex) -> None:
        a = _service("a", "Counselling for parents")
        filled.replace([a], [_at(a, 3, 51.5, 0.0)], [])
        assert sorted(self._ids(filled, "locations")) == ["a-at-3", "b-at-1"]
        filled.replace([], [], ["b", "zzz"])
        assert filled.get("services", "b") is None
        assert self._ids(filled, "locations") == ["a-at-3"]

    def test_without_a_search_services_come_in_name_order_and_pages_split_them(
        self, filled: OrukIndex
    ) -> None:
        assert self._ids(filled) == ["b", "a", "c"]
        page = filled.search("services", OrukQuery(page=2, per_page=2))
        assert page.total == 3 and [d["id"] for d in page.docs] == ["c"]
        assert filled.search("services", OrukQuery(page=9, per_page=2)).docs == []

    def test_each_filter_and_their_combination(self, filled: OrukIndex) -> None:
        assert self._ids(filled, minimum_age=5) == ["a"]
        assert self._ids(filled, maximum_age=17) == ["b"]
        assert self._ids(filled, day="WE") == ["b"]
        assert self._ids(filled, start_minutes=600) == ["b"]
        assert self._ids(filled, end_minutes=700) == ["b"]
        assert self._ids(filled, taxonomy_term_id="t-mental") == ["a"]
        assert self._ids(filled, taxonomy_id="tax") == ["b", "a"]
        assert self._ids(filled, modified_after=2000.0) == ["b", "c"]
        assert self._ids(filled, text="therapy") == ["a"]
        assert self._ids(filled, taxonomy_id="tax", start_minutes=500, maximum_age=17) == ["b"]
        assert self._ids(filled, day="SU") == []

    def test_proximity_keeps_the_near_locations_nearest_first(self, filled: OrukIndex) -> None:
        near = self._ids(filled, "locations", position=STRATFORD, radius_m=10_000)
        assert near == ["a-at-1", "b-at-1"]
        assert self._ids(filled, "locations", position=STRATFORD, radius_m=100) == []

    def test_a_ranking_from_the_search_engine_keeps_its_order_under_the_filters(
        self, filled: OrukIndex
    ) -> None:
        assert self._ids(filled, ranked=["c", "a", "b"]) == ["c", "a", "b"]
        assert self._ids(filled, ranked=["c", "a", "b"], taxonomy_id="tax") == ["a", "b"]
        assert self._ids(filled, "locations", ranked=["b", "a"]) == ["b-at-1", "a-at-1", "a-at-2"]
        page = filled.search("services", OrukQuery(ranked=["c", "a", "b"], page=2, per_page=2))
        assert page.total == 3 and [d["id"] for d in page.docs] == ["b"]
        assert self._ids(filled, ranked=[]) == []

    def test_services_of_an_organisation_can_be_found(self, filled: OrukIndex) -> None:
        assert sorted(filled.ids_for_organisation("org-1")) == ["a", "b"]

    def test_a_rebuild_swaps_in_exactly_the_new_entries(self, filled: OrukIndex) -> None:
        fresh = filled.begin_rebuild()
        assert fresh.count("services") == 0 and filled.count("services") == 3
        fresh.replace([_service("d", "Debt advice")], [], [])
        filled.complete_rebuild(fresh)
        assert self._ids(filled) == ["d"] and self._ids(filled, "locations") == []


class TestInMemoryOrukIndex(OrukIndexContract):
    @pytest.fixture
    def index(self) -> Iterator[OrukIndex]:
        yield InMemoryOrukIndex()


@pytest.mark.integration
class TestMeiliOrukIndex(OrukIndexContract):
    @pytest.fixture
    def index(self, meili_server: Any) -> Iterator[OrukIndex]:
        index = MeiliOrukIndex(meili_server.url, meili_server.master_key, f"t{uuid4().hex[:10]}")
        index.prepare()
        try:
            yield index
        finally:
            index.drop()
            index.close()

    def test_search_tolerates_typos(self, filled: OrukIndex) -> None:
        assert self._ids(filled, text="counceling") == ["a"]
