"""Helpers for integration tests: settings for a fresh store and index, reading whole indexes."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from search.meili import MeiliSearchIndex
from services.settings import Settings


def settings_for(
    env: dict[str, str], data_dir: str, meili: Any, prefix: str | None = None
) -> Settings:
    return Settings.from_env(
        {
            **env,
            "SIGNPOST_DATA_DIR": data_dir,
            "MEILI_URL": meili.url,
            "MEILI_MASTER_KEY": meili.master_key,
            "MEILI_INDEX_PREFIX": prefix or f"it_{uuid4().hex[:8]}",
            "SIGNPOST_ADMIN_TOKEN": "integration-token",
            "SIGNPOST_POLL_INTERVAL": "0.02",
        }
    )


def all_documents(index: MeiliSearchIndex) -> dict[str, dict[str, dict[str, Any]]]:
    """Every document of both indexes, by id."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for audience, name in index.names.items():
        docs: dict[str, dict[str, Any]] = {}
        while True:
            params = {"limit": 1000, "offset": len(docs)}
            page = index.meili.client.index(name).get_documents(params)
            docs.update({d.id: dict(d) for d in page.results})
            if not page.results or len(docs) >= page.total:
                break
        out[audience] = docs
    return out
