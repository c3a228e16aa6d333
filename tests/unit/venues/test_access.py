"""Who may register and who may manage a venue: the venues rules over the acting principal."""

from __future__ import annotations

from uuid import uuid4

import pytest

from services.shared.errors import ForbiddenError
from services.venues.access import (
    Actor,
    check_manages,
    check_registers,
    may_manage,
    may_register,
)

VENUE, OTHER_VENUE = uuid4(), uuid4()

ADMIN = Actor(name="admin", admin=True)
MANAGER_HERE = Actor(name="m@here", manages=frozenset({VENUE}))
MANAGER_ELSEWHERE = Actor(name="m@there", manages=frozenset({OTHER_VENUE}))
BOOKER = Actor(name="b@org", books_for=frozenset({VENUE}))  # an organisation id, not a venue
NOBODY = Actor(name="staff@example")

EVERYONE = [ADMIN, MANAGER_HERE, MANAGER_ELSEWHERE, BOOKER, NOBODY, None]


@pytest.mark.parametrize("actor", EVERYONE)
def test_only_an_admin_registers_a_venue(actor: Actor | None) -> None:
    allowed = actor is ADMIN
    assert may_register(actor) is allowed
    if allowed:
        check_registers(actor)
    else:
        with pytest.raises(ForbiddenError, match=r"^Only an admin registers a venue\.$"):
            check_registers(actor)


@pytest.mark.parametrize("actor", EVERYONE)
def test_only_an_admin_or_the_venues_own_manager_manages_it(actor: Actor | None) -> None:
    allowed = actor in (ADMIN, MANAGER_HERE)
    assert may_manage(actor, VENUE) is allowed
    if allowed:
        check_manages(actor, VENUE)
    else:
        with pytest.raises(ForbiddenError, match=r"^Your account does not manage this venue\.$"):
            check_manages(actor, VENUE)
