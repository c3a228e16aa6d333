"""The commissioners' figures on PostgreSQL: the demand and directory read models, applied by a
projector process and read by a web process, give the same figures as SQLite."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from projections.demand import Window
from services.catalogue.model import Location, OrganisationDetails, Position, ServiceDetails
from services.catalogue.problems import ProblemKind
from tests.integration.test_read_models_on_postgres import Process, processes  # noqa: F401

TODAY = dt.datetime.now(dt.UTC).date()


def test_demand_supply_and_checked_shares_read_the_same_on_postgres(
    processes: tuple[Process, Process],  # noqa: F811
) -> None:
    _, web = processes
    org = web.catalogue.register_organisation(OrganisationDetails(name="Hub"), actor="t")
    sid = web.catalogue.register_service(
        org, ServiceDetails(name="Debt advice", service_area="London Borough of Newham"), actor="t"
    )
    web.catalogue.categorise_service(sid, ["money.debt-advice"], actor="t")
    place = Location(id=UUID(int=1), postcode="E15 4BQ", position=Position(lat=51.54, lon=0.003))
    web.catalogue.add_service_location(sid, place, actor="t")
    web.catalogue.verify_service(sid, TODAY, actor="t")
    for n in range(6):
        web.insights.record_search("debt help", {}, "E15 1AA", found=n % 2 == 0)
    web.insights.record_signposting("money", ["money.debt-advice"], "E15", [sid])
    for n in range(2):
        report = web.catalogue.report_problem(sid, ProblemKind.OTHER, f"Problem {n}")
    web.catalogue.resolve_problem(report, "", actor="editor")
    views = web.settled()

    window = Window(start=TODAY - dt.timedelta(days=7), end=TODAY, district="E15")
    cells = {(c.district, c.need): c for c in views.demand.cells(window)}
    assert (cells[("E15", "money")].searches, cells[("E15", "money")].unmet) == (6, 3)
    assert cells[("E15", "money")].signposting == 1
    phrases, rare = views.demand.phrases(window, at_least=3)
    assert [(p.phrase, p.needs, p.count) for p in phrases] == [("debt help", ["money"], 3)]
    assert rare == 0
    assert sum(n for _, n in views.demand.by_week(window, "searches")) == 6

    since = TODAY - dt.timedelta(days=90)
    assert views.directory.supply(since, "E15") == {("E15", "money"): 1}
    shares = views.directory.shares(since)
    assert [(s.active, s.checked) for s in shares["all"]] == [(1, 1)]
    assert views.directory.organisation_names([s.label for s in shares["organisation"]]) == {
        str(org): "Hub"
    }
    ranked = views.directory.least_checked(since)  # from the ranking the projector keeps
    assert [(s.label, s.active, s.checked) for s in ranked] == [(str(org), 1, 1)]
    later = views.directory.least_checked(TODAY + dt.timedelta(days=7))  # beyond it: summed
    assert [(s.label, s.active, s.checked) for s in later] == [(str(org), 1, 0)]
    assert views.directory.stale(TODAY + dt.timedelta(days=14)) != []
    work = views.directory.work("problem_reported", ("problem_resolved",), since, TODAY)
    assert (work.came, work.settled, work.median_days) == (2, {"problem_resolved": 1}, 0)
