"""Builds the demo records from places, providers and templates, deterministically for a seed."""

from __future__ import annotations

import datetime as dt
import math
import random
from uuid import UUID, uuid5

from services.catalogue.demo.blueprints import (
    KINDS,
    Place,
    Provider,
    ScheduleBlueprint,
    Template,
    Venue,
)
from services.catalogue.demo.places import PLACES, PROVIDERS
from services.catalogue.demo.templates import ALERTS, CLOSURES, TEMPLATES
from services.catalogue.model import (
    AgeRange,
    Contact,
    Cost,
    Frequency,
    Location,
    OrganisationDetails,
    Position,
    Schedule,
    ServiceDetails,
    Status,
    Verification,
    Weekday,
)
from services.catalogue.records import OrganisationRecord, ServiceRecord
from services.shared.days import DAY_NAMES

NAMESPACE = UUID("3d8f6a2e-9b41-5c07-8e3a-71f2b5c4d690")
DEMO_DATE = dt.date(2026, 11, 20)  # fixed, so loading the demo again changes nothing
PER_ORGANISATION = 25  # services per organisation once the demo outgrows the forty
MOBILE = "07700 900"  # Ofcom's drama range for mobiles
JITTER_METRES = 900
EDITORS = (
    "Amara Osei",
    "Gareth Pryce",
    "Hannah Whitlock",
    "Imran Qureshi",
    "Joanna Kowalczyk",
    "Ruth Adeyemi",
)
STAFF = (
    "Bernadette Cole",
    "Daniel Ferreira",
    "Fatima Begum",
    "Kerry Walsh",
    "Marcus Bell",
    "Nadia Rahman",
    "Owen Pritchard",
    "Priya Desai",
    "Tunde Bakare",
    "Zofia Nowak",
    "Aisha Mohamed",
    "Chloe Hartley",
)

_WEEK = list(Weekday)
_WORKDAYS = _WEEK[:5]
_ORDINALS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth", -1: "Last"}
_LATEST_CLOSE = 21 * 60 + 30


