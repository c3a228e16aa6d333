"""Fixtures shared by the suites: a real Meilisearch and a throwaway PostgreSQL database."""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.meili_fixtures", "tests.pg_fixtures"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: sync Playwright keeps an event loop running in the main thread
    for as long as its Chromium lives, and async tests cannot start their own beside it."""
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))
