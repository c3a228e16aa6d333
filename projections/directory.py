"""The directory's health and supply for commissioners: counters of active services by the
districts they reach, their needs, their organisation and the day they were last checked,
kept up to date by adding what an event changes (so pages read sums, never every service)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any, ClassVar
from uuid import UUID

import msgspec
from eventsourcing.persistence import Tracking

from projections.checked_ranking import TABLES as RANKING_TABLES
from projections.checked_ranking import CheckedRanking, RankingView, week_of
from projections.reach import reached
from projections.sql.port import Changes, Table, TableStore
from projections.sql.projection import TableProjection
from projections.sql.recent import RecentAggregates
from services.catalogue.application import Catalogue
from services.catalogue.domain import Organisation, Service
from services.catalogue.model import Status
from services.catalogue.problems import ProblemReport
from services.catalogue.proposals import Proposal
from services.catalogue.taxonomy import TERMS

ALL = ""  # the district (and value) of counters over the whole directory
NEVER = ""  # the checked_on of a service never checked
Key = tuple[str, ...]


def _tops(categories: list[str]) -> list[str]:
    tops = set()
    for c in categories:
        term = TERMS.get(c)
        if term is not None:
            tops.add(term.parent_id or term.id)
    return sorted(tops)


class Facts:
    """What the counters keep of one service: enough to take it off them again."""

    def __init__(self, service: Service) -> None:
        self.active = service.status == Status.ACTIVE
        v = service.verification
        self.checked_on = NEVER if v is None else v.on.isoformat()
        self.checked_week = NEVER if v is None else week_of(v.on).isoformat()
        self.checked_month = NEVER if v is None else v.on.replace(day=1).isoformat()
        self.needs = _tops(service.categories)
        self.organisation = str(service.organisation_id)
        places = [
            (
                loc.postcode,
                *((loc.position and (loc.position.lat, loc.position.lon)) or (None, None)),
            )
            for loc in service.locations.values()
        ]
        self.districts = sorted(reached(places, service.details.service_area))

    def supply(self) -> Counter[Key]:
        """(district, need, checked_month): each district reached, each need; active services."""
        if not self.active:
            return Counter()
        return Counter(
            (d, need, self.checked_month) for d in self.districts for need in self.needs or [""]
        )

    def health(self) -> Counter[Key]:
        """(district, kind, value, checked_week), the whole directory under ALL; organisations
        for the whole directory only (by district their rows would grow with the catalogue)."""
        if not self.active:
            return Counter()
        found: Counter[Key] = Counter()
        week = self.checked_week
        found[(ALL, "organisation", self.organisation, week)] += 1
        for d in (ALL, *self.districts):
            found[(d, "all", ALL, week)] += 1
            for need in self.needs or [""]:
                found[(d, "need", need, week)] += 1
        return found


class DirectoryProjection(TableProjection):
    """Each catalogue event that changes a service takes its old facts off the counters and
    puts its new ones on; the service's state before the event is folded in memory (or loaded
    at that version), so a batch applied once changes each counter once."""

    name = "directory"
    tables = (
        Table(
            name="supply",
            columns={"district": "text", "need": "text", "checked_month": "text", "count": "int"},
            key=("district", "need", "checked_month"),
            indexes=(("checked_month", "district", "need", "count"),),  # covering: no lookups
        ),
        Table(
            name="health",
            columns={
                "district": "text",
                "kind": "text",
                "value": "text",
                "checked_week": "text",
                "count": "int",
            },
            key=("district", "kind", "value", "checked_week"),
            indexes=(("district", "kind", "value", "checked_week", "count"),),
        ),
        Table(
            name="services",
            columns={
                "id": "text",
                "name": "text",
                "organisation_id": "text",
                "active": "int",
                "checked_on": "text",
            },
            key=("id",),
            indexes=(("active", "checked_on", "name"),),  # the stale list: one page of it
        ),
        Table(
            name="reach",
            columns={
                "service_id": "text",
                "district": "text",
                "active": "int",
                "checked_on": "text",
            },
            key=("district", "service_id"),
            indexes=(("district", "active", "checked_on"), ("service_id",)),
        ),
        Table(name="organisations", columns={"id": "text", "name": "text"}, key=("id",)),
        Table(  # problem reports and proposals by day, and days taken to settle them
            name="work",
            columns={"what": "text", "day": "text", "days": "int", "count": "int"},
            key=("what", "day", "days"),
            indexes=(("what", "day"),),
        ),
        *RANKING_TABLES,
    )
    events = (
        Service.Registered,
        Service.DetailsUpdated,
        Service.Categorised,
        Service.LocationAdded,
        Service.LocationMoved,
        Service.LocationRemoved,
        Service.TemporarilyClosed,
        Service.Reopened,
        Service.Withdrawn,
        Service.Verified,
        Organisation.Registered,
        Organisation.DetailsUpdated,
        ProblemReport.Reported,
        ProblemReport.Resolved,
        Proposal.Submitted,
        Proposal.Approved,
        Proposal.Rejected,
    )

    _columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "supply": ("district", "need", "checked_month"),
        "health": ("district", "kind", "value", "checked_week"),
    }

    def __init__(self, store: TableStore, catalogue: Catalogue, cache_size: int = 20_000) -> None:
        super().__init__(store)
        self.app = catalogue
        self._recent = RecentAggregates(self.app, Service, cache_size)
        self._ranking = CheckedRanking(store)

    def project(self, event: Any, changes: Changes) -> None:
        id_ = str(event.originator_id)
        day = event.timestamp.astimezone(dt.UTC).date().isoformat()
        if isinstance(event, Organisation.Registered | Organisation.DetailsUpdated):
            changes.upsert("organisations", id=id_, name=event.details.name)
        elif isinstance(event, ProblemReport.Reported):
            changes.add("work", {"what": "problem_reported", "day": day, "days": 0}, count=1)
        elif isinstance(event, Proposal.Submitted):
            changes.add("work", {"what": "proposal_submitted", "day": day, "days": 0}, count=1)
        elif isinstance(event, ProblemReport.Resolved | Proposal.Approved | Proposal.Rejected):
            started: dt.datetime = self.app.repository.get(
                event.originator_id, version=1
            ).created_on
            days = max(0, (event.timestamp - started).days)
            what = {
                ProblemReport.Resolved: "problem_resolved",
                Proposal.Approved: "proposal_approved",
                Proposal.Rejected: "proposal_rejected",
            }[type(event)]
            changes.add("work", {"what": what, "day": day, "days": days}, count=1)
        else:
            self._service(event, changes)

    def apply_and_record(self, events: Iterable[Any], tracking: Tracking, after: int) -> None:
        """A batch's counter changes are summed first: each service touched takes off the facts
        it had before the batch and puts on those it has after it, so a service registered,
        placed and checked in one batch adds its final facts once."""
        changes = Changes()
        self._first: dict[UUID, Facts | None] = {}
        self._last: dict[UUID, Service] = {}
        latest: dt.datetime | None = None
        for event in events:
            self.project(event, changes)
            latest = event.timestamp if latest is None else max(latest, event.timestamp)
        delta: dict[str, Counter[Key]] = {"supply": Counter(), "health": Counter()}
        touched = []
        for id_, service in self._last.items():
            old, new = self._first[id_], Facts(service)
            for table, counted in (("supply", Facts.supply), ("health", Facts.health)):
                delta[table].update(counted(new))
                if old is not None:
                    delta[table].subtract(counted(old))
            touched.append((service, new))
        for table, counts in delta.items():
            columns = self._columns[table]
            for key, n in sorted(counts.items()):
                if n:
                    changes.add(table, dict(zip(columns, key, strict=True)), count=n)
        self._rows(touched, changes)
        if latest is not None:
            self._ranking.change(delta["health"], latest.astimezone(dt.UTC).date(), changes)
        self.store.commit(changes, tracking, after)

    def _service(self, event: Any, changes: Changes) -> None:
        before = self._recent.before(event)
        if event.originator_id not in self._first:  # before `mutate`, which changes it in place
            self._first[event.originator_id] = Facts(before) if before is not None else None
        after: Service = event.mutate(before)
        self._recent.keep(after)
        self._last[after.id] = after

    def _rows(self, touched: list[tuple[Service, Facts]], changes: Changes) -> None:
        """Each statement once for the batch's services (its rows go in one executemany)."""
        for service, facts in touched:
            changes.upsert(
                "services",
                id=str(service.id),
                name=service.details.name,
                organisation_id=facts.organisation,
                active=int(facts.active),
                checked_on=facts.checked_on,
            )
        for service, _ in touched:
            changes.delete("reach", service_id=str(service.id))
        reach = sorted(
            (district, str(service.id), int(facts.active), facts.checked_on)
            for service, facts in touched
            for district in facts.districts
        )  # in the order of the table's key: each page of it is read and written once
        for district, id_, active, checked_on in reach:
            changes.upsert(
                "reach", service_id=id_, district=district, active=active, checked_on=checked_on
            )


