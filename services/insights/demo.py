"""A plausible year of anonymous demand for the demo places: families' searches (some finding
nothing) and signposting records, dated over the year before a day, the same for a seed."""

from __future__ import annotations

import datetime as dt
import random
from uuid import UUID, uuid5

from eventsourcing.application import AggregateNotFoundError

from services.catalogue.demo.places import PLACES
from services.insights.application import Insights, needs_of, phrase_of
from services.insights.domain import Search, Signposting

NAMESPACE = UUID("6c1f0e7a-3b52-5d84-9a17-2f4e8c0b9d31")
# (phrase, weight, share that finds nothing): what parents, young people and staff type
SEARCHES: tuple[tuple[str, int, float], ...] = (
    ("counselling", 30, 0.0),
    ("my son won't go to school", 18, 0.1),
    ("food bank", 25, 0.0),
    ("debt advice", 20, 0.0),
    ("help with rent arrears", 14, 0.2),
    ("autism assessment", 16, 0.3),
    ("autism support group for dads", 6, 0.9),
    ("low since the baby", 10, 0.1),
    ("my partner hits me", 8, 0.0),
    ("parenting course", 18, 0.0),
    ("speech and language therapy", 10, 0.2),
    ("adhd support", 12, 0.6),
    ("eating disorder help for teenager", 7, 0.8),
    ("sign language club for deaf children", 5, 1.0),
    ("young carers group", 8, 0.5),
    ("bereavement support for children", 9, 0.2),
    ("gambling addiction help", 5, 0.7),
    ("holiday activities free school meals", 14, 0.1),
    ("emergency housing tonight", 7, 0.4),
    ("help for kids with anxiety", 15, 0.3),
    ("stay and play", 12, 0.0),
    ("tutoring for dyslexia", 6, 0.9),
    ("family mediation", 6, 0.3),
    ("energy bill help", 10, 0.5),
)
SHEETS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("school attendance worries", ("parenting.family-support-work",), 10),
    ("low mood", ("mental-health.counselling", "mental-health.emotional-wellbeing"), 14),
    ("money", ("money.debt-advice", "money.benefits-advice"), 12),
    ("housing", ("housing.housing-support",), 8),
    ("autism", ("send.autism",), 9),
    ("parenting", ("parenting.parenting-courses",), 10),
    ("domestic abuse", ("safety.domestic-abuse",), 5),
)


def demo_demand(
    searches: int = 4000, signposting: int = 900, *, until: dt.date, seed: int = 17
) -> list[Search | Signposting]:
    """Records spread over the 365 days before `until`, busier in term time and in some
    districts than others; the same arguments give the same records (and ids)."""
    rng = random.Random(seed)
    districts = [d for place in PLACES for d in place.districts]
    busy = [rng.choice((1, 2, 3, 5, 8)) for _ in districts]
    start = dt.datetime.combine(until, dt.time(9), tzinfo=dt.UTC) - dt.timedelta(days=365)

    def when() -> dt.datetime:
        while True:
            day = rng.randrange(365)
            on = start + dt.timedelta(days=day, minutes=rng.randrange(12 * 60))
            quiet = on.month == 8 or (on.month == 12 and on.day > 20)
            if not quiet or rng.random() < 0.5:
                return on

    records: list[Search | Signposting] = []
    phrases = [s[0] for s in SEARCHES]
    weights = [s[1] for s in SEARCHES]
    unmet = {s[0]: s[2] for s in SEARCHES}
    needs = {p: needs_of(p) for p in phrases}
    for i in range(searches):
        phrase = rng.choices(phrases, weights)[0]
        district = rng.choices(districts, busy)[0] if rng.random() < 0.8 else ""
        records.append(
            Search.record(
                id=uuid5(NAMESPACE, f"search-{seed}-{i}"),
                phrase=phrase_of(phrase),
                needs=needs[phrase],
                district=district,
                found=rng.random() >= unmet[phrase],
                filters={},
                at=when(),
            )
        )
    for i in range(signposting):
        words, categories, _ = rng.choices(SHEETS, [s[2] for s in SHEETS])[0]
        records.append(
            Signposting.record(
                id=uuid5(NAMESPACE, f"sheet-{seed}-{i}"),
                needs=words.split(),
                categories=list(categories),
                district=rng.choices(districts, busy)[0],
                services=[],
                actor="staff",
                at=when(),
            )
        )
    records.sort(key=lambda r: r.created_on)
    return records


def load_demo_demand(insights: Insights, until: dt.date) -> int:
    """Saves the demo demand unless it is there already (its first record is looked up)."""
    records = demo_demand(until=until)
    first = min(records, key=lambda r: r.created_on)
    try:
        insights.repository.get(first.id)
    except AggregateNotFoundError:
        pass
    else:
        return 0
    for chunk in range(0, len(records), 500):
        insights.save(*records[chunk : chunk + 500])
    return len(records)
