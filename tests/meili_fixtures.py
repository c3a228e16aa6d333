"""A real Meilisearch for the tests: one child a session (or MEILI_URL), one prefix a test."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import pytest

from search.meili import MeiliSearchIndex
from search.server import MeilisearchServer

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class MeiliEndpoint:
    url: str
    master_key: str
    server: MeilisearchServer | None = None


@pytest.fixture(scope="session")
def meili_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MeiliEndpoint]:
    if os.environ.get("MEILI_URL"):
        yield MeiliEndpoint(os.environ["MEILI_URL"], os.environ.get("MEILI_MASTER_KEY", ""))
        return
    key = secrets.token_urlsafe(24)
    binary = Path(os.environ["MEILI_BINARY"]) if os.environ.get("MEILI_BINARY") else None
    server = MeilisearchServer(
        tmp_path_factory.mktemp("meili"), key, project_root=ROOT, binary=binary
    )
    server.start()
    try:
        yield MeiliEndpoint(server.url, key, server)
    finally:
        server.stop()


@pytest.fixture
def meili_index(meili_server: MeiliEndpoint) -> Iterator[MeiliSearchIndex]:
    index = MeiliSearchIndex(
        meili_server.url, meili_server.master_key, prefix=f"t{uuid4().hex[:10]}"
    )
    index.prepare()
    try:
        yield index
    finally:
        index.drop()
        index.close()
