"""Counselling and relationship support, from counselling charities and relationship services."""

from __future__ import annotations

from services.catalogue.demo.blueprints import ADULTS, ScheduleBlueprint, Template
from services.catalogue.model import Audience as A
from services.catalogue.model import Delivery as D
from services.catalogue.model import ReferralRoute as R
from services.catalogue.model import Weekday as W

INTERPRETERS = "Interpreters can be booked for appointments: tell us the language when you refer"

COUNSELLING = (
    Template(
        key="child-counselling",
        kind="counselling",
        names=(
            "Talking Space: counselling for children in school",
            "Counselling for children in primary schools",
            "Time to Talk: counselling for children",
            "Children's counselling at {venue}",
        ),
        summary="One-to-one counselling for primary-age children, in school during the school day.",
        descriptions=(
            "A trained counsellor meets your child once a week in school, in a quiet room, for up "
            "to twelve sessions. Children use talk, play and art to make sense of worries, anger, "
            "sadness or changes at home. Parents meet the counsellor before the sessions start and "
            "again at the end to talk about progress.",
            "Weekly counselling at {venue} for children aged 5 to 11 who are finding things hard, "
            "including children whose behaviour is putting their place at school at risk. Sessions "
            "are confidential, but the counsellor will always act if a child is at risk. We work "
            "with parents and the school's pastoral team so everyone pulls in the same direction.",
        ),
        categories=("mental-health.counselling", "mental-health.emotional-wellbeing"),
        audience=(A.CHILDREN,),
        ages=((60, 143), (48, 131), (72, 143)),
        needs=("anxiety", "anger", "low mood", "attachment difficulties", "changes at home"),
        eligibility="Children aged 5 to 11 at a school in the {area}. A parent or carer must "
        "agree to the sessions.",
        routes=(R.SCHOOL, R.SELF),
        delivery=(D.IN_PERSON,),
        venues=("primary",),
        sessions=(
            ScheduleBlueprint(days=(W.TU, W.WE), opens="09:00", closes="15:00", term_time=True),
        ),
        access=("Sessions in a quiet, private room in school",),
        thresholds="Mild to moderate emotional or behavioural difficulties. Children who are "
        "self-harming or at risk of serious harm should be referred to CAMHS; we can work "
        "alongside CAMHS once they have assessed.",
        waiting="About 4 weeks",
        staff_notes="Schools refer on our form with the parent's signed consent. Include any "
        "previous CAMHS or early help involvement and the child's attendance.",
    ),
    Template(
        key="young-people-counselling",
        kind="counselling",
        names=(
            "Young people's counselling",
            "Counselling for 11 to 18 year olds",
            "Open Door counselling for young people",
            "Teen Talk counselling",
        ),
        summary="Free, confidential counselling for young people aged 11 to 18, face to face, "
        "online or by phone.",
        descriptions=(
            "Young people can talk to a counsellor about anything that is bothering them: stress, "
            "exams, friendships, family, identity or feeling low. You can refer yourself without "
            "telling your school or parents. Sessions are weekly for up to ten weeks, after school "
            "or online.",
            "A counselling service for secondary-age young people, with after-school and evening "
            "appointments at our centre and sessions online. Young people can contact us "
            "themselves, and schools and GPs can also refer. We explain how confidentiality works "
            "at the first meeting.",
        ),
        categories=("mental-health.counselling", "mental-health.emotional-wellbeing"),
        audience=(A.CHILDREN,),
        ages=((132, 227), (144, 227)),
        needs=("stress", "low mood", "self-esteem", "exam worries", "friendships"),
        eligibility="Young people aged 11 to 18 who live or go to school in the {area}.",
        routes=(R.SELF, R.SCHOOL, R.GP),
        delivery=(D.IN_PERSON, D.ONLINE, D.PHONE),
        venues=("office",),
        sessions=(ScheduleBlueprint(days=(W.MO, W.WE, W.TH), opens="15:30", closes="20:00"),),
        thresholds="Mild to moderate difficulties. Young people at immediate risk are directed "
        "to A&E or the crisis line, and we tell their GP with their consent.",
        waiting="2 to 3 weeks; a first phone call within 5 working days",
        staff_notes="Young people who understand what counselling involves can consent for "
        "themselves (Gillick competence); we encourage them to involve a trusted adult.",
    ),
    Template(
        key="parent-counselling",
        kind="counselling",
        names=(
            "Counselling for parents and carers",
            "Space for Parents counselling",
            "Parent counselling service",
            "Counselling for mums, dads and carers",
        ),
        summary="Confidential counselling for parents and carers who are finding things hard, "
        "in person, online or by phone.",
        descriptions=(
            "Being a parent can be hard, especially when money, health or relationships are under "
            "strain. Our counsellors offer up to twelve weekly sessions to talk things through in "
            "confidence. Daytime and evening appointments are available, and a crèche runs "
            "alongside the morning sessions.",
            "Counselling for parents and carers dealing with stress, low mood, loss or a child's "
            "difficult behaviour. Many parents come to us while their child is having counselling "
            "too. You can refer yourself, or a school family worker or GP can refer you.",
        ),
        categories=("mental-health.counselling",),
        audience=(A.PARENTS,),
        ages=(ADULTS,),
        needs=("stress", "low mood", "bereavement", "parenting pressures", "relationships"),
        eligibility="Parents and carers of children under 18 living in the {area}.",
        cost="£5 a session, free for families on benefits",
        routes=(R.SELF, R.SCHOOL, R.GP),
        delivery=(D.IN_PERSON, D.ONLINE, D.PHONE),
        venues=("office",),
        sessions=(ScheduleBlueprint(days=(W.MO, W.TH), opens="10:00", closes="20:00"),),
        access=(INTERPRETERS, "Crèche on weekday mornings"),
        thresholds="Low-level mental health difficulties. Parents with severe or enduring mental "
        "illness are helped to contact their GP or the adult community mental health team.",
        waiting="3 to 5 weeks",
        staff_notes="If a parent is too anxious to call, a family worker can make a three-way "
        "call from school to book the first appointment.",
    ),
    Template(
        key="bereavement",
        kind="counselling",
        names=(
            "After Loss: bereavement support for young people",
            "Grief support for children",
            "Bereavement support for children and teenagers",
            "Rainbow Group bereavement support",
        ),
        summary="Support for children and young people after someone close to them has died.",
        descriptions=(
            "When someone important dies, children can feel alone with their grief. We offer "
            "one-to-one sessions and a monthly group where children can meet others who "
            "understand. We also help parents and carers to talk with their children about death.",
            "One-to-one support and a monthly group for children and young people who have been "
            "bereaved, including by suicide. Sessions use play, memory boxes and conversation, at "
            "a pace that suits the child. Parents can ring for advice even if their child does not "
            "want support yet.",
        ),
        categories=("mental-health.bereavement",),
        audience=(A.CHILDREN, A.FAMILIES),
        ages=((48, 215), (60, 215)),
        needs=("bereavement", "grief", "loss"),
        eligibility="Children and young people aged 4 to 17 in the {area} who have been bereaved.",
        routes=(R.SELF, R.SCHOOL, R.PROFESSIONAL),
        delivery=(D.IN_PERSON, D.PHONE),
        venues=("office",),
        sessions=(
            ScheduleBlueprint(
                days=(W.WE,),
                opens="16:00",
                closes="17:30",
                week_of_month=2,
                note="Children's group",
            ),
        ),
        thresholds="Any child bereaved of someone close; there is no minimum time since the death.",
        waiting="1 to 2 weeks for a first phone call",
        staff_notes="Tell us the cause of death if known, so we can match the right worker.",
    ),
    Template(
        key="staff-mentoring",
        kind="counselling",
        names=(
            "Understanding children's emotions: mentoring for school staff",
            "Emotional wellbeing mentoring programme for school staff",
            "Mentoring programme for school staff: children's emotional needs",
            "Staff mentoring on children's emotional development",
        ),
        summary="A term of fortnightly one-hour sessions for school staff on children's emotional "
        "development, then monthly peer support.",
        descriptions=(
            "An experienced counsellor leads fortnightly one-hour sessions over a school term for "
            "teaching assistants, teachers and pastoral staff. Sessions cover attachment, "
            "challenging behaviour and how to support the parents of children who are struggling. "
            "Afterwards staff keep meeting in a monthly peer support group to share cases and look "
            "after their own wellbeing.",
            "For school staff who work with the most vulnerable children. Over one term of "
            "fortnightly sessions you build your understanding of children's emotional "
            "development and practise conversations with parents. A monthly peer support group "
            "follows, and we can add a twilight session for the whole staff team.",
        ),
        categories=(
            "professional-training.staff-development",
            "mental-health.emotional-wellbeing",
        ),
        audience=(A.SCHOOL_STAFF,),
        ages=(ADULTS,),
        eligibility="Staff at primary and secondary schools in the {area}. Book through your "
        "headteacher or SENCo.",
        cost="£300 per school for the programme; the peer support groups are free",
        routes=(R.PROFESSIONAL,),
        delivery=(D.IN_PERSON, D.ONLINE),
        venues=("school",),
        sessions=(
            ScheduleBlueprint(
                days=(W.WE,),
                opens="15:45",
                closes="17:00",
                week_of_month=2,
                term_time=True,
                note="Peer support group",
            ),
        ),
        thresholds="Up to three places per school; about 20 staff per programme.",
        waiting="Programmes start at the beginning of each term",
        staff_notes="Heads can ask for the programme to be run in their own school for a whole "
        "staff team.",
    ),
)

