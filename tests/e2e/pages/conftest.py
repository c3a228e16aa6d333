"""The public pages served over real HTTP with the demo catalogue, and a real headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.settings import PROJECT_ROOT, Settings
from tests.e2e.conftest import Served, serve

AXE = PROJECT_ROOT / "infra" / "assets" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, meili_server: Any) -> Iterator[Served]:
    """The app with the demo catalogue (160 services in four districts), projected."""
    settings = Settings.from_env(
        {
            "SIGNPOST_DATA_DIR": str(tmp_path_factory.mktemp("site")),
            "MEILI_URL": meili_server.url,
            "MEILI_MASTER_KEY": meili_server.master_key,
            "MEILI_INDEX_PREFIX": f"pages_{uuid4().hex[:8]}",
            "SIGNPOST_ADMIN_TOKEN": "test-admin-token",
            "SIGNPOST_POLL_INTERVAL": "0.02",
        }
    )
    for served in serve(settings):
        organisations, services = demo_records()
        sync_records(served.runtime.catalogue, organisations, services, actor="test")
        served.caught_up(180)  # embedding 160 services takes a while on two busy cores
        yield served


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A phone-sized browser with JavaScript off: every page must work without it."""
    ctx = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="en-GB"
    )
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def screenshot(page: Page, name: str) -> Path:
    """Saved for a person to look at (test-artifacts/ is not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
