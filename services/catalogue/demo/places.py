"""The four places of the demo, with real postcode-district centres (ONS-derived; see search/data)."""

from __future__ import annotations

import msgspec


class Place(msgspec.Struct, frozen=True):
    name: str
    area: str
    phone_prefix: str
    districts: tuple[tuple[str, float, float], ...]
    streets: tuple[str, ...]
    schools: tuple[str, ...]


PLACES = (
    Place(
        "Newham",
        "London Borough of Newham",
        "020 7946 0",
        (("E13", 51.52829, 0.02585), ("E15", 51.53823, 0.00023), ("E16", 51.51141, 0.02158)),
        (
            "Romford Road",
            "Barking Road",
            "Water Lane",
            "Balaam Street",
            "Victoria Dock Road",
            "Plaistow Road",
        ),
        (
            "Woodgrange Primary School",
            "Plaistow Park Primary School",
            "Stratford Marsh Academy",
            "Custom House Primary School",
        ),
    ),
    Place(
        "Stockport",
        "Stockport Metropolitan Borough",
        "0161 496 0",
        (
            ("SK1", 53.40817, -2.15393),
            ("SK2", 53.39640, -2.13789),
            ("SK3", 53.40007, -2.17060),
            ("SK4", 53.41727, -2.17851),
            ("SK5", 53.43222, -2.15382),
            ("SK6", 53.40577, -2.08178),
            ("SK7", 53.36839, -2.14492),
        ),
        (
            "Wellington Road",
            "Hall Street",
            "Buxton Road",
            "Didsbury Road",
            "Marple Road",
            "Bramhall Lane",
        ),
        (
            "Hollywood Park Primary School",
            "Brinnington Community Primary",
            "Edgeley Vale Primary School",
            "Heaton Mersey High School",
        ),
    ),
    Place(
        "Milton Keynes",
        "Milton Keynes City Council",
        "01632 960",
        (
            ("MK1", 52.00696, -0.72654),
            ("MK2", 51.99191, -0.72555),
            ("MK3", 51.99513, -0.74994),
            ("MK6", 52.02922, -0.73927),
            ("MK9", 52.03944, -0.75107),
            ("MK10", 52.03779, -0.69510),
            ("MK13", 52.05225, -0.78952),
            ("MK14", 52.05972, -0.76869),
        ),
        (
            "Saxon Gate",
            "Silbury Boulevard",
            "Midsummer Boulevard",
            "Queensway",
            "Bletcham Way",
            "Fishermead Boulevard",
        ),
        (
            "Fishermead Primary School",
            "Bletchley Park Vale Academy",
            "Conniburrow Infant School",
            "Netherfield Junior School",
        ),
    ),
    Place(
        "Camden",
        "London Borough of Camden",
        "020 7946 1",
        (("NW1", 51.53232, -0.14275), ("NW5", 51.55154, -0.14475)),
        (
            "Camden Street",
            "Kentish Town Road",
            "Malden Road",
            "Prince of Wales Road",
            "Royal College Street",
            "Leighton Road",
        ),
        (
            "Kentish Vale Primary School",
            "Somers Green Primary School",
            "Regent's Lock Academy",
            "Gospel Oak Field School",
        ),
    ),
)
