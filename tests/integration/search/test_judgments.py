"""The search judgment set holds: every query has an answer in the catalogue it was written from."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.judgments import (
    CORPORA,
    Judgment,
    Rule,
    hits_at,
    is_relevant,
    load_judgments,
    offline_documents,
    score,
    unknown_categories,
)

JUDGMENTS = load_judgments()
NEEDS = [j for j in JUDGMENTS if j.kind == "need"]
NAMES = [j for j in JUDGMENTS if j.kind == "name"]


@pytest.fixture(scope="module")
def corpora() -> dict[str, list[dict[str, Any]]]:
    return {corpus: offline_documents(corpus) for corpus in CORPORA}


def _corpora_of(j: Judgment) -> tuple[str, ...]:
    return CORPORA if j.corpus == "any" else (j.corpus,)


def test_the_set_has_need_queries_in_every_voice_and_name_queries() -> None:
    assert len(NEEDS) >= 70 and len(NAMES) >= 6
    assert {j.voice for j in NEEDS} == {"parent", "staff", "young_person"}
    assert {j.corpus for j in NEEDS} == {"demo", "bristol", "north_lincolnshire", "any"}
    assert len({j.query.casefold() for j in JUDGMENTS}) == len(JUDGMENTS), "a query repeats"


def test_every_rule_names_real_categories_and_valid_patterns() -> None:
    assert not unknown_categories(JUDGMENTS)
    for j in JUDGMENTS:
        assert j.relevant.categories or j.relevant.name_patterns, j.query
        for pattern in j.relevant.name_patterns + j.relevant.exclude_patterns:
            re.compile(pattern)
    assert all(not j.relevant.categories for j in NAMES), "a name query names one service"


@pytest.mark.parametrize("j", NEEDS, ids=lambda j: j.query)
def test_every_need_query_has_a_relevant_service_in_its_corpus(
    j: Judgment, corpora: dict[str, list[dict[str, Any]]]
) -> None:
    for corpus in _corpora_of(j):
        assert any(is_relevant(d, j) for d in corpora[corpus]), f"nothing in {corpus} helps"


@pytest.mark.parametrize("j", NAMES, ids=lambda j: j.query)
def test_every_name_query_names_a_service_that_exists(
    j: Judgment, corpora: dict[str, list[dict[str, Any]]]
) -> None:
    for corpus in _corpora_of(j):
        assert any(is_relevant(d, j) for d in corpora[corpus]), f"{j.query!r} not in {corpus}"


def _doc(name: str, summary: str = "", categories: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "id": name,
        "name": name,
        "organisation": "Org",
        "summary": summary,
        "categories": list(categories),
    }


NEED = Judgment(
    query="dad died",
    voice="parent",
    corpus="demo",
    relevant=Rule(
        categories=("mental-health.bereavement",),
        name_patterns=("grief",),
        exclude_patterns=("theatre",),
    ),
)
NAME = Judgment(
    query="cruse",
    kind="name",
    voice="parent",
    corpus="bristol",
    relevant=Rule(name_patterns=("cruse",)),
)


def test_a_service_is_relevant_by_category_or_by_words_unless_excluded() -> None:
    assert is_relevant(_doc("Rainbow group", categories=("mental-health.bereavement",)), NEED)
    assert is_relevant(_doc("Support", summary="After a loss: GRIEF support"), NEED)
    assert not is_relevant(_doc("Grief, a play", summary="At the theatre"), NEED)
    assert not is_relevant(_doc("Football"), NEED)


def test_a_name_query_reads_the_name_and_organisation_not_the_summary() -> None:
    assert is_relevant(_doc("Cruse Bereavement Care"), NAME)
    assert not is_relevant(_doc("Grief cafe", summary="Run with Cruse"), NAME)


def test_a_need_query_hits_in_the_first_five_and_a_name_query_only_in_first_place() -> None:
    others = [_doc(f"Other {i}") for i in range(6)]
    grief = _doc("Grief support")
    assert hits_at(5, [*others[:4], grief], NEED)
    assert not hits_at(5, [*others[:5], grief], NEED)
    assert hits_at(5, [_doc("Cruse"), *others], NAME)
    assert not hits_at(5, [others[0], _doc("Cruse")], NAME)
    assert not hits_at(5, [], NAME)


def test_a_run_is_scored_overall_by_voice_and_corpus_with_its_misses() -> None:
    young = Judgment(query="grief help", voice="young_person", corpus="any", relevant=NEED.relevant)
    report = score(
        {"dad died": [_doc("Grief support")], "cruse": [_doc("Other"), _doc("Cruse")]},
        [NEED, NAME, young],
    )
    assert (report.overall.hits, report.overall.total) == (1, 3)
    assert (report.needs.hits, report.needs.total) == (1, 2)
    assert (report.names.hits, report.names.total) == (0, 1)
    assert report.by_voice["parent"].rate == 1.0 and report.by_voice["young_person"].rate == 0.0
    assert set(report.by_corpus) == {"demo", "any"}
    assert [(m.query, m.shown) for m in report.misses] == [("cruse", ["Other"]), ("grief help", [])]
