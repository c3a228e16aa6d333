"""Hybrid search on a real Meilisearch with the real embedding model, over the demo catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from search.embedding import MODEL_ID
from search.port import SearchQuery
from search.postcodes import PostcodeDirectory
from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.runtime import Runtime, build_runtime
from tests.integration.helpers import settings_for
from tests.judgments import K, hits_at, load_judgments

pytestmark = pytest.mark.integration

# Need phrases written for the demo catalogue, in a parent's, a worker's and a young person's words.
NEEDS = (
    "my son won't go to school",
    "kid wont stop having meltdowns",
    "cant afford school uniform",
    "me and my husband keep arguing in front of the kids",
    "my disabled daughter needs something to do in the holidays",
    "struggling with energy bills this winter",
    "my kids have nowhere to go in half term",
    "my baby wont stop crying and im exhausted",
    "where can school refer a child for counselling",
    "family in temporary accommodation",
    "child witnessing domestic violence at home",
    "bereavement group for teenagers",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, meili_server: Any) -> Iterator[Runtime]:
    data = tmp_path_factory.mktemp("hybrid")
    runtime = build_runtime(settings_for({}, str(data), meili_server))
    try:
        runtime.start(follow=False)
        organisations, services = demo_records()
        sync_records(runtime.catalogue, organisations, services, actor="test")
        runtime.runner.catch_up()
        yield runtime
    finally:
        runtime.close()


def test_the_runtime_searches_with_the_real_model(demo: Runtime) -> None:
    assert demo.search.semantic
    assert demo.vectors is not None and demo.vectors.model_id == MODEL_ID


@pytest.mark.parametrize("text", NEEDS)
async def test_a_need_in_everyday_words_finds_a_right_service_in_the_top_five(
    demo: Runtime, text: str
) -> None:
    judgment = next(j for j in load_judgments() if j.query == text)
    page = await demo.search.search("public", SearchQuery(text=text, per_page=K, cards=True))
    docs = [demo.index.get("public", hit.id) or {} for hit in page.hits]
    assert hits_at(K, docs, judgment), [d.get("name") for d in docs]


def _near_e15(text: str, radius_km: float, **kw: Any) -> SearchQuery:
    """A family's search from Stratford (E15) on the public pages."""
    place = PostcodeDirectory().resolve("E15")
    return SearchQuery(
        text=text,
        position=(place.lat, place.lon),
        radius_km=radius_km,
        district=place.district,
        families_only=True,
        per_page=100,
        **kw,
    )


async def test_near_e15_domestic_abuse_help_comes_first_with_urgent_help_and_a_childs_age(
    demo: Runtime,
) -> None:
    page = await demo.search.search("public", _near_e15("my partner hits me", 16, age=9))
    assert {"999", "0808 2000 247"} <= {h.phone for h in page.urgent}
    categories = [demo.index.get("public", h.id)["categories"] for h in page.hits]  # type: ignore[index]
    assert "safety.domestic-abuse" in categories[0]
    abuse = [i for i, c in enumerate(categories) if "safety.domestic-abuse" in c]
    couples = [i for i, c in enumerate(categories) if "parenting.relationship-support" in c]
    assert abuse and all(a < c for a in abuse for c in couples)


async def test_a_childs_age_keeps_help_for_the_parents_and_families_never_see_staff_training(
    demo: Runtime,
) -> None:
    with_age = await demo.search.search("public", _near_e15("Help with parenting", 10, age=9))
    names = [h.name.lower() for h in with_age.hits]
    assert any("parents of 3 to 11" in n or "parenting course" in n for n in names), names
    worried = await demo.search.search(
        "public", _near_e15("I'm worried about my child's mood or behaviour", 10)
    )
    training = [
        h.name
        for h in worried.hits
        if "professional-training" in (demo.index.get("public", h.id) or {})["categories"]
    ]
    assert worried.total > 0 and training == []
    staff = await demo.search.search(
        "staff", SearchQuery(text="training for staff on working with parents", per_page=5)
    )
    assert any(
        "professional-training" in (demo.index.get("staff", h.id) or {})["categories"]
        for h in staff.hits
    )


async def test_a_service_for_another_borough_is_labelled_and_ranked_after_local_help(
    demo: Runtime,
) -> None:
    page = await demo.search.search("public", _near_e15("family support", 20))
    labels = [h.out_of_area for h in page.hits]
    assert "Camden" in labels
    first_elsewhere = labels.index("Camden")
    assert all(label == "" for label in labels[:first_elsewhere])
    assert all(label != "" for label in labels[first_elsewhere:])


async def test_words_that_mean_nothing_find_nothing(demo: Runtime) -> None:
    page = await demo.search.search("public", SearchQuery(text="zzqx vvbn"))
    assert page.total == 0 and page.hits == []
