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
from tests.clocks import new_year_2026
from tests.unit.bookings.school import School, T, build_school

TUE = dt.date(2026, 7, 28)


@pytest.fixture
def two_writers(tmp_path: Path) -> Iterator[tuple[School, Bookings]]:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "b.db")}
    venues = Venues(env=env)
    first = Bookings(venues, env=env, clock=new_year_2026)
    second = Bookings(venues, env=env, clock=new_year_2026)
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


def test_two_managers_confirming_the_same_request_at_once_both_succeed_without_a_409(
    two_writers: tuple[School, Bookings],
) -> None:
    school, other = two_writers
    booking = school.request(school.hall, TUE, T(10), T(12))
    original = other.get_booking
    stale = original(booking)

    def read_before_the_other_manager_saved(booking_id: Any) -> Any:
        other.get_booking = original  # type: ignore[method-assign]
        school.bookings.confirm_booking(booking, actor="m1")
        return stale

    other.get_booking = read_before_the_other_manager_saved  # type: ignore[method-assign]
    assert other.confirm_booking(booking, actor="m2") == []  # nothing was left to confirm
    assert other.retries == 1
    diary = other.diary(school.hall, TUE)
    assert diary is not None and len(diary.entries) == 1
