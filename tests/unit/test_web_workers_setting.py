"""How many web processes `signpost serve` runs: SIGNPOST_WEB_WORKERS or --workers, checked at
start so a typo stops it."""

from __future__ import annotations

import pytest

from services.cli import build_parser
from services.settings import Settings


def test_one_web_process_unless_told_otherwise() -> None:
    assert Settings.from_env({}).web_workers == 1
    assert Settings.from_env({"SIGNPOST_WEB_WORKERS": "4"}).web_workers == 4
    assert build_parser().parse_args(["serve"]).workers is None
    assert build_parser().parse_args(["serve", "--workers", "3"]).workers == 3


@pytest.mark.parametrize("value", ["0", "-2", "two", "", "65", "1.5"])
def test_a_number_of_workers_that_is_not_1_to_64_stops_the_start(value: str) -> None:
    with pytest.raises(ValueError, match=f"SIGNPOST_WEB_WORKERS must be .* not '{value}'"):
        Settings.from_env({"SIGNPOST_WEB_WORKERS": value})


@pytest.mark.parametrize("value", ["0", "two", "65"])
def test_the_workers_option_names_what_it_takes(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--workers", value])
    assert "a whole number from 1 to 64" in capsys.readouterr().err
