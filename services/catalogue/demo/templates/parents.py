"""Support for parents: drop-ins, peer groups, mentoring and parenting courses."""

from __future__ import annotations

from services.catalogue.demo.blueprints import ADULTS, ScheduleBlueprint, Template
from services.catalogue.model import Audience as A
from services.catalogue.model import Delivery as D
from services.catalogue.model import ReferralRoute as R
from services.catalogue.model import Weekday as W

PEER_SUPPORT = (
    Template(
        key="parent-drop-in",
        kind="parents",
        names=(
            "Parent drop-in at {venue}",
            "Parents' coffee morning at {venue}",
            "Monthly parent drop-in at {venue}",
            "Parents' drop-in at {venue}",
        ),
        summary="A relaxed monthly drop-in for parents at a local primary school, on the fourth "
        "Thursday of the month.",
        descriptions=(
            "Come for a cup of tea and a chat with other parents and our family worker, on the "
            "fourth Thursday of every month. Each month has a theme, such as sleep, screen time "
            "or getting ready for secondary school, but you can talk about anything. Younger "
            "children are welcome and there is a play corner.",
            "A monthly drop-in at {venue} for any parent or carer, whether or not your child goes "
            "to the school. A family worker and often a visiting service, such as the health "
            "visitor or a benefits adviser, are there to answer questions. No need to book.",
        ),
        categories=("parenting.parent-peer-support",),
        audience=(A.PARENTS,),
        ages=(ADULTS,),
        needs=("isolation", "parenting advice", "meeting other parents"),
        eligibility="Any parent or carer in the {area}.",
        routes=(R.DROP_IN, R.SELF),
        delivery=(D.IN_PERSON,),
        venues=("primary",),
        sessions=(ScheduleBlueprint(days=(W.TH,), opens="09:00", closes="11:00", week_of_month=4),),
        fixed_days=True,
        access=("Play corner for under-fives",),
        thresholds="Open to all parents and carers.",
        waiting="No wait: just come along",
        staff_notes="Staff can come with a parent to the first drop-in to introduce them.",
    ),
    Template(
        key="parent-peer-group",
        kind="parents",
        names=(
            "Parent peer support group",
            "Parents Together support group",
            "Parents' Circle peer support",
            "Parent-to-parent support group",
        ),
        summary="A weekly evening group run by parents for parents whose children's behaviour "
        "or needs are hard to manage.",
        descriptions=(
            "A weekly group run by parents for parents of children with additional needs or "
            "behaviour that is hard to manage. Share what works, feel less alone and look after "
            "yourself. You can join in person or online.",
            "Trained parent volunteers host a weekly evening group where you can talk openly "
            "without being judged. Some parents come for a few weeks, others for years and go on "
            "to help run the group.",
        ),
        categories=("parenting.parent-peer-support", "mental-health.emotional-wellbeing"),
        audience=(A.PARENTS,),
        ages=(ADULTS,),
        needs=("challenging behaviour", "additional needs", "isolation", "parental stress"),
        eligibility="Parents and carers in the {area}.",
        routes=(R.SELF, R.DROP_IN),
        delivery=(D.IN_PERSON, D.ONLINE),
        venues=("community",),
        sessions=(ScheduleBlueprint(days=(W.WE,), opens="19:00", closes="20:30"),),
        thresholds="Open to all parents; not a substitute for specialist support where a child "
        "is at risk.",
        waiting="No wait",
        staff_notes="Volunteers are DBS checked and trained in safeguarding; they pass concerns "
        "to our designated safeguarding lead.",
    ),
    Template(
        key="parent-mentoring",
        kind="parents",
        names=(
            "Parent mentoring",
            "Parent mentors",
            "One-to-one parent mentoring",
            "Parent mentoring at {venue}",
        ),
        summary="A trained mentor meets you every week to help with confidence, routines and "
        "your child's school.",
        descriptions=(
            "Parent mentoring is for parents who are struggling with their child's behaviour or "
            "feel on their own. A trained mentor, often a parent themselves, meets you weekly for "
            "up to six months, at home, in school or somewhere else you choose. Mentors can help "
            "you prepare for school meetings and connect with other local support.",
            "A school-based family worker at {venue} offers one-to-one mentoring for parents "
            "whose children are having counselling or are at risk of exclusion. Together you "
            "agree goals, such as calmer mornings or better contact with school, and work on them "
            "each week. Parents can also join drop-ins and themed workshops.",
        ),
        categories=("parenting.family-support-work", "parenting.parent-peer-support"),
        audience=(A.PARENTS,),
        ages=(ADULTS,),
        needs=("challenging behaviour", "confidence", "risk of exclusion", "routines"),
        eligibility="Parents and carers of children aged 4 to 11 in the {area}.",
        routes=(R.SELF, R.SCHOOL, R.PROFESSIONAL),
        delivery=(D.IN_PERSON, D.HOME_VISIT, D.PHONE),
        venues=("primary",),
        sessions=(
            ScheduleBlueprint(days=(W.TU, W.WE), opens="09:00", closes="15:00", term_time=True),
        ),
        thresholds="Parents who need more than a universal service but do not need a social "
        "worker.",
        waiting="About 6 weeks for a mentor match",
        staff_notes="Schools can refer with the parent's consent. Mentors attend Team Around the "
        "Child meetings if the parent invites them.",
    ),
    Template(
        key="dads-group",
        kind="parents",
        names=(
            "Dads' group",
            "Dads and Kids Saturday club",
            "Dads Matter group",
            "Saturday dads' club",
        ),
        summary="Monthly Saturday morning activities for dads and father figures with their "
        "children.",
        descriptions=(
            "One Saturday morning a month, dads, granddads and other father figures bring "
            "their children for games, cooking and crafts, with bacon sandwiches and a chance to "
            "talk. It is an easy way to meet other dads.",
            "A monthly Saturday club for dads and their children: football, Lego, den building "
            "and messy play. Our dads' worker is there to chat about anything from sleepless "
            "nights to contact arrangements.",
        ),
        categories=("parenting.parent-peer-support",),
        audience=(A.PARENTS, A.CHILDREN),
        ages=((0, 143),),
        needs=("fathers", "isolation", "play"),
        eligibility="Dads and male carers with children up to 11 in the {area}.",
        routes=(R.DROP_IN, R.SELF),
        delivery=(D.IN_PERSON,),
        venues=("hub",),
        sessions=(ScheduleBlueprint(days=(W.SA,), opens="10:00", closes="12:00", week_of_month=1),),
        thresholds="Open to all dads and father figures.",
        waiting="No wait: just come along",
        staff_notes="Separated dads with supervised contact orders should talk to us first.",
    ),
)

