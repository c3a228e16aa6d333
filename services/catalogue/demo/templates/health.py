"""NHS services for children and families, and SEND and autism support."""

from __future__ import annotations

from services.catalogue.demo.blueprints import ScheduleBlueprint, Template
from services.catalogue.model import Audience as A
from services.catalogue.model import Delivery as D
from services.catalogue.model import ReferralRoute as R
from services.catalogue.model import Weekday as W

WEEKDAYS = (W.MO, W.TU, W.WE, W.TH, W.FR)
BSL = "British Sign Language"

NHS = (
    Template(
        key="camhs",
        kind="nhs",
        names=(
            "Child and Adolescent Mental Health Services (CAMHS)",
            "CAMHS: child and adolescent mental health",
            "CAMHS community team",
            "Children and young people's mental health service (CAMHS)",
        ),
        summary="NHS assessment and treatment for children and young people with significant "
        "mental health difficulties. Referral by a GP, school or other professional.",
        descriptions=(
            "CAMHS is the NHS service for children and young people up to 18 with significant "
            "mental health difficulties, such as severe anxiety, depression, eating disorders, "
            "self-harm or trauma. After an assessment the team may offer therapy, family work or "
            "medication. Families cannot refer themselves: ask your GP, your child's school or "
            "another professional to make a referral.",
            "Psychiatrists, psychologists, nurses and therapists assess and treat children and "
            "young people whose mental health is seriously affecting their daily life. Referrals "
            "come through a single point of access. With the family's consent the team contacts "
            "the child's school to understand how the child is doing there.",
        ),
        categories=("mental-health.camhs",),
        audience=(A.CHILDREN, A.FAMILIES),
        ages=((0, 215),),
        needs=("depression", "anxiety", "self-harm", "eating disorders", "trauma"),
        eligibility="Children and young people aged 0 to 17 registered with a GP in the {area}.",
        routes=(R.GP, R.SCHOOL, R.PROFESSIONAL),
        local_routes={"stockport": (R.GP, R.PROFESSIONAL)},
        delivery=(D.IN_PERSON, D.ONLINE, D.PHONE),
        venues=("clinic",),
        sessions=(ScheduleBlueprint(days=WEEKDAYS, opens="09:00", closes="17:00"),),
        fixed_days=True,
        languages=(BSL,),
        access=("Interpreters provided for all appointments",),
        thresholds="Moderate to severe mental health difficulties affecting daily life at home "
        "and at school that have not improved with early help or school-based support. Urgent "
        "referrals (risk of serious self-harm or suicide) are screened the same working day.",
        waiting="Routine: 14 to 18 weeks from referral to first appointment; urgent: within "
        "5 working days",
        staff_notes="Refer through the single point of access form with the parent's consent. "
        "Include the school's observations, attendance and any early help assessment. A "
        "consultation line for professionals is open on weekday afternoons.",
    ),
    Template(
        key="health-visiting",
        kind="nhs",
        names=(
            "Health visiting team",
            "Health visitors",
            "Health visiting service",
            "Health visitors and baby development checks",
        ),
        summary="Health visitors support families from pregnancy until a child starts school, at "
        "home, by phone and at a weekly drop-in clinic.",
        descriptions=(
            "Every family with a baby or young child has a named health visiting team. Health "
            "visitors visit you at home after the birth and offer development reviews at 1 year "
            "and at 2 to 2½ years. They can help with feeding, sleep, behaviour, your own "
            "wellbeing and anything else about being a new parent.",
            "Health visitors are specialist nurses for families with children under 5. As well as "
            "home visits and development checks, they run a weekly drop-in clinic at {venue} "
            "where you can have your baby weighed and ask questions. Contact them directly: you "
            "do not need a referral.",
        ),
        categories=("parenting.early-years",),
        audience=(A.PARENTS, A.CHILDREN),
        ages=((0, 59),),
        needs=("feeding", "sleep", "child development", "postnatal depression"),
        eligibility="Families with children under 5 living in the {area}.",
        routes=(R.SELF, R.GP, R.DROP_IN),
        delivery=(D.HOME_VISIT, D.IN_PERSON, D.PHONE),
        venues=("hub",),
        sessions=(
            ScheduleBlueprint(days=(W.WE,), opens="09:30", closes="11:30", note="Drop-in clinic"),
        ),
        languages=(BSL,),
        thresholds="A universal service for every family with a child under 5, with extra "
        "visits for families who need more support.",
        waiting="Drop-in: no wait; the duty health visitor returns calls the same day",
        staff_notes="Professionals can call the duty health visitor to share concerns or ask for "
        "a joint visit.",
    ),
    Template(
        key="school-nursing",
        kind="nhs",
        names=(
            "School nursing service",
            "School nurses",
            "School health team",
            "School nurse drop-in and health service",
        ),
        summary="School nurses offer health advice and confidential drop-ins for pupils, and "
        "support children with health needs in school.",
        descriptions=(
            "School nurses work with pupils, parents and schools on health: sleep, continence, "
            "healthy weight, emotional health and long-term conditions such as asthma or "
            "diabetes. Secondary pupils can see the school nurse at a confidential weekly drop-in. "
            "Parents can contact the team directly.",
            "The school health team runs a weekly drop-in at {venue} and sees pupils from other "
            "schools by appointment. Nurses carry out health checks, help schools plan care for "
            "children with medical needs and can refer on to other services. Young people can "
            "text the team for advice.",
        ),
        categories=("health.school-nursing",),
        audience=(A.CHILDREN, A.PARENTS),
        ages=((60, 227), (132, 227)),
        needs=("emotional health", "continence", "healthy weight", "long-term conditions"),
        eligibility="Children and young people aged 5 to 19 at school in the {area}.",
        routes=(R.SELF, R.SCHOOL, R.DROP_IN),
        delivery=(D.IN_PERSON, D.PHONE),
        venues=("secondary",),
        sessions=(
            ScheduleBlueprint(
                days=(W.TH,),
                opens="12:15",
                closes="13:45",
                term_time=True,
                note="Lunchtime drop-in",
            ),
        ),
        thresholds="A universal service for school-age children, with targeted work for "
        "children with identified health needs.",
        waiting="Drop-in: no wait; appointments within 2 weeks",
        staff_notes="Schools ask for individual health care plans through the team's shared inbox.",
    ),
    Template(
        key="family-therapy",
        kind="nhs",
        names=(
            "Family therapy service",
            "Family therapy clinic",
            "Systemic family therapy",
            "Family therapy for children and parents",
        ),
        summary="Family therapy helps families talk together about difficulties that affect "
        "everyone.",
        descriptions=(
            "Family therapists work with the whole family, or with parents and children "
            "separately, when conflict, illness, behaviour or a difficult change is affecting "
            "everyone. Sessions last about an hour, every two to three weeks. Some sessions use a "
            "second therapist who listens and shares ideas.",
            "A team of family and systemic therapists working with families where a child or "
            "young person is struggling. Therapy can help family members understand each other, "
            "communicate better and find their own solutions. Families are referred by CAMHS, a "
            "GP or another professional.",
        ),
        categories=("mental-health.family-therapy",),
        audience=(A.FAMILIES,),
        needs=("family conflict", "behaviour", "illness in the family"),
        eligibility="Families in the {area} with a child under 18.",
        routes=(R.GP, R.PROFESSIONAL),
        delivery=(D.IN_PERSON, D.ONLINE),
        venues=("clinic",),
        sessions=(ScheduleBlueprint(days=(W.TU, W.TH), opens="13:00", closes="19:00"),),
        thresholds="Families where a child under 18 has moderate emotional or behavioural "
        "difficulties and the family is willing to attend together. Not a crisis service.",
        waiting="About 10 weeks",
        staff_notes="Most referrals come through CAMHS triage; GPs and social workers can refer "
        "directly with the family's consent.",
    ),
    Template(
        key="baby-clinic",
        kind="nhs",
        names=(
            "Baby feeding and weighing drop-in",
            "Baby clinic",
            "Bumps and Babies drop-in",
            "Infant feeding support group",
        ),
        summary="A friendly weekly drop-in for parents of babies: feeding help, weighing and a "
        "chat with other parents.",
        descriptions=(
            "Come along with your baby for feeding support, weighing and advice from a health "
            "visitor or trained peer supporter. There is a private space to breastfeed, and help "
            "with bottle feeding and starting solid food too. You do not need an appointment.",
            "A weekly drop-in for expectant parents and parents of babies up to one. Meet other "
            "families, have your baby weighed, and ask about feeding, sleep, crying or how you "
            "are feeling. Partners and grandparents are welcome.",
        ),
        categories=("parenting.early-years", "health.healthy-living"),
        audience=(A.PARENTS, A.CHILDREN),
        ages=((0, 11),),
        needs=("breastfeeding", "bottle feeding", "weaning", "new parents"),
        eligibility="Expectant parents and families with babies under 1.",
        routes=(R.DROP_IN, R.SELF),
        delivery=(D.IN_PERSON,),
        venues=("hub",),
        sessions=(ScheduleBlueprint(days=(W.FR,), opens="10:00", closes="12:00"),),
        access=("Private feeding room",),
        thresholds="Open to all families with babies under 1 and expectant parents.",
        waiting="No wait: just drop in",
        staff_notes="Peer supporters can pass concerns to the duty health visitor the same "
        "morning.",
    ),
)

