"""The figures of each insights page, from the read models, protected before anyone sees them:
each figure is a table (and maybe a chart) that the page and its CSV file both show."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

import msgspec
from markupsafe import Markup

from projections.demand import Cell, DemandView, Phrase, Window
from projections.directory import DirectoryView, Share, Stale, Work
from projections.insights import RECORDS, SEARCHES, SIGNPOSTING, UNMET
from projections.lettings_use import LettingsUseView, RoomUse
from services.catalogue.editorial import REVIEW_AFTER
from services.catalogue.taxonomy import TERMS, top_level
from services.http.pages.insights import charts
from services.insights.disclosure import THRESHOLD, Protected, protect_list, shown

CHECKED_DAYS = REVIEW_AFTER.days  # a service checked within this many days is up to date
SUPPLY_DAYS = 365  # a service counts as local help when checked within this many days
NEEDS = [t.id for t in top_level()]
NO_NEED = "Not matched to a need"


class Figure(msgspec.Struct, kw_only=True):
    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""
    chart: Markup | None = None
    numeric: list[bool] = []


def need_name(need: str) -> str:
    if need == "":
        return NO_NEED
    term = TERMS.get(need)
    return term.name if term else need


class _DemandGrid(NamedTuple):
    """Searches and signposting records by district (busiest first) and need, protected."""

    districts: list[str]
    searches: Protected
    signposting: Protected


_Scarce = tuple[float, str, str, int, int]  # (demand per local service, district, need, ...)


def demand_and_supply(
    demand: DemandView, directory: DirectoryView, window: Window, today: dt.date
) -> list[Figure]:
    cells = demand.cells(window)
    supply = directory.supply(today - dt.timedelta(SUPPLY_DAYS), window.district)
    grid = _demand_grid(cells)
    table, scarce = _demand_rows(grid, supply)
    ranked = _scarce_figure(scarce, _scarce_chart(grid, supply, scarce))
    return [ranked, _demand_figure(table), _districts_figure(grid)]


def _demand_grid(cells: list[Cell]) -> _DemandGrid:
    searches: dict[str, int] = defaultdict(int)
    for cell in cells:
        if cell.need == RECORDS:
            searches[cell.district] += cell.searches
    districts = sorted((d for d in searches if d), key=lambda d: (-searches[d], d))
    needs = [*NEEDS, ""]

    def protected(report: str) -> Protected:
        found = {(c.district, c.need): getattr(c, report) for c in cells}
        return Protected([[found.get((d, n), 0) for n in needs] for d in districts])

    return _DemandGrid(districts, protected(SEARCHES), protected(SIGNPOSTING))


def _demand_rows(
    grid: _DemandGrid, supply: dict[tuple[str, str], int]
) -> tuple[list[list[str]], list[_Scarce]]:
    """The table's rows (each district and need asked for), and the pairs wanted enough to
    rank, scarcest first."""
    table: list[list[str]] = []
    scarce: list[_Scarce] = []
    s_grid, p_grid = grid.searches, grid.signposting
    for i, d in enumerate(grid.districts):
        for j, need in enumerate([*NEEDS, ""]):
            s, p = s_grid.cell(i, j), p_grid.cell(i, j)
            if s_grid.values[i][j] == 0 and p_grid.values[i][j] == 0:
                continue
            local = supply.get((d, need), 0) if need else 0
            table.append([d, need_name(need), shown(s), shown(p), f"{local:,}" if need else ""])
            wanted = (s or 0) + (p or 0)
            if need and s is not None and p is not None and wanted >= THRESHOLD:
                scarce.append((wanted / (local + 1), d, need, wanted, local))
    scarce.sort(key=lambda x: (-x[0], x[1], x[2]))
    return table, scarce


def _scarce_figure(scarce: list[_Scarce], chart: Markup) -> Figure:
    return Figure(
        key="scarce",
        title="Needs with little or no local help",
        note=(
            "District and need pairs with at least 5 searches and signposting records, ranked "
            "by demand for each local service (demand ÷ (services + 1)). Local help: active "
            "services checked in the last 12 months (counted from the first of the month) "
            "that are within 3 km of the district or cover it."
        ),
        headers=["Rank", "District", "Need", "Searches and signposting", "Local services"],
        rows=[
            [str(k), d, need_name(n), f"{w:,}", f"{s:,}"]
            for k, (_, d, n, w, s) in enumerate(scarce[:15], 1)
        ],
        numeric=[True, False, False, True, True],
        chart=chart,
    )


def _scarce_chart(
    grid: _DemandGrid, supply: dict[tuple[str, str], int], scarce: list[_Scarce]
) -> Markup:
    """The busiest 12 districts by need: searches per local service, darker when scarcer."""
    top_rows = grid.districts[:12]
    levels: dict[tuple[str, str], tuple[int, str]] = {}
    worst = max((x[0] for x in scarce), default=1.0) or 1.0
    s_grid = grid.searches
    for i, d in enumerate(top_rows):
        for j, need in enumerate(NEEDS):
            s = s_grid.cell(i, j)
            if s_grid.values[i][j] == 0:
                continue
            local = supply.get((d, need), 0)
            ratio = (s or 0) / (local + 1)
            level = 1 + min(3, int(4 * ratio / worst)) if s is not None else 1
            levels[(d, need_name(need))] = (level, f"{shown(s) if s is not None else '<5'}/{local}")
    return charts.grid(
        "scarce-grid",
        "Searches / local services, by district (rows) and need (columns); darker: scarcer help",
        top_rows,
        [need_name(n) for n in NEEDS],
        levels,
    )


def _districts_figure(grid: _DemandGrid) -> Figure:
    s_grid, districts = grid.searches, grid.districts
    return Figure(
        key="districts",
        title="Searches by district",
        headers=["District", "Searches, counted under each need they ask for"],
        rows=[[d, shown(s_grid.row_total(i))] for i, d in enumerate(districts)]
        + [["All districts", shown(s_grid.total())]],
        numeric=[False, True],
        chart=charts.bars(
            "districts-chart",
            "Searches by district",
            [(d, s_grid.row_total(i)) for i, d in enumerate(districts[:15])],
        ),
    )


def _demand_figure(table: list[list[str]]) -> Figure:
    return Figure(
        key="demand",
        title="Demand and supply by district and need",
        note=(
            "A search or signposting record asking for two needs counts under each. Counts "
            "under 5 read “fewer than 5”; another count in the same row or column is then "
            "hidden too, so the totals cannot give it away."
        ),
        headers=["District", "Need", "Searches", "Signposting records", "Local services"],
        rows=table,
        numeric=[False, False, True, True, True],
    )


def unmet(demand: DemandView, window: Window) -> list[Figure]:
    phrases, rare = demand.phrases(window, at_least=THRESHOLD)
    weeks = demand.by_week(window, UNMET)
    by_need, by_district = _unmet_sums(demand.cells(window))
    return [
        _phrases_figure(phrases, rare),
        _trend_figure(weeks),
        _unmet_figure(
            "needs",
            "Unmet searches by need",
            "Need",
            "Total (a search asking for two needs counts under each)",
            by_need,
            need_name,
        ),
        _unmet_figure(
            "unmet-districts", "Unmet searches by district", "District", "Total", by_district, str
        ),
    ]


def _phrases_figure(phrases: list[Phrase], rare: int) -> Figure:
    counts, total = protect_list([p.count for p in phrases] + [rare])
    rows = [
        [p.phrase, ", ".join(need_name(n) for n in p.needs) or NO_NEED, shown(c)]
        for p, c in zip(phrases, counts, strict=False)
    ]
    rows.append(["Phrases searched fewer than 5 times (not listed)", "", shown(counts[-1])])
    rows.append(["All unmet searches", "", shown(total)])
    return Figure(
        key="phrases",
        title="What families searched for and did not find",
        note=(
            "Whole phrases, as typed but without anything that looks like a postcode or a "
            "number, with the needs they map to. A search is unmet when no service scored "
            "above the relevance threshold. Only phrases searched 5 times or more are listed."
        ),
        headers=["Phrase", "Needs", "Unmet searches"],
        rows=rows,
        numeric=[False, False, True],
    )


def _trend_figure(weeks: list[tuple[dt.date, int]]) -> Figure:
    counts, total = protect_list([n for _, n in weeks])
    return Figure(
        key="trend",
        title="Unmet searches by week",
        headers=["Week starting", "Unmet searches"],
        rows=[[w.strftime("%d %b %Y"), shown(c)] for (w, _), c in zip(weeks, counts, strict=True)]
        + [["All weeks", shown(total)]],
        numeric=[False, True],
        chart=charts.columns(
            "trend-chart",
            "Unmet searches by week",
            [(w.strftime("%d %b"), c) for (w, _), c in zip(weeks, counts, strict=True)],
        ),
    )


def _unmet_sums(cells: list[Cell]) -> tuple[dict[str, int], dict[str, int]]:
    """Unmet searches by need, and by district (a search with no postcode under its own name)."""
    by_need: dict[str, int] = defaultdict(int)
    by_district: dict[str, int] = defaultdict(int)
    for cell in cells:
        if cell.need == RECORDS:
            by_district[cell.district or "No postcode given"] += cell.unmet
        else:
            by_need[cell.need] += cell.unmet
    return by_need, by_district


def _unmet_figure(
    key: str,
    title: str,
    label: str,
    total_label: str,
    found: dict[str, int],
    name: Callable[[str], str],
) -> Figure:
    """Unmet searches by one thing (need or district), most first, protected."""
    items = sorted(((k, n) for k, n in found.items() if n), key=lambda x: (-x[1], x[0]))
    values, total = protect_list([n for _, n in items])
    return Figure(
        key=key,
        title=title,
        headers=[label, "Unmet searches"],
        rows=[[name(k), shown(v)] for (k, _), v in zip(items, values, strict=True)]
        + [[total_label, shown(total)]],
        numeric=[False, True],
        chart=charts.bars(
            f"{key}-chart",
            title,
            [(name(k), v) for (k, _), v in zip(items[:15], values, strict=False)],
        ),
    )


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "no services"


def directory_health(directory: DirectoryView, window: Window, today: dt.date) -> list[Figure]:
    since = today - REVIEW_AFTER
    shares = directory.shares(since, window.district, kinds=("all", "need"))
    orgs = directory.least_checked(since, 20)
    names = directory.organisation_names([s.label for s in orgs])
    stale = directory.stale(since, window.district)
    problems = directory.work("problem_reported", ("problem_resolved",), window.start, window.end)
    proposals = directory.work(
        "proposal_submitted", ("proposal_approved", "proposal_rejected"), window.start, window.end
    )
    return [
        _checked_figure(shares),
        _organisations_figure(orgs, names),
        _stale_figure(stale),
        _work_figure(problems, proposals),
    ]


def _checked_row(label: str, share: Share | None) -> list[str]:
    if share is None:
        return [label, "0", "0", "no services"]
    return [label, f"{share.active:,}", f"{share.checked:,}", _percent(share.checked, share.active)]


def _checked_figure(shares: dict[str, list[Share]]) -> Figure:
    """Active services checked lately, by need (least checked first) and in all."""
    overall = shares["all"][0] if shares["all"] else None
    needs = sorted(shares["need"], key=lambda s: (s.checked / s.active, s.label))
    return Figure(
        key="checked",
        title=f"Active services checked in the last {CHECKED_DAYS} days, by need",
        note=(
            "The directory as it stands today, checks counted in whole weeks (the date "
            "range applies to the work below)."
        ),
        headers=["Need", "Active services", f"Checked in {CHECKED_DAYS} days", "Share"],
        rows=[_checked_row(need_name(s.label), s) for s in needs]
        + [_checked_row("All active services", overall)],
        numeric=[False, True, True, True],
        chart=charts.bars(
            "checked-chart",
            f"Share checked in the last {CHECKED_DAYS} days, by need",
            [(need_name(s.label), round(100 * s.checked / s.active)) for s in needs],
            unit="%",
        ),
    )


def _organisations_figure(orgs: list[Share], names: dict[str, str]) -> Figure:
    return Figure(
        key="organisations",
        title="Organisations with the lowest share checked (up to 20)",
        note="The whole directory, whatever the district chosen.",
        headers=["Organisation", "Active services", f"Checked in {CHECKED_DAYS} days", "Share"],
        rows=[_checked_row(names.get(s.label, "Unknown organisation"), s) for s in orgs],
        numeric=[False, True, True, True],
    )


def _stale_figure(stale: list[Stale]) -> Figure:
    return Figure(
        key="stale",
        title="Longest unchecked active services (up to 50)",
        headers=["Service", "Organisation", "Last checked"],
        rows=[
            [s.name, s.organisation, s.checked_on.strftime("%d %b %Y") if s.checked_on else "Never"]
            for s in stale
        ],
    )


def _days(value: float | None) -> str:
    return "none settled" if value is None else f"{value:g} days"


def _work_figure(problems: Work, proposals: Work) -> Figure:
    """Problems reported (counts protected: families report them) and changes proposed."""
    p_counts, _ = protect_list([problems.came, problems.settled["problem_resolved"]])
    return Figure(
        key="work",
        title="Problems reported and changes proposed in the date range",
        note="For the whole directory (not by district). Median: half took less time.",
        headers=["What", "Came in", "Settled", "Median time to settle"],
        rows=[
            [
                "Problems reported by families",
                shown(p_counts[0]),
                shown(p_counts[1]),
                _days(problems.median_days),
            ],
            [
                "Changes proposed by providers",
                f"{proposals.came:,}",
                f"{proposals.settled['proposal_approved']:,} approved, "
                f"{proposals.settled['proposal_rejected']:,} rejected",
                _days(proposals.median_days),
            ],
        ],
        numeric=[False, True, False, False],
    )


def _hours(minutes: int) -> str:
    return f"{minutes / 60:,.1f}"


def _share(let: int, open_: int) -> str:
    return f"{round(100 * let / open_)}%" if open_ else "not open"


_Sums = dict[str, dict[str, int]]  # week or season: {"open": minutes, "let": minutes}


def school_buildings(
    use: LettingsUseView | None, directory: DirectoryView, window: Window
) -> list[Figure]:
    if use is None:  # venues are not enabled on this server
        return []
    start, end, district = window.start, window.end, window.district
    rooms = use.rooms(start, end, district)
    weeks = _sums(use.by("week", start, end, district))
    seasons = _sums(use.by("season", start, end, district))
    agencies = use.kinds("agency", start, end, district)
    services = use.kinds("service", start, end, district)
    declined = use.kinds("declined", start, end, district)
    org_names = directory.organisation_names([a for a, _, _ in agencies])
    service_names = directory.service_names([s for s, _, _ in services if s])
    return [
        _rooms_figure(rooms),
        _weeks_figure(weeks),
        _seasons_figure(seasons),
        _bookings_figure("agencies", "Bookings by agency", "Agency", agencies, org_names),
        _bookings_figure(
            "services",
            "Bookings by the catalogue service they deliver",
            "Service",
            services,
            service_names,
        ),
        _declined_figure(declined),
    ]


def _rooms_figure(rooms: list[RoomUse]) -> Figure:
    return Figure(
        key="rooms",
        title="Utilisation by venue and room",
        note=(
            "Hours let (confirmed bookings) divided by the hours the room may be let (its "
            "rules on the venue's term dates, closures and bank holidays left out). A hall's "
            "halves count as the hall."
        ),
        headers=["Venue", "Room", "Hours open", "Hours let", "Utilisation"],
        rows=[
            [
                u.venue,
                u.room,
                _hours(u.open_minutes),
                _hours(u.let_minutes),
                _share(u.let_minutes, u.open_minutes),
            ]
            for u in rooms
        ],
        numeric=[False, False, True, True, True],
        chart=charts.bars(
            "rooms-chart",
            "Utilisation by venue and room",
            [
                (f"{u.venue}, {u.room}", round(100 * u.let_minutes / u.open_minutes))
                for u in rooms[:15]
                if u.open_minutes
            ],
            unit="%",
        ),
    )


def _sums(found: list[tuple[str, str, int, int]]) -> _Sums:
    """Minutes open and let by week or season, from the read model's (table, value, minutes)."""
    sums: _Sums = defaultdict(lambda: {"open": 0, "let": 0})
    for table, value, minutes, _ in found:
        sums[value][table] += minutes
    return sums


