"""Index settings chosen for a family-support directory: what is searched, filtered and ranked."""

from __future__ import annotations

from typing import Any

from search.port import Audience

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
]
SORTABLE = ["_geo", "name", "last_verified", "checked_at"]

# "sort" first: when a person asks for distance order, distance decides; otherwise no sort is sent
# and relevance decides.
RANKING = ["sort", "words", "typo", "proximity", "attribute", "exactness"]

_SYNONYM_GROUPS = [
    ["camhs", "child and adolescent mental health", "cahms", "camhs service"],
    ["counselling", "counseling", "counsellor", "counselor", "therapy", "talking therapy"],
    ["send", "special educational needs", "sen", "special needs"],
    ["asd", "autism", "autistic", "autism spectrum"],
    ["adhd", "attention deficit"],
    ["dv", "domestic abuse", "domestic violence"],
    ["gp", "doctor", "family doctor"],
    ["hv", "health visitor", "health visiting"],
    ["esol", "english classes", "english lessons"],
    ["mum", "mother", "mom"],
    ["dad", "father"],
    ["benefits", "universal credit", "welfare"],
    ["homeless", "homelessness", "housing"],
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


def index_settings(audience: Audience) -> dict[str, Any]:
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
    }
