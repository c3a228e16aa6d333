"""Export as ORUK, import into an empty PostgreSQL instance: the same public catalogue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.cli import main
from services.runtime import Runtime, build_runtime
from services.settings import Settings
from tests.integration.helpers import all_documents

pytestmark = pytest.mark.integration
BOOKKEEPING = {"updated_at", "version"}


def _env(extra: dict[str, str], data_dir: Path, meili: Any) -> dict[str, str]:
    return {
        **extra,
        "SIGNPOST_DATA_DIR": str(data_dir),
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": meili.master_key,
        "MEILI_INDEX_PREFIX": f"rt_{uuid4().hex[:8]}",
        "SIGNPOST_ADMIN_TOKEN": "integration-token",
        "SIGNPOST_POLL_INTERVAL": "0.02",
    }


def _started(env: dict[str, str]) -> Runtime:
    runtime = build_runtime(Settings.from_env(env))
    runtime.start()
    for runner in (runtime.runner, runtime.oruk_runner):
        assert runner.wait_for(runner.head(), 120)
    return runtime


def _public(runtime: Runtime) -> dict[str, dict[str, Any]]:
    docs = all_documents(runtime.index)["public"]  # type: ignore[arg-type]
    return {i: {k: v for k, v in d.items() if k not in BOOKKEEPING} for i, d in docs.items()}


def _run(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], *argv: str) -> None:
    with monkeypatch.context() as m:
        for key, value in env.items():
            m.setenv(key, value)
        assert main(list(argv)) == 0


def _services(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text().splitlines()
    return [{k: v for k, v in json.loads(line).items() if k != "last_modified"} for line in lines]


def test_an_export_imported_into_an_empty_instance_reproduces_the_public_catalogue(
    tmp_path: Path, meili_server: Any, postgres_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source_env = _env({}, tmp_path / "source", meili_server)
    source = _started(source_env)
    organisations, records = demo_records(services=500)
    sync_records(source.catalogue, organisations, records, actor="test")
    source.close()
    source = _started(source_env)
    _run(monkeypatch, source_env, "export", "oruk", "--out", str(tmp_path / "feed.json"))
    _run(
        monkeypatch,
        source_env,
        "export",
        "oruk",
        "--format",
        "ndjson",
        "--out",
        str(tmp_path / "source.ndjson"),
    )
    feed = json.loads((tmp_path / "feed.json").read_text())
    assert feed["total_items"] == len(feed["contents"]) == 500

    copy_env = _env(postgres_env, tmp_path / "copy", meili_server)
    _run(monkeypatch, copy_env, "import", "oruk", str(tmp_path / "feed.json"))
    copy = _started(copy_env)
    _run(
        monkeypatch,
        copy_env,
        "export",
        "oruk",
        "--format",
        "ndjson",
        "--out",
        str(tmp_path / "copy.ndjson"),
    )

    assert _public(copy) == _public(source)
    assert _services(tmp_path / "copy.ndjson") == _services(tmp_path / "source.ndjson")

    _run(monkeypatch, copy_env, "projections", "rebuild")  # both read models, swapped in
    assert copy.oruk_index.count("services") == 500
    assert _public(copy) == _public(source)
    copy.close()

    resumed = build_runtime(Settings.from_env(copy_env))  # the ORUK position is kept in PostgreSQL
    assert resumed.oruk_runner.position == resumed.oruk_runner.head() > 0
    resumed.close()
    source.close()
