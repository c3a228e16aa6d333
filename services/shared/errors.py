"""The few error bases the ways in map to HTTP statuses (404, 409, 422)."""

from typing import Any


class SignpostError(Exception):
    """Base of every error the product raises on purpose."""

    def __init__(self, message: str, *, field: str | None = None, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.detail = detail  # plain data the ways in may show, e.g. the clashing bookings


class NotFoundError(SignpostError):
    """The thing asked for does not exist (404)."""


class ConflictError(SignpostError):
    """Someone else changed it first, or it already exists (409)."""


class RuleViolationError(SignpostError):
    """The request breaks a rule of the domain (422)."""


class UnavailableError(SignpostError):
    """A part the request needs is down for now (503)."""


class ForbiddenError(SignpostError):
    """The actor may not do this to this record, whatever their role (403)."""
