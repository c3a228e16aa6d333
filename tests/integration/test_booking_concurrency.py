"""No double booking on PostgreSQL while several processes race to confirm clashing lets."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.settings import Settings
from tests.integration.booking_storm import check_no_double_booking, storm

pytestmark = pytest.mark.integration


def test_racing_processes_never_double_book_and_every_refusal_names_the_winner(
    postgres_env: dict[str, str], tmp_path: Path
) -> None:
    env = Settings.from_env({**postgres_env, "SIGNPOST_DATA_DIR": str(tmp_path)})
    result, school = storm(env.eventsourcing_env(), processes=4, shared=450, own=50)
    try:
        slots = check_no_double_booking(school, result)
        assert result.attempts == 4 * (450 + 50)
        assert result.confirmed > 0 and result.refused > 0
        assert result.confirmed + result.noop + result.refused + result.busy == result.attempts
        assert slots >= result.confirmed
        print(f"\n{result.summary()}")
    finally:
        school.bookings.close()
        school.venues.close()
