"""Index settings chosen for a family-support directory: what is searched, filtered and ranked."""

from __future__ import annotations

from typing import Any

from search.documents import EMBEDDER
from search.port import Readership

SEARCHABLE = [
    "name",
    "category_names",
    "summary",
    "needs",
    "description",
    "organisation",
    "eligibility",
    "audience",
    "languages",
    "service_area",
    "postcodes",
]
FILTERABLE = [
    "categories",
    "min_age_months",
    "max_age_months",
    "free",
    "cost",
    "delivery",
    "referral_routes",
    "self_referral",
    "days",
    "languages",
    "status",
    "organisation_id",
    "audience",
    "_geo",
    "child_min_age_months",
    "child_max_age_months",
    "for_families",
    "area_districts",
]
SORTABLE = ["_geo", "name", "last_verified", "checked_at"]

# "sort" first: when a person asks for distance order, distance decides; otherwise no sort is sent
# and relevance decides.
RANKING = ["sort", "words", "typo", "proximity", "attribute", "exactness"]

_SYNONYM_GROUPS = [
    ["camhs", "child and adolescent mental health", "cahms", "camhs service"],
    [
        "counselling",
        "counseling",
        "counsellor",
        "counselor",
        "talking therapies",
        "talking therapy",
    ],
    ["special educational needs", "sen", "special needs"],
    ["asd", "autism", "autistic", "autism spectrum"],
    ["adhd", "attention deficit"],
    ["dv", "domestic abuse", "domestic violence"],
    ["gp", "doctor", "family doctor"],
    ["hv", "health visitor", "health visiting"],
    ["esol", "english classes", "english lessons"],
    ["mum", "mother", "mom"],
    ["dad", "father"],
    ["benefits", "universal credit", "welfare"],
    ["homeless", "homelessness"],
    ["ehcp", "ehc plan", "education health and care plan"],
    ["ebsa", "emotionally based school avoidance", "school refusal"],
    ["haf", "holiday activities and food"],
    ["food bank", "foodbank"],
    ["bereavement", "grief"],
    ["parenting", "parenting course", "parenting programme"],
]


def synonyms() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for group in _SYNONYM_GROUPS:
        for word in group:
            table[word] = [other for other in group if other != word]
    return table


# Words too common in this domain's questions to help rank ("help with my child's anxiety").
STOP_WORDS = [
    "the",
    "a",
    "an",
    "or",
    "for",
    "to",
    "in",
    "on",
    "with",
    "my",
    "me",
    "i",
    "is",
    "are",
    "at",
    "by",
]


VECTOR_STORES = ("stable", "experimental")


def index_settings(
    audience: Readership, dimensions: int | None = None, vector_store: str | None = None
) -> dict[str, Any]:
    """Settings of one index; `dimensions` declares the user-provided embedder (hybrid search),
    `vector_store` Meilisearch's backend for its vectors (None: the server's default, arroy in
    1.21; "experimental": hannoy, behind the `vectorStoreSetting` experimental feature)."""
    searchable = list(SEARCHABLE)
    filterable = list(FILTERABLE)
    if audience == "staff":
        searchable += ["staff_notes", "thresholds", "waiting_time"]
    return {
        "searchableAttributes": searchable,
        "filterableAttributes": filterable,
        "sortableAttributes": SORTABLE,
        "rankingRules": RANKING,
        "synonyms": synonyms(),
        "stopWords": STOP_WORDS,
        "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 4, "twoTypos": 8}},
        "faceting": {"maxValuesPerFacet": 100},
        "pagination": {"maxTotalHits": 5000},
        "displayedAttributes": ["*"],
        "embedders": (
            {EMBEDDER: {"source": "userProvided", "dimensions": dimensions}} if dimensions else {}
        ),
        **({"vectorStore": vector_store} if vector_store else {}),
    }
