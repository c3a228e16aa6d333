"""Meilisearch going away loses no write; real feeds import idempotently on PostgreSQL."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import msgspec
import pytest

from search.server import MeilisearchServer, free_port
from services.catalogue.importing.oruk import load_feed
from services.catalogue.sync import sync_records
from services.runtime import build_runtime
from tests.e2e.conftest import serve
from tests.integration.helpers import settings_for

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
FEEDS = ROOT / "tests" / "data" / "feeds"


class _Endpoint:
    def __init__(self, url: str, master_key: str) -> None:
        self.url, self.master_key = url, master_key


def test_writes_land_while_search_is_down_and_the_projection_catches_up(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(24)
    meili = MeilisearchServer(tmp_path / "meili", key, project_root=ROOT, port=free_port())
    meili.start()
    settings = settings_for({}, str(tmp_path / "data"), _Endpoint(meili.url, key))
    try:
        served_iter = serve(settings)
        served = next(served_iter)
        org = served.post("/api/organisations", {"name": "Stockport Advice Centre"}).json()["id"]
        first = served.post(
            "/api/services", {"organisation_id": org, "name": "Quillfeather benefits clinic"}
        )
        assert first.status_code == 201
        served.caught_up()
        meili.stop()

        during = served.post(
            "/api/services", {"organisation_id": org, "name": "Quillfeather debt clinic"}
        )
        assert during.status_code == 201, "writes land while search is down"
        down = served.http.get("/api/search", params={"q": "quillfeather"})
        assert down.status_code == 503 and "unavailable" in down.json()["message"]
        health = served.http.get("/health")
        assert health.status_code == 503, "a monitor reading the status code sees the outage"
        assert (
            health.json()["meilisearch"]["status"] == "unavailable"
            and health.json()["projections"]["search"]["lag"] >= 1
        )
        ready = served.http.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["reasons"] == ["search unavailable: Meilisearch does not answer"]
        assert served.http.get("/health/live").status_code == 200

        meili.start()
        served.caught_up(timeout=30)
        assert served.http.get("/health/ready").json() == {"status": "ready", "reasons": []}
        assert served.http.get("/health").status_code == 200
        names = {
            h["name"]
            for h in served.http.get("/api/search", params={"q": "quillfeather"}).json()["hits"]
        }
        assert names == {"Quillfeather benefits clinic", "Quillfeather debt clinic"}
        next(served_iter, None)
    finally:
        meili.stop()


@pytest.mark.parametrize(
    ("feed", "accepted", "skipped"),
    [
        (
            "bristol_oruk_v1_services.json",
            817,
            {"empty name": 1, "duplicate id (later copy ignored)": 1},
        ),
        ("north_lincolnshire_oruk_v1_services.json", 738, {}),
    ],
)
def test_a_real_feed_imports_once_and_a_second_import_records_nothing(
    postgres_env: dict[str, str],
    tmp_path: Path,
    meili_server: Any,
    feed: str,
    accepted: int,
    skipped: dict[str, int],
) -> None:
    runtime = build_runtime(settings_for(postgres_env, str(tmp_path), meili_server))
    parsed = load_feed(str(FEEDS / feed))
    assert parsed.report.services_accepted == accepted
    assert {reason: len(ids) for reason, ids in parsed.report.skipped.items()} == skipped
    summary = sync_records(runtime.catalogue, parsed.organisations, parsed.services, actor="import")
    assert summary.services_new == accepted and not summary.rejected
    events = runtime.runner.head()
    again = sync_records(runtime.catalogue, parsed.organisations, parsed.services, actor="import")
    assert again.services_unchanged == accepted and runtime.runner.head() == events

    changed = parsed.services[0]
    edited = msgspec.structs.replace(
        changed, details=msgspec.structs.replace(changed.details, alert="Closed on Friday")
    )
    sync_records(runtime.catalogue, parsed.organisations, [edited], actor="import")
    assert runtime.runner.head() == events + 1
    sid = runtime.catalogue.find_by_external_id("service", changed.external_id)
    assert sid is not None and runtime.catalogue.service_history(sid)[-1].fields == ["alert"]
    runtime.close()