RELATIONSHIPS = (
    Template(
        key="relationship-counselling",
        kind="relationship",
        names=(
            "Relationship counselling at {venue}",
            "Couples counselling at {venue}",
            "Relationship counselling for parents at {venue}",
            "Relationship counselling in school: {venue}",
        ),
        summary="Counselling for parents whose relationship is under strain, at a local primary "
        "school on Thursday and Friday mornings in term time.",
        descriptions=(
            "A relationship counsellor holds sessions at {venue} every Thursday and Friday "
            "morning in term time, so parents can get help close to home. Couples can come "
            "together or one partner can come alone. Getting help early with arguments, "
            "separation or stress at home makes things easier for the children too.",
            "Our counsellor is based at {venue} on Thursday and Friday mornings during term. "
            "Parents can talk about arguing, trust, communication or whether to separate. The "
            "school's safeguarding team or family worker can book an appointment for you, or you "
            "can contact us directly.",
        ),
        categories=("parenting.relationship-support", "mental-health.counselling"),
        audience=(A.PARENTS,),
        ages=(ADULTS,),
        needs=("relationship difficulties", "conflict at home", "separation"),
        eligibility="Parents and carers of children at local schools; you do not need to be a "
        "parent at {venue}.",
        cost="£10 a session, free for families on benefits",
        routes=(R.SELF, R.SCHOOL),
        delivery=(D.IN_PERSON,),
        venues=("primary",),
        sessions=(
            ScheduleBlueprint(days=(W.TH, W.FR), opens="09:00", closes="12:00", term_time=True),
        ),
        fixed_days=True,
        thresholds="Not suitable where there is current domestic abuse: refer to the domestic "
        "abuse service instead. Each partner is seen alone at the first appointment.",
        waiting="About 3 weeks",
        staff_notes="The school's family worker can book slots in the shared diary. Tell parents "
        "the sessions are in the family room, not the main office.",
    ),
    Template(
        key="co-parenting-course",
        kind="relationship",
        names=(
            "Parenting Apart: a course for separated parents",
            "Co-parenting after separation",
            "Putting Children First after separation",
            "Separated parents' course",
        ),
        summary="A six-week evening course that helps separated parents reduce conflict and put "
        "their children first.",
        descriptions=(
            "For parents who have separated or are going through separation. Over six weekly "
            "evening sessions you look at how conflict affects children, how to talk with your "
            "ex-partner about arrangements and how to manage your own feelings. Each parent "
            "attends a different group.",
            "A practical six-week course for mums and dads living apart. It covers talking to "
            "children about separation, handovers, new partners and keeping communication calm. "
            "Family courts and mediators often recommend it.",
        ),
        categories=("parenting.relationship-support", "parenting.parenting-courses"),
        audience=(A.PARENTS,),
        ages=(ADULTS,),
        needs=("separation", "conflict", "contact arrangements"),
        eligibility="Separated or separating parents of children under 18 in the {area}.",
        cost="£40 for the course, free for families on benefits",
        routes=(R.SELF, R.PROFESSIONAL),
        delivery=(D.IN_PERSON, D.ONLINE),
        venues=("hub",),
        sessions=(ScheduleBlueprint(days=(W.TU,), opens="18:30", closes="20:30"),),
        thresholds="Not for parents where there are current child protection concerns about "
        "contact.",
        waiting="A new course starts every 8 weeks",
        staff_notes="Solicitors and family court advisers can refer; we send a certificate of "
        "attendance if the parent agrees.",
    ),
    Template(
        key="family-mediation",
        kind="relationship",
        names=(
            "Family mediation",
            "Family mediation service",
            "Mediation for separating families",
            "Family and child-inclusive mediation",
        ),
        summary="Help for separating parents to agree arrangements for children and money "
        "without going to court.",
        descriptions=(
            "A trained mediator helps you and your ex-partner agree arrangements for the "
            "children, the home and money. Mediation is usually quicker and cheaper than going to "
            "court. Children aged 10 and over can have their say if both parents agree.",
            "Mediation meetings, in person or online, for parents who are separating. We start by "
            "meeting each parent on their own. Legal aid covers mediation for many families, and "
            "we will check whether you qualify.",
        ),
        categories=("parenting.relationship-support",),
        audience=(A.PARENTS,),
        ages=(ADULTS,),
        needs=("separation", "divorce", "child arrangements"),
        eligibility="Separating parents in the {area}; both parents need to agree to take part.",
        cost="From £120 a session per person; free if you get legal aid",
        routes=(R.SELF, R.PROFESSIONAL),
        delivery=(D.IN_PERSON, D.ONLINE),
        venues=("office",),
        sessions=(ScheduleBlueprint(days=(W.MO, W.TU, W.WE), opens="09:30", closes="17:00"),),
        thresholds="Mediation is not offered where there is domestic abuse unless the person "
        "harmed wants it and it can be made safe.",
        waiting="First meeting within 2 weeks",
        staff_notes="We can complete the mediation information meeting form needed before a "
        "court application.",
    ),
)
