"""`signpost report gaps` prints what families searched for and did not find."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.cli import main
from services.runtime import build_insights
from services.settings import Settings


def test_the_gap_report_command_counts_unmet_searches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MEILI_URL", "http://127.0.0.1:9")  # never contacted by a report
    insights = build_insights(Settings.from_env())
    insights.record_unmet_search("portuguese speaking counsellor", {"free_only": "yes"}, "E15 4BQ")
    insights.record_unmet_search("portuguese family group", {}, "E15")
    insights.close()

    assert main(["report", "gaps", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["searches"] == 2
    assert ["portuguese", 2] in report["words"]
    assert report["districts"] == [["E15", 2]]

    assert main(["report", "gaps"]) == 0
    assert "2 searches found nothing" in capsys.readouterr().out


def test_the_signposting_report_counts_needs_districts_and_services_without_people(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from uuid import uuid4

    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MEILI_URL", "http://127.0.0.1:9")
    service = uuid4()
    insights = build_insights(Settings.from_env())
    insights.record_signposting("counselling for anxiety", ["mental-health"], "E15 4BQ", [service])
    insights.record_signposting("counselling", ["mental-health"], "E15", [service, uuid4()])
    insights.close()

    assert main(["report", "signposting", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["signpostings"] == 2
    assert ["counselling", 2] in report["needs"]
    assert report["districts"] == [["E15", 2]]
    assert [str(service), 2] in report["services"]
    assert main(["report", "signposting"]) == 0
    assert "2 families signposted" in capsys.readouterr().out
