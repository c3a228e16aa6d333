"""The families' pages: start, results with filters, a service, the shortlist, problem reports."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import MultiDict
from litestar.response import Redirect, Template
from markupsafe import escape

from search.port import SearchPage, SearchQuery
from services.catalogue.problems import PROBLEM_LABELS, ProblemKind
from services.http.pages import views
from services.http.pages.helplines import HELPLINES
from services.http.search_params import parse_search_params
from services.http.state import link_base, runtime_of
from services.runtime import Runtime
from services.shared.errors import NotFoundError, SignpostError
from services.shared.urls import safe_url_or_blank

PER_PAGE = 10
MAX_DETAILS = 1000
_PAGE_KEYS = {*views.FORM_KEYS, "page"}


def _form(request: Request[Any, Any, Any]) -> views.FormState:
    query = request.query_params
    shortlist = views.Shortlist.parse(query.get("sl"))
    return views.FormState({k: query.getall(k) for k in query}, shortlist)


def _helpers(form: views.FormState) -> dict[str, Any]:
    """Link builders the templates call, so every link keeps the search and the shortlist."""
    return {
        "form": form,
        "shortlist": form.shortlist,
        "card_url": lambda id: form.url(f"/services/{id}"),
        "add_url": lambda id: form.url(shortlist=form.shortlist.adding(id)),
        "remove_url": lambda id: form.url(shortlist=form.shortlist.removing(id)),
    }


def _api_params(request: Request[Any, Any, Any]) -> MultiDict[str]:
    """The page's query string in the search API's terms (miles become kilometres)."""
    pairs: list[tuple[str, str]] = []
    for key in request.query_params:
        if key not in _PAGE_KEYS:
            continue
        for value in request.query_params.getall(key):
            if key == "miles":
                miles = value.strip()
                if miles:
                    try:
                        pairs.append(("radius_km", f"{float(miles) * views.KM_PER_MILE:.3f}"))
                    except ValueError:
                        pairs.append(("radius_km", miles))  # refused by validation, by name
                continue
            if value.strip() or key in ("category", "delivery"):
                pairs.append((key, value))
    pairs.append(("per_page", str(PER_PAGE)))
    return MultiDict(pairs)


def _parse(request: Request[Any, Any, Any]) -> tuple[SearchQuery | None, dict[str, str]]:
    try:
        query, _ = parse_search_params(_api_params(request), runtime_of(request).postcodes)
    except SignpostError as error:
        field = {"radius_km": "miles", None: "q"}.get(error.field, error.field) or "q"
        if field in ("free_only", "self_referral", "per_page"):
            field = "q"
        return None, {field: error.message}
    return query, {}


def _error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    return [{"text": message, "href": f"#{field}"} for field, message in errors.items()]


class PublicPages(Controller):
    path = "/"
    include_in_schema = False

    @get("/")
    async def start(self, request: Request[Any, Any, Any]) -> Template:
        form = _form(request)
        return Template(
            "public/start.html",
            context={**_helpers(form), "needs": views.NEEDS, "errors": {}},
        )

    @get("/search")
    async def results(self, request: Request[Any, Any, Any]) -> Template:
        form = _form(request)
        query, errors = _parse(request)
        context: dict[str, Any] = {
            **_helpers(form),
            "errors": errors,
            "error_list": _error_list(errors),
            "query_text": form.value("q"),
            "place": form.value("postcode").upper(),
            "radius_items": _radius_items(form.value("miles")),
            "sort_items": _sort_items(form),
            "page": None,
            "filters": None,
        }
        if query is None:
            return Template("public/results.html", context=context, status_code=400)
        runtime = runtime_of(request)
        query = msgspec.structs.replace(query, cards=True, families_only=True)
        page = await runtime.search.search("public", query)
        context.update(
            page=page,
            cards=[views.result_card(h.document, h.distance_km, h.out_of_area) for h in page.hits],
            filters=_filters(page, query),
            active=[
                (label, form.url(**{key: rest})) for label, key, rest in views.active_filters(query)
            ],
            pagination=_pagination(page, form),
        )
        if page.total == 0:
            context.update(await _no_results(runtime, query, form))
        elif query.page == 1:  # counted for the commissioners' demand figures, anonymously
            await sync_to_thread(
                runtime.insights.record_search,
                query.text,
                views.unmet_filters(query),
                form.value("postcode"),
                found=True,
            )
        return Template("public/results.html", context=context)

    @get("/services/{service_id:uuid}")
    async def service(self, request: Request[Any, Any, Any], service_id: UUID) -> Template:
        return await _service_page(request, service_id, errors={}, details="")

    @post("/services/{service_id:uuid}/report", status_code=303)
    async def report(
        self, request: Request[Any, Any, Any], service_id: UUID
    ) -> Redirect | Template:
        data = await request.form()
        kind_raw = str(data.get("kind") or "")
        details = str(data.get("details") or "")
        errors: dict[str, str] = {}
        try:
            kind = ProblemKind(kind_raw)
        except ValueError:
            errors["kind"] = "Choose what is wrong with this page"
        if len(details) > MAX_DETAILS:
            errors["details"] = f"Tell us more in {MAX_DETAILS} characters or fewer"
        if errors:
            return await _service_page(request, service_id, errors=errors, details=details)
        runtime = runtime_of(request)
        await sync_to_thread(runtime.catalogue.report_problem, service_id, kind, details)
        form = _form(request)
        return Redirect(form.url(f"/services/{service_id}/reported"), status_code=303)

    @get("/services/{service_id:uuid}/reported")
    async def reported(self, request: Request[Any, Any, Any], service_id: UUID) -> Template:
        doc = await _document(request, service_id)
        form = _form(request)
        return Template(
            "public/reported.html",
            context={**_helpers(form), "id": doc["id"], "name": doc["name"], "errors": {}},
        )

    @get("/shortlist")
    async def shortlist(self, request: Request[Any, Any, Any]) -> Template:
        form = _form(request)
        index = runtime_of(request).index
        docs = await asyncio.gather(
            *(sync_to_thread(index.get, "public", id) for id in form.shortlist.ids)
        )
        cards = [views.result_card(doc, None) for doc in docs if doc]
        share = form.shortlist
        return Template(
            "public/shortlist.html",
            context={
                **_helpers(views.FormState({}, share)),
                "cards": cards,
                "missing": len(docs) - len(cards),
                "share_url": f"{link_base(request)}/shortlist?sl={share.param}",
                "errors": {},
            },
        )


async def _document(request: Request[Any, Any, Any], service_id: UUID) -> dict[str, Any]:
    doc = await sync_to_thread(runtime_of(request).index.get, "public", str(service_id))
    if doc is None:
        raise NotFoundError("We could not find that service. It may have closed or moved.")
    return doc


async def _service_page(
    request: Request[Any, Any, Any], service_id: UUID, *, errors: dict[str, str], details: str
) -> Template:
    doc = await _document(request, service_id)
    form = _form(request)
    s = views.service_view(doc, dt.date.today())
    lettings = getattr(runtime_of(request), "lettings", None)
    venue_sessions = (
        await sync_to_thread(lettings.view.sessions_for_service, service_id) if lettings else []
    )
    contact: dict[str, Any] = {
        **s["contact"],
        "url": safe_url_or_blank(s["contact"].get("url") or ""),
    }
    contact_rows = [
        _row(label, contact[key], link)
        for label, key, link in (
            ("Phone", "phone", "tel:"),
            ("Email", "email", "mailto:"),
            ("Website", "url", ""),
        )
        if contact.get(key)
    ]
    if safe_url_or_blank(s.get("url") or "") and not contact.get("url"):
        contact_rows.append(_row("Website", s["url"], ""))
    return Template(
        "public/service.html",
        context={
            **_helpers(form),
            "s": s,
            "venue_sessions": [
                {
                    "summary": session.summary,
                    "venue": session.venue_name,
                    "url": f"/venues/{session.venue_id}",
                }
                for session in venue_sessions
            ],
            "errors": errors,
            "error_list": _error_list(errors),
            "details_value": details,
            "back_url": form.url("/search") if form.params else "/",
            "in_shortlist": s["id"] in form.shortlist.ids,
            "add_url": form.url(
                f"/services/{service_id}", shortlist=form.shortlist.adding(s["id"])
            ),
            "who_rows": [
                _row("Ages", s["ages"]),
                *([_row("For", s["for_whom"])] if s["for_whom"] else []),
                *([_row("Who can use it", s["eligibility"])] if s.get("eligibility") else []),
            ],
            "detail_rows": [
                _row("Cost", s["cost_text"]),
                _row("How it is offered", s["delivery_text"] or "Contact the service to ask"),
                _row("Languages", ", ".join(s.get("languages") or []) or "English"),
                _row(
                    "Accessibility",
                    ", ".join(s.get("accessibility") or []) or "Contact the service to ask",
                ),
            ],
            "contact_rows": contact_rows,
            "problem_items": [
                {"value": kind.value, "text": label, "checked": False}
                for kind, label in PROBLEM_LABELS.items()
            ],
        },
        status_code=400 if errors else 200,
    )


def _row(key: str, value: str, link: str | None = None) -> dict[str, Any]:
    if link is not None:
        href = f"{link}{value.replace(' ', '')}" if link else value
        return {"key": {"text": key}, "value": {"html": _link(href, value)}}
    return {"key": {"text": key}, "value": {"text": value}}


def _link(href: str, text: str) -> str:
    return f'<a class="govuk-link" href="{escape(href)}">{escape(text)}</a>'


def _radius_items(selected: str) -> list[dict[str, Any]]:
    items = [{"value": "", "text": "Default (about 6 miles)", "selected": not selected}]
    items += [
        {
            "value": str(m),
            "text": f"Within {m} mile{'s' if m > 1 else ''}",
            "selected": selected == str(m),
        }
        for m in views.RADII_MILES
    ]
    return items


def _sort_items(form: views.FormState) -> list[dict[str, Any]]:
    by_distance = form.value("sort") == "distance"
    return [
        {"value": "relevance", "text": "Best match", "checked": not by_distance},
        {"value": "distance", "text": "Nearest first", "checked": by_distance},
    ]


def _filters(page: SearchPage, query: SearchQuery) -> dict[str, Any]:
    def checkbox(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {"value": o["value"], "text": f"{o['label']} ({o['count']})", "checked": o["checked"]}
            for o in options
        ]

    free = page.facets.get("cost", {}).get("free", 0)
    self_ref = page.facets.get("self_referral", {}).get("true", 0)
    days = page.facets.get("days", {})
    return {
        "categories": checkbox(views.category_options(page, query.categories)),
        "delivery": checkbox(
            views.facet_options(page, "delivery", views.DELIVERY_LABELS, query.delivery)
        ),
        "free": {"value": "true", "text": f"Free only ({free})", "checked": query.free_only},
        "self_referral": {
            "value": "true",
            "text": f"I can refer myself ({self_ref})",
            "checked": query.self_referral,
        },
        "days": [{"value": "", "text": "Any day", "selected": not query.day}]
        + [
            {"value": code, "text": f"{name} ({days.get(code, 0)})", "selected": code == query.day}
            for code, name in views.DAY_LABELS.items()
        ],
        "languages": [
            {"value": "", "text": "Any language", "selected": not query.language},
            *views.language_options(page, query.language or ""),
        ],
    }


def _pagination(page: SearchPage, form: views.FormState) -> dict[str, Any] | None:
    if page.total_pages <= 1:
        return None
    current = page.page
    shown = sorted({1, page.total_pages, *range(max(1, current - 2), current + 3)})
    items: list[dict[str, Any]] = []
    last = 0
    for number in shown:
        if number > page.total_pages:
            continue
        if number - last > 1:
            items.append({"ellipsis": True})
        items.append(
            {"number": number, "href": form.url(page=number), "current": number == current}
        )
        last = number
    result: dict[str, Any] = {"items": items}
    if current > 1:
        result["previous"] = {"href": form.url(page=current - 1)}
    if current < page.total_pages:
        result["next"] = {"href": form.url(page=current + 1)}
    return result


async def _no_results(
    runtime: Runtime, query: SearchQuery, form: views.FormState
) -> dict[str, Any]:
    """Why nothing matched, wider searches that would find something, and the gap record."""
    candidates: list[tuple[str, str, SearchQuery]] = []
    if query.radius_km is not None:
        candidates.append(
            (
                "Search a wider area (within 25 miles)",
                form.url(miles=25, page=None),
                msgspec.structs.replace(query, radius_km=25 * views.KM_PER_MILE, page=1),
            )
        )
    for label, key, rest in views.active_filters(query):
        dropped = _without(query, key, rest)
        candidates.append(
            (f"Remove the filter “{label}”", form.url(**{key: rest}, page=None), dropped)
        )
    if query.text:
        candidates.append(
            (
                "Show every service nearby, whatever the words",
                form.url(q=None, page=None),
                msgspec.structs.replace(query, text="", page=1),
            ),
        )
    pages = await asyncio.gather(
        *(
            runtime.search.search("public", msgspec.structs.replace(q, per_page=1))
            for _, _, q in candidates
        )
    )
    widen = [
        (text, url, p.total) for (text, url, _), p in zip(candidates, pages, strict=True) if p.total
    ]
    if query.page == 1:
        await sync_to_thread(
            runtime.insights.record_unmet_search,
            query.text,
            views.unmet_filters(query),
            form.value("postcode"),
        )
    place = form.value("postcode").upper()
    why = "No service in the directory matches all of your search"
    why += f" within the distance you chose of {place}." if place else "."
    return {"widen": widen, "why": why, "helplines": HELPLINES}


def _without(query: SearchQuery, key: str, rest: Any) -> SearchQuery:
    changes: dict[str, Any] = {"page": 1}
    if key == "category":
        changes["categories"] = rest
    elif key == "delivery":
        changes["delivery"] = rest
    elif key in ("free_only", "self_referral"):
        changes[key] = False
    else:
        changes[key] = None
    return msgspec.structs.replace(query, **changes)
