"""Signpost's extension to an ORUK 3.0 service: the public facts the standard has no field for."""

from __future__ import annotations

import msgspec

from services.catalogue.model import AgeRange, Contact, Cost

EXTENSION_KEY = "signpost"


class SessionExtra(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    term_time_only: bool = False
    holidays_only: bool = False


class SignpostExtension(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Published beside the standard fields so that a Signpost feed re-imports exactly; other
    consumers may ignore it. Never holds a staff-only field."""

    summary: str = ""
    audience: list[str] = []
    needs: list[str] = []
    eligibility: str = ""
    referral_routes: list[str] = []
    delivery: list[str] = []
    accessibility: list[str] = []
    ages: AgeRange | None = None
    cost: Cost = Cost()
    contact: Contact = Contact()
    categories: list[str] = []
    sessions: list[SessionExtra] = []
    verified_by: str = ""
    status_reason: str = ""