COURSES = (
    Template(
        key="parenting-course",
        kind="parenting",
        names=(
            "Parenting course for parents of 3 to 11 year olds",
            "Calmer Families: a ten-week parenting course",
            "Positive Parenting group course",
            "Parenting Together: a ten-week course",
        ),
        summary="A ten-week group course on play, praise, boundaries and calm consequences, for "
        "parents of children aged 3 to 11.",
        descriptions=(
            "A friendly group course for parents and carers of children aged 3 to 11, weekly for "
            "ten weeks. Topics include play, praise, setting limits, routines and calm ways to "
            "handle difficult behaviour. There is a free crèche, and every parent who finishes "
            "gets a certificate.",
            "Held at {venue} on weekday mornings in term time, this ten-week course helps parents "
            "feel more confident and enjoy their children more. You try ideas at home each week "
            "and share how they went. The course can be tailored for parents of children with "
            "additional needs.",
        ),
        categories=("parenting.parenting-courses",),
        audience=(A.PARENTS,),
        ages=(ADULTS,),
        needs=("behaviour", "routines", "boundaries"),
        eligibility="Parents and carers of children aged 3 to 11 in the {area}.",
        routes=(R.SELF, R.SCHOOL, R.PROFESSIONAL),
        delivery=(D.IN_PERSON,),
        venues=("primary",),
        sessions=(ScheduleBlueprint(days=(W.TU,), opens="09:30", closes="11:30", term_time=True),),
        access=("Free crèche: book when you sign up",),
        thresholds="Open to all parents; schools and family workers can reserve places for "
        "families on an early help plan.",
        waiting="Next course starts in about 6 weeks",
        staff_notes="Ten weeks, up to 12 parents per group. Crèche places are limited, so refer "
        "early.",
    ),
    Template(
        key="teen-parenting",
        kind="parenting",
        names=(
            "Parenting Teenagers: an eight-week course",
            "Talking Teens course for parents",
            "Parenting your teenager",
            "Teens and Parents evening course",
        ),
        summary="An eight-week online evening course for parents of teenagers: communication, "
        "risk, screens and staying connected.",
        descriptions=(
            "An eight-week evening course, online, for parents of young people aged 11 to 18. We "
            "cover communication, conflict, risk-taking, screens and social media, and how to "
            "stay close while giving more independence.",
            "Live online sessions one evening a week for eight weeks, with a small group of "
            "other parents of teenagers. Practical ideas to try at home each week, and a chance "
            "to talk about what is really going on.",
        ),
        categories=("parenting.parenting-courses",),
        audience=(A.PARENTS,),
        ages=(ADULTS,),
        needs=("teenagers", "conflict", "online safety"),
        eligibility="Parents and carers of 11 to 18 year olds in the {area}.",
        cost="£20 for the course; free places for families on a low income",
        routes=(R.SELF,),
        delivery=(D.ONLINE,),
        sessions=(ScheduleBlueprint(days=(W.TH,), opens="19:00", closes="21:00", at=None),),
        access=("Join by phone or computer; cameras optional",),
        thresholds="Open to all parents of teenagers.",
        waiting="Courses start every term",
        staff_notes="Ask us for a free place code to give a family.",
    ),
    Template(
        key="baby-course",
        kind="parenting",
        names=(
            "Baby and Me: a course for new parents",
            "Bumps to Babies course",
            "First Months: a course for new parents",
            "Baby Bonding course",
        ),
        summary="A six-week course for parents of babies under six months: bonding, crying, "
        "sleep and looking after yourself.",
        descriptions=(
            "A six-week course for parents of babies under six months. Each week covers one "
            "topic, such as crying, sleep, play or your own wellbeing, with baby massage to "
            "finish. Bring your baby.",
            "Meet other new parents at {venue} and learn about your baby's development, feeding "
            "and sleep. Health visitors join some sessions. Dads and partners are very welcome.",
        ),
        categories=("parenting.parenting-courses", "parenting.early-years"),
        audience=(A.PARENTS, A.CHILDREN),
        ages=((0, 6),),
        needs=("new parents", "bonding", "crying and sleep"),
        eligibility="Parents of babies under 6 months in the {area}.",
        routes=(R.SELF, R.PROFESSIONAL),
        delivery=(D.IN_PERSON,),
        venues=("hub",),
        sessions=(ScheduleBlueprint(days=(W.WE,), opens="13:30", closes="15:00"),),
        thresholds="Open to all; health visitors can reserve places for parents with low mood.",
        waiting="A new group starts every 6 weeks",
        staff_notes="Health visitors can refer parents with postnatal low mood for a reserved "
        "place.",
    ),
)
