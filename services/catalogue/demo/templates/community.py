"""Community charities: domestic abuse support, English classes and youth work."""

from __future__ import annotations

from services.catalogue.demo.blueprints import ADULTS, ScheduleBlueprint, Template
from services.catalogue.model import Audience as A
from services.catalogue.model import Delivery as D
from services.catalogue.model import ReferralRoute as R
from services.catalogue.model import Weekday as W

COMMUNITY = (
    Template(
        key="domestic-abuse",
        kind="community",
        names=(
            "Domestic abuse support",
            "Domestic abuse advice and support",
            "Safer Futures domestic abuse service",
            "Domestic abuse outreach and helpline",
        ),
        summary="Confidential support for anyone affected by domestic abuse: safety planning, "
        "help with housing and court, and groups.",
        descriptions=(
            "If you are being hurt, threatened or controlled by a partner, ex-partner or family "
            "member, we can help. Our advisers help you plan for your safety, understand your "
            "options and deal with housing, police and courts. You do not have to leave your "
            "relationship to get support.",
            "A helpline on weekdays and outreach sessions at {venue}, with advisers who can meet "
            "you somewhere safe. We support women and men, including those in same-sex "
            "relationships, and run groups to help survivors recover and rebuild confidence.",
        ),
        categories=("safety.domestic-abuse",),
        audience=(A.PARENTS, A.FAMILIES),
        ages=((192, 1500),),
        needs=("domestic abuse", "coercive control", "safety planning"),
        eligibility="Anyone aged 16 or over affected by domestic abuse in the {area}.",
        routes=(R.SELF, R.PROFESSIONAL, R.SCHOOL, R.GP),
        delivery=(D.PHONE, D.IN_PERSON, D.ONLINE),
        venues=("community",),
        sessions=(
            ScheduleBlueprint(
                days=(W.MO, W.TU, W.WE, W.TH, W.FR),
                opens="09:00",
                closes="17:00",
                at=None,
                note="Helpline",
            ),
            ScheduleBlueprint(days=(W.TH,), opens="10:00", closes="13:00", note="Outreach drop-in"),
        ),
        access=("Women-only sessions available", "Interpreters arranged by us"),
        thresholds="Anyone affected by domestic abuse, at any level of risk. High-risk cases "
        "should also be referred to the local MARAC.",
        waiting="A call back within 2 working days; high-risk referrals the same day",
        staff_notes="Never leave messages on a shared family phone: ask the survivor for a safe "
        "number and safe times to call.",
    ),
    Template(
        key="domestic-abuse-recovery-group",
        kind="community",
        names=(
            "Recovery group for children and mothers after domestic abuse",
            "Children's domestic abuse recovery programme",
            "Moving On: a group for children affected by domestic abuse",
            "Healing Together children's group",
        ),
        summary="A ten-week group for children who have lived with domestic abuse, with a "
        "parallel group for their mothers.",
        descriptions=(
            "Children who have lived with domestic abuse meet weekly for ten weeks with others "
            "who have been through something similar. Through games, stories and art they learn "
            "that it was not their fault and how to manage big feelings. Mothers meet at the same "
            "time in a parallel group.",
            "A ten-week programme at {venue} for children aged 4 to 11 and their mums. It helps "
            "children talk about what happened, feel safer and rebuild their relationship with "
            "their mother.",
        ),
        categories=("safety.domestic-abuse", "mental-health.emotional-wellbeing"),
        audience=(A.CHILDREN, A.PARENTS),
        ages=((48, 143), (60, 143)),
        needs=("domestic abuse", "trauma", "parent-child relationship"),
        eligibility="Children aged 4 to 11 in the {area} and their non-abusing parent.",
        routes=(R.PROFESSIONAL, R.SCHOOL, R.SELF),
        delivery=(D.IN_PERSON,),
        venues=("hub",),
        sessions=(ScheduleBlueprint(days=(W.WE,), opens="16:00", closes="17:30", term_time=True),),
        thresholds="The child must no longer live with the abusive parent, and the non-abusing "
        "parent must be able to attend the parallel group.",
        waiting="Groups start each term; about 8 weeks",
        staff_notes="We assess each family at home before the group starts.",
    ),
    Template(
        key="esol-for-parents",
        kind="community",
        names=(
            "English classes for parents (ESOL)",
            "English for Parents",
            "Learn English at {venue}",
            "Conversation English for parents",
        ),
        summary="Friendly English classes for parents during the school day, from beginner "
        "level, with a free crèche.",
        descriptions=(
            "Improve your English while your children are at school. Classes are for beginners "
            "and improvers, and cover everyday English for talking to teachers, doctors and "
            "neighbours. There is a free crèche for under-fives.",
            "English classes held at {venue} on two weekday mornings a week in term time. "
            "Learn with other parents, practise speaking and reading, and find out how schools "
            "in England work. Volunteers who speak community languages help beginners settle in.",
        ),
        categories=("education.adult-learning",),
        audience=(A.PARENTS,),
        ages=(ADULTS,),
        needs=("learning English", "confidence", "school communication"),
        eligibility="Parents and carers in the {area} whose first language is not English.",
        routes=(R.SELF, R.DROP_IN, R.SCHOOL),
        delivery=(D.IN_PERSON,),
        venues=("primary",),
        sessions=(
            ScheduleBlueprint(days=(W.MO, W.WE), opens="09:15", closes="11:15", term_time=True),
        ),
        access=("Free crèche for under-fives",),
        thresholds="Open to all parents; beginners welcome.",
        waiting="Join at the start of any half term",
        staff_notes="Schools can pass on names and phone numbers with the parent's agreement.",
    ),
    Template(
        key="youth-club",
        kind="community",
        names=(
            "Youth club",
            "Youth club nights",
            "Youth Space",
            "Teen youth club",
        ),
        summary="A safe place for young people aged 11 to 17 to meet friends, play sport, cook "
        "and get advice.",
        descriptions=(
            "Open twice a week for young people aged 11 to 17: pool, music, cooking, sport and "
            "trips, with youth workers to talk to about anything. Just turn up.",
            "Our youth workers run sessions with football, gaming, art and a hot meal. Young "
            "people help plan trips and projects, and can get confidential advice about health, "
            "relationships, school or work.",
        ),
        categories=("education.youth-activities", "health.healthy-living"),
        audience=(A.CHILDREN,),
        ages=((132, 215), (144, 215)),
        needs=("activities", "friendship", "somewhere safe to go"),
        eligibility="Young people aged 11 to 17 in the {area}.",
        cost="50p a session",
        routes=(R.DROP_IN, R.SELF),
        delivery=(D.IN_PERSON,),
        venues=("community",),
        sessions=(ScheduleBlueprint(days=(W.TU, W.FR), opens="18:00", closes="21:00"),),
        thresholds="Open to all young people aged 11 to 17.",
        waiting="No wait: just turn up",
        staff_notes="Youth workers can come to a Team Around the Child meeting if a young "
        "person asks them to.",
    ),
)
