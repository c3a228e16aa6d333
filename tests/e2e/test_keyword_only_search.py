"""With the model turned off, search reads the words alone, and /health says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from tests.e2e.conftest import Served, serve
from tests.integration.helpers import settings_for

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def keyword_only(tmp_path_factory: pytest.TempPathFactory, meili_server: Any) -> Iterator[Served]:
    data: Path = tmp_path_factory.mktemp("keyword-only")
    settings = settings_for({"SIGNPOST_SEMANTIC_SEARCH": "0"}, str(data), meili_server)
    for served in serve(settings):
        organisations, services = demo_records()
        sync_records(served.runtime.catalogue, organisations, services, actor="test")
        served.caught_up(30)
        yield served


def test_health_says_search_is_keyword_only_and_why(keyword_only: Served) -> None:
    search = keyword_only.http.get("/health").json()["search"]
    assert search["mode"] == "keyword only"
    assert "SIGNPOST_SEMANTIC_SEARCH=0" in search["embedding_model"]


def test_the_words_still_find_help_and_danger_still_shows_urgent_help(
    keyword_only: Served,
) -> None:
    found = keyword_only.http.get(
        "/api/search", params={"q": "my partner hits me", "postcode": "E15"}
    ).json()
    assert found["semantic"] is False and found["total"] > 0
    assert "0808 2000 247" in {line["phone"] for line in found["urgent"]}
    first = keyword_only.http.get(f"/api/services/{found['hits'][0]['id']}").json()
    assert "safety.domestic-abuse" in {c["id"] for c in first["categories"]}
