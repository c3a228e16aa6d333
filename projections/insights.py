"""The commissioners' read model: unmet searches and signposting, counted by day and by term."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from projections.sql.port import Changes, Table, TableStore
from projections.sql.projection import TableProjection
from projections.sql.values import instant
from services.insights.domain import Signposting, UnmetSearch

GAPS, SIGNPOSTING = "gaps", "signposting"
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
    )
    events = (UnmetSearch.Recorded, Signposting.Recorded)

    def project(self, event: Any, changes: Changes) -> None:
        if isinstance(event, UnmetSearch.Recorded):
            report = GAPS
            terms = {
                "word": event.words,
                "filter": [f"{k}={v}" for k, v in event.filters.items()],
                "district": [event.district] if event.district else [],
            }
        else:
            report = SIGNPOSTING
            terms = {
                "need": event.needs,
                "category": event.categories,
                "district": [event.district] if event.district else [],
                "service": [str(s) for s in event.services],
            }
        on, day = instant(event.timestamp), _day(event.timestamp)
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


def _day(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).date().isoformat()
