"""Where Meilisearch keeps the services' vectors: SIGNPOST_VECTOR_STORE, checked at start so a
typo stops it."""

from __future__ import annotations

import pytest

from search.settings import index_settings
from services.settings import Settings


def test_the_experimental_store_unless_told_otherwise() -> None:
    assert Settings.from_env({}).vector_store == "experimental"
    assert Settings.from_env({"SIGNPOST_VECTOR_STORE": "stable"}).vector_store == "stable"


@pytest.mark.parametrize("value", ["", "hannoy", "Experimental"])
def test_another_store_stops_the_start(value: str) -> None:
    with pytest.raises(ValueError, match=f"SIGNPOST_VECTOR_STORE must be .* not '{value}'"):
        Settings.from_env({"SIGNPOST_VECTOR_STORE": value})


def test_the_indexes_name_their_store_only_when_one_is_chosen() -> None:
    assert "vectorStore" not in index_settings("public", 384)
    assert index_settings("staff", 384, "experimental")["vectorStore"] == "experimental"
