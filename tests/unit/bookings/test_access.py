"""Who may manage a venue, book for an organisation, see a booking, and on whose side a
cancellation falls: the lettings rules over the acting principal, without a server."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from services.bookings.access import (
    NOT_BOOKER,
    Side,
    cancelling_side,
    may_book_for,
    may_see,
)
from services.bookings.model import BookingDetails
from services.shared.errors import ForbiddenError
from services.venues.access import Actor, may_manage

VENUE, OTHER_VENUE = uuid4(), uuid4()
ORG, OTHER_ORG = uuid4(), uuid4()

ADMIN = Actor(name="admin", admin=True)
MANAGER_HERE = Actor(name="m@here", manages=frozenset({VENUE}))
MANAGER_ELSEWHERE = Actor(name="m@there", manages=frozenset({OTHER_VENUE}))
BOOKER_HERE = Actor(name="b@org", books_for=frozenset({ORG}))
BOOKER_ELSEWHERE = Actor(name="b@other", books_for=frozenset({OTHER_ORG}))
NOBODY = Actor(name="staff@example")


def _booking(venue: UUID = VENUE, org: UUID = ORG) -> BookingDetails:
    return BookingDetails(
        venue_id=venue, room_id=uuid4(), organisation_id=org, purpose="Club", attendees=10
    )


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (ADMIN, True),
        (MANAGER_HERE, True),
        (MANAGER_ELSEWHERE, False),
        (BOOKER_HERE, False),
        (NOBODY, False),
        (None, False),
    ],
)
def test_only_an_admin_or_this_venues_manager_manages_it(
    actor: Actor | None, allowed: bool
) -> None:
    assert may_manage(actor, VENUE) is allowed


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (ADMIN, True),
        (BOOKER_HERE, True),
        (BOOKER_ELSEWHERE, False),
        (MANAGER_HERE, False),
        (NOBODY, False),
        (None, False),
    ],
)
def test_only_an_admin_or_the_organisations_booker_books_for_it(
    actor: Actor | None, allowed: bool
) -> None:
    assert may_book_for(actor, ORG) is allowed


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (ADMIN, True),
        (MANAGER_HERE, True),
        (MANAGER_ELSEWHERE, False),
        (BOOKER_HERE, True),
        (BOOKER_ELSEWHERE, False),
        (NOBODY, False),
        (None, False),
    ],
)
def test_a_booking_is_seen_by_its_venues_managers_and_its_organisations_bookers(
    actor: Actor | None, allowed: bool
) -> None:
    assert may_see(actor, _booking()) is allowed


@pytest.mark.parametrize(
    ("actor", "side"),
    [
        (ADMIN, Side.VENUE),
        (MANAGER_HERE, Side.VENUE),
        (BOOKER_HERE, Side.BOOKER),
        (Actor(name="both", manages=frozenset({VENUE}), books_for=frozenset({ORG})), Side.VENUE),
    ],
)
def test_the_venues_manager_cancels_for_the_venue_and_the_booker_for_itself(
    actor: Actor, side: Side
) -> None:
    assert cancelling_side(actor, _booking()) is side


@pytest.mark.parametrize("actor", [MANAGER_ELSEWHERE, BOOKER_ELSEWHERE, NOBODY, None])
def test_anyone_else_is_refused_a_cancellation_in_the_bookers_words(actor: Actor | None) -> None:
    with pytest.raises(ForbiddenError) as refused:
        cancelling_side(actor, _booking())
    assert (
        refused.value.message == NOT_BOOKER == "Your account does not book for this organisation."
    )
