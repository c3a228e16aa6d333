"""`make bench`: booking confirmations on PostgreSQL, 1 vs 4 racing processes (printed only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.settings import Settings
from tests.integration.booking_storm import check_no_double_booking, storm

pytestmark = pytest.mark.benchmark


@pytest.mark.parametrize("processes", [1, 4])
def test_booking_confirmations_per_second_and_p95(
    postgres_env: dict[str, str], tmp_path: Path, processes: int
) -> None:
    env = Settings.from_env({**postgres_env, "SIGNPOST_DATA_DIR": str(tmp_path)})
    result, school = storm(env.eventsourcing_env(), processes=processes, shared=450, own=50)
    try:
        slots = check_no_double_booking(school, result)
        print(f"\n[bookings, {processes} process(es)] {result.summary()}; {slots} slots let")
    finally:
        school.bookings.close()
        school.venues.close()
