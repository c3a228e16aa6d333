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

from search.engine import SearchEngine
from search.places import Place
from search.port import SearchIndex, SearchQuery
from search.postcodes import PostcodeDirectory
from services.catalogue.application import Catalogue
from services.catalogue.problems import PROBLEM_LABELS, ProblemKind
from services.http.catching_up import SearchCatchUp
from services.http.pages import results_parts, views
from services.http.pages import shortlist as shortlist_page
from services.http.pages.age import AgeNotReadError, read_age
from services.http.search_params import parse_search_params
from services.http.state import Injected
from services.insights.application import Insights
from services.runtime import Lettings
from services.settings import Settings
from services.shared.errors import NotFoundError, SignpostError
from services.shared.urls import safe_url_or_blank

PER_PAGE = 10
MAX_DETAILS = 1000
_PAGE_KEYS = {*views.FORM_KEYS, "page"}


def _form(request: Request[Any, Any, Any]) -> views.FormState:
    query = request.query_params
    shortlist = views.Shortlist.parse(query.get("sl"))
    return views.FormState({k: query.getall(k) for k in query}, shortlist)


def _helpers(
    form: views.FormState, request: Request[Any, Any, Any] | None = None
) -> dict[str, Any]:
    """Link builders the templates call, so every link keeps the search and the shortlist.
    Adding to or removing from the shortlist comes back to the same page and card (an anchor),
    which then says what was done."""
    query = request.query_params if request is not None else {}
    keep: dict[str, Any] = {"page": query.get("page")} if query.get("page") else {}

    def change(id: str, shortlist: views.Shortlist, done: str) -> str:
        return form.url("/search", shortlist=shortlist, **keep, **{done: id}) + f"#s-{id}"

    return {
        "form": form,
        "shortlist": form.shortlist,
        "card_url": lambda id: form.url(f"/services/{id}"),
        "add_url": lambda id: change(id, form.shortlist.adding(id), "added"),
        "remove_url": lambda id: change(id, form.shortlist.removing(id), "removed"),
        "added": views.Shortlist.parse(query.get("added")).ids[:1],
        "removed": views.Shortlist.parse(query.get("removed")).ids[:1],
    }


def _api_params(request: Request[Any, Any, Any]) -> MultiDict[str]:
    """The page's query string in the search API's terms (miles become kilometres)."""
    pairs: list[tuple[str, str]] = []
    for key in request.query_params:
        if key not in _PAGE_KEYS or key == "age":
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


class _Parsed(msgspec.Struct):
    query: SearchQuery | None
    errors: dict[str, str]
    choices: list[Place] = []  # the places a name may mean, when the family must pick one


def _parse(request: Request[Any, Any, Any], postcodes: PostcodeDirectory) -> _Parsed:
    errors: dict[str, str] = {}
    try:
        age = read_age(",".join(request.query_params.getall("age", [])))
    except AgeNotReadError as unread:
        age, errors["age"] = None, str(unread)
    try:
        query, _ = parse_search_params(_api_params(request), postcodes, places=True)
    except SignpostError as error:
        field = {"radius_km": "miles", None: "q"}.get(error.field, error.field) or "q"
        if field in ("free_only", "self_referral", "per_page"):
            field = "q"
        choices = error.detail if field == "postcode" and isinstance(error.detail, list) else []
        return _Parsed(None, {field: error.message, **errors}, choices)
    if errors:
        return _Parsed(None, errors)
    if age is not None:
        query = msgspec.structs.replace(query, age=age.years, age_months=age.months)
    return _Parsed(query, {})


async def _catching_up(tracker: SearchCatchUp) -> int:
    """Catalogue changes search has still to take in after a start (0 once it has caught up)."""
    return 0 if tracker.ready else await sync_to_thread(tracker.behind)


def _error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    return [{"text": message, "href": f"#{field}"} for field, message in errors.items()]


