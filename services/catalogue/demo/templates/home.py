"""Housing, money and food: housing associations and advice centres."""

from __future__ import annotations

from services.catalogue.demo.blueprints import ADULTS, ScheduleBlueprint, Template
from services.catalogue.model import Audience as A
from services.catalogue.model import Delivery as D
from services.catalogue.model import ReferralRoute as R
from services.catalogue.model import Weekday as W

HOUSING = (
    Template(
        key="family-housing-support",
        kind="housing",
        names=(
            "Family housing support",
            "Tenancy support for families",
            "Keeping Your Home: family support",
            "Housing support for families",
        ),
        summary="Help for families at risk of losing their home: rent arrears, repairs, "
        "overcrowding and finding somewhere new.",
        descriptions=(
            "Our family support officers help tenants with children who are struggling to keep "
            "their home. We can help with rent arrears, repairs, neighbour problems and "
            "overcrowding, and speak to the council for you if you need to move. A support "
            "officer can visit you at home.",
            "Support for families in our homes, and families referred by schools and the "
            "council, who are worried about their housing. We help with rent and Universal "
            "Credit housing costs, damp and mould, and applications for a bigger home. We join "
            "Team Around the Child meetings when families want us there.",
        ),
        categories=("housing.housing-support",),
        audience=(A.FAMILIES,),
        needs=("rent arrears", "repairs", "overcrowding", "risk of homelessness"),
        eligibility="Families with children living in the {area}; you do not have to be one of "
        "our tenants.",
        routes=(R.SELF, R.SCHOOL, R.PROFESSIONAL),
        delivery=(D.IN_PERSON, D.PHONE, D.HOME_VISIT),
        venues=("office",),
        sessions=(ScheduleBlueprint(days=(W.MO, W.WE, W.FR), opens="09:00", closes="17:00"),),
        thresholds="Families at risk of losing their tenancy within 6 months, or living in "
        "overcrowded or unsafe homes. Families who are homeless tonight should call the "
        "council's housing options team.",
        waiting="First contact within 5 working days",
        staff_notes="Schools can refer with the family's consent. Let us know about any "
        "possession notice or court date straight away.",
    ),
    Template(
        key="young-parents-tenancy",
        kind="housing",
        names=(
            "Tenancy support for young parents",
            "First Home support for young parents",
            "Young parents' housing project",
            "Setting Up Home: support for young parents",
        ),
        summary="Key workers help parents aged 16 to 25 to set up and keep their first home.",
        descriptions=(
            "A key worker helps young parents aged 16 to 25 to move into and keep their first "
            "home. We help with budgeting, bills, furniture and getting on with neighbours and "
            "the landlord. Support lasts up to a year and is mostly at home.",
            "Supported flats and visiting support for young mums, dads and parents-to-be aged 16 "
            "to 25. Your key worker meets you every week to help you manage your tenancy, money "
            "and appointments, and to plan your next step.",
        ),
        categories=("housing.housing-support", "money.debt-advice"),
        audience=(A.PARENTS,),
        ages=((192, 311),),
        needs=("first tenancy", "budgeting", "young parents"),
        eligibility="Parents and parents-to-be aged 16 to 25 in the {area}.",
        routes=(R.PROFESSIONAL,),
        delivery=(D.HOME_VISIT, D.PHONE),
        venues=("office",),
        thresholds="Young parents who are pregnant or have a child under 2 and need support to "
        "manage a tenancy.",
        waiting="About 6 weeks for a key worker",
        staff_notes="Referrals from the council's housing options and leaving care teams, "
        "midwives and health visitors. Use the young parents' referral form.",
    ),
    Template(
        key="money-energy-advice",
        kind="housing",
        names=(
            "Money and energy advice for tenants",
            "Help with bills and energy costs",
            "Tenants' money advice",
            "Warm Homes money and energy advice",
        ),
        summary="Free help with bills, energy costs, grants and budgeting for tenants and local "
        "families.",
        descriptions=(
            "Our money advisers help you cut energy bills, apply for grants and hardship funds, "
            "and make a budget. We can check you are on the cheapest tariff, help with "
            "prepayment meters and ask energy companies for help with debts.",
            "Struggling with bills? We help families find grants for cookers, beds and washing "
            "machines, sort out energy debts and make sure you are getting the help you are "
            "entitled to. Come to the weekly drop-in or book a phone appointment.",
        ),
        categories=("money.debt-advice", "housing.housing-support"),
        audience=(A.FAMILIES,),
        needs=("energy bills", "debt", "budgeting", "grants"),
        eligibility="Anyone on a low income in the {area}.",
        routes=(R.SELF, R.DROP_IN, R.PROFESSIONAL),
        delivery=(D.PHONE, D.IN_PERSON),
        venues=("office",),
        sessions=(ScheduleBlueprint(days=(W.TH,), opens="10:00", closes="13:00", note="Drop-in"),),
        thresholds="Priority in winter for families with children under 5 or with a disabled "
        "family member.",
        waiting="Drop-in: no wait; phone appointments within a week",
        staff_notes="We can issue emergency fuel vouchers on the day for families with no "
        "credit on a prepayment meter.",
    ),
)

