"""The figures of each insights page, from the read models, protected before anyone sees them:
each figure is a table (and maybe a chart) that the page and its CSV file both show."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

import msgspec
from markupsafe import Markup

from projections.demand import DemandView, Window
from projections.directory import DirectoryView
from projections.insights import RECORDS, SEARCHES, SIGNPOSTING, UNMET
from projections.lettings_use import LettingsUseView
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


def demand_and_supply(
    demand: DemandView, directory: DirectoryView, window: Window, today: dt.date
) -> list[Figure]:
    cells = demand.cells(window)
    supply = directory.supply(today - dt.timedelta(SUPPLY_DAYS), window.district)
    searches: dict[str, int] = defaultdict(int)
    for cell in cells:
        if cell.need == RECORDS:
            searches[cell.district] += cell.searches
    districts = sorted((d for d in searches if d), key=lambda d: (-searches[d], d))
    needs = [*NEEDS, ""]
    grids = {}
    for report in (SEARCHES, SIGNPOSTING):
        found = {(c.district, c.need): getattr(c, report) for c in cells}
        grids[report] = Protected([[found.get((d, n), 0) for n in needs] for d in districts])
    s_grid, p_grid = grids[SEARCHES], grids[SIGNPOSTING]

    table: list[list[str]] = []
    scarce: list[tuple[float, str, str, int, int]] = []
    for i, d in enumerate(districts):
        for j, need in enumerate(needs):
            s, p = s_grid.cell(i, j), p_grid.cell(i, j)
            if s_grid.values[i][j] == 0 and p_grid.values[i][j] == 0:
                continue
            local = supply.get((d, need), 0) if need else 0
            table.append([d, need_name(need), shown(s), shown(p), f"{local:,}" if need else ""])
            wanted = (s or 0) + (p or 0)
            if need and s is not None and p is not None and wanted >= THRESHOLD:
                scarce.append((wanted / (local + 1), d, need, wanted, local))
    scarce.sort(key=lambda x: (-x[0], x[1], x[2]))

    ranked = Figure(
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
    )
    top_rows = districts[:12]
    levels: dict[tuple[str, str], tuple[int, str]] = {}
    worst = max((x[0] for x in scarce), default=1.0) or 1.0
    for i, d in enumerate(top_rows):
        for j, need in enumerate(NEEDS):
            s = s_grid.cell(i, j)
            if s_grid.values[i][j] == 0:
                continue
            local = supply.get((d, need), 0)
            ratio = (s or 0) / (local + 1)
            level = 1 + min(3, int(4 * ratio / worst)) if s is not None else 1
            levels[(d, need_name(need))] = (level, f"{shown(s) if s is not None else '<5'}/{local}")
    ranked.chart = charts.grid(
        "scarce-grid",
        "Searches / local services, by district (rows) and need (columns); darker: scarcer help",
        top_rows,
        [need_name(n) for n in NEEDS],
        levels,
    )
    by_district = Figure(
        key="districts",
        title="Searches by district",
        headers=["District", "Searches, counted under each need they ask for"],
        rows=[[d, shown(s_grid.row_total(i))] for i, d in enumerate(districts)]
        + [["All districts", shown(s_grid.total())]],
        numeric=[False, True],
    )
    by_district.chart = charts.bars(
        "districts-chart",
        "Searches by district",
        [(d, s_grid.row_total(i)) for i, d in enumerate(districts[:15])],
    )
    grid_figure = Figure(
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
    return [ranked, grid_figure, by_district]


def unmet(demand: DemandView, window: Window) -> list[Figure]:
    phrases, rare = demand.phrases(window, at_least=THRESHOLD)
    counts, total = protect_list([p.count for p in phrases] + [rare])
    phrase_rows = [
        [p.phrase, ", ".join(need_name(n) for n in p.needs) or NO_NEED, shown(c)]
        for p, c in zip(phrases, counts, strict=False)
    ]
    phrase_rows.append(["Phrases searched fewer than 5 times (not listed)", "", shown(counts[-1])])
    phrase_rows.append(["All unmet searches", "", shown(total)])
    figures = [
        Figure(
            key="phrases",
            title="What families searched for and did not find",
            note=(
                "Whole phrases, as typed but without anything that looks like a postcode or a "
                "number, with the needs they map to. A search is unmet when no service scored "
                "above the relevance threshold. Only phrases searched 5 times or more are listed."
            ),
            headers=["Phrase", "Needs", "Unmet searches"],
            rows=phrase_rows,
            numeric=[False, False, True],
        )
    ]
    weeks = demand.by_week(window, UNMET)
    week_counts, week_total = protect_list([n for _, n in weeks])
    figures.append(
        Figure(
            key="trend",
            title="Unmet searches by week",
            headers=["Week starting", "Unmet searches"],
            rows=[
                [w.strftime("%d %b %Y"), shown(c)]
                for (w, _), c in zip(weeks, week_counts, strict=True)
            ]
            + [["All weeks", shown(week_total)]],
            numeric=[False, True],
            chart=charts.columns(
                "trend-chart",
                "Unmet searches by week",
                [(w.strftime("%d %b"), c) for (w, _), c in zip(weeks, week_counts, strict=True)],
            ),
        )
    )
    cells = demand.cells(window)
    by_need: dict[str, int] = defaultdict(int)
    by_district: dict[str, int] = defaultdict(int)
    for cell in cells:
        if cell.need == RECORDS:
            by_district[cell.district or "No postcode given"] += cell.unmet
        else:
            by_need[cell.need] += cell.unmet
    for key, title, label, found, name in (
        ("needs", "Unmet searches by need", "Need", by_need, need_name),
        ("unmet-districts", "Unmet searches by district", "District", by_district, str),
    ):
        items = sorted(((k, n) for k, n in found.items() if n), key=lambda x: (-x[1], x[0]))
        values, all_ = protect_list([n for _, n in items])
        figures.append(
            Figure(
                key=key,
                title=title,
                headers=[label, "Unmet searches"],
                rows=[[name(k), shown(v)] for (k, _), v in zip(items, values, strict=True)]
                + [
                    [
                        "Total (a search asking for two needs counts under each)"
                        if key == "needs"
                        else "Total",
                        shown(all_),
                    ]
                ],
                numeric=[False, True],
                chart=charts.bars(
                    f"{key}-chart",
                    title,
                    [(name(k), v) for (k, _), v in zip(items[:15], values, strict=False)],
                ),
            )
        )
    return figures


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "no services"


def directory_health(directory: DirectoryView, window: Window, today: dt.date) -> list[Figure]:
    since = today - REVIEW_AFTER
    shares = directory.shares(since, window.district)
    overall = shares["all"][0] if shares["all"] else None
    needs = sorted(shares["need"], key=lambda s: (s.checked / s.active, s.label))
    whole = directory.shares(since) if window.district else shares
    orgs = sorted(whole["organisation"], key=lambda s: (s.checked / s.active, -s.active))[:20]
    names = directory.organisation_names([s.label for s in orgs])
    figures = [
        Figure(
            key="checked",
            title=f"Active services checked in the last {CHECKED_DAYS} days, by need",
            note=(
                "The directory as it stands today, checks counted in whole weeks (the date "
                "range applies to the work below)."
            ),
            headers=["Need", "Active services", f"Checked in {CHECKED_DAYS} days", "Share"],
            rows=[
                [
                    need_name(s.label),
                    f"{s.active:,}",
                    f"{s.checked:,}",
                    _percent(s.checked, s.active),
                ]
                for s in needs
            ]
            + [
                [
                    "All active services",
                    f"{overall.active:,}" if overall else "0",
                    f"{overall.checked:,}" if overall else "0",
                    _percent(overall.checked, overall.active) if overall else "no services",
                ]
            ],
            numeric=[False, True, True, True],
            chart=charts.bars(
                "checked-chart",
                f"Share checked in the last {CHECKED_DAYS} days, by need",
                [(need_name(s.label), round(100 * s.checked / s.active)) for s in needs],
                unit="%",
            ),
        ),
        Figure(
            key="organisations",
            title="Organisations with the lowest share checked (up to 20)",
            note="The whole directory, whatever the district chosen.",
            headers=["Organisation", "Active services", f"Checked in {CHECKED_DAYS} days", "Share"],
            rows=[
                [
                    names.get(s.label, "Unknown organisation"),
                    f"{s.active:,}",
                    f"{s.checked:,}",
                    _percent(s.checked, s.active),
                ]
                for s in orgs
            ],
            numeric=[False, True, True, True],
        ),
    ]
    stale = directory.stale(since, window.district)
    figures.append(
        Figure(
            key="stale",
            title="Longest unchecked active services (up to 50)",
            headers=["Service", "Organisation", "Last checked"],
            rows=[
                [
                    s.name,
                    s.organisation,
                    s.checked_on.strftime("%d %b %Y") if s.checked_on else "Never",
                ]
                for s in stale
            ],
        )
    )
    problems = directory.work("problem_reported", ("problem_resolved",), window.start, window.end)
    proposals = directory.work(
        "proposal_submitted", ("proposal_approved", "proposal_rejected"), window.start, window.end
    )
    p_counts, _ = protect_list([problems.came, problems.settled["problem_resolved"]])

    def days(value: float | None) -> str:
        return "none settled" if value is None else f"{value:g} days"

    figures.append(
        Figure(
            key="work",
            title="Problems reported and changes proposed in the date range",
            note="For the whole directory (not by district). Median: half took less time.",
            headers=["What", "Came in", "Settled", "Median time to settle"],
            rows=[
                [
                    "Problems reported by families",
                    shown(p_counts[0]),
                    shown(p_counts[1]),
                    days(problems.median_days),
                ],
                [
                    "Changes proposed by providers",
                    f"{proposals.came:,}",
                    f"{proposals.settled['proposal_approved']:,} approved, "
                    f"{proposals.settled['proposal_rejected']:,} rejected",
                    days(proposals.median_days),
                ],
            ],
            numeric=[False, True, False, False],
        )
    )
    return figures


def _hours(minutes: int) -> str:
    return f"{minutes / 60:,.1f}"


def _share(let: int, open_: int) -> str:
    return f"{round(100 * let / open_)}%" if open_ else "not open"


def school_buildings(
    use: LettingsUseView | None, directory: DirectoryView, window: Window
) -> list[Figure]:
    if use is None:  # venues are not enabled on this server
        return []
    start, end, district = window.start, window.end, window.district
    rooms = use.rooms(start, end, district)
    figures = [
        Figure(
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
    ]
    for what, key, title in (
        ("week", "weeks", "Utilisation by week"),
        ("season", "seasons", "Utilisation in term time and in the holidays"),
    ):
        sums: dict[str, dict[str, int]] = defaultdict(lambda: {"open": 0, "let": 0})
        for table, value, minutes, _ in use.by(what, start, end, district):
            sums[value][table] += minutes
        labels = sorted(sums)
        name: Callable[[str], str] = _week_name if what == "week" else _season_name
        figures.append(
            Figure(
                key=key,
                title=title,
                headers=[
                    "Week starting" if what == "week" else "Season",
                    "Hours open",
                    "Hours let",
                    "Utilisation",
                ],
                rows=[
                    [
                        name(v),
                        _hours(sums[v]["open"]),
                        _hours(sums[v]["let"]),
                        _share(sums[v]["let"], sums[v]["open"]),
                    ]
                    for v in labels
                ],
                numeric=[False, True, True, True],
                chart=charts.columns(
                    f"{key}-chart",
                    f"{title} (per cent)",
                    [
                        (
                            name(v)[:6],
                            round(100 * sums[v]["let"] / sums[v]["open"]) if sums[v]["open"] else 0,
                        )
                        for v in labels
                    ],
                )
                if what == "week"
                else None,
            )
        )
    agencies = use.kinds("agency", start, end, district)
    services = use.kinds("service", start, end, district)
    declined = use.kinds("declined", start, end, district)
    org_names = directory.organisation_names([a for a, _, _ in agencies])
    service_names = directory.service_names([s for s, _, _ in services if s])
    for key, title, label, found, names in (
        ("agencies", "Bookings by agency", "Agency", agencies, org_names),
        (
            "services",
            "Bookings by the catalogue service they deliver",
            "Service",
            services,
            service_names,
        ),
    ):
        counts, total = protect_list([c for _, _, c in found])
        figures.append(
            Figure(
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
        )
    counts, total = protect_list([c for _, _, c in declined])
    figures.append(
        Figure(
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
    )
    return figures


def _week_name(value: str) -> str:
    return dt.date.fromisoformat(value).strftime("%d %b %Y")


def _season_name(value: str) -> str:
    return "Term time" if value == "term" else "School holidays"
