"""The family-support taxonomy: a two-level category tree with stable ids."""

from __future__ import annotations

from uuid import UUID, uuid5

import msgspec


class Term(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    parent_id: str | None = None
    keywords: tuple[str, ...] = ()


TAXONOMY_ID = "signpost-family-support"
TAXONOMY_NAME = "Signpost family support categories"
_UUIDS = UUID("0f3c2a9e-58d1-4b7a-9c64-2e8f1d7b5a30")
TAXONOMY_UUID = uuid5(_UUIDS, TAXONOMY_ID)
"""The taxonomy's id in Open Referral UK feeds, where ids are UUIDs."""


def term_uuid(term_id: str) -> UUID:
    """A term's stable UUID in Open Referral UK feeds (uuid5 of our term id)."""
    return uuid5(_UUIDS, f"{TAXONOMY_ID}/{term_id}")


_TREE: dict[tuple[str, str], list[tuple[str, str, tuple[str, ...]]]] = {
    ("mental-health", "Mental health and wellbeing"): [
        (
            "counselling",
            "Counselling",
            ("counselling", "counseling", "counsellor", "talking therapy"),
        ),
        (
            "camhs",
            "Child and adolescent mental health (CAMHS)",
            ("camhs", "child and adolescent mental"),
        ),
        ("family-therapy", "Family therapy", ("family therapy", "systemic")),
        (
            "emotional-wellbeing",
            "Emotional wellbeing",
            ("wellbeing", "anxiety", "low mood", "mental health"),
        ),
        (
            "bereavement",
            "Bereavement",
            ("bereavement", "bereaved", "grief", "grieving", "loss of a loved one"),
        ),
    ],
    ("parenting", "Parenting and family support"): [
        (
            "parenting-courses",
            "Parenting courses",
            ("parenting course", "parenting programme", "triple p", "incredible years"),
        ),
        (
            "parent-peer-support",
            "Parent peer support and drop-ins",
            ("peer support", "drop-in", "drop in", "coffee morning", "parent group"),
        ),
        (
            "relationship-support",
            "Relationship support",
            ("relationship", "couple", "relate", "mediation"),
        ),
        (
            "early-years",
            "Early years and health visiting",
            ("health visitor", "health visiting", "baby", "toddler", "early years"),
        ),
        (
            "family-support-work",
            "Family support work",
            ("family support", "family worker", "early help"),
        ),
    ],
    ("health", "Health"): [
        ("school-nursing", "School nursing", ("school nurse",)),
        ("sexual-health", "Sexual health", ("sexual health", "contraception")),
        ("substance-misuse", "Drugs and alcohol", ("alcohol", "drug", "substance")),
        (
            "healthy-living",
            "Healthy living and activity",
            ("exercise", "fitness", "healthy", "sport", "physical activity"),
        ),
    ],
    ("housing", "Housing"): [
        ("housing-support", "Housing support", ("housing", "tenancy", "homeless", "accommodation")),
        (
            "housing-advocacy",
            "Housing advice and advocacy",
            ("housing advice", "eviction", "landlord"),
        ),
    ],
    ("money", "Money and benefits"): [
        ("benefits-advice", "Benefits advice", ("benefit", "universal credit", "welfare rights")),
        ("debt-advice", "Debt and budgeting", ("debt", "budget", "money advice")),
        (
            "food-support",
            "Food and essentials",
            ("food bank", "foodbank", "food", "clothing", "uniform"),
        ),
    ],
    ("send", "Special educational needs and disabilities (SEND)"): [
        (
            "send-advice",
            "SEND advice and support",
            ("send", "special educational", "ehcp", "sendiass"),
        ),
        ("autism", "Autism and neurodiversity", ("autism", "autistic", "asd", "adhd", "neurodiv")),
        (
            "disability",
            "Disability support",
            ("disability", "disabled", "adaptation", "sensory impairment"),
        ),
    ],
    ("safety", "Safety and abuse"): [
        ("domestic-abuse", "Domestic abuse", ("domestic abuse", "domestic violence", "dv ")),
        ("safeguarding", "Safeguarding and child protection", ("safeguarding", "child protection")),
    ],
    ("education", "Education, learning and activities"): [
        (
            "holiday-activities",
            "Holiday activities",
            (
                "holiday club",
                "holiday activit",
                "holiday scheme",
                "holiday programme",
                "half term",
                "summer scheme",
                "haf ",
            ),
        ),
        ("youth-activities", "Youth clubs and activities", ("youth club", "youth")),
        (
            "adult-learning",
            "Adult learning and skills",
            ("adult learning", "esol", "english class", "skills", "employment"),
        ),
    ],
    ("professional-training", "Training for professionals"): [
        (
            "working-with-parents",
            "Working with parents",
            ("working with parents", "parent partnership", "level 3"),
        ),
        (
            "staff-development",
            "Staff development and networks",
            ("training", "cpd", "network", "course for staff"),
        ),
    ],
}


def _build() -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for (parent_id, parent_name), children in _TREE.items():
        terms[parent_id] = Term(id=parent_id, name=parent_name)
        for child_id, child_name, keywords in children:
            term_id = f"{parent_id}.{child_id}"
            terms[term_id] = Term(
                id=term_id, name=child_name, parent_id=parent_id, keywords=keywords
            )
    return terms


TERMS: dict[str, Term] = _build()


def top_level() -> list[Term]:
    return [t for t in TERMS.values() if t.parent_id is None]


def children_of(term_id: str) -> list[Term]:
    return [t for t in TERMS.values() if t.parent_id == term_id]


def with_ancestors(term_ids: list[str]) -> list[str]:
    """The given term ids plus their parents, without repeats, in a stable order."""
    seen: dict[str, None] = {}
    for term_id in term_ids:
        term = TERMS.get(term_id)
        if term is None:
            continue
        if term.parent_id:
            seen.setdefault(term.parent_id, None)
        seen.setdefault(term.id, None)
    return list(seen)


def classify(text: str) -> list[str]:
    """Child term ids whose keywords appear in the text (for feeds without our taxonomy)."""
    haystack = f" {text.lower()} "
    return [t.id for t in TERMS.values() if t.keywords and any(k in haystack for k in t.keywords)]


TERMS_BY_UUID: dict[str, Term] = {str(term_uuid(t.id)): t for t in TERMS.values()}