class PublicPages(Controller):
    path = "/"
    include_in_schema = False

    @get("/")
    async def start(
        self, request: Request[Any, Any, Any], catch_up: Injected[SearchCatchUp]
    ) -> Template:
        form = _form(request)
        return Template(
            "public/start.html",
            context={
                **_helpers(form),
                "needs": views.NEEDS,
                "errors": {},
                "catching_up": await _catching_up(catch_up),
            },
        )

    @get("/search")
    async def results(
        self,
        request: Request[Any, Any, Any],
        postcodes: Injected[PostcodeDirectory],
        engine: Injected[SearchEngine],
        insights: Injected[Insights],
        catch_up: Injected[SearchCatchUp],
    ) -> Template | Redirect:
        form = _form(request)
        parsed = _parse(request, postcodes)
        query, errors = parsed.query, parsed.errors
        context: dict[str, Any] = {
            **_helpers(form, request),
            "errors": errors,
            "error_list": [
                {**e, "href": "#choose-place"} if parsed.choices and e["href"] == "#postcode" else e
                for e in _error_list(errors)
            ],
            "query_text": form.value("q"),
            "place": results_parts.place_words(form.value("postcode")),
            "choices": [(p.label, form.url(postcode=p.choice, page=None)) for p in parsed.choices],
            "radius_items": results_parts.radius_items(form.value("miles")),
            "sort_items": results_parts.sort_items(form),
            "page": None,
            "filters": None,
            "active_count": 0,
            "catching_up": await _catching_up(catch_up),
        }
        if query is None:
            return Template("public/results.html", context=context, status_code=400)
        query = msgspec.structs.replace(query, cards=True, families_only=True)
        page = await engine.search("public", query)
        if page.total and query.page > page.total_pages:  # a page past the end: the last one
            return Redirect(form.url(page=page.total_pages), status_code=303)
        active = [
            (label, form.url(**{key: rest}, page=None))
            for label, key, rest in views.active_filters(query)
        ]
        context.update(
            page=page,
            cards=[views.result_card(h.document, h.distance_km, h.out_of_area) for h in page.hits],
            filters=results_parts.filters(page, query),
            active=active,
            active_count=len(active) + (1 if form.value("miles") else 0),
            pagination=results_parts.pagination(page, form),
        )
        if page.total == 0:
            context.update(
                await results_parts.no_results(
                    engine, insights, query, form, bool(context["catching_up"])
                )
            )
        elif query.page == 1:  # counted for the commissioners' demand figures, anonymously
            await sync_to_thread(
                insights.record_search,
                query.text,
                views.unmet_filters(query),
                form.value("postcode"),
                found=True,
            )
        return Template("public/results.html", context=context)

    @get("/services/{service_id:uuid}")
    async def service(
        self,
        request: Request[Any, Any, Any],
        index: Injected[SearchIndex],
        lettings: Injected[Lettings],
        service_id: UUID,
    ) -> Template:
        return await _service_page(request, index, lettings, service_id, errors={}, details="")

    @post("/services/{service_id:uuid}/report", status_code=303)
    async def report(
        self,
        request: Request[Any, Any, Any],
        index: Injected[SearchIndex],
        lettings: Injected[Lettings],
        catalogue: Injected[Catalogue],
        service_id: UUID,
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
            return await _service_page(
                request, index, lettings, service_id, errors=errors, details=details
            )
        await sync_to_thread(catalogue.report_problem, service_id, kind, details)
        form = _form(request)
        return Redirect(form.url(f"/services/{service_id}/reported"), status_code=303)

    @get("/services/{service_id:uuid}/reported")
    async def reported(
        self, request: Request[Any, Any, Any], index: Injected[SearchIndex], service_id: UUID
    ) -> Template:
        doc = await _document(index, service_id)
        form = _form(request)
        return Template(
            "public/reported.html",
            context={**_helpers(form), "id": doc["id"], "name": doc["name"], "errors": {}},
        )

    @get("/shortlist")
    async def shortlist(
        self,
        request: Request[Any, Any, Any],
        settings: Injected[Settings],
        index: Injected[SearchIndex],
    ) -> Template:
        form = _form(request)
        removed = views.Shortlist.parse(request.query_params.get("removed")).ids[:1]
        ids = form.shortlist.ids
        docs = await asyncio.gather(
            *(sync_to_thread(index.get, "public", id) for id in (*ids, *removed))
        )
        today = dt.date.today()
        entries = [shortlist_page.entry(doc, today) for doc in docs[: len(ids)] if doc]
        share = form.shortlist
        share_url = f"{settings.link_base()}{shortlist_page.page_url(share.ids)}"
        gone = docs[len(ids)] if removed else None
        return Template(
            "public/shortlist.html",
            context={
                **_helpers(views.FormState({}, share)),
                "entries": entries,
                "missing": len(ids) - len(entries),
                "share_url": share_url,
                "qr_code": await sync_to_thread(shortlist_page.qr_code, share_url)
                if entries
                else "",
                "remove_url": lambda id: (
                    shortlist_page.page_url(share.removing(id).ids, removed=id)
                    + "#shortlist-notice"
                ),
                "removed_name": (gone or {}).get("name", "") if removed else "",
                "undo_url": shortlist_page.page_url((*ids, *removed)) if removed else "",
                "errors": {},
            },
        )


async def _document(index: SearchIndex, service_id: UUID) -> dict[str, Any]:
    doc = await sync_to_thread(index.get, "public", str(service_id))
    if doc is None:
        raise NotFoundError("We could not find that service. It may have closed or moved.")
    return doc


async def _service_page(
    request: Request[Any, Any, Any],
    index: SearchIndex,
    lettings: Lettings,
    service_id: UUID,
    *,
    errors: dict[str, str],
    details: str,
) -> Template:
    doc = await _document(index, service_id)
    form = _form(request)
    s = views.service_view(doc, dt.date.today())
    venue_sessions = await sync_to_thread(lettings.view.sessions_for_service, service_id)
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
                f"/services/{service_id}", shortlist=form.shortlist.adding(s["id"]), added=s["id"]
            )
            + "#shortlist-action",
            "just_added": request.query_params.get("added") == s["id"],
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