class Stale(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    organisation: str
    checked_on: dt.date | None


class Share(msgspec.Struct, frozen=True, kw_only=True):
    """Active services, and how many of them were checked on or after a day."""

    label: str
    active: int
    checked: int


class Work(msgspec.Struct, frozen=True, kw_only=True):
    """Problem reports or proposals in a range: how many came, how many were settled, and the
    median days to settle them (None when none were)."""

    came: int
    settled: dict[str, int]
    median_days: float | None


class DirectoryView:
    """Sums over the counters (rows grow with districts, needs, organisations and checking
    days, not with services) and indexed lists."""

    def __init__(self, store: TableStore) -> None:
        self.store = store
        self._ranking = RankingView(store)

    def supply(self, checked_since: dt.date, district: str = "") -> dict[tuple[str, str], int]:
        """Active services checked in the month of the day or since, by (district, need) they
        reach (counted in whole months: the rows stay as few as districts, needs and months)."""
        where = " AND district = ?" if district else ""
        rows = self.store.rows(
            "SELECT district, need, SUM(count) FROM {supply}"
            f" WHERE checked_month >= ?{where} GROUP BY district, need",
            checked_since.replace(day=1).isoformat(),
            *([district] if district else []),
        )
        return {(d, need): int(n) for d, need, n in rows if int(n)}

    def shares(
        self,
        checked_since: dt.date,
        district: str = "",
        kinds: tuple[str, ...] = ("all", "need", "organisation"),
    ) -> dict[str, list[Share]]:
        """By kind ("all", "need", "organisation"): active services and those checked in the
        week of the day or since. Organisations' rows grow with them: a page ranks them with
        `least_checked`."""
        marks = ", ".join("?" * len(kinds))
        rows = self.store.rows(
            "SELECT kind, value, SUM(count),"
            " SUM(CASE WHEN checked_week >= ? THEN count ELSE 0 END)"
            f" FROM {{health}} WHERE district = ? AND kind IN ({marks}) GROUP BY kind, value",
            week_of(checked_since).isoformat(),
            district,
            *kinds,
        )
        found: dict[str, list[Share]] = {"all": [], "need": [], "organisation": []}
        for kind, value, active, checked in rows:
            if int(active):
                found[kind].append(Share(label=value, active=int(active), checked=int(checked)))
        return found

    def least_checked(self, checked_since: dt.date, limit: int = 20) -> list[Share]:
        """Organisations by the share of their active services checked in the week of the day
        or since, lowest first (ties: the larger, then by id), from the kept ranking."""
        return [
            Share(label=o, active=active, checked=checked)
            for o, active, checked in self._ranking.least_checked(checked_since, limit)
        ]

    def organisation_names(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = self.store.rows(
            f"SELECT id, name FROM {{organisations}} WHERE id IN ({marks})", *ids
        )
        return dict(rows)

    def service_names(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = self.store.rows(f"SELECT id, name FROM {{services}} WHERE id IN ({marks})", *ids)
        return dict(rows)

    def stale(self, checked_before: dt.date, district: str = "", limit: int = 50) -> list[Stale]:
        """Active services not checked in the week of the day or since, longest unchecked (or
        never) first."""
        before = week_of(checked_before)
        if district:
            rows = self.store.rows(
                "SELECT s.id, s.name, COALESCE(o.name, ''), s.checked_on FROM {reach} r"
                " JOIN {services} s ON s.id = r.service_id"
                " LEFT JOIN {organisations} o ON o.id = s.organisation_id"
                " WHERE r.district = ? AND r.active = 1 AND r.checked_on < ?"
                " ORDER BY r.checked_on, s.name LIMIT ?",
                district,
                before.isoformat(),
                limit,
            )
        else:
            rows = self.store.rows(
                "SELECT s.id, s.name, COALESCE(o.name, ''), s.checked_on FROM {services} s"
                " LEFT JOIN {organisations} o ON o.id = s.organisation_id"
                " WHERE s.active = 1 AND s.checked_on < ? ORDER BY s.checked_on, s.name LIMIT ?",
                before.isoformat(),
                limit,
            )
        return [
            Stale(
                id=UUID(i),
                name=name,
                organisation=org,
                checked_on=dt.date.fromisoformat(on) if on else None,
            )
            for i, name, org, on in rows
        ]

    def work(self, came: str, settled: tuple[str, ...], start: dt.date, end: dt.date) -> Work:
        """What came in the range, what was settled in it (by how), and the median days."""
        rows = self.store.rows(
            "SELECT what, days, SUM(count) FROM {work} WHERE day >= ? AND day <= ?"
            " GROUP BY what, days ORDER BY days",
            start.isoformat(),
            end.isoformat(),
        )
        total = sum(int(n) for what, _, n in rows if what == came)
        by = {what: 0 for what in settled}
        days: list[tuple[int, int]] = []
        for what, d, n in rows:
            if what in by:
                by[what] += int(n)
                days.append((int(d), int(n)))
        return Work(came=total, settled=by, median_days=_median(days))


def _median(counted: list[tuple[int, int]]) -> float | None:
    """The median of values given with their counts, in order."""
    total = sum(n for _, n in counted)
    if not total:
        return None
    counted = sorted(counted)
    middle: list[int] = []
    seen = 0
    for value, n in counted:
        for position in ((total - 1) // 2, total // 2):
            if seen <= position < seen + n:
                middle.append(value)
        seen += n
    return sum(middle) / len(middle)
