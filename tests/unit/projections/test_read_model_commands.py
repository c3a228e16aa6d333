"""`signpost report problems` and `signpost projections rebuild|status` on the SQL read models."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.catalogue.model import OrganisationDetails, ServiceDetails
from services.catalogue.problems import ProblemKind
from services.cli import main
from services.runtime import build_catalogue
from services.settings import Settings


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MEILI_URL", "http://127.0.0.1:9")  # never contacted by these commands
    monkeypatch.setenv("SIGNPOST_SEMANTIC_SEARCH", "0")
    return Settings.from_env()


def test_the_problems_report_reads_the_editorial_tables_brought_up_to_date(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue = build_catalogue(settings)
    org = catalogue.register_organisation(OrganisationDetails(name="Hub"), actor="t")
    sid = catalogue.register_service(org, ServiceDetails(name="Counselling"), actor="t")
    catalogue.report_problem(sid, ProblemKind.CLOSED, "Shut since May")
    catalogue.close()

    assert main(["report", "problems"]) == 0
    assert f"{sid}  closed: Shut since May" in capsys.readouterr().out


def test_a_read_model_is_rebuilt_on_its_own_and_its_position_shown(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue = build_catalogue(settings)
    catalogue.register_organisation(OrganisationDetails(name="Hub"), actor="t")
    head = catalogue.recorder.max_notification_id()
    catalogue.close()

    assert main(["projections", "rebuild", "--only", "editorial"]) == 0
    assert f"Rebuilt the editorial tables up to event {head}" in capsys.readouterr().out
    assert main(["projections", "status"]) == 0
    out = capsys.readouterr().out
    assert f"editorial tables: at {head}, 0 behind" in out
    assert f"search projection: at 0, {head} behind" in out  # not rebuilt
    assert f"oruk projection: at 0, {head} behind" in out
