"""The Open Referral UK 3.0 API under /oruk: public, keyless, read from the ORUK read model."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, Response, Router, get
from litestar.concurrency import sync_to_thread

from projections.oruk_documents import taxonomy_json, term_json
from search.engine import SearchEngine
from search.oruk import OrukIndex, OrukQuery
from search.postcodes import PostcodeDirectory
from services.catalogue import taxonomy
from services.http.errors import EXCEPTION_HANDLERS, BadRequestError
from services.http.oruk_params import parse_oruk_query, parse_page
from services.http.state import Injected
from services.shared.errors import NotFoundError
from services.shared.urls import is_safe_url

VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
CORS = {"Access-Control-Allow-Origin": "*"}
Json = Response[dict[str, Any]]


def _json(body: dict[str, Any]) -> Json:
    return Response(without_unsafe_urls(body), headers=CORS, media_type="application/json")


def without_unsafe_urls(value: Any) -> Any:
    """The document without any `url` or `website` that is not http(s), mailto or tel: the
    read model may hold one projected before the catalogue refused them."""
    if isinstance(value, dict):
        return {
            k: without_unsafe_urls(v)
            for k, v in value.items()
            if not (k in ("url", "website") and isinstance(v, str) and v and not is_safe_url(v))
        }
    if isinstance(value, list):
        return [without_unsafe_urls(v) for v in value]
    return value


def page_envelope(contents: list[dict[str, Any]], total: int, page: int, per_page: int) -> Json:
    """The ORUK page: total_items, total_pages, page_number, size, first/last page, empty."""
    total_pages = math.ceil(total / per_page)
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _uuid(id: str) -> str:
    try:
        return str(UUID(id))
    except ValueError:
        raise BadRequestError(f"'{id[:40]}' is not a UUID.", field="id") from None


def one_to_one(doc: dict[str, Any]) -> dict[str, Any]:
    """A listed service: its one-to-one fields and its organisation, as service_list.json."""
    return {k: v for k, v in doc.items() if not isinstance(v, list) and k != "signpost"}


@get("/", sync_to_thread=False)
def about() -> Json:
    return _json({"version": VERSION, "profile": PROFILE, "openapi_url": OPENAPI_URL})


async def _ranked(engine: SearchEngine, query: OrukQuery) -> OrukQuery:
    """A query whose words are searched by the search engine the families' pages use, then
    listed from the ORUK read model in the engine's order."""
    if not query.text.strip():
        return query
    ids = await engine.ranked_ids("public", query.text)
    return msgspec.structs.replace(query, text="", ranked=ids)


@get("/services")
async def list_services(
    request: Request[Any, Any, Any],
    engine: Injected[SearchEngine],
    oruk_index: Injected[OrukIndex],
) -> Json:
    query = await _ranked(engine, parse_oruk_query(request.query_params))
    found = await sync_to_thread(oruk_index.search, "services", query)
    contents = [one_to_one(d) for d in found.docs]
    return page_envelope(contents, found.total, query.page, query.per_page)


@get("/services/{id:str}", sync_to_thread=True)
def get_service(oruk_index: Injected[OrukIndex], id: str) -> Json:
    doc = oruk_index.get("services", _uuid(id))
    if doc is None:
        raise NotFoundError("No public service has that id.", field="id")
    return _json(doc)


@get("/service_at_locations")
async def list_service_at_locations(
    request: Request[Any, Any, Any],
    engine: Injected[SearchEngine],
    oruk_index: Injected[OrukIndex],
    postcodes: Injected[PostcodeDirectory],
) -> Json:
    query = await _ranked(engine, parse_oruk_query(request.query_params, postcodes))
    found = await sync_to_thread(oruk_index.search, "locations", query)
    return page_envelope(found.docs, found.total, query.page, query.per_page)


@get("/service_at_locations/{id:str}", sync_to_thread=True)
def get_service_at_location(oruk_index: Injected[OrukIndex], id: str) -> Json:
    doc = oruk_index.get("locations", _uuid(id))
    if doc is None:
        raise NotFoundError("No public service at location has that id.", field="id")
    return _json(doc)


def _static_page(request: Request[Any, Any, Any], items: list[dict[str, Any]]) -> Json:
    page, per_page = parse_page(request.query_params)
    start = (page - 1) * per_page
    return page_envelope(items[start : start + per_page], len(items), page, per_page)


@get("/taxonomies", sync_to_thread=False)
def list_taxonomies(request: Request[Any, Any, Any]) -> Json:
    return _static_page(request, [taxonomy_json()])


@get("/taxonomies/{id:str}", sync_to_thread=False)
def get_taxonomy(id: str) -> Json:
    if _uuid(id) != str(taxonomy.TAXONOMY_UUID):
        raise NotFoundError("No taxonomy has that id.", field="id")
    return _json(taxonomy_json())


@get("/taxonomy_terms", sync_to_thread=False)
def list_taxonomy_terms(request: Request[Any, Any, Any]) -> Json:
    return _static_page(request, [term_json(t) for t in taxonomy.TERMS.values()])


@get("/taxonomy_terms/{id:str}", sync_to_thread=False)
def get_taxonomy_term(id: str) -> Json:
    term = taxonomy.TERMS_BY_UUID.get(_uuid(id))
    if term is None:
        raise NotFoundError("No taxonomy term has that id.", field="id")
    return _json(term_json(term))


def _with_cors(handler: Callable[..., Response[Any]]) -> Callable[..., Response[Any]]:
    def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        response = handler(request, exc)
        response.headers.update(CORS)
        return response

    return handle


oruk_router = Router(
    path="/oruk",
    route_handlers=[
        about,
        list_services,
        get_service,
        list_service_at_locations,
        get_service_at_location,
        list_taxonomies,
        get_taxonomy,
        list_taxonomy_terms,
        get_taxonomy_term,
    ],
    exception_handlers={k: _with_cors(v) for k, v in EXCEPTION_HANDLERS.items()},
)
