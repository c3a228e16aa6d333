"""Exporting the catalogue as ORUK 3.0 and importing it into an empty instance reproduces it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from projections.oruk_export import encoded, oruk_services
from services.catalogue.importing.oruk import load_feed
from services.catalogue.sync import sync_records
from services.runtime import Runtime
from tests.oruk_support import documents, memory_catalogue, memory_runtime, violations

BOOKKEEPING = {"updated_at", "version"}  # when and how often this instance recorded a change


def _public(runtime: Runtime) -> dict[str, dict[str, Any]]:
    return {
        id: {k: v for k, v in doc.items() if k not in BOOKKEEPING}
        for id, doc in documents(runtime, "public").items()
    }


def _oruk(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in d.items() if k != "last_modified"} for d in docs]


@pytest.fixture(scope="module")
def original(demo_runtime: Runtime) -> Runtime:
    return demo_runtime


def _export(runtime: Runtime, path: Path, fmt: str) -> list[dict[str, Any]]:
    services = oruk_services(runtime.catalogue)
    with path.open("wb") as f:
        for chunk in encoded(services, fmt):
            f.write(chunk)
    return services


@pytest.mark.parametrize("fmt", ["envelope", "ndjson"])
def test_importing_an_export_into_an_empty_instance_reproduces_the_public_catalogue(
    original: Runtime, tmp_path: Path, fmt: str
) -> None:
    exported = _export(original, tmp_path / f"catalogue.{fmt}", fmt)
    assert len(exported) == original.index.count("public") == 500
    assert {d["status"] for d in exported} == {"active", "temporarily closed"}

    parsed = load_feed(str(tmp_path / f"catalogue.{fmt}"))
    assert parsed.report.services_accepted == 500
    copy = memory_catalogue()
    summary = sync_records(copy, parsed.organisations, parsed.services, actor="import:oruk3")
    assert summary.services_new == 500 and not summary.rejected
    reproduced = memory_runtime(0, copy)

    assert _public(reproduced) == _public(original)
    assert _oruk(oruk_services(copy)) == _oruk(exported)


def test_reimporting_the_same_export_records_nothing_new(original: Runtime, tmp_path: Path) -> None:
    _export(original, tmp_path / "catalogue.json", "envelope")
    parsed = load_feed(str(tmp_path / "catalogue.json"))
    copy = memory_catalogue()
    sync_records(copy, parsed.organisations, parsed.services, actor="import:oruk3")
    head = copy.recorder.max_notification_id()
    again = sync_records(copy, parsed.organisations, parsed.services, actor="import:oruk3")
    assert again.services_unchanged == 500 and copy.recorder.max_notification_id() == head


def test_every_exported_service_validates_against_the_standard(original: Runtime) -> None:
    for doc in oruk_services(original.catalogue):
        assert violations(doc, "compiled/service.json") == []
