"""Fixtures shared by the suites: a real Meilisearch and a throwaway PostgreSQL database."""

from __future__ import annotations

import gc

import pytest

pytest_plugins = ["tests.meili_fixtures", "tests.pg_fixtures"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: sync Playwright keeps an event loop running in the main thread
    for as long as its Chromium lives, and async tests cannot start their own beside it."""
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


def pytest_collection_finish(session: pytest.Session) -> None:
    """The modules and tests collected live for the whole run: after one collection they are
    frozen, so each full garbage collection during the tests (pytest's last one too) walks only
    what the tests made, not every object the imports made."""
    gc.collect()
    gc.freeze()
