"""Safety rules: words that signal danger bring urgent helplines and the right services first."""

from __future__ import annotations

import tomllib

import pytest

from search.understanding import DATA, Helpline, Signal, understand, urgent_helplines
from services.catalogue.taxonomy import TERMS


def kinds(text: str) -> list[str]:
    return [signal.kind for signal in understand(text).signals]


def phones(text: str) -> list[str]:
    return [line.phone for line in urgent_helplines(understand(text).signals)]


def safety_data() -> dict[str, object]:
    with (DATA / "safety.toml").open("rb") as f:
        return tomllib.load(f)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i want to end my life", "suicide"),
        ("I want to kill myself", "suicide"),
        ("thinking about sucide", "suicide"),
        ("i wanna die", "suicide"),
        ("kil myself", "suicide"),
        ("my daughter is suicidal", "suicide"),
        ("my son says he wants to kill himself", "suicide"),
        ("i cant go on like this", "suicide"),
        ("everyone would be better off without me", "suicide"),
        ("my teenager is self harming", "self_harm"),
        ("SELF-HARM", "self_harm"),
        ("selfharm", "self_harm"),
        ("my daughter cuts herself", "self_harm"),
        ("my partner hits me", "domestic_abuse"),
        ("my husband hit me last night", "domestic_abuse"),
        ("my bf hurts me", "domestic_abuse"),
        ("he beats me up when he's drunk", "domestic_abuse"),
        ("I\u2019m scared of my husband", "domestic_abuse"),
        ("my ex is controlling and checks my phone", "domestic_abuse"),
        ("coercive control", "domestic_abuse"),
        ("domestic abuse support", "domestic_abuse"),
        ("DV", "domestic_abuse"),
        ("abusive relationship", "domestic_abuse"),
        ("he strangled me", "domestic_abuse"),
        ("he threatened to kill me", "domestic_abuse"),
        ("my child is being abused", "child_at_risk"),
        ("my step dad touched me", "child_at_risk"),
        ("my child is not safe", "child_at_risk"),
        ("my kids aren't safe with him", "child_at_risk"),
        ("worried about neglect next door", "child_at_risk"),
        ("my son is being groomed online", "child_at_risk"),
        ("county lines", "child_at_risk"),
        ("sexual abuse", "child_at_risk"),
        ("someone is in danger", "emergency"),
        ("emergency", "emergency"),
        ("my son has taken an overdose", "emergency"),
        ("she can't breathe", "emergency"),
        ("he has a knife", "emergency"),
        ("my daughter has gone missing", "emergency"),
    ],
)
def test_danger_in_the_words_is_signalled(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "killing time in the holidays",
        "hit the books",
        "life skills",
        "end of life care",
        "dying to go to the party",
        "drop in",
        "partner organisations",
        "emergency housing",
        "emergency food parcel",
        "emergency parcels from the food bank",
        "emergency contraception",
        "in danger of losing my home",
        "my dad kicked me out",
        "it hit me hard when mum died",
        "i hurt myself playing football",
        "we can't go on holiday this year",
        "stranger danger talk for year 6",
        "dog grooming",
        "suicide prevention training for staff",
        "domestic abuse training for teachers",
        "relationship counselling",
        "parenting course",
        "my back hurts me",
        "self neglect in older people",
        "counselling for my son",
    ],
)
def test_ordinary_needs_and_service_names_raise_no_alarm(text: str) -> None:
    assert kinds(text) == []


def test_suicide_brings_999_then_samaritans_then_childline() -> None:
    assert phones("i want to end my life") == ["999", "116 123", "0800 1111"]


def test_domestic_abuse_brings_999_and_the_national_helpline_and_puts_its_services_first() -> None:
    understood = understand("my partner hits me")
    assert phones("my partner hits me")[:2] == ["999", "0808 2000 247"]
    assert understood.first == ["safety.domestic-abuse"]
    assert "parenting.relationship-support" in understood.demote


def test_a_child_at_risk_brings_the_nspcc_and_childline_and_safeguarding_first() -> None:
    understood = understand("my child is being abused")
    assert phones("my child is being abused") == ["999", "0808 800 5000", "0800 1111"]
    assert understood.first == ["safety.safeguarding"]
    assert understood.demote == []


