"""Processes racing to confirm clashing lets of a hall, its halves and series; then the checks."""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from services.bookings.application import Bookings
from services.bookings.model import Slot, SlotState
from services.shared.errors import ConflictError
from services.shared.localtime import instant
from services.venues.application import Venues
from tests.clocks import new_year_2026
from tests.unit.bookings.school import School, T, bookings_view, build_school

SMALL_POOL = {"POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "1"}
DAYS = [dt.date(2026, 7, 27) + dt.timedelta(days=n) for n in range(3)]  # summer holiday


@dataclass
class Storm:
    attempts: int = 0
    confirmed: int = 0
    refused: int = 0
    noop: int = 0  # already confirmed by another process: nothing left to do
    busy: int = 0
    retries: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    refusals: list[tuple[UUID, list[int], list[tuple[UUID, int]]]] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.attempts / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (
            f"{self.attempts} confirmation attempts in {self.seconds:.1f}s "
            f"({self.per_second:.0f}/s; p50 {self.p(50):.1f} ms, p95 {self.p(95):.1f} ms): "
            f"{self.confirmed} confirmed, {self.noop} already confirmed by another process, "
            f"{self.refused} refused with the clash named, {self.busy} busy; "
            f"{self.retries} retries after a lost race"
        )

    def p(self, q: int) -> float:
        return statistics.quantiles(self.latencies_ms, n=100)[q - 1]


def _request_one(school: School, rng: random.Random) -> UUID:
    room = rng.choice([school.hall, school.hall_a, school.hall_b, school.hall_a])
    hour = rng.randrange(9, 16)
    starts, ends = T(hour), T(min(hour + rng.choice([1, 2]), 18))
    if rng.random() < 0.2:  # a weekly series through three weeks of the holiday
        first = Slot(day=rng.choice(DAYS), starts=starts, ends=ends)
        until = first.day + dt.timedelta(weeks=2)
        return school.bookings.request_series(
            school.details(room), first, until, actor="w"
        ).booking_id
    return school.request(room, rng.choice(DAYS), starts, ends)


def _worker(args: tuple[dict[str, str], dict[str, Any], int, list[UUID], int]) -> dict[str, Any]:
    """Fires its own requests, then confirms every request (others' too) in its own order."""
    env, ids, seed, shared, own = args
    rng = random.Random(seed)
    # the parent made the tables (concurrent DDL can fail); one thread needs one connection
    env = {**env, **SMALL_POOL, "CREATE_TABLE": "false"}
    venues = Venues(env=env)
    bookings = Bookings(venues, env=env, clock=new_year_2026)
    school = School(venues, bookings, **ids)
    out: dict[str, Any] = {"latencies": [], "refusals": [], "confirmed": 0, "busy": 0, "noop": 0}
    try:
        todo = list(shared) + [_request_one(school, rng) for _ in range(own)]
        rng.shuffle(todo)
        out["began"] = time.time()
        for booking_id in todo:
            started = time.perf_counter()
            try:
                done = bookings.confirm_booking(booking_id, actor=f"w{seed}")
                out["confirmed" if done else "noop"] += 1
            except ConflictError as e:
                if e.detail is None:
                    out["busy"] += 1
                else:
                    named = [(c.conflicting_booking_id, c.conflicting_slot) for c in e.detail]
                    # The message names the clash in words (who holds the space, when);
                    # the detail names the winning booking, checked against the log below.
                    assert "clashes with" in e.message and "confirmed in" in e.message, e.message
                    out["refusals"].append((booking_id, sorted({c.slot for c in e.detail}), named))
            out["latencies"].append((time.perf_counter() - started) * 1000)
        out["ended"] = time.time()
        out["retries"] = bookings.retries
    finally:
        bookings.close()
        venues.close()
    return out


def storm(
    env: dict[str, str], *, processes: int = 4, shared: int = 40, own: int = 10
) -> tuple[Storm, School]:
    """`shared` requests made up front are confirmed by every process at once; each process
    also fires `own` requests of its own and races to confirm them."""
    env = {**env, **SMALL_POOL}
    venues = Venues(env=env)  # creates the tables before the workers race
    bookings = Bookings(venues, env=env, clock=new_year_2026)
    school = build_school(venues, bookings)
    ids = {
        "venue_id": school.venue_id,
        "hall": school.hall,
        "hall_a": school.hall_a,
        "hall_b": school.hall_b,
        "counselling": school.counselling,
        "org": school.org,
    }
    rng = random.Random(99)
    common = [_request_one(school, rng) for _ in range(shared)]
    result = Storm()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        outs = pool.map(_worker, [(env, ids, seed, common, own) for seed in range(processes)])
    # the confirming phase only: from the first process starting it to the last finishing
    result.seconds = max(o["ended"] for o in outs) - min(o["began"] for o in outs)
    for out in outs:
        result.latencies_ms += out["latencies"]
        result.refusals += out["refusals"]
        result.confirmed += out["confirmed"]
        result.noop += out["noop"]
        result.busy += out["busy"]
        result.retries += out["retries"]
    result.refused = len(result.refusals)
    result.attempts = len(result.latencies_ms)
    return result, school


def check_no_double_booking(school: School, result: Storm) -> int:
    """Asserts no two confirmed slots of clashing spaces overlap, that every refusal named a
    confirmed slot that really overlaps, and that the diaries agree; returns confirmed slots."""
    venue = school.venues.get_venue(school.venue_id)
    view = bookings_view(school)
    every = {b.id: b for b in view.bookings(venue_id=venue.id)}
    confirmed = [
        (b.id, i, b.details.room_id, s)
        for b in every.values()
        for i, (s, st) in enumerate(zip(b.slots, b.states, strict=True))
        if st == SlotState.CONFIRMED
    ]
    for a, b in itertools.combinations(confirmed, 2):
        if a[3].day != b[3].day or b[2] not in venue.clashing_spaces(a[2]):
            continue
        assert not _overlap(a[3], b[3]), f"double booking: {a} and {b}"
    for booking_id, slots, named in result.refusals:
        mine = every[booking_id]
        assert all(st != SlotState.CONFIRMED for st in mine.states), booking_id
        for other_id, other_slot in named:
            other = every[other_id]
            assert other.states[other_slot] == SlotState.CONFIRMED
            assert other.details.room_id in venue.clashing_spaces(mine.details.room_id)
        assert any(_overlap(mine.slots[s], every[o].slots[os]) for s in slots for o, os in named)
    in_diaries = 0
    for day in {s.day for *_, s in confirmed}:
        diary = school.bookings.diary(school.hall, day)
        in_diaries += len(diary.entries) if diary else 0
    assert in_diaries == len(confirmed)
    return len(confirmed)


def _overlap(a: Slot, b: Slot) -> bool:
    return (
        a.day == b.day
        and instant(a.day, a.starts) < instant(b.day, b.ends)
        and instant(b.day, b.starts) < instant(a.day, a.ends)
    )
