"""What family hubs offer: early help, holiday activities and training for school staff."""

from __future__ import annotations

from services.catalogue.demo.blueprints import ADULTS, ScheduleBlueprint, Template
from services.catalogue.model import Audience as A
from services.catalogue.model import Delivery as D
from services.catalogue.model import ReferralRoute as R
from services.catalogue.model import Weekday as W

FAMILY_HUBS = (
    Template(
        key="early-help",
        kind="hub",
        names=(
            "Early help family support",
            "Family support workers",
            "Early help for families",
            "Family Hub key workers",
        ),
        summary="A family support worker works with the whole family for a few months on what "
        "matters to you.",
        descriptions=(
            "A family support worker meets you at home, in school or at the family hub, and works "
            "with the whole family for three to six months. Together you agree a plan on the "
            "things that matter to you, such as routines, school attendance, behaviour, money or "
            "housing. Your worker brings other services together in Team Around the Child "
            "meetings.",
            "Early help is for families who need a bit more support than schools and health "
            "visitors can give. A key worker helps you with practical things like managing the "
            "household and dealing with other agencies, and will speak up for you with housing, "
            "benefits or school if you want them to.",
        ),
        categories=("parenting.family-support-work",),
        audience=(A.FAMILIES,),
        needs=("school attendance", "routines", "behaviour", "household management"),
        eligibility="Families with children under 18 living in the {area}.",
        routes=(R.SELF, R.SCHOOL, R.PROFESSIONAL),
        delivery=(D.HOME_VISIT, D.IN_PERSON, D.PHONE),
        venues=("hub",),
        sessions=(
            ScheduleBlueprint(days=(W.MO, W.TU, W.WE, W.TH, W.FR), opens="09:00", closes="17:00"),
        ),
        fixed_days=True,
        thresholds="Families needing more than universal services but below the threshold for "
        "children's social care (levels 2 to 3 of the local threshold guidance).",
        waiting="A worker is allocated within 2 weeks",
        staff_notes="Refer on the early help form with the family's consent. If you think a "
        "child is at risk of significant harm, call the children's front door instead.",
    ),
    Template(
        key="holiday-activities",
        kind="hub",
        names=(
            "Holiday activities and food programme",
            "Holiday club with free lunch",
            "Easter and summer holiday club",
            "Holiday Fun and Food",
        ),
        summary="Free activities and a healthy lunch in the school holidays for children who get "
        "benefits-related free school meals.",
        descriptions=(
            "Sport, arts, cooking and trips in the Easter, summer and Christmas holidays, with a "
            "hot lunch every day. Places are free for children who get benefits-related free "
            "school meals, and there are a few paid places for others.",
            "A holiday club at {venue} for children aged 4 to 16, four days a week in the school "
            "holidays. Children try new sports, make things, cook and eat together. Parents can "
            "stay for the family lunch on Thursdays.",
        ),
        categories=("education.holiday-activities", "money.food-support"),
        audience=(A.CHILDREN,),
        ages=((48, 191), (60, 143), (132, 191)),
        needs=("holiday hunger", "activities", "childcare in the holidays"),
        eligibility="Children aged 4 to 16 at school in the {area}.",
        cost="Free for children on benefits-related free school meals; £12 a day for others",
        routes=(R.SELF,),
        delivery=(D.IN_PERSON,),
        venues=("school",),
        sessions=(
            ScheduleBlueprint(
                days=(W.MO, W.TU, W.WE, W.TH),
                opens="10:00",
                closes="14:00",
                holidays=True,
            ),
        ),
        access=("Allergy-aware kitchen", "Support for children with SEND on request"),
        thresholds="Free places for children eligible for benefits-related free school meals.",
        waiting="Booking opens three weeks before each holiday",
        staff_notes="Schools can book places directly for children they are worried about over "
        "the holidays.",
    ),
    Template(
        key="working-with-parents-level-3",
        kind="hub",
        names=(
            "Working with Parents: Level 3 course for school staff",
            "Partners with Parents: Level 3 training for school staff",
            "Working with Parents Level 3 programme",
            "Supporting Parents: Level 3 course for school staff",
        ),
        summary="An eight-session course for school staff on working with parents, leading to a "
        "Level 3 qualification, followed by peer networking.",
        descriptions=(
            "For pastoral support workers, family outreach workers, attendance staff and learning "
            "mentors. Eight fortnightly training days in groups of up to 10, organised by school "
            "cluster, build your skills in helping parents strengthen relationships with their "
            "children, handle challenging behaviour and get involved in their learning. About 17 "
            "hours of one-to-one support over 12 weeks follow while you build a portfolio for a "
            "Level 3 qualification in Work with Parents, and then regular peer networking.",
            "An eight-session course for school staff who work with parents, delivered by "
            "experienced practitioners. You complete a portfolio showing how you have used what "
            "you learned, and are assessed for a Level 3 qualification. After qualifying, staff "
            "stay in their groups for peer networking sessions run by the family hub.",
        ),
        categories=(
            "professional-training.working-with-parents",
            "professional-training.staff-development",
        ),
        audience=(A.SCHOOL_STAFF,),
        ages=(ADULTS,),
        needs=("working with parents", "early help", "challenging behaviour"),
        eligibility="Staff at schools in the {area} whose role includes working with parents.",
        cost="Free to maintained schools in the {area}; £450 a place for others",
        routes=(R.PROFESSIONAL,),
        delivery=(D.IN_PERSON,),
        venues=("hub",),
        sessions=(
            ScheduleBlueprint(
                days=(W.WE,),
                opens="09:30",
                closes="15:30",
                week_of_month=1,
                term_time=True,
                note="Training day",
            ),
            ScheduleBlueprint(
                days=(W.WE,),
                opens="09:30",
                closes="15:30",
                week_of_month=3,
                term_time=True,
                note="Training day",
            ),
        ),
        fixed_days=True,
        thresholds="Applicants need their headteacher's support and time to complete the "
        "portfolio (about 17 hours over 12 weeks).",
        waiting="A new group starts each term; apply at least four weeks before",
        staff_notes="Places are allocated by school cluster, up to 10 per group.",
    ),
    Template(
        key="family-workers-network",
        kind="hub",
        names=(
            "Network for school family workers",
            "Working with Parents peer network",
            "Home-school link workers' network",
            "Family workers' peer network",
        ),
        summary="Monthly networking for school staff who work with parents: share tips, hear "
        "from local services and keep learning.",
        descriptions=(
            "Once you have completed the Working with Parents course, you stay with your group "
            "and meet every month to share what is working, talk through difficult situations "
            "and hear from local services. It helps with the loneliness of being the only family "
            "worker in a school.",
            "A monthly after-school meeting for pastoral staff, learning mentors and home-school "
            "link workers. Each session has a guest from a local service, such as CAMHS, housing "
            "or the domestic abuse service, and time to share practice.",
        ),
        categories=(
            "professional-training.staff-development",
            "professional-training.working-with-parents",
        ),
        audience=(A.SCHOOL_STAFF, A.PROFESSIONALS),
        ages=(ADULTS,),
        eligibility="School staff in the {area} who work with parents.",
        routes=(R.PROFESSIONAL,),
        delivery=(D.IN_PERSON, D.ONLINE),
        venues=("hub",),
        sessions=(
            ScheduleBlueprint(
                days=(W.TH,),
                opens="15:45",
                closes="17:15",
                week_of_month=2,
                term_time=True,
            ),
        ),
        thresholds="Open to any school staff member working with parents.",
        waiting="No wait",
        staff_notes="Ask the network coordinator to add a colleague to the mailing list.",
    ),
    Template(
        key="twilight-training",
        kind="hub",
        names=(
            "Twilight training: a whole-school approach to mental health",
            "Emotional wellbeing twilight sessions for schools",
            "Whole-school wellbeing twilight training",
            "Twilight training on children's mental health",
        ),
        summary="An after-school session for the whole staff team on supporting children's "
        "mental health and emotional wellbeing.",
        descriptions=(
            "A 90-minute twilight session for all staff in a school, from midday supervisors to "
            "senior leaders. It raises awareness of children's mental health, shows how to "
            "respond when a child or parent is struggling, and explains when and how to refer on.",
            "Held at your school or at {venue}, this session helps the whole staff team build a "
            "shared approach to emotional wellbeing. It covers spotting early signs, talking with "
            "parents about worries and looking after staff wellbeing.",
        ),
        categories=(
            "professional-training.staff-development",
            "mental-health.emotional-wellbeing",
        ),
        audience=(A.SCHOOL_STAFF,),
        ages=(ADULTS,),
        eligibility="Schools in the {area}.",
        cost="£150 a session for the whole staff team",
        routes=(R.PROFESSIONAL,),
        delivery=(D.IN_PERSON,),
        venues=("school",),
        sessions=(
            ScheduleBlueprint(
                days=(W.TU,),
                opens="15:45",
                closes="17:15",
                week_of_month=3,
                term_time=True,
            ),
        ),
        thresholds="Booked by the school's senior leadership team.",
        waiting="Usually within half a term",
        staff_notes="Can be combined with the staff mentoring programme.",
    ),
    Template(
        key="thresholds-briefing",
        kind="hub",
        names=(
            "Early help and safeguarding thresholds briefing",
            "Understanding Thresholds: briefing for professionals",
            "Team Around the Child briefing",
            "Multi-agency early help briefing",
        ),
        summary="A monthly briefing for head teachers, school staff and other professionals on "
        "early help, safeguarding thresholds and sharing information.",
        descriptions=(
            "A two-hour online briefing on the local threshold guidance: what early help can "
            "offer, when to contact children's social care, and how to run a Team Around the "
            "Child meeting. It includes time to talk through anonymised cases.",
            "For head teachers, designated safeguarding leads, GPs and voluntary sector staff. "
            "The briefing explains how agencies share information, how to get consent and how "
            "to avoid working in silos, with a speaker from children's social care.",
        ),
        categories=("safety.safeguarding", "professional-training.staff-development"),
        audience=(A.PROFESSIONALS, A.SCHOOL_STAFF),
        ages=(ADULTS,),
        eligibility="Professionals working with children and families in the {area}.",
        routes=(R.PROFESSIONAL,),
        delivery=(D.ONLINE,),
        sessions=(
            ScheduleBlueprint(
                days=(W.TU,),
                opens="13:30",
                closes="15:30",
                week_of_month=-1,
                at=None,
            ),
        ),
        fixed_days=True,
        access=("Live captions; slides sent in advance on request",),
        thresholds="For professionals only.",
        waiting="Book a place up to the day before",
        staff_notes="Counts towards the designated safeguarding lead's annual update.",
    ),
)
