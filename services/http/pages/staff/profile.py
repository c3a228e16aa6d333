"""The editor form's ages, ways of delivery and categories: read, checked and shown again."""

from __future__ import annotations

from typing import Any

from services.catalogue import taxonomy
from services.catalogue.model import AgeRange, Delivery, ServiceDetails
from services.http.pages import views

MAX_YEARS = 120


def _years(raw: str, field: str, label: str, errors: dict[str, str]) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > MAX_YEARS:
        errors[field] = f"{label} must be a whole number of years from 0 to {MAX_YEARS}"
        return None
    return int(raw)


def profile_values(form: Any, errors: dict[str, str]) -> dict[str, Any]:
    """Ages (years, either end optional), delivery and categories from the edit form."""
    low_raw = str(form.get("min_age") or "").strip()
    high_raw = str(form.get("max_age") or "").strip()
    low = _years(low_raw, "min_age", "The youngest age", errors)
    high = _years(high_raw, "max_age", "The oldest age", errors)
    ages: AgeRange | None = None
    if low is not None and high is not None and low > high:
        errors["max_age"] = "The oldest age must be the same as or more than the youngest"
    elif low is not None or high is not None:
        ages = AgeRange(
            minimum_months=(low or 0) * 12,
            maximum_months=high * 12 + 11 if high is not None else 1500,
        )
    delivery = [Delivery(v) for v in form.getall("delivery", []) if v in _DELIVERY]
    categories = [c for c in form.getall("categories", []) if c in taxonomy.TERMS]
    return {
        "ages": ages,
        "delivery": delivery,
        "categories": categories,
        "min_age": low_raw,
        "max_age": high_raw,
    }


_DELIVERY = {d.value for d in Delivery}


def profile_from(details: ServiceDetails, categories: list[str]) -> dict[str, Any]:
    ages = details.ages
    return {
        "ages": ages,
        "delivery": list(details.delivery),
        "categories": list(categories),
        "min_age": str(ages.minimum_years) if ages and ages.minimum_months else "",
        "max_age": str(ages.maximum_years) if ages and ages.maximum_months < 1500 else "",
    }


def category_groups(picked: set[str]) -> list[dict[str, Any]]:
    """The types of help as checkbox groups (each top-level type with its children)."""
    return [
        {
            "id": parent.id,
            "name": parent.name,
            "items": [
                {"value": child.id, "text": child.name, "checked": child.id in picked}
                for child in taxonomy.children_of(parent.id)
            ],
        }
        for parent in taxonomy.top_level()
    ]


def profile_context(profile: dict[str, Any]) -> dict[str, Any]:
    chosen = {getattr(d, "value", d) for d in profile["delivery"]}
    picked = set(profile["categories"])
    return {
        "min_age": profile["min_age"],
        "max_age": profile["max_age"],
        "delivery_items": [
            {"value": v, "text": label, "checked": v in chosen}
            for v, label in views.DELIVERY_LABELS.items()
        ],
        "category_groups": category_groups(picked),
    }
