"""/insights: a date range and a district on every page, figures as tables, charts and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from litestar import Controller, Response, get
from litestar.concurrency import sync_to_thread
from litestar.response import Template

from projections.demand import Window
from search.geo import DISTRICT
from services.http.guards import COMMISSIONERS
from services.http.pages.insights import figures
from services.http.pages.insights.figures import Figure
from services.http.pages.staff.common import AnyRequest, page
from services.http.state import Injected
from services.read_models import ReadModels
from services.runtime import Lettings

MAX_DAYS = 3 * 366
PAGES: dict[str, str] = {
    "demand": "Demand and supply",
    "unmet": "Unmet searches",
    "directory": "Directory health",
    "schools": "School buildings",
}


class Filters:
    """The query's date range and district, checked: each bad one is an error naming its field.
    The range is widened to whole weeks (Monday to Sunday), so two ranges a day apart cannot
    be subtracted to single out one day's searches."""

    def __init__(self, request: AnyRequest, today: dt.date) -> None:
        q = request.query_params
        self.values = {k: str(q.get(k) or "").strip() for k in ("from", "to", "district")}
        self.errors: dict[str, str] = {}
        end = self._date("to", today)
        start = self._date("from", end - dt.timedelta(days=364))
        district = self.values["district"].upper().replace(" ", "")
        if district and not DISTRICT.match(district):
            self.errors["district"] = (
                "Enter a postcode district such as E15 or SK1, or leave it empty"
            )
        if not self.errors and start > end:
            self.errors["from"] = "The start date must be on or before the end date"
        if not self.errors and (end - start).days > MAX_DAYS:
            self.errors["from"] = "Choose a range of at most three years"
        start -= dt.timedelta(start.weekday())
        end += dt.timedelta(6 - end.weekday())
        self.window = Window(start=start, end=end, district=district)

    def _date(self, field: str, default: dt.date) -> dt.date:
        text = self.values[field]
        if not text:
            return default
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            label = "start" if field == "from" else "end"
            self.errors[field] = f"Enter the {label} date as a date, such as 2026-04-01"
            return default

    def query(self) -> str:
        w = self.window
        district = f"&district={w.district}" if w.district else ""
        return f"from={w.start.isoformat()}&to={w.end.isoformat()}{district}"


def _figures(
    name: str, models: ReadModels, lettings: Lettings | None, window: Window, today: dt.date
) -> list[Figure]:
    makers: dict[str, Callable[[], list[Figure]]] = {
        "demand": lambda: figures.demand_and_supply(models.demand, models.directory, window, today),
        "unmet": lambda: figures.unmet(models.demand, window),
        "directory": lambda: figures.directory_health(models.directory, window, today),
        "schools": lambda: figures.school_buildings(
            lettings.read_models.use if lettings else None, models.directory, window
        ),
    }
    return makers[name]()


def _csv(found: list[Figure]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for figure in found:
        writer.writerow([figure.title])
        writer.writerow(figure.headers)
        writer.writerows(figure.rows)
        writer.writerow([])
    return out.getvalue()


class InsightsPages(Controller):
    path = "/insights"
    include_in_schema = False
    guards = [COMMISSIONERS]  # noqa: RUF012

    @get("/")
    async def home(self, request: AnyRequest) -> Template:
        filters = Filters(request, dt.datetime.now(dt.UTC).date())
        return page(
            request,
            "insights/home.html",
            {
                "pages": PAGES,
                "name": "",
                "query": filters.query(),
                "filters": filters,
                "values": filters.values,
                "errors": filters.errors,
                "checked_days": figures.CHECKED_DAYS,
            },
        )

    @get("/demand")
    async def demand(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        read_models: Injected[ReadModels],
    ) -> Template | Response[str]:
        return await _serve(request, read_models, lettings, "demand", csv_wanted=False)

    @get("/demand.csv")
    async def demand_csv(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        read_models: Injected[ReadModels],
    ) -> Template | Response[str]:
        return await _serve(request, read_models, lettings, "demand", csv_wanted=True)

    @get("/unmet")
    async def unmet(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        read_models: Injected[ReadModels],
    ) -> Template | Response[str]:
        return await _serve(request, read_models, lettings, "unmet", csv_wanted=False)

    @get("/unmet.csv")
    async def unmet_csv(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        read_models: Injected[ReadModels],
    ) -> Template | Response[str]:
        return await _serve(request, read_models, lettings, "unmet", csv_wanted=True)

    @get("/directory")
    async def directory(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        read_models: Injected[ReadModels],
    ) -> Template | Response[str]:
        return await _serve(request, read_models, lettings, "directory", csv_wanted=False)

    @get("/directory.csv")
    async def directory_csv(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        read_models: Injected[ReadModels],
    ) -> Template | Response[str]:
        return await _serve(request, read_models, lettings, "directory", csv_wanted=True)

    @get("/schools")
    async def schools(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        read_models: Injected[ReadModels],
    ) -> Template | Response[str]:
        return await _serve(request, read_models, lettings, "schools", csv_wanted=False)

    @get("/schools.csv")
    async def schools_csv(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        read_models: Injected[ReadModels],
    ) -> Template | Response[str]:
        return await _serve(request, read_models, lettings, "schools", csv_wanted=True)


async def _serve(
    request: AnyRequest, read_models: ReadModels, lettings: Lettings, name: str, *, csv_wanted: bool
) -> Template | Response[str]:
    """A page of figures, or the same figures as CSV; bad filters are a 400 naming the field."""
    today = dt.datetime.now(dt.UTC).date()
    filters = Filters(request, today)
    if filters.errors:
        if csv_wanted:
            field, reason = next(iter(filters.errors.items()))
            return Response(f"{field}: {reason}\n", status_code=400, media_type="text/plain")
        return _render(request, name, filters, [], 400)
    models = read_models
    found = await sync_to_thread(_figures, name, models, lettings, filters.window, today)
    if csv_wanted:
        w = filters.window
        filename = f"signpost-{name}-{w.start.isoformat()}-{w.end.isoformat()}.csv"
        return Response(
            _csv(found),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return _render(request, name, filters, found, 200)


def _render(
    request: AnyRequest, name: str, filters: Filters, found: list[Figure], status: int
) -> Template:
    context: dict[str, Any] = {
        "name": name,
        "title": PAGES[name],
        "pages": PAGES,
        "filters": filters,
        "values": filters.values,
        "errors": filters.errors,
        "figures": found,
        "query": filters.query(),
    }
    return page(request, "insights/figures.html", context, status_code=status)
