"""Who may book for an organisation, see a booking, and on whose side a cancellation is:
pure rules over the acting principal."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from services.bookings.model import BookingDetails
from services.shared.errors import ForbiddenError
from services.venues.access import Actor, may_manage

NOT_BOOKER = "Your account does not book for this organisation."


class Side(StrEnum):
    VENUE = "venue"
    BOOKER = "booker"


def may_book_for(actor: Actor | None, organisation_id: UUID) -> bool:
    """An admin, or an agency booker of this organisation."""
    if actor is None:
        return False
    return actor.admin or organisation_id in actor.books_for


def may_see(actor: Actor | None, details: BookingDetails) -> bool:
    """The venue's managers and the booking organisation's bookers (and admins)."""
    return may_manage(actor, details.venue_id) or may_book_for(actor, details.organisation_id)


def check_books_for(actor: Actor | None, organisation_id: UUID) -> None:
    if not may_book_for(actor, organisation_id):
        raise ForbiddenError(NOT_BOOKER)


def cancelling_side(actor: Actor | None, details: BookingDetails) -> Side:
    """The venue's manager cancels for the venue; else the organisation's booker for itself;
    anyone else is refused."""
    if may_manage(actor, details.venue_id):
        return Side.VENUE
    check_books_for(actor, details.organisation_id)
    return Side.BOOKER