SEND = (
    Template(
        key="send-advice",
        kind="send",
        names=(
            "SEND information, advice and support",
            "SEND advice for parents",
            "SEND advice line and casework",
            "Special educational needs advice for families",
        ),
        summary="Free, impartial advice about special educational needs and disabilities, from "
        "SEN support in school to EHC plans.",
        descriptions=(
            "Impartial advice for parents and young people about SEN support in school, "
            "education, health and care (EHC) needs assessments and plans, and exclusions. An "
            "adviser can help you prepare for meetings with school and come with you. Young "
            "people aged 16 to 25 can contact us themselves.",
            "A helpline and casework service for families of children with special educational "
            "needs or disabilities. We explain the law in plain English, help you write to the "
            "council and support you through annual reviews, tribunal appeals and moves between "
            "schools.",
        ),
        categories=("send.send-advice",),
        audience=(A.PARENTS, A.CHILDREN),
        ages=((0, 299),),
        needs=("special educational needs", "EHC plans", "exclusion", "school transition"),
        eligibility="Parents and carers of children with SEND, and young people up to 25, in the "
        "{area}.",
        routes=(R.SELF, R.SCHOOL, R.PROFESSIONAL),
        delivery=(D.PHONE, D.ONLINE, D.IN_PERSON),
        venues=("office",),
        sessions=(
            ScheduleBlueprint(
                days=(W.MO, W.TU, W.WE, W.TH),
                opens="09:30",
                closes="16:30",
                note="Helpline",
            ),
        ),
        languages=(BSL,),
        access=("Easy Read leaflets", "Large print on request"),
        thresholds="Any parent of a child with special educational needs or disabilities, with "
        "or without a diagnosis or an EHC plan.",
        waiting="Helpline calls returned within 3 working days; a caseworker within 3 weeks",
        staff_notes="Schools can refer a family, but the parent must agree to us contacting "
        "them. We stay impartial and cannot act for the school.",
    ),
    Template(
        key="autism-group",
        kind="send",
        names=(
            "Autism family support group",
            "Autism parents' group",
            "Spectrum Families group",
            "Autism and ADHD family group",
        ),
        summary="A monthly Saturday group for families of autistic children, with or without a "
        "diagnosis.",
        descriptions=(
            "A relaxed group for families of autistic children and young people, with or without "
            "a diagnosis. Parents can chat and hear short talks on sleep, eating or school while "
            "children use the sensory room and play area. Brothers and sisters are welcome.",
            "Meet other parents who understand, swap ideas and get information about local "
            "services. Each month a visiting speaker answers questions, from speech and language "
            "therapists to benefits advisers. Quiet space is always available.",
        ),
        categories=("send.autism", "parenting.parent-peer-support"),
        audience=(A.FAMILIES,),
        ages=((24, 215),),
        needs=("autism", "ADHD", "waiting for diagnosis", "sensory needs"),
        eligibility="Families in the {area} with an autistic child or a child waiting for an "
        "assessment.",
        routes=(R.SELF, R.DROP_IN),
        delivery=(D.IN_PERSON,),
        venues=("community",),
        sessions=(ScheduleBlueprint(days=(W.SA,), opens="10:00", closes="12:30", week_of_month=1),),
        access=("Sensory room", "Quiet space"),
        thresholds="No diagnosis needed.",
        waiting="No wait: come along on the day",
        staff_notes="Families new to the group can ask for a call beforehand so the first visit "
        "is less daunting.",
    ),
    Template(
        key="inclusive-holiday-play",
        kind="send",
        names=(
            "Holiday play scheme for disabled children",
            "Inclusive holiday club",
            "Short breaks holiday scheme",
            "Summer and half-term inclusive play",
        ),
        summary="Holiday play days for disabled children and children with complex needs, with "
        "trained staff and one-to-one support where needed.",
        descriptions=(
            "Play, sport, arts and trips in the school holidays for children with disabilities "
            "and complex needs. Staff are trained in personal care, medication and communication "
            "aids, and children can have one-to-one support. Parents get a break and children "
            "make friends.",
            "An inclusive holiday club at {venue} with sensory play, swimming and outings. We "
            "meet every child and family before their first day to plan the support they need. "
            "Transport can be arranged for some children.",
        ),
        categories=("send.disability", "education.holiday-activities"),
        audience=(A.CHILDREN,),
        ages=((60, 215), (48, 191)),
        needs=("disability", "complex needs", "short breaks"),
        eligibility="Children aged 5 to 17 with a disability or complex needs living in the "
        "{area}.",
        cost="£10 a day; free for children with a short breaks plan",
        routes=(R.PROFESSIONAL, R.SELF),
        delivery=(D.IN_PERSON,),
        venues=("special",),
        sessions=(
            ScheduleBlueprint(
                days=(W.MO, W.TU, W.WE, W.TH),
                opens="10:00",
                closes="15:00",
                holidays=True,
            ),
        ),
        access=("Changing places toilet", "Hoist", "Sensory room"),
        thresholds="Children who need more support than a mainstream holiday club can give. "
        "Free places need a short breaks assessment from the children with disabilities team.",
        waiting="Book by the Friday before each holiday; summer places fill by June",
        staff_notes="Send care plans and medication details at least a week before the first day.",
    ),
)
