"""One contract for the search index port, run against the in-memory index and real Meilisearch."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest

from search.documents import EMBEDDER, GeoPoint, ServiceDocument, StaffServiceDocument
from search.meili import MeiliSearchIndex
from search.memory import InMemorySearchIndex
from search.port import CARD_FIELDS, SearchIndex, SearchQuery

STRATFORD = (51.5382, 0.0002)


def _docs() -> list[StaffServiceDocument]:
    def doc(id: str, name: str, **kw: Any) -> StaffServiceDocument:
        return StaffServiceDocument(
            id=id,
            name=name,
            organisation_id=kw.pop("org", "org-1"),
            staff_notes=f"secret {id}",
            **kw,
        )

    return [
        doc(
            "a",
            "Counselling for parents",
            categories=["mental-health", "mental-health.counselling"],
            min_age_months=216,
            free=True,
            self_referral=True,
            delivery=["online"],
            days=["TH"],
            languages=["Bengali"],
            _geo=GeoPoint(51.54, 0.0),
            last_verified="2026-09-01T10:00:00+00:00",
            checked_at=1_788_256_800,
        ),
        doc(
            "b",
            "CAMHS assessment",
            categories=["mental-health", "mental-health.camhs"],
            max_age_months=215,
            free=True,
            delivery=["in_person"],
            days=["MO"],
            _geo=GeoPoint(51.60, 0.05),
        ),
        doc(
            "c",
            "Parenting course",
            categories=["parenting", "parenting.parenting-courses"],
            free=False,
            cost="charge",
            self_referral=True,
            delivery=["in_person"],
            days=["TU"],
            org="org-2",
            _geo=GeoPoint(53.41, -2.15),
            last_verified="2026-03-01T10:00:00+00:00",
            checked_at=1_772_359_200,
        ),
    ]


def _public(docs: list[StaffServiceDocument]) -> list[ServiceDocument]:
    fields = ServiceDocument.__struct_fields__
    return [ServiceDocument(**{f: getattr(d, f) for f in fields}) for d in docs]


class SearchIndexContract:
    @pytest.fixture
    def index(self) -> Iterator[SearchIndex]:
        raise NotImplementedError

    @pytest.fixture
    def filled(self, index: SearchIndex) -> SearchIndex:
        docs = _docs()
        index.upsert(_public(docs), docs)
        return index

    async def _ids(self, index: SearchIndex, **kw: Any) -> set[str]:
        return {h.id for h in (await index.search("public", SearchQuery(**kw))).hits}

    async def test_upserting_twice_keeps_one_copy(self, filled: SearchIndex) -> None:
        docs = _docs()
        filled.upsert(_public(docs), docs)
        assert filled.count("public") == filled.count("staff") == 3

    async def test_the_public_index_never_returns_staff_fields(self, filled: SearchIndex) -> None:
        assert "staff_notes" not in (filled.get("public", "a") or {})
        assert (filled.get("staff", "a") or {})["staff_notes"] == "secret a"

    async def test_delete_removes_from_both_indexes(self, filled: SearchIndex) -> None:
        filled.delete(["a", "zzz"])
        assert filled.get("public", "a") is None and filled.get("staff", "a") is None

    async def test_filters_combine(self, filled: SearchIndex) -> None:
        assert await self._ids(filled, categories=["mental-health"]) == {"a", "b"}
        assert await self._ids(filled, free_only=True, self_referral=True) == {"a"}
        assert await self._ids(filled, age=9) == {"b", "c"}
        assert await self._ids(filled, delivery=["in_person"], day="TU") == {"c"}
        assert await self._ids(filled, language="Bengali") == {"a"}

    async def test_radius_and_distance_order(self, filled: SearchIndex) -> None:
        page = await filled.search(
            "public", SearchQuery(position=STRATFORD, radius_km=10, sort="distance")
        )
        assert [h.id for h in page.hits] == ["a", "b"]
        near, far = (h.distance_km for h in page.hits)
        assert near is not None and far is not None and near < far

    async def test_facets_count_the_whole_result_and_paging_splits_it(
        self, filled: SearchIndex
    ) -> None:
        page = await filled.search("public", SearchQuery(per_page=2))
        assert page.total == 3 and len(page.hits) == 2 and page.total_pages == 2
        assert page.facets["cost"] == {"free": 2, "charge": 1}
        assert page.facets["categories"]["mental-health"] == 2
        assert page.facets["self_referral"] == {"true": 2, "false": 1}

    async def test_result_cards_come_with_the_hits_only_when_asked(
        self, filled: SearchIndex
    ) -> None:
        plain = await filled.search("public", SearchQuery(free_only=True, self_referral=True))
        assert plain.hits[0].document == {}
        cards = await filled.search(
            "public", SearchQuery(free_only=True, self_referral=True, cards=True)
        )
        card = cards.hits[0].document
        assert card["id"] == "a" and card["free"] is True and card["self_referral"] is True
        assert set(card) <= set(CARD_FIELDS) and "staff_notes" not in card

    async def test_the_review_order_puts_never_checked_then_longest_unchecked_first(
        self, filled: SearchIndex
    ) -> None:
        page = await filled.search("staff", SearchQuery(sort="least_recently_checked", cards=True))
        assert [h.id for h in page.hits] == ["b", "c", "a"]
        assert page.hits[1].document["last_verified"].startswith("2026-03-01")

    async def test_services_of_an_organisation_can_be_found(self, filled: SearchIndex) -> None:
        assert set(filled.ids_for_organisation("org-1")) == {"a", "b"}

    async def test_a_rebuild_swaps_in_exactly_the_new_documents(self, filled: SearchIndex) -> None:
        fresh = filled.begin_rebuild()
        new = _docs()[:1]
        fresh.upsert(_public(new), new)
        filled.complete_rebuild(fresh)
        assert filled.count("public") == 1 and filled.get("public", "a") is not None

    async def test_a_rebuild_reads_back_what_it_has_just_written(self, filled: SearchIndex) -> None:
        # A rebuild finds a renamed organisation's services in the fresh index, written batches
        # before; Meilisearch's fresh index queues its writes and waits only when read.
        fresh = filled.begin_rebuild()
        docs = _docs()
        fresh.upsert(_public(docs[:1]), docs[:1])
        fresh.upsert(_public(docs[1:]), docs[1:])
        assert set(fresh.ids_for_organisation("org-1")) == {"a", "b"}
        assert fresh.count("staff") == len(docs) and fresh.get("public", "b") is not None
        filled.complete_rebuild(fresh)
        assert filled.count("public") == len(docs)


def _unit(*values: float) -> list[float]:
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values]


def _need_docs() -> list[StaffServiceDocument]:
    """Four services with 4-dimensional vectors: abuse, mediation, rent, training."""

    def doc(id: str, name: str, vector: list[float] | None, **kw: Any) -> StaffServiceDocument:
        return StaffServiceDocument(
            id=id, name=name, organisation_id="org-1", _vectors={EMBEDDER: vector}, **kw
        )

    return [
        doc("abuse", "Safer Futures", _unit(1, 0.1, 0, 0), categories=["safety.domestic-abuse"]),
        doc(
            "mediation",
            "Family mediation",
            _unit(0.9, 0.3, 0, 0),
            categories=["parenting.relationship-support"],
        ),
        doc(
            "camden-abuse",
            "Camden women's aid",
            _unit(0.95, 0, 0.1, 0),
            categories=["safety.domestic-abuse"],
            area_name="Camden",
            area_districts=["NW1", "NW5"],
        ),
        doc("rent", "Tenancy support", _unit(0, 0, 1, 0), categories=["housing"]),
        doc(
            "course",
            "Working with parents: a course for school staff",
            _unit(0.5, 0, 0, 1),
            categories=["professional-training"],
            for_families=False,
        ),
        doc("blank", "No words to embed", None),
    ]


class HybridContract(SearchIndexContract):
    """Indexes that take each document's vector and rank by meaning as well as by words."""

    @pytest.fixture
    def needs(self, index: SearchIndex) -> SearchIndex:
        docs = _need_docs()
        index.upsert(_public(docs), docs)
        return index

    async def _names(self, index: SearchIndex, **kw: Any) -> list[str]:
        return [h.id for h in (await index.search("public", SearchQuery(**kw))).hits]

    async def test_a_vector_finds_services_by_meaning_nearest_first(
        self, needs: SearchIndex
    ) -> None:
        ids = await self._names(
            needs, text="zzqx", keywords="zzqx", vector=_unit(1, 0, 0, 0), min_score=0.75
        )
        assert ids[:3] == ["abuse", "camden-abuse", "mediation"]
        assert "rent" not in ids and "blank" not in ids  # too far, and no vector

    async def test_totals_and_facets_cover_only_what_scored_above_the_threshold(
        self, needs: SearchIndex
    ) -> None:
        page = await needs.search(
            "public", SearchQuery(text="zzqx", vector=_unit(0, 0, 1, 0), min_score=0.9)
        )
        assert [h.id for h in page.hits] == ["rent"] and page.total == 1
        assert page.facets["categories"] == {"housing": 1}

    async def test_services_the_words_call_for_come_first_and_demoted_ones_last(
        self, needs: SearchIndex
    ) -> None:
        ids = await self._names(
            needs,
            text="zzqx",
            vector=_unit(0.9, 0.3, 0, 0),  # nearest to mediation
            min_score=0.6,
            first=["safety.domestic-abuse"],
            demote=["parenting.relationship-support"],
        )
        assert set(ids[:2]) == {"abuse", "camden-abuse"} and ids[-1] == "mediation"

    async def test_help_for_another_area_comes_after_local_help_and_says_so(
        self, needs: SearchIndex
    ) -> None:
        page = await needs.search(
            "public",
            SearchQuery(
                text="zzqx",
                vector=_unit(1, 0, 0, 0),
                min_score=0.75,
                district="E15",
                first=["safety.domestic-abuse"],
            ),
        )
        assert [h.id for h in page.hits] == ["abuse", "camden-abuse", "mediation"]
        assert page.hits[1].out_of_area == "Camden" and page.hits[0].out_of_area == ""
        local = await needs.search(
            "public",
            SearchQuery(text="zzqx", vector=_unit(1, 0, 0, 0), min_score=0.75, district="NW5"),
        )
        assert all(h.out_of_area == "" for h in local.hits)

    async def test_training_for_professionals_is_not_in_families_results_unless_asked_for(
        self, needs: SearchIndex
    ) -> None:
        assert "course" in await self._names(needs)
        assert "course" not in await self._names(needs, families_only=True)
        asked = await self._names(needs, families_only=True, categories=["professional-training"])
        assert asked == ["course"]

    async def test_pages_of_a_ranked_result_follow_on(self, needs: SearchIndex) -> None:
        kw: dict[str, Any] = {
            "text": "zzqx",
            "vector": _unit(1, 0, 0, 0),
            "min_score": 0.5,
            "district": "E15",
            "demote": ["parenting.relationship-support"],
        }
        whole = await self._names(needs, per_page=10, **kw)
        paged = [i for p in (1, 2, 3) for i in await self._names(needs, page=p, per_page=2, **kw)]
        assert paged == whole and len(whole) >= 4
        page = await needs.search("public", SearchQuery(page=1, per_page=2, **kw))
        assert page.total == len(whole) and page.total_pages == math.ceil(len(whole) / 2)


