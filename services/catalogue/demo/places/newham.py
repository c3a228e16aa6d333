"""Newham: real postcode districts, fictional venues and the ten demo providers."""

from __future__ import annotations

from services.catalogue.demo.blueprints import (
    BUGGY,
    CHANGING,
    LIFT,
    LOOP,
    PARKING,
    QUIET,
    STAIRS,
    STEP_FREE,
    TOILET,
    Place,
    Venue,
    provider,
)

# Real centroids of the postcode districts (gb_postcode_districts_centroids.csv, ONS-derived).
PLACE = Place(
    key="newham",
    name="Newham",
    area="London Borough of Newham",
    town="London",
    landline="020 7946 0",
    districts={
        "E13": (51.52829, 0.02585),
        "E15": (51.53823, 0.00023),
        "E16": (51.51141, 0.02158),
    },
    languages=("Bengali", "Urdu", "Gujarati", "Tamil", "Romanian", "Lithuanian", "Somali"),
    venues=(
        Venue(
            "nh-cherry-tree",
            "Cherry Tree Lane Primary School",
            "primary",
            "31 Cherry Tree Lane, Plaistow",
            "E13 9QT",
            (STEP_FREE, TOILET),
        ),
        Venue(
            "nh-carpenters-mead",
            "Carpenters Mead Primary School",
            "primary",
            "Mead Row, Stratford",
            "E15 2HL",
            (STEP_FREE, TOILET, LOOP),
        ),
        Venue(
            "nh-saltings",
            "Saltings Primary School",
            "primary",
            "4 Saltings Walk, Custom House",
            "E16 3RP",
            (STEP_FREE,),
        ),
        Venue(
            "nh-abbotsfield",
            "Abbotsfield Primary School",
            "primary",
            "Abbotsfield Road, West Ham",
            "E15 3NW",
            (STEP_FREE, TOILET, BUGGY),
        ),
        Venue(
            "nh-lyle-park",
            "Lyle Park Academy",
            "secondary",
            "Refinery Way, Silvertown",
            "E16 2SJ",
            (STEP_FREE, TOILET, LIFT),
        ),
        Venue(
            "nh-greengate",
            "Greengate Community School",
            "secondary",
            "Greengate Avenue, Plaistow",
            "E13 0BG",
            (STEP_FREE, TOILET, LOOP),
        ),
        Venue(
            "nh-riverbank",
            "Riverbank School",
            "special",
            "Tollgate Mews, Canning Town",
            "E16 4TN",
            (STEP_FREE, TOILET, QUIET, PARKING),
        ),
        Venue(
            "nh-plaistow-hub",
            "Plaistow Family Hub",
            "hub",
            "84 Balmoral Parade, Plaistow",
            "E13 8HW",
            (STEP_FREE, TOILET, CHANGING, BUGGY),
        ),
        Venue(
            "nh-canning-hub",
            "Canning Town Family Hub",
            "hub",
            "2 Wharfside Road, Canning Town",
            "E16 1AZ",
            (STEP_FREE, TOILET, CHANGING, LOOP),
        ),
        Venue(
            "nh-stratford-vale",
            "Stratford Vale Health Centre",
            "clinic",
            "Vale Crescent, Stratford",
            "E15 4RB",
            (STEP_FREE, TOILET, LIFT, LOOP),
        ),
        Venue(
            "nh-custom-house-hc",
            "Custom House Health Centre",
            "clinic",
            "19 Ferrier Road, Custom House",
            "E16 3DU",
            (STEP_FREE, TOILET, CHANGING),
        ),
        Venue(
            "nh-abbey-arms",
            "Abbey Arms Community Centre",
            "community",
            "Abbey Arms Yard, Plaistow",
            "E13 0DT",
            (STEP_FREE, TOILET),
        ),
        Venue(
            "nh-st-cedds",
            "St Cedd's Church Hall",
            "community",
            "Cedd Close, Canning Town",
            "E16 4LR",
            (STEP_FREE,),
        ),
        Venue(
            "nh-printworks",
            "Printworks Row Library and Community Room",
            "community",
            "Printworks Row, Stratford",
            "E15 1XQ",
            (STEP_FREE, TOILET, LOOP, LIFT),
        ),
    ),
)

PROVIDERS = (
    provider(
        "counselling",
        "Newham Talking Space",
        "newham-talking-space",
        "A local charity offering counselling to children, young people and parents, in schools "
        "across the borough and at its centre in Stratford.",
        "Unit 3, Warton Yard, Stratford",
        "E15 2JX",
    ),
    provider(
        "relationship",
        "Bridgeway Relationship Counselling",
        "bridgeway-counselling",
        "Relationship counselling, mediation and courses for couples and separated parents in "
        "east London, often held in local schools.",
        "First floor, 40 Portway Parade, West Ham",
        "E15 3QB",
        (STAIRS,),
    ),
    provider(
        "nhs",
        "Eastbrook NHS Foundation Trust",
        "eastbrook-nhs",
        "Community health and children's mental health services for east London, including CAMHS, "
        "health visiting and school nursing.",
        "Eastbrook House, Vale Crescent, Stratford",
        "E15 4RD",
        (STEP_FREE, TOILET, LIFT, LOOP),
    ),
    provider(
        "housing",
        "Royal Docks Housing Association",
        "royal-docks-homes",
        "A not-for-profit housing association with around 6,000 homes in Newham, offering tenancy "
        "and family support to tenants and local families.",
        "Dock House, 11 Tidal Basin Parade, Canning Town",
        "E16 1FL",
    ),
    provider(
        "advice",
        "Plaistow and Stratford Advice Centre",
        "plaistow-advice",
        "Free, independent advice on benefits, housing, debt and employment, with a community food "
        "pantry run by volunteers.",
        "126 Balmoral Parade, Plaistow",
        "E13 8HY",
    ),
    provider(
        "parents",
        "Newham Parents Together",
        "newham-parents-together",
        "A parent-led charity running drop-ins, peer support groups and one-to-one parent "
        "mentoring in schools and community centres.",
        "Abbey Arms Community Centre, Abbey Arms Yard, Plaistow",
        "E13 0DT",
    ),
    provider(
        "parenting",
        "Growing Together Parenting",
        "growing-together-parenting",
        "Group parenting courses for parents of babies, children and teenagers, delivered with "
        "schools and family hubs.",
        "Plaistow Family Hub, 84 Balmoral Parade, Plaistow",
        "E13 8HW",
        (STEP_FREE, TOILET, CHANGING),
    ),
    provider(
        "send",
        "Docklands SEND Family Support",
        "docklands-send",
        "Impartial information, advice and support on special educational needs and disabilities, "
        "and groups for families of autistic and disabled children.",
        "Suite 2, Tollgate Mews, Canning Town",
        "E16 4TP",
    ),
    provider(
        "hub",
        "Newham Family Hub Partnership",
        "newham-family-hubs",
        "The partnership of council, health and voluntary services behind the borough's family "
        "hubs: early help, holiday activities and training for school staff.",
        "Canning Town Family Hub, 2 Wharfside Road, Canning Town",
        "E16 1AZ",
        (STEP_FREE, TOILET, CHANGING, LOOP),
    ),
    provider(
        "community",
        "Lea Bank Women and Families Centre",
        "lea-bank-centre",
        "A community charity supporting women, children and families: domestic abuse support, "
        "English classes and a youth club.",
        "St Cedd's Church Hall, Cedd Close, Canning Town",
        "E16 4LR",
        (STEP_FREE,),
    ),
)
