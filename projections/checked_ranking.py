"""Organisations ranked by the share of their active services checked since each review cutoff
a page can ask for soon, kept by the directory projection so a page reads one page of rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from projections.sql.port import Changes, Table, TableStore
from services.catalogue.editorial import REVIEW_AFTER

AHEAD = 13  # weeks of cutoffs kept beyond the latest event's: a quarter without catalogue changes
WHOLE = ""  # the district of the health counters over the whole directory
CHUNK = 500  # organisations named in one query
Key = tuple[str, ...]
Weeks = dict[str, Counter[str]]  # organisation: active services by the week they were checked

TABLES = (
    Table(  # one row per cutoff week and organisation with active services
        name="checked_ranking",
        columns={
            "cutoff_week": "text",
            "organisation": "text",
            "active": "int",
            "checked": "int",
            "share": "real",
            "larger_first": "int",  # -active: ties go to the larger organisation first
        },
        key=("cutoff_week", "organisation"),
        indexes=(("cutoff_week", "share", "larger_first", "organisation"),),
    ),
    Table(name="ranked_weeks", columns={"week": "text"}, key=("week",)),  # the cutoffs kept
)


def week_of(day: dt.date) -> dt.date:
    """The Monday of the day's week."""
    return day - dt.timedelta(day.weekday())


def cutoff_of(checked_since: dt.date) -> str:
    """The week from which a service counts as checked (counters are kept in whole weeks)."""
    return week_of(checked_since).isoformat()


def sort_key(active: int, checked: int, organisation: str) -> tuple[float, int, str]:
    """Lowest share checked first, then the larger organisation, then by id."""
    return (checked / active, -active, organisation)


def _mondays(first: dt.date, last: dt.date) -> list[str]:
    weeks = (last - first).days // 7 + 1
    return [(first + dt.timedelta(weeks=n)).isoformat() for n in range(weeks)]


class CheckedRanking:
    """What a batch changes in the ranking. The cutoffs kept run from the latest event's
    review cutoff (its day less REVIEW_AFTER) to AHEAD weeks beyond: the range depends only on
    the latest event, so a rebuild from the log keeps the same rows. A cutoff new to the range
    is counted for every organisation from the health counters; a kept one again for the
    organisations the batch touched."""

    def __init__(self, store: TableStore) -> None:
        self.store = store

    def change(self, delta: Mapping[Key, int], latest: dt.date, changes: Changes) -> None:
        """`delta`: the batch's change to the health counters; `latest`: its latest event's day."""
        moved: Weeks = defaultdict(Counter)
        for (district, kind, organisation, week), n in delta.items():
            if n and district == WHOLE and kind == "organisation":
                moved[organisation][week] += n
        lo, hi = self.kept()
        base = week_of(latest - REVIEW_AFTER)
        first = base if lo is None else max(lo, base)
        last = base + dt.timedelta(weeks=AHEAD)
        last = last if hi is None else max(hi, last)
        kept = set(_mondays(lo, hi)) if lo and hi else set()
        wanted = _mondays(first, last)
        for week in sorted(kept - set(wanted)):
            changes.delete("checked_ranking", cutoff_week=week)
            changes.delete("ranked_weeks", week=week)
        new = [w for w in wanted if w not in kept]
        again = [w for w in wanted if w in kept]
        if not new and not (again and moved):
            return
        weeks = counted_weeks(self.store, None if new else sorted(moved))
        for organisation, counted in moved.items():
            weeks[organisation].update(counted)
        for week in new:
            changes.upsert("ranked_weeks", week=week)
        self._rows(weeks, new, changes, existing=False)
        self._rows({o: weeks[o] for o in moved}, again, changes, existing=True)

    def kept(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last cutoff weeks kept (None before any)."""
        ((lo, hi),) = self.store.rows(
            "SELECT (SELECT MIN(week) FROM {ranked_weeks}), (SELECT MAX(week) FROM {ranked_weeks})"
        )
        if lo is None or hi is None:
            return None, None
        return dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)

    @staticmethod
    def _rows(weeks: Weeks, cutoffs: list[str], changes: Changes, *, existing: bool) -> None:
        """Each organisation's row at each cutoff (none while it has no active service)."""
        if not cutoffs:
            return
        for organisation, counted in sorted(weeks.items()):
            active = sum(counted.values())
            for cutoff in cutoffs:
                if active <= 0:
                    if existing:
                        changes.delete(
                            "checked_ranking", cutoff_week=cutoff, organisation=organisation
                        )
                    continue
                checked = sum(n for week, n in counted.items() if week >= cutoff)
                changes.upsert(
                    "checked_ranking",
                    cutoff_week=cutoff,
                    organisation=organisation,
                    active=active,
                    checked=checked,
                    share=checked / active,
                    larger_first=-active,
                )


def counted_weeks(store: TableStore, organisations: list[str] | None) -> Weeks:
    """Active services by organisation and week checked, as committed (None: every one)."""
    sql = (
        "SELECT value, checked_week, count FROM {health}"
        " WHERE district = ? AND kind = 'organisation'"
    )
    found: Weeks = defaultdict(Counter)
    if organisations is None:
        batches: Iterable[list[str]] = [[]]
    else:
        batches = (organisations[i : i + CHUNK] for i in range(0, len(organisations), CHUNK))
    for batch in batches:
        marks = f" AND value IN ({', '.join('?' * len(batch))})" if batch else ""
        for organisation, week, n in store.rows(sql + marks, WHOLE, *batch):
            found[organisation][week] += int(n)
    return found


class RankingView:
    """The organisations least checked since a day: one page of the ranking while its cutoff
    week is kept, else (a page asked for long after the latest catalogue change, or of the
    past) summed from the health counters, which grow with the organisations."""

    def __init__(self, store: TableStore) -> None:
        self.store = store
        self._ranking = CheckedRanking(store)

    def least_checked(self, checked_since: dt.date, limit: int) -> list[tuple[str, int, int]]:
        """(organisation, active, checked) by `sort_key`, at most `limit` of them."""
        cutoff = cutoff_of(checked_since)
        lo, hi = self._ranking.kept()
        if lo is not None and hi is not None and lo.isoformat() <= cutoff <= hi.isoformat():
            rows = self.store.rows(
                "SELECT organisation, active, checked FROM {checked_ranking}"
                " WHERE cutoff_week = ? ORDER BY share, larger_first, organisation LIMIT ?",
                cutoff,
                limit,
            )
            return [(o, int(a), int(c)) for o, a, c in rows]
        rows = self.store.rows(
            "SELECT value, SUM(count), SUM(CASE WHEN checked_week >= ? THEN count ELSE 0 END)"
            " FROM {health} WHERE district = ? AND kind = 'organisation' GROUP BY value",
            cutoff,
            WHOLE,
        )
        found = [(o, int(a), int(c)) for o, a, c in rows if int(a)]
        return sorted(found, key=lambda x: sort_key(x[1], x[2], x[0]))[:limit]