class TestInMemorySearchIndex(HybridContract):
    @pytest.fixture
    def index(self) -> Iterator[SearchIndex]:
        yield InMemorySearchIndex()


@pytest.mark.integration
class TestMeiliSearchIndex(HybridContract):
    """The contract with SIGNPOST_VECTOR_STORE=stable (Meilisearch's arroy)."""

    @pytest.fixture
    def index(self, meili_server: Any) -> Iterator[SearchIndex]:
        index = MeiliSearchIndex(
            meili_server.url,
            meili_server.master_key,
            prefix=f"t{uuid4().hex[:10]}",
            dimensions=4,
            vector_store="stable",
        )
        index.prepare()
        try:
            yield index
        finally:
            index.drop()
            index.close()

    async def test_search_tolerates_typos_and_knows_the_words_of_the_field(
        self, filled: SearchIndex
    ) -> None:
        assert "a" in await self._ids(filled, text="counceling")
        assert "b" in await self._ids(filled, text="CAHMS")


@pytest.mark.integration
class TestMeiliSearchIndexOnTheExperimentalVectorStore(TestMeiliSearchIndex):
    """The same contract on the default store, SIGNPOST_VECTOR_STORE=experimental (hannoy)."""

    @pytest.fixture
    def index(self, meili_server: Any) -> Iterator[SearchIndex]:
        index = MeiliSearchIndex(
            meili_server.url, meili_server.master_key, prefix=f"t{uuid4().hex[:10]}", dimensions=4
        )
        index.prepare()
        try:
            yield index
        finally:
            index.drop()
            index.close()

    def test_both_indexes_keep_their_vectors_in_the_experimental_store(
        self, index: SearchIndex
    ) -> None:
        assert isinstance(index, MeiliSearchIndex)
        for name in index.names.values():
            settings = index.meili.client.index(name).get_settings()
            assert settings["vectorStore"] == "experimental"

    async def test_set_back_to_stable_the_indexes_move_back_and_keep_their_vectors(
        self, needs: SearchIndex
    ) -> None:
        assert isinstance(needs, MeiliSearchIndex)
        stable = MeiliSearchIndex(
            needs.url, needs.api_key, needs.prefix, dimensions=4, vector_store="stable"
        )
        stable.prepare()
        for name in stable.names.values():
            assert stable.meili.client.index(name).get_settings()["vectorStore"] == "stable"
        ids = await self._names(
            stable, text="zzqx", keywords="zzqx", vector=_unit(1, 0, 0, 0), min_score=0.75
        )
        assert ids[:3] == ["abuse", "camden-abuse", "mediation"]
        stable.close()
