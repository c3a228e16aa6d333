"""The forty service templates, each offered in every place, and the notices on a few of them."""

from __future__ import annotations

from services.catalogue.demo.blueprints import Template
from services.catalogue.demo.templates.community import COMMUNITY
from services.catalogue.demo.templates.health import NHS, SEND
from services.catalogue.demo.templates.home import ADVICE, HOUSING
from services.catalogue.demo.templates.hubs import FAMILY_HUBS
from services.catalogue.demo.templates.parents import COURSES, PEER_SUPPORT
from services.catalogue.demo.templates.wellbeing import COUNSELLING, RELATIONSHIPS

TEMPLATES: tuple[Template, ...] = (
    *COUNSELLING,
    *RELATIONSHIPS,
    *NHS,
    *HOUSING,
    *ADVICE,
    *PEER_SUPPORT,
    *COURSES,
    *SEND,
    *FAMILY_HUBS,
    *COMMUNITY,
)

# (template key, place key): the service is temporarily closed, with this alert.
CLOSURES: dict[tuple[str, str], str] = {
    ("bereavement", "milton-keynes"): "Not taking new referrals until March while we train "
    "new volunteers; call us for advice in the meantime.",
    ("baby-clinic", "camden"): "Closed while the family hub is refurbished; the health "
    "visitors' Wednesday drop-in clinic carries on as usual.",
    ("dads-group", "stockport"): "Taking a break until the new year while we find a new venue.",
    ("youth-club", "newham"): "Closed until further notice while we recruit youth workers.",
    ("family-mediation", "camden"): "Not taking new cases this month: our mediators are fully "
    "booked. Please call again from the 1st.",
}

# (template key, place key): an alert on an active service.
ALERTS: dict[tuple[str, str], str] = {
    ("child-counselling", "newham"): "Closed over Christmas; reopens 6 January",
    ("benefits-advice", "stockport"): "Closed over Christmas; reopens 6 January",
    ("camhs", "newham"): "Waiting times are longer than usual this winter; urgent referrals are "
    "not affected.",
    ("holiday-activities", "milton-keynes"): "Booking for the Easter holidays opens on 10 March.",
    ("parent-drop-in", "camden"): "No drop-in in August; back in September.",
    ("food-pantry", "newham"): "Extra Christmas sessions on Saturday 19 December, 10am to 1pm.",
    ("working-with-parents-level-3", "newham"): "Applications for the January group close on "
    "28 November.",
}
