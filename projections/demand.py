"""Demand for commissioners, from the insights tables: searches, unmet searches and signposting
by need and postcode district, and unmet searches by whole phrase, for a range of days."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import msgspec

from projections.insights import RECORDS, SEARCHES, SIGNPOSTING, UNMET
from projections.sql.port import TableStore

REPORTS = (SEARCHES, UNMET, SIGNPOSTING)


class Window(msgspec.Struct, frozen=True, kw_only=True):
    """The days a page counts (both ends included) and, optionally, one postcode district."""

    start: dt.date
    end: dt.date
    district: str = ""

    def days(self) -> tuple[str, str]:
        return self.start.isoformat(), self.end.isoformat()


class Cell(msgspec.Struct, frozen=True, kw_only=True):
    district: str
    need: str
    searches: int = 0
    unmet: int = 0
    signposting: int = 0


class Phrase(msgspec.Struct, frozen=True, kw_only=True):
    phrase: str
    needs: list[str]
    count: int


class DemandView:
    """Indexed sums over day counters: the cost grows with days, districts and needs in the
    range, never with the number of services or of searches."""

    def __init__(self, store: TableStore) -> None:
        self.store = store

    def cells(self, window: Window) -> list[Cell]:
        """Each (district, need) with any demand in the range; "" is no district or no need,
        RECORDS the records themselves (a record with two needs counts once there)."""
        where, params = _where(window)
        rows = self.store.rows(
            "SELECT report, district, need, SUM(count) FROM {cells}"
            f" WHERE {where} GROUP BY report, district, need",
            *params,
        )
        found: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for report, district, need, n in rows:
            found[(district, need)][report] = int(n)
        return [
            Cell(district=d, need=need, **counts) for (d, need), counts in sorted(found.items())
        ]

    def by_week(self, window: Window, report: str) -> list[tuple[dt.date, int]]:
        """Records per week (the Monday it starts on), every week of the range, oldest first."""
        where, params = _where(window)
        rows = self.store.rows(
            f"SELECT day, SUM(count) FROM {{cells}} WHERE {where} AND report = ? AND need = ?"
            " GROUP BY day",
            *params,
            report,
            RECORDS,
        )
        weeks: dict[dt.date, int] = {}
        monday = window.start - dt.timedelta(window.start.weekday())
        while monday <= window.end:
            weeks[monday] = 0
            monday += dt.timedelta(7)
        for day, n in rows:
            on = dt.date.fromisoformat(day)
            weeks[on - dt.timedelta(on.weekday())] += int(n)
        return list(weeks.items())

    def phrases(self, window: Window, *, at_least: int, top: int = 50) -> tuple[list[Phrase], int]:
        """Unmet phrases searched at least `at_least` times in the range, most first, and how
        many unmet searches had a phrase searched fewer times (shown only as a total)."""
        start, end = window.days()
        district = " AND district = ?" if window.district else ""
        params = (start, end, *([window.district] if window.district else []))
        rows = self.store.rows(
            "SELECT p.phrase, COALESCE(n.needs, ''), p.total FROM ("
            " SELECT phrase, SUM(count) AS total FROM {phrases}"
            f"  WHERE day >= ? AND day <= ?{district} GROUP BY phrase"
            ") AS p LEFT JOIN {phrase_needs} n ON n.phrase = p.phrase"
            " ORDER BY p.total DESC, p.phrase",
            *params,
        )
        shown = [
            Phrase(phrase=p, needs=[x for x in needs.split(",") if x], count=int(n))
            for p, needs, n in rows
            if int(n) >= at_least
        ][:top]
        rare = sum(int(n) for _, _, n in rows if int(n) < at_least)
        return shown, rare


def _where(window: Window) -> tuple[str, tuple[str, ...]]:
    start, end = window.days()
    if window.district:
        return "district = ? AND day >= ? AND day <= ?", (window.district, start, end)
    return "day >= ? AND day <= ?", (start, end)