def demo_records(
    services: int = 160, seed: int = 7, *, as_of: dt.date = DEMO_DATE
) -> tuple[list[OrganisationRecord], list[ServiceRecord]]:
    """`services` fictional services from 40 organisations in Newham, Stockport, Milton Keynes
    and Camden. The first 160 are every template in every place; later ones are numbered
    variations (other venues, days, times and ages), and past a thousand services the
    organisations grow to one per 25 services. Verification dates fall in the year before
    `as_of`. The same arguments always give the same records, and the first 160 are the same
    whatever the count."""
    if services < 0:
        raise ValueError("services cannot be negative")
    rng = random.Random(seed)
    book = _Book()
    combos = [(p, template) for template in TEMPLATES for p in range(len(PLACES))]
    base_count = len(PLACES) * len(KINDS)
    copies = max(1, services // (PER_ORGANISATION * base_count))
    organisations: dict[int, OrganisationRecord] = {}
    for p, place in enumerate(PLACES):
        for k, provider in enumerate(PROVIDERS[p]):
            number = p * len(KINDS) + k + 1
            organisations[number] = _organisation(number, place, provider, 0)
    records = []
    for i in range(services):
        p, template = combos[i % len(combos)]
        round_ = i // len(combos)
        k = KINDS.index(template.kind)
        copy = round_ % copies
        number = copy * base_count + p * len(KINDS) + k + 1
        if number not in organisations:
            organisations[number] = _organisation(number, PLACES[p], PROVIDERS[p][k], copy)
        org_id = organisations[number].external_id
        records.append(_service(i, rng, book, p, template, round_, org_id, as_of))
    return [organisations[n] for n in sorted(organisations)], records


class _Book:
    """Venue positions (real district centroids jittered by up to about a kilometre) and the
    venues of each kind in each place."""

    def __init__(self) -> None:
        self.positions: dict[str, Position] = {}
        for p, place in enumerate(PLACES):
            for venue in (*place.venues, *(provider.office for provider in PROVIDERS[p])):
                self.positions[venue.key] = _jitter(venue.key, *place.districts[venue.district])
        self._kinds: dict[tuple[int, str], list[Venue]] = {}

    def venues(self, p: int, kind: str) -> list[Venue]:
        found = self._kinds.get((p, kind))
        if found is None:
            found = self._kinds[(p, kind)] = [v for v in PLACES[p].venues if v.fits(kind)]
        return found


def _jitter(key: str, lat: float, lon: float) -> Position:
    r = random.Random(key)
    distance = JITTER_METRES * math.sqrt(r.random())
    bearing = r.uniform(0, 2 * math.pi)
    d_lat = distance * math.cos(bearing) / 111_320
    d_lon = distance * math.sin(bearing) / (111_320 * math.cos(math.radians(lat)))
    return Position(round(lat + d_lat, 5), round(lon + d_lon, 5))


def _organisation(number: int, place: Place, provider: Provider, copy: int) -> OrganisationRecord:
    name = provider.name if copy == 0 else f"{provider.name} (branch {copy + 1})"
    return OrganisationRecord(
        external_id=f"demo-org-{number:03d}",
        details=OrganisationDetails(
            name=name,
            description=provider.description,
            url=f"https://{provider.domain}",
            email=f"hello@{provider.domain}",
            phone=f"{place.landline}{(number * 7 + 3) % 1000:03d}",
        ),
    )


def _service(
    i: int,
    rng: random.Random,
    book: _Book,
    p: int,
    template: Template,
    round_: int,
    organisation_external_id: str,
    as_of: dt.date,
) -> ServiceRecord:
    """One service. The random stream is drawn in a fixed order (venues, languages, the check's
    age, the referral contact, the checker), so the same seed always gives the same records."""
    external_id = f"demo-svc-{i + 1:04d}"
    venues = _venues(rng, book, p, template, round_)
    locations = _locations(external_id, PLACES[p], venues, book)
    languages = ["English", *rng.sample(PLACES[p].languages, k=rng.choice((0, 1, 1, 2, 2, 3)))]
    days_ago = rng.randint(1, 90) if rng.random() < 0.6 else rng.randint(91, 365)
    closure = CLOSURES.get((template.key, PLACES[p].key))
    details = _details(i, rng, p, template, round_, venues, languages, closure)
    vary = 0 if template.fixed_days else p + round_ * len(PLACES)
    return ServiceRecord(
        external_id=external_id,
        organisation_external_id=organisation_external_id,
        details=details,
        status=Status.TEMPORARILY_CLOSED if closure else Status.ACTIVE,
        categories=list(template.categories),
        locations=locations,
        schedules=[_schedule(s, locations, vary) for s in template.sessions],
        verification=Verification(on=as_of - dt.timedelta(days=days_ago), by=rng.choice(EDITORS)),
        # Added to the directory two weeks to eight months before that check (from the index,
        # not the random stream, so every other value stays as it was).
        registered_on=dt.datetime.combine(
            as_of - dt.timedelta(days=days_ago + 14 + (i * 37) % 230), dt.time(9), tzinfo=dt.UTC
        ),
    )


def _venues(
    rng: random.Random, book: _Book, p: int, template: Template, round_: int
) -> list[Venue]:
    """A venue of each kind the template asks for (its provider's office for "office")."""
    provider = PROVIDERS[p][KINDS.index(template.kind)]
    venues = []
    for kind in template.venues:
        choices = [provider.office] if kind == "office" else book.venues(p, kind)
        venues.append(choices[(rng.randrange(len(choices)) + round_) % len(choices)])
    return venues


def _locations(external_id: str, place: Place, venues: list[Venue], book: _Book) -> list[Location]:
    return [
        Location(
            id=uuid5(NAMESPACE, f"{external_id}/location/{n}"),
            name=venue.name,
            address=f"{venue.street}, {place.town}",
            postcode=venue.postcode,
            position=book.positions[venue.key],
            accessibility=list(venue.access),
        )
        for n, venue in enumerate(venues)
    ]


def _details(
    i: int,
    rng: random.Random,
    p: int,
    template: Template,
    round_: int,
    venues: list[Venue],
    languages: list[str],
    closure: str | None,
) -> ServiceDetails:
    """The template's words filled in for the place and venue (the referral contact drawn)."""
    place = PLACES[p]
    provider = PROVIDERS[p][KINDS.index(template.kind)]
    fill = _fill(place, venues)
    access = dict.fromkeys((*template.access, *(venues[0].access if venues else ())))
    ages = template.ages[round_ % len(template.ages)] if template.ages else None
    suffix = f"-{round_ + 1}" if round_ else ""
    return ServiceDetails(
        name=_name(template, p, round_, fill),
        description=template.descriptions[(p + round_) % len(template.descriptions)].format(**fill),
        summary=template.summary.format(**fill),
        url=f"https://{provider.domain}/{template.key}{suffix}",
        audience=list(template.audience),
        ages=AgeRange(minimum_months=ages[0], maximum_months=ages[1]) if ages else None,
        needs=list(template.needs),
        eligibility=template.eligibility.format(**fill),
        cost=Cost(free=not template.cost, description=template.cost.format(**fill) or "Free"),
        referral_routes=list(template.local_routes.get(place.key, template.routes)),
        delivery=list(template.delivery),
        languages=[*languages, *template.languages],
        accessibility=list(access),
        public_contact=Contact(
            phone=f"{place.landline}{(i * 37 + 500) % 1000:03d}",
            email=f"{template.key}@{provider.domain}",
        ),
        service_area=place.area,
        alert=closure or ALERTS.get((template.key, place.key), ""),
        staff_contact=Contact(
            name=rng.choice(STAFF),
            phone=f"{MOBILE}{(i * 53 + 11) % 1000:03d}",
            email=f"referrals@{provider.domain}",
        ),
        staff_notes=template.staff_notes,
        thresholds=template.thresholds.format(**fill),
        waiting_time=template.waiting,
    )


def _fill(place: Place, venues: list[Venue]) -> dict[str, str]:
    """What a template's words are filled in with: the first venue, the place and its area."""
    return {
        "venue": venues[0].name if venues else place.name,
        "place": place.name,
        "area": place.area,
    }


def _name(template: Template, p: int, round_: int, fill: dict[str, str]) -> str:
    """The template's name for the place; a later round's copy numbered (2), (3) and so on."""
    name = template.names[p % len(template.names)].format(**fill)
    return f"{name} ({round_ + 1})" if round_ else name


def _schedule(session: ScheduleBlueprint, locations: list[Location], vary: int) -> Schedule:
    """The session, moved `vary` weekdays (or weeks of the month) on and a little later."""
    days, week = session.days, session.week_of_month
    opens, closes = _minutes(session.opens), _minutes(session.closes)
    if vary:
        if week is None:
            days = tuple(
                sorted(
                    {
                        _WORKDAYS[(_WORKDAYS.index(d) + vary) % 5] if d in _WORKDAYS else d
                        for d in days
                    },
                    key=_WEEK.index,
                )
            )
        elif week > 0:
            week = (week - 1 + vary) % 4 + 1
        shift = 15 * (vary % 3)
        if closes + shift <= _LATEST_CLOSE:
            opens, closes = opens + shift, closes + shift
    location_id = locations[session.at].id if session.at is not None and locations else None
    return Schedule(
        frequency=Frequency.WEEKLY if week is None else Frequency.MONTHLY,
        days=list(days),
        week_of_month=week,
        opens_at=dt.time(opens // 60, opens % 60),
        closes_at=dt.time(closes // 60, closes % 60),
        term_time_only=session.term_time,
        holidays_only=session.holidays,
        location_id=location_id,
        description=_describe(session, days, week, opens, closes),
    )


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _describe(
    session: ScheduleBlueprint, days: tuple[Weekday, ...], week: int | None, opens: int, closes: int
) -> str:
    if week is not None:
        when = f"{_ORDINALS[week]} {DAY_NAMES[days[0]]} of the month"
    else:
        when = _day_list(days)
    text = f"{when}, {_clock(opens)} to {_clock(closes)}"
    if session.term_time:
        text += ", term time only"
    if session.holidays:
        text += ", school holidays only"
    return f"{session.note}: {text}" if session.note else text


def _day_list(days: tuple[Weekday, ...]) -> str:
    indexes = [_WEEK.index(d) for d in days]
    if len(days) >= 3 and indexes == list(range(indexes[0], indexes[0] + len(days))):
        return f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
    names = [f"{DAY_NAMES[d]}s" for d in days]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _clock(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    suffix = "am" if hours < 12 else "pm"
    hours = hours % 12 or 12
    return f"{hours}{suffix}" if mins == 0 else f"{hours}:{mins:02d}{suffix}"
