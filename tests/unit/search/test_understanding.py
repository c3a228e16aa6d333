"""Query understanding: a family's words become search words, semantic text and field words."""

from __future__ import annotations

import tomllib
from collections import Counter

import pytest

from search.understanding import DATA, MAX_KEYWORDS, SEMANTIC_WORDS, understand

CONVERSATIONAL = {
    "my", "we", "our", "i", "i'm", "im", "me", "he", "she", "they", "can't", "cant", "cannot",
    "won't", "wont", "don't", "is", "being", "so", "really", "keeps", "since", "want", "need",
    "help", "please", "the", "a", "to",
}  # fmt: skip


def words(text: str) -> list[str]:
    return understand(text).keywords.split()


def test_a_child_who_will_not_go_to_school_is_a_school_attendance_need() -> None:
    found = words("my son won't go to school")
    assert "attendance" in found
    assert "my" not in found and "won't" not in found


def test_feeling_low_since_the_baby_is_postnatal_depression() -> None:
    assert "postnatal" in words("I feel so low since the baby")


def test_being_bullied_is_bullying() -> None:
    assert "bullying" in words("my child is being bullied")


def test_a_partner_who_hits_is_domestic_abuse_and_the_conversational_words_go() -> None:
    understood = understand("my partner hits me")
    assert {"domestic", "abuse"} <= set(understood.keywords.split())
    assert "me" not in understood.keywords.split()
    assert [s.kind for s in understood.signals] == ["domestic_abuse"]


def test_not_paying_the_rent_is_a_housing_or_money_need() -> None:
    found = set(words("we can't pay the rent"))
    assert "rent" in found and found & {"housing", "money"}


@pytest.mark.parametrize(
    ("text", "field_word"),
    [
        ("addicted to betting", "gambling"),
        ("down the bookies every day", "gambling"),
        ("skint", "money"),
        ("broke and no money for the kids", "money"),
        ("seeking asylum", "asylum"),
        ("my mum keeps forgetting things", "dementia"),
        ("gettin evicted", "eviction"),
        ("landlord kicked us out", "housing"),
        ("my husband is drinking too much", "alcohol"),
        ("my dad passed away", "bereavement"),
        ("my son is autistic", "autism"),
        ("can't cope anymore with the kids", "stress"),
        ("toddler tantrums", "behaviour"),
        ("my daughter has meltdowns", "behaviour"),
        ("refuses school", "attendance"),
        ("my child is being bulied at skool", "bullying"),
        ("young carer looking after mum", "carers"),
        ("need an ehcp for my son", "special"),
        ("i feel so lonely", "loneliness"),
        ("pregnant and scared", "pregnancy"),
        ("where can i learn english", "esol"),
        ("holiday club with free lunch", "holiday"),
        ("summer holidays activities", "holiday"),
        ("lost my job", "employment"),
        ("no food in the house", "food"),
        ("my teenager smokes weed", "drugs"),
        ("sexual health clinic", "sexual"),
        ("child care for my 2 year old", "childcare"),
        ("we argue all the time", "relationship"),
        ("splitting up with my partner", "separation"),
    ],
)
def test_everyday_words_reach_the_field_words(text: str, field_word: str) -> None:
    assert field_word in words(text)


@pytest.mark.parametrize(
    "text",
    [
        "my son won't go to school",
        "I feel so low since the baby",
        "we really need help please",
        "im worried my daughter is being bullied",
        "my mum keeps forgetting things since the summer",
        "can u help me we cant pay the rent",
    ],
)
def test_conversational_words_never_reach_the_keywords(text: str) -> None:
    assert not set(words(text)) & CONVERSATIONAL


def test_help_stays_in_the_semantic_text_though_not_in_the_keywords() -> None:
    understood = understand("help with my anxiety")
    assert "help" not in understood.keywords.split()
    assert understood.semantic.startswith("help with my anxiety")


@pytest.mark.parametrize("name", ["samaritans", "cruse", "acas", "relate", "CAMHS", "counselling"])
def test_names_and_good_queries_stay_as_typed(name: str) -> None:
    understood = understand(name)
    assert understood.keywords == name.lower()
    assert understood.semantic == name


def test_a_query_kept_as_typed_keeps_the_prefix_match_on_its_last_word() -> None:
    assert understand("parent").keywords == "parent"
    assert understand("family therap").keywords == "family therap"


