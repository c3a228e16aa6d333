"""A served Signpost with a demo catalogue whose ORUK projection has caught up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.settings import Settings
from tests.e2e.conftest import Served, serve


def served_catalogue(data_dir: Path, meili: Any, services: int) -> Iterator[Served]:
    settings = Settings.from_env(
        {
            "SIGNPOST_DATA_DIR": str(data_dir),
            "MEILI_URL": meili.url,
            "MEILI_MASTER_KEY": meili.master_key,
            "MEILI_INDEX_PREFIX": f"oruk_{uuid4().hex[:8]}",
            "SIGNPOST_ADMIN_TOKEN": "test-admin-token",
            "SIGNPOST_POLL_INTERVAL": "0.02",
        }
    )
    for served in serve(settings):
        organisations, records = demo_records(services=services)
        sync_records(served.runtime.catalogue, organisations, records, actor="test")
        oruk_caught_up(served)
        yield served


def oruk_caught_up(served: Served, timeout: float = 60) -> None:
    """Waits on the ORUK projection's position, never on a clock."""
    runner = served.runtime.oruk_runner
    assert runner is not None and runner.wait_for(runner.head(), timeout)
