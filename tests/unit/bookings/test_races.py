"""A confirmation that loses a race reloads the diary and decides again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.bookings.application import Bookings
from services.shared.errors import ConflictError
from services.venues.application import Venues
from tests.unit.bookings.school import School, T, build_school

TUE = dt.date(2026, 7, 28)


@pytest.fixture
def two_writers(tmp_path: Path) -> Iterator[tuple[School, Bookings]]:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "b.db")}
    venues = Venues(env=env)
    first, second = Bookings(venues, env=env), Bookings(venues, env=env)
    yield build_school(venues, first), second
    for app in (first, second, venues):
        app.close()


def _racing(app: Bookings, before_save: Any) -> None:
    """Runs `before_save` once, just before this app's next save, as another writer would."""
    original = app.save

    def save(*objs: Any, **kw: Any) -> Any:
        app.save = original  # type: ignore[method-assign]
        before_save()
        return original(*objs, **kw)

    app.save = save  # type: ignore[method-assign]


def test_the_writer_that_loses_the_race_gets_a_conflict_naming_the_winner(
    two_writers: tuple[School, Bookings],
) -> None:
    school, other = two_writers
    mine = school.request(school.hall, TUE, T(10), T(12))
    theirs = school.request(school.hall_a, TUE, T(11), T(13))
    _racing(other, lambda: school.bookings.confirm_booking(mine, actor="m1"))
    with pytest.raises(ConflictError) as caught:
        other.confirm_booking(theirs, actor="m2")
    assert other.retries == 1
    assert caught.value.detail[0].conflicting_booking_id == mine


def test_the_writer_that_loses_the_race_still_confirms_when_nothing_clashes(
    two_writers: tuple[School, Bookings],
) -> None:
    school, other = two_writers
    mine = school.request(school.hall_a, TUE, T(10), T(12))
    theirs = school.request(school.hall_b, TUE, T(10), T(12))
    _racing(other, lambda: school.bookings.confirm_booking(mine, actor="m1"))
    assert other.confirm_booking(theirs, actor="m2") == [0]
    assert other.retries == 1
    diary = other.diary(school.hall, TUE)
    assert diary is not None and len(diary.entries) == 2