def test_an_emergency_brings_999() -> None:
    assert phones("my son has taken an overdose") == ["999"]


def test_helplines_of_several_signals_come_once_each_in_order() -> None:
    understood = understand("my partner hits me and i want to end my life")
    assert [s.kind for s in understood.signals] == ["suicide", "domestic_abuse"]
    assert [line.phone for line in urgent_helplines(understood.signals)] == [
        "999",
        "116 123",
        "0800 1111",
        "0808 2000 247",
        "0808 8010 327",
    ]


def test_urgent_helplines_keep_the_first_of_each_line() -> None:
    line = Helpline(name="Samaritans", phone="116 123", about="any time", url="u")
    other = Helpline(name="Childline", phone="0800 1111", about="under 19", url="u")
    signals = [
        Signal(kind="a", heading="h", helplines=[line, other], first=[], demote=[]),
        Signal(kind="b", heading="h", helplines=[other, line], first=[], demote=[]),
    ]
    assert urgent_helplines(signals) == [line, other]
    assert urgent_helplines([]) == []


def test_first_and_demote_join_the_signals_in_order() -> None:
    understood = understand("my partner hits me and is hurting my children")
    assert understood.first == ["safety.domestic-abuse", "safety.safeguarding"]
    assert understood.demote == [
        "parenting.relationship-support",
        "mental-health.family-therapy",
    ]


def test_an_emergency_comes_first_so_its_heading_leads() -> None:
    understood = understand("he has a knife and he hits me")
    assert [s.kind for s in understood.signals] == ["emergency", "domestic_abuse"]
    assert "999" in understood.signals[0].heading


def test_a_danger_signal_adds_its_field_words_to_the_search() -> None:
    assert understand("he beats me").keywords.split()[:2] == ["domestic", "abuse"]
    assert "self" in understand("my daughter cuts herself").keywords.split()


def test_every_category_in_the_safety_rules_is_in_the_taxonomy() -> None:
    rules = safety_data()["signal"]
    assert isinstance(rules, list)
    ids = {c for rule in rules for c in rule.get("first", []) + rule.get("demote", [])}
    assert ids and ids <= set(TERMS)
    for rule in rules:
        assert not set(rule.get("first", [])) & set(rule.get("demote", []))


def test_every_helpline_has_a_phone_number_and_the_numbers_are_the_real_ones() -> None:
    lines = safety_data()["helplines"]
    assert isinstance(lines, dict)
    for line in lines.values():
        assert line["phone"].replace(" ", "").isdigit()
        assert line["url"].startswith("https://")
    assert {key: line["phone"] for key, line in lines.items()}.items() >= {
        "emergency": "999",
        "samaritans": "116 123",
        "domestic_abuse": "0808 2000 247",
        "nspcc": "0808 800 5000",
        "childline": "0800 1111",
    }.items()


def test_every_rule_names_a_known_kind_and_known_helplines_and_has_a_heading() -> None:
    data = safety_data()
    lines, rules = data["helplines"], data["signal"]
    assert isinstance(lines, dict) and isinstance(rules, list)
    assert [r["kind"] for r in rules] == [
        "emergency",
        "suicide",
        "self_harm",
        "domestic_abuse",
        "child_at_risk",
    ]
    for rule in rules:
        assert rule["heading"] and rule["helplines"][0] == "emergency"
        assert set(rule["helplines"]) <= set(lines)


def test_no_everyday_need_phrase_raises_an_alarm() -> None:
    with (DATA / "words.toml").open("rb") as f:
        phrases = [p for need in tomllib.load(f)["need"] for p in need["say"] if "{" not in p]
    assert [p for p in phrases if kinds(p.removesuffix("*"))] == []


def test_category_names_raise_no_alarm_but_domestic_abuse_itself() -> None:
    alarms = {t.name: kinds(t.name) for t in TERMS.values() if kinds(t.name)}
    assert alarms == {"Domestic abuse": ["domestic_abuse"]}