def _utilisation_rows(sums: _Sums, name: Callable[[str], str]) -> list[list[str]]:
    return [
        [
            name(v),
            _hours(sums[v]["open"]),
            _hours(sums[v]["let"]),
            _share(sums[v]["let"], sums[v]["open"]),
        ]
        for v in sorted(sums)
    ]


def _weeks_figure(sums: _Sums) -> Figure:
    title = "Utilisation by week"
    return Figure(
        key="weeks",
        title=title,
        headers=["Week starting", "Hours open", "Hours let", "Utilisation"],
        rows=_utilisation_rows(sums, _week_name),
        numeric=[False, True, True, True],
        chart=charts.columns(
            "weeks-chart",
            f"{title} (per cent)",
            [
                (
                    _week_name(v)[:6],
                    round(100 * sums[v]["let"] / sums[v]["open"]) if sums[v]["open"] else 0,
                )
                for v in sorted(sums)
            ],
        ),
    )


def _seasons_figure(sums: _Sums) -> Figure:
    return Figure(
        key="seasons",
        title="Utilisation in term time and in the holidays",
        headers=["Season", "Hours open", "Hours let", "Utilisation"],
        rows=_utilisation_rows(sums, _season_name),
        numeric=[False, True, True, True],
    )


def _bookings_figure(
    key: str, title: str, label: str, found: list[tuple[str, int, int]], names: dict[str, str]
) -> Figure:
    """Hours let and sessions (protected) by agency or by service, with a total when any."""
    counts, total = protect_list([c for _, _, c in found])
    return Figure(
        key=key,
        title=title,
        headers=[label, "Hours let", "Sessions"],
        rows=[
            [
                names.get(v, "No catalogue service named" if not v else "Unknown"),
                _hours(m),
                shown(c),
            ]
            for (v, m, _), c in zip(found, counts, strict=True)
        ]
        + ([["All", _hours(sum(m for _, m, _ in found)), shown(total)]] if found else []),
        numeric=[False, True, True],
    )


def _declined_figure(declined: list[tuple[str, int, int]]) -> Figure:
    counts, total = protect_list([c for _, _, c in declined])
    return Figure(
        key="declined",
        title="Requests declined, and why",
        headers=["Reason given", "Sessions declined"],
        rows=[
            [r or "No reason given", shown(c)]
            for (r, _, _), c in zip(declined, counts, strict=True)
        ]
        + ([["All", shown(total)]] if declined else []),
        numeric=[False, True],
    )


def _week_name(value: str) -> str:
    return dt.date.fromisoformat(value).strftime("%d %b %Y")


def _season_name(value: str) -> str:
    return "Term time" if value == "term" else "School holidays"
