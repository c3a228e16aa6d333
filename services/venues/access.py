"""Who may register and manage a venue: pure rules over the acting principal, as the lettings
see it."""

from __future__ import annotations

from uuid import UUID

import msgspec

from services.shared.errors import ForbiddenError

NOT_MANAGER = "Your account does not manage this venue."
NOT_ADMIN = "Only an admin registers a venue."


class Actor(msgspec.Struct, frozen=True, kw_only=True):
    """The acting principal as the lettings contexts see it: the name its changes are recorded
    under, whether it is an admin, the venues it manages and the organisations it books for
    (each empty unless it holds the venue-manager or agency-booker role)."""

    name: str
    admin: bool = False
    manages: frozenset[UUID] = frozenset()
    books_for: frozenset[UUID] = frozenset()


def may_register(actor: Actor | None) -> bool:
    """Only an admin registers a venue (its manager is linked to it afterwards)."""
    return actor is not None and actor.admin


def may_manage(actor: Actor | None, venue_id: UUID) -> bool:
    """An admin, or a venue manager of this venue."""
    if actor is None:
        return False
    return actor.admin or venue_id in actor.manages


def check_registers(actor: Actor | None) -> None:
    if not may_register(actor):
        raise ForbiddenError(NOT_ADMIN)


def check_manages(actor: Actor | None, venue_id: UUID) -> None:
    if not may_manage(actor, venue_id):
        raise ForbiddenError(NOT_MANAGER)
