"""The commissioners' read model: unmet searches and signposting, counted by day and by term."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from projections.sql.port import Changes, Table, TableStore
from projections.sql.projection import TableProjection
from projections.sql.values import instant
from services.insights.application import needs_of, top_of, words_of
from services.insights.domain import Search, Signposting, UnmetSearch

GAPS, SIGNPOSTING = "gaps", "signposting"
SEARCHES, UNMET = "searches", "unmet"  # the reports of the demand cells (and SIGNPOSTING)
RECORDS = "*"  # the need of the cell that counts each record once, whatever its needs
TOTAL = "records"  # the kind of the counter of records themselves (value "")


class GapReport(msgspec.Struct, kw_only=True):
    """Counts of unmet searches by word, filter and postcode district, most frequent first."""

    searches: int
    words: list[tuple[str, int]]
    filters: list[tuple[str, int]]
    districts: list[tuple[str, int]]
    since: dt.datetime | None = None


class InsightsProjection(TableProjection):
    """Counters by day (totals, "the last 30 days" and trends by month read them, at a cost
    that does not grow with the number of records) and each record's terms (for the part of
    the first day a window starts in)."""

    name = "insights"
    tables = (
        Table(
            name="terms",
            columns={
                "record_id": "text",
                "report": "text",
                "kind": "text",
                "value": "text",
                "recorded_on": "text",
            },
            key=("record_id", "kind", "value"),
            indexes=(("report", "kind", "recorded_on"),),
        ),
        Table(
            name="daily",
            columns={
                "report": "text",
                "kind": "text",
                "value": "text",
                "day": "text",
                "count": "int",
            },
            key=("report", "kind", "value", "day"),
            indexes=(("report", "kind", "day"),),
        ),
        Table(  # demand by need (top-level category, "" for none) and district, by day
            name="cells",
            columns={
                "report": "text",
                "need": "text",
                "district": "text",
                "day": "text",
                "count": "int",
            },
            key=("report", "need", "district", "day"),
            indexes=(  # covering the pages' sums: no lookups into the table
                ("day", "report", "district", "need", "count"),
                ("district", "day", "report", "need", "count"),
            ),
        ),
        Table(  # unmet searches by whole phrase and district, by day
            name="phrases",
            columns={"phrase": "text", "district": "text", "day": "text", "count": "int"},
            key=("phrase", "district", "day"),
            indexes=(("day",), ("district", "day")),
        ),
        Table(
            name="phrase_needs",
            columns={"phrase": "text", "needs": "text"},
            key=("phrase",),
        ),
    )
    events = (UnmetSearch.Recorded, Search.Recorded, Signposting.Recorded)

    def project(self, event: Any, changes: Changes) -> None:
        day = _day(event.timestamp)
        if isinstance(event, UnmetSearch.Recorded | Search.Recorded):
            if isinstance(event, UnmetSearch.Recorded):
                phrase, found = " ".join(event.words), False
                words, needs = event.words, needs_of(phrase)
            else:
                phrase, found = event.phrase, event.found
                words, needs = words_of(event.phrase), event.needs
            _cells(changes, SEARCHES, needs, event.district, day)
            if found:
                return
            _cells(changes, UNMET, needs, event.district, day)
            if phrase:
                key = {"phrase": phrase, "district": event.district, "day": day}
                changes.add("phrases", key, count=1)
                changes.upsert("phrase_needs", phrase=phrase, needs=",".join(needs))
            report = GAPS
            terms = {
                "word": words,
                "filter": [f"{k}={v}" for k, v in event.filters.items()],
                "district": [event.district] if event.district else [],
            }
        else:
            tops = sorted({t for t in map(top_of, event.categories) if t})
            _cells(changes, SIGNPOSTING, tops, event.district, day)
            report = SIGNPOSTING
            terms = {
                "need": event.needs,
                "category": event.categories,
                "district": [event.district] if event.district else [],
                "service": [str(s) for s in event.services],
            }
        on = instant(event.timestamp)
        terms[TOTAL] = [""]
        for kind, values in terms.items():
            for value in dict.fromkeys(values):
                record = str(event.originator_id)
                changes.upsert(
                    "terms", record_id=record, report=report, kind=kind, value=value, recorded_on=on
                )
                key = {"report": report, "kind": kind, "value": value, "day": day}
                changes.add("daily", key, count=1)


class InsightsView:
    """The gap and signposting reports: totals and windows from the daily counters."""

    def __init__(self, store: TableStore) -> None:
        self.store = store

    def gap_report(self, *, since: dt.datetime | None = None, top: int = 20) -> GapReport:
        def count(kind: str) -> list[tuple[str, int]]:
            return self._top(GAPS, kind, top, since)

        totals = count(TOTAL)
        return GapReport(
            searches=totals[0][1] if totals else 0,
            words=count("word"),
            filters=count("filter"),
            districts=count("district"),
            since=since,
        )

    def signposting_report(self, *, top: int = 20) -> dict[str, list[tuple[str, int]] | int]:
        """How often families were signposted, by need, category, district and service."""
        totals = self._top(SIGNPOSTING, TOTAL, 1)
        return {
            "signpostings": totals[0][1] if totals else 0,
            "needs": self._top(SIGNPOSTING, "need", top),
            "categories": self._top(SIGNPOSTING, "category", top),
            "districts": self._top(SIGNPOSTING, "district", top),
            "services": self._top(SIGNPOSTING, "service", top),
        }

    def by_month(self, report: str) -> list[tuple[str, int]]:
        """Records per month, oldest first: the trend a commissioner asks for."""
        rows = self.store.rows(
            "SELECT substr(day, 1, 7) AS month, SUM(count) FROM {daily}"
            " WHERE report = ? AND kind = ? GROUP BY month ORDER BY month",
            report,
            TOTAL,
        )
        return [(month, int(n)) for month, n in rows]

    def _top(
        self, report: str, kind: str, top: int, since: dt.datetime | None = None
    ) -> list[tuple[str, int]]:
        if since is None:
            rows = self.store.rows(
                "SELECT value, SUM(count) AS n FROM {daily} WHERE report = ? AND kind = ?"
                " GROUP BY value ORDER BY n DESC, value LIMIT ?",
                report,
                kind,
                top,
            )
        else:  # the days after the one `since` falls in, and the rest of that day
            first = _day(since)
            next_day = dt.datetime.fromisoformat(first).replace(tzinfo=dt.UTC) + dt.timedelta(1)
            rows = self.store.rows(
                "SELECT value, SUM(n) AS total FROM ("
                " SELECT value, SUM(count) AS n FROM {daily}"
                "  WHERE report = ? AND kind = ? AND day > ? GROUP BY value"
                " UNION ALL"
                " SELECT value, COUNT(*) AS n FROM {terms}"
                "  WHERE report = ? AND kind = ? AND recorded_on >= ? AND recorded_on < ?"
                "  GROUP BY value"
                ") AS counted GROUP BY value ORDER BY total DESC, value LIMIT ?",
                report,
                kind,
                first,
                report,
                kind,
                instant(since),
                instant(next_day),
                top,
            )
        return [(value, int(n)) for value, n in rows]


def _cells(changes: Changes, report: str, needs: list[str], district: str, day: str) -> None:
    """One record counted under each of its needs (or under "" when it maps to none), and once
    under RECORDS."""
    for need in [RECORDS, *(needs or [""])]:
        key = {"report": report, "need": need, "district": district, "day": day}
        changes.add("cells", key, count=1)


def _day(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).date().isoformat()