def test_a_changed_query_ends_with_a_space_so_its_last_word_is_not_a_prefix() -> None:
    assert understand("my son won't go to school").keywords.endswith("attendance ")
    assert understand("counselling for my son").keywords.endswith(" ")


def test_a_last_word_of_two_letters_is_never_matched_as_a_prefix() -> None:
    assert understand("gp").keywords == "gp "
    assert understand("talk to my gp").keywords.endswith("gp ")


def test_short_words_are_dropped_unless_they_mean_something_here() -> None:
    found = words("is it ok to see a hv or gp at 10 am")
    assert "hv" in found and "gp" in found
    assert not [w for w in found if len(w) < 3 and w not in {"hv", "gp"}]


def test_nothing_but_conversation_leaves_no_keywords_and_the_text_for_the_model() -> None:
    understood = understand("  can you help me please  ")
    assert understood.keywords == ""
    assert understood.text == "can you help me please"
    assert understood.semantic == "can you help me please"
    assert understood.expansions == []


def test_the_semantic_text_is_the_typed_text_then_the_field_words() -> None:
    understood = understand("  my child is being bullied ")
    assert understood.text == "my child is being bullied"
    assert understood.semantic.startswith("my child is being bullied — bullying")
    assert "bullying" in understood.expansions


def test_a_long_text_is_cut_for_the_model_so_the_field_words_still_count() -> None:
    text = " ".join(["word"] * (SEMANTIC_WORDS + 50)) + " bullied"
    understood = understand(text)
    assert understood.text == text
    assert understood.semantic.endswith("— bullying, friendships, emotional wellbeing")
    assert len(understood.semantic.split(" — ")[0].split()) == SEMANTIC_WORDS


def test_a_rambling_query_keeps_at_most_ten_keywords_and_keeps_the_field_words() -> None:
    text = (
        "hi there i was wondering if you could help me my son has been refusing to go to "
        "school for weeks and the school keeps ringing about it"
    )
    assert len(text.split()) > 15
    found = words(text)
    assert len(found) <= MAX_KEYWORDS
    assert {"school", "attendance"} <= set(found)


def test_over_ten_words_the_generic_words_go_first_then_the_typed_ones() -> None:
    text = (
        "family support for my son with autism bullying anxiety debt rent eviction "
        "gambling drinking and loneliness in the community centre"
    )
    found = words(text)
    assert len(found) == MAX_KEYWORDS
    assert {"autism", "bullying", "anxiety", "debt"} <= set(found)
    assert not set(found) & {"family", "support", "son", "community", "centre"}


def test_generic_words_stay_when_they_are_all_the_query_has() -> None:
    assert words("cooking for kids") == ["cooking", "kids"]


def test_texting_spellings_and_curly_apostrophes_are_put_right() -> None:
    assert words("my son won\u2019t go to skool") == words("my son won't go to school")
    assert "school" in words("skool trips")
    assert "benefits" in words("benifits")


def test_accents_are_made_plain_for_the_keywords() -> None:
    assert words("crèche") == ["creche"]


def test_a_phrase_inside_a_longer_one_gives_way_to_it() -> None:
    assert "exclusion" in words("kicked out of school")
    assert "eviction" not in words("kicked out of school")
    assert "eviction" in words("kicked out")


def test_overlapping_phrases_both_count() -> None:
    found = words("I feel so low since the baby")
    assert {"mood", "depression", "postnatal"} <= set(found)


def test_the_words_data_has_enough_needs_and_no_duplicate_phrases() -> None:
    with (DATA / "words.toml").open("rb") as f:
        data = tomllib.load(f)
    phrases = [p for need in data["need"] for p in need["say"]]
    assert len(phrases) >= 120
    assert [p for p, n in Counter(phrases).items() if n > 1] == []
    assert all(need["means"] for need in data["need"])
    understand("load the data")  # the loader refuses repeated or badly written phrases


def test_a_need_phrase_is_not_also_a_danger_phrase() -> None:
    with (DATA / "words.toml").open("rb") as f:
        need_phrases = {p for need in tomllib.load(f)["need"] for p in need["say"]}
    with (DATA / "safety.toml").open("rb") as f:
        danger_phrases = {p for rule in tomllib.load(f)["signal"] for p in rule["say"]}
    assert need_phrases & danger_phrases == set()
