"""National helplines a family can call whatever the local directory holds."""

from __future__ import annotations

import msgspec


class Helpline(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    phone: str
    about: str
    url: str


HELPLINES = (
    Helpline(
        name="Family Lives",
        phone="0808 800 2222",
        about="Parenting and family life: advice and someone to talk to.",
        url="https://www.familylives.org.uk",
    ),
    Helpline(
        name="NSPCC Helpline",
        phone="0808 800 5000",
        about="If you are worried about a child's safety.",
        url="https://www.nspcc.org.uk",
    ),
    Helpline(
        name="Childline",
        phone="0800 1111",
        about="For children and young people, about anything.",
        url="https://www.childline.org.uk",
    ),
    Helpline(
        name="Samaritans",
        phone="116 123",
        about="Someone to talk to, day or night.",
        url="https://www.samaritans.org",
    ),
    Helpline(
        name="Shelter",
        phone="0808 800 4444",
        about="Housing and homelessness advice.",
        url="https://www.shelter.org.uk",
    ),
    Helpline(
        name="National Domestic Abuse Helpline",
        phone="0808 2000 247",
        about="Free, confidential support, day or night.",
        url="https://www.nationaldahelpline.org.uk",
    ),
    Helpline(
        name="Citizens Advice",
        phone="0800 144 8848",
        about="Money, benefits, debt and work.",
        url="https://www.citizensadvice.org.uk",
    ),
)