ADVICE = (
    Template(
        key="benefits-advice",
        kind="advice",
        names=(
            "Benefits advice",
            "Benefits check and advice",
            "Welfare benefits advice",
            "Benefits and Universal Credit advice",
        ),
        summary="Free, independent help to check and claim benefits, and to challenge decisions.",
        descriptions=(
            "Find out whether you are getting all the benefits you are entitled to. Advisers "
            "help with Universal Credit, Child Benefit, Disability Living Allowance for children "
            "and Personal Independence Payment, and with challenging decisions at appeal. Bring "
            "any letters you have.",
            "A free benefits check and help with claims, reviews and appeals. We see many "
            "families whose income drops after a separation, a new baby or a child's diagnosis, "
            "and make sure nothing is missed. Drop in at our office or the monthly outreach "
            "session at {place}'s community venues.",
        ),
        categories=("money.benefits-advice",),
        audience=(A.FAMILIES,),
        needs=("Universal Credit", "disability benefits", "appeals"),
        eligibility="Anyone living in the {area}.",
        routes=(R.SELF, R.DROP_IN, R.PROFESSIONAL),
        delivery=(D.IN_PERSON, D.PHONE, D.ONLINE),
        venues=("office", "community"),
        sessions=(
            ScheduleBlueprint(days=(W.TU, W.TH), opens="10:00", closes="16:00"),
            ScheduleBlueprint(
                days=(W.MO,),
                opens="13:00",
                closes="15:30",
                week_of_month=1,
                at=1,
                note="Outreach drop-in",
            ),
        ),
        thresholds="Priority for appeals with a deadline in the next 14 days.",
        waiting="Drop-in: same day; appointments within 2 weeks",
        staff_notes="Professionals can book a slot for a family on the partner referral line.",
    ),
    Template(
        key="housing-advocacy",
        kind="advice",
        names=(
            "Housing advice and advocacy",
            "Housing and benefits advocacy for families",
            "Housing advocacy for parents",
            "Speak Up housing advocacy",
        ),
        summary="An adviser can speak up for you with your landlord, the council or other "
        "agencies about housing and benefits.",
        descriptions=(
            "If you are facing eviction, living in disrepair or disagree with a council decision "
            "about your housing, an adviser can help. We explain your rights, write letters, "
            "come to meetings with you and represent you at reviews. We also help with benefit "
            "problems that put your home at risk.",
            "Advocacy for parents in their dealings with landlords, the council and other "
            "agencies about housing and benefits. We help you prepare for meetings, ask for a "
            "review of a homelessness decision and challenge unfair treatment. Schools and "
            "family workers often refer families to us.",
        ),
        categories=("housing.housing-advocacy", "money.benefits-advice"),
        audience=(A.PARENTS, A.FAMILIES),
        ages=(ADULTS,),
        needs=("eviction", "disrepair", "homelessness decisions", "benefit problems"),
        eligibility="Parents and carers living in the {area}.",
        routes=(R.SELF, R.SCHOOL, R.PROFESSIONAL),
        delivery=(D.IN_PERSON, D.PHONE),
        venues=("office",),
        sessions=(ScheduleBlueprint(days=(W.WE,), opens="10:00", closes="13:00"),),
        thresholds="Families with a housing or benefits problem that puts their home at risk.",
        waiting="2 to 3 weeks; eviction cases seen within 2 working days",
        staff_notes="Send any court papers or eviction notices with the referral.",
    ),
    Template(
        key="debt-clinic",
        kind="advice",
        names=(
            "Debt and budgeting clinic",
            "Money Worries clinic",
            "Debt advice",
            "Free debt advice clinic",
        ),
        summary="Free, confidential help with debts, priority bills and making a budget.",
        descriptions=(
            "If debts are building up, our advisers help you work out what to pay first, deal "
            "with bailiffs and creditors and set up payment plans you can afford. We can also "
            "help you apply for a Debt Relief Order.",
            "A weekly clinic with a qualified debt adviser. Bring your letters and bills and we "
            "will help you make a budget and a plan. Council tax, rent arrears, catalogue debts "
            "and buy-now-pay-later are all things we can help with.",
        ),
        categories=("money.debt-advice",),
        audience=(A.FAMILIES,),
        needs=("debt", "bailiffs", "council tax arrears"),
        eligibility="Anyone living in the {area}.",
        routes=(R.SELF, R.PROFESSIONAL),
        delivery=(D.IN_PERSON, D.PHONE),
        venues=("community",),
        sessions=(ScheduleBlueprint(days=(W.MO,), opens="13:00", closes="16:00"),),
        thresholds="Priority for people facing enforcement action or without gas or electricity.",
        waiting="About 1 week",
        staff_notes="With the client's consent we can ask creditors to pause action for 30 days "
        "while we give advice.",
    ),
    Template(
        key="food-pantry",
        kind="advice",
        names=(
            "Community food pantry",
            "Food bank and pantry",
            "Family food support",
            "Community pantry and uniform bank",
        ),
        summary="Food, toiletries and school uniform for families who are struggling.",
        descriptions=(
            "A weekly food pantry where families choose food, nappies and toiletries: about £15 "
            "of shopping for £3.50, and emergency parcels for free. You do not need a referral. "
            "Volunteers can also put you in touch with benefits and debt advice.",
            "Emergency food parcels and a weekly pantry for local families, plus a school uniform "
            "swap at the start of each term. Come along on the day: you do not need a voucher "
            "for your first visit. We can deliver to families who cannot get to us.",
        ),
        categories=("money.food-support",),
        audience=(A.FAMILIES,),
        needs=("food", "toiletries", "school uniform"),
        eligibility="Families living in the {area} who are struggling to afford food.",
        cost="£3.50 a visit for about £15 of shopping; emergency parcels are free",
        routes=(R.SELF, R.DROP_IN, R.SCHOOL),
        delivery=(D.IN_PERSON,),
        venues=("community",),
        sessions=(ScheduleBlueprint(days=(W.FR,), opens="11:00", closes="14:00"),),
        access=("Halal and vegetarian food available",),
        thresholds="No referral needed; after three emergency parcels we offer a benefits check.",
        waiting="No wait",
        staff_notes="Schools can order a parcel for collection from the school office; call by "
        "Wednesday for Friday.",
    ),
)
