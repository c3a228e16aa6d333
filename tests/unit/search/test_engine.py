"""The one search engine: a family's words, safety first, with and without the model."""

from __future__ import annotations

from collections.abc import Sequence

from search.documents import EMBEDDER, ServiceDocument, StaffServiceDocument
from search.embedding import HashingEmbedder
from search.engine import SearchEngine
from search.memory import InMemorySearchIndex
from search.port import SearchQuery


def _index(embedder: HashingEmbedder | None = None) -> InMemorySearchIndex:
    docs = [
        StaffServiceDocument(
            id="mediation",
            name="Family mediation",
            summary="Mediation for separating couples and their partner",
            organisation_id="o",
            categories=["parenting", "parenting.relationship-support"],
        ),
        StaffServiceDocument(
            id="abuse",
            name="Safer Futures",
            summary="Support for anyone living with domestic abuse from a partner",
            organisation_id="o",
            categories=["safety", "safety.domestic-abuse"],
        ),
        StaffServiceDocument(
            id="rent",
            name="Tenancy support",
            summary="Help with rent arrears and housing",
            organisation_id="o",
            categories=["housing"],
        ),
    ]
    if embedder is not None:
        for doc in docs:
            doc._vectors = {EMBEDDER: embedder.embed_query(doc.summary)}
    public = [
        ServiceDocument(**{f: getattr(d, f) for f in ServiceDocument.__struct_fields__})
        for d in docs
    ]
    index = InMemorySearchIndex()
    index.upsert(public, docs)
    return index


async def test_a_domestic_abuse_search_shows_urgent_help_and_abuse_services_above_mediation() -> (
    None
):
    embedder = HashingEmbedder()
    engine = SearchEngine(_index(embedder), embedder, min_score=0.0)
    page = await engine.search("public", SearchQuery(text="my partner hits me"))
    phones = [h.phone for h in page.urgent]
    assert "999" in phones and "0808 2000 247" in phones and page.warning
    ids = [h.id for h in page.hits]
    assert ids[0] == "abuse" and "mediation" in ids and ids.index("mediation") > ids.index("abuse")
    assert page.semantic


async def test_without_a_model_the_words_alone_still_find_help() -> None:
    engine = SearchEngine(_index())
    page = await engine.search("public", SearchQuery(text="we can't pay the rent"))
    assert [h.id for h in page.hits] == ["rent"] and not page.semantic and not page.urgent


async def test_a_model_that_fails_leaves_the_keyword_search() -> None:
    class Broken(HashingEmbedder):
        def embed_query(self, text: str) -> list[float]:
            raise RuntimeError("model gone")

        def embed(self, texts: Sequence[str]) -> list[list[float]]:
            raise RuntimeError("model gone")

    engine = SearchEngine(_index(), Broken())
    page = await engine.search("public", SearchQuery(text="rent"))
    assert [h.id for h in page.hits] == ["rent"] and not page.semantic


async def test_ranked_ids_are_what_the_same_search_finds_in_its_order() -> None:
    embedder = HashingEmbedder()
    engine = SearchEngine(_index(embedder), embedder, min_score=0.0)
    page = await engine.search("public", SearchQuery(text="my partner hits me", per_page=100))
    assert await engine.ranked_ids("public", "my partner hits me") == [h.id for h in page.hits]
