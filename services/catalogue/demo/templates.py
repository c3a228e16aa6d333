"""What the demo organisations offer: one template per kind of service the field notes describe."""

from __future__ import annotations

import msgspec


class Template(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    description: str
    categories: tuple[str, ...]
    audience: tuple[str, ...] = ("families",)
    ages: tuple[int, int] = (0, 1500)  # months
    routes: tuple[str, ...] = ("self",)
    delivery: tuple[str, ...] = ("in_person",)
    cost: str = ""  # empty: free
    days: tuple[str, ...] = ()
    times: tuple[str, str] | None = None
    monthly_week: int | None = None
    term_time: bool = False
    holidays: bool = False
    at_school: bool = False
    eligibility: str = ""
    needs: tuple[str, ...] = ()
    thresholds: str = ""
    waiting: str = ""
    notes: str = ""


class OrgKind(msgspec.Struct, frozen=True):
    name: str
    description: str
    templates: tuple[Template, ...]


T = Template
ORG_KINDS = (
    OrgKind(
        "{place} Family Counselling Trust",
        "A local charity offering counselling to children, young people and parents.",
        (
            T(
                name="Counselling for children",
                description="Weekly one-to-one counselling for children who are worried, sad or angry. Sessions take place in school or at our centre. Parents are invited to a review meeting every six weeks.",
                categories=("mental-health.counselling",),
                audience=("children",),
                ages=(60, 143),
                routes=("school", "self"),
                days=("TU", "WE"),
                times=("09:00", "15:00"),
                term_time=True,
                at_school=True,
                needs=("anxiety", "behaviour", "low mood"),
                thresholds="Mild to moderate difficulties; children at risk of harm go to CAMHS.",
                waiting="About 4 weeks",
                notes="School staff can refer with the parent's consent.",
            ),
            T(
                name="Counselling for parents",
                description="Confidential counselling for mums, dads and carers who are finding things hard. Talk about stress, relationships, loss or your child's behaviour. Daytime and evening appointments.",
                categories=("mental-health.counselling",),
                audience=("parents",),
                ages=(216, 1500),
                routes=("self", "school", "gp"),
                delivery=("in_person", "online", "phone"),
                days=("MO", "TH"),
                times=("10:00", "20:00"),
                cost="Pay what you can, from £5 a session; free for families on benefits",
                needs=("stress", "relationships"),
                waiting="2 to 3 weeks",
            ),
            T(
                name="Bereavement support for young people",
                description="Support for children and young people after someone close has died. One-to-one sessions and a monthly group where young people can meet others who understand.",
                categories=("mental-health.bereavement",),
                audience=("children",),
                ages=(72, 215),
                routes=("self", "school", "professional"),
                days=("WE",),
                times=("16:00", "18:00"),
                needs=("grief", "loss"),
            ),
        ),
    ),
    OrgKind(
        "{place} Relationship Counselling",
        "Relationship counselling for couples and families, held in local schools and community centres.",
        (
            T(
                name="Relationship counselling at {school}",
                description="Counselling for couples and parents whose relationship is under strain, held at the school so it is close to home. Appointments on Thursday and Friday mornings in term time. Childcare can be arranged on site.",
                categories=("parenting.relationship-support", "mental-health.counselling"),
                audience=("parents",),
                ages=(216, 1500),
                routes=("self", "school"),
                days=("TH", "FR"),
                times=("09:00", "12:00"),
                term_time=True,
                at_school=True,
                cost="£10 a session; free for families on benefits",
                needs=("relationship difficulties", "separation"),
                waiting="3 weeks",
                notes="Ask the school's family worker for a same-week slot.",
            ),
            T(
                name="Co-parenting after separation",
                description="A six-week course for separated parents who want to reduce conflict and put their children first. Each parent attends a different group.",
                categories=("parenting.relationship-support", "parenting.parenting-courses"),
                audience=("parents",),
                ages=(216, 1500),
                routes=("self", "professional"),
                delivery=("in_person", "online"),
                days=("TU",),
                times=("18:30", "20:30"),
            ),
        ),
    ),
    OrgKind(
        "{trust} NHS Foundation Trust",
        "NHS community and mental health services for children, young people and families.",
        (
            T(
                name="CAMHS: child and adolescent mental health service",
                description="Assessment and treatment for children and young people with significant mental health difficulties such as depression, anxiety disorders, eating disorders and self-harm. Referral is through a GP, school or other professional.",
                categories=("mental-health.camhs",),
                audience=("children",),
                ages=(0, 215),
                routes=("gp", "school", "professional"),
                delivery=("in_person", "online"),
                days=("MO", "TU", "WE", "TH", "FR"),
                times=("09:00", "17:00"),
                needs=("depression", "self-harm", "eating disorder", "anxiety"),
                thresholds="Moderate to severe difficulties affecting daily life; urgent cases seen within 2 weeks.",
                waiting="Routine: 14 to 18 weeks",
                notes="Referral form via the single point of access; include school observations.",
            ),
            T(
                name="Health visiting team",
                description="Health visitors support families from pregnancy until a child starts school: feeding, sleep, development checks, and your wellbeing as a parent. Clinics are drop-in.",
                categories=("parenting.early-years",),
                audience=("parents", "children"),
                ages=(0, 59),
                routes=("self", "drop_in", "gp"),
                delivery=("in_person", "home_visit", "phone"),
                days=("WE",),
                times=("09:30", "11:30"),
            ),
            T(
                name="School nursing service",
                description="School nurses offer health advice and drop-in sessions in secondary schools, and support children with long-term health conditions in primary schools.",
                categories=("health.school-nursing",),
                audience=("children",),
                ages=(60, 227),
                routes=("self", "school", "drop_in"),
                days=("TH",),
                times=("12:00", "14:00"),
                term_time=True,
                at_school=True,
            ),
            T(
                name="Family therapy clinic",
                description="Family therapy helps families talk together about difficulties that affect everyone, such as conflict, illness or a child's behaviour. Sessions with two therapists.",
                categories=("mental-health.family-therapy",),
                audience=("families",),
                routes=("gp", "professional"),
                days=("TU", "TH"),
                times=("13:00", "18:00"),
                thresholds="Referred through CAMHS or a GP",
                waiting="8 weeks",
            ),
        ),
    ),
    OrgKind(
        "{housing} Housing Association",
        "A housing association providing homes and tenancy support.",
        (
            T(
                name="Family housing support",
                description="Help for families at risk of losing their home: support to manage a tenancy, deal with repairs and arrears, and find a new home if needed. A housing officer can visit you at home.",
                categories=("housing.housing-support",),
                audience=("families",),
                ages=(216, 1500),
                routes=("self", "professional", "school"),
                delivery=("in_person", "phone", "home_visit"),
                days=("MO", "WE", "FR"),
                times=("09:00", "17:00"),
                needs=("homelessness", "rent arrears", "overcrowding"),
                waiting="First contact within 5 working days",
            ),
            T(
                name="Tenancy sustainment for young parents",
                description="Key workers help young parents aged 16 to 25 to set up and keep their first home, with budgeting and furnishing.",
                categories=("housing.housing-support", "money.debt-advice"),
                audience=("parents",),
                ages=(192, 311),
                routes=("professional",),
                delivery=("home_visit",),
            ),
        ),
    ),
    OrgKind(
        "{place} Advice Centre",
        "Free, independent advice on benefits, housing and debt.",
        (
            T(
                name="Benefits advice",
                description="Check you are getting all the benefits you are entitled to, get help with Universal Credit claims and appeals, and with disability benefits for your child.",
                categories=("money.benefits-advice",),
                audience=("families",),
                ages=(216, 1500),
                routes=("self", "drop_in"),
                delivery=("in_person", "phone", "online"),
                days=("TU", "TH"),
                times=("10:00", "16:00"),
            ),
            T(
                name="Housing advocacy",
                description="An adviser can speak for you with your landlord or the council if you face eviction, disrepair or a homelessness decision you disagree with.",
                categories=("housing.housing-advocacy",),
                audience=("families",),
                ages=(216, 1500),
                routes=("self", "professional"),
                days=("WE",),
                times=("10:00", "13:00"),
            ),
            T(
                name="Debt and budgeting clinic",
                description="Free help with debts, priority bills and making a budget that works.",
                categories=("money.debt-advice",),
                ages=(216, 1500),
                routes=("self",),
                delivery=("in_person", "phone"),
                days=("MO",),
                times=("13:00", "16:00"),
            ),
        ),
    ),
    OrgKind(
        "{place} Parents Together",
        "A parent-led group offering drop-ins, peer support and mentoring.",
        (
            T(
                name="Parent drop-in at {school}",
                description="Come for a cup of tea and a chat with other parents and a family worker, the fourth Thursday of every month. Bring younger children: there is a play corner.",
                categories=("parenting.parent-peer-support",),
                audience=("parents",),
                routes=("drop_in", "self"),
                days=("TH",),
                times=("09:00", "11:00"),
                monthly_week=4,
                at_school=True,
            ),
            T(
                name="Parent peer support group",
                description="A weekly group run by parents for parents of children with additional needs or behaviour that is hard to manage. Share ideas and look after yourself.",
                categories=("parenting.parent-peer-support", "send.send-advice"),
                audience=("parents",),
                routes=("self",),
                days=("WE",),
                times=("19:00", "20:30"),
                delivery=("in_person", "online"),
            ),
            T(
                name="Parent mentoring",
                description="A trained volunteer mentor, often a parent themselves, meets you weekly for up to six months to help with confidence, routines, school meetings and getting out more.",
                categories=("parenting.family-support-work",),
                audience=("parents",),
                routes=("self", "school", "professional"),
                delivery=("in_person", "home_visit", "phone"),
                waiting="About 6 weeks for a mentor match",
                notes="Schools may refer with parental consent; mentors attend TAC meetings if invited.",
            ),
        ),
    ),
    OrgKind(
        "{place} Parenting Partnership",
        "Evidence-based parenting programmes for families.",
        (
            T(
                name="Parenting course for parents of 3 to 11 year olds",
                description="A ten-week group course on play, praise, boundaries and calm consequences. Crèche provided. Certificate on completion.",
                categories=("parenting.parenting-courses",),
                audience=("parents",),
                ages=(216, 1500),
                routes=("self", "school", "professional"),
                days=("TU",),
                times=("09:30", "11:30"),
                term_time=True,
                at_school=True,
            ),
            T(
                name="Teen parenting course",
                description="An eight-week evening course for parents of teenagers: communication, risk, screens and staying connected.",
                categories=("parenting.parenting-courses",),
                audience=("parents",),
                ages=(216, 1500),
                routes=("self",),
                delivery=("online",),
                days=("TH",),
                times=("19:00", "21:00"),
                cost="£20 for the course; free places available",
            ),
            T(
                name="Dads' group",
                description="Saturday morning activities for dads and their children, with a chance to talk with other dads.",
                categories=("parenting.parent-peer-support",),
                audience=("parents", "children"),
                routes=("self", "drop_in"),
                days=("SA",),
                times=("10:00", "12:00"),
            ),
        ),
    ),
    OrgKind(
        "{place} SEND Information and Support",
        "Impartial information, advice and support about special educational needs and disabilities.",
        (
            T(
                name="SEND advice for parents",
                description="Impartial advice on SEN support, EHC needs assessments and plans, and school meetings. An adviser can come to meetings with you.",
                categories=("send.send-advice",),
                audience=("parents",),
                ages=(0, 299),
                routes=("self", "school"),
                delivery=("phone", "online", "in_person"),
                days=("MO", "TU", "WE", "TH"),
                times=("09:30", "16:30"),
            ),
            T(
                name="Autism family support group",
                description="A group for families of autistic children and young people, with or without a diagnosis. Talks, coffee and a sensory room for the children.",
                categories=("send.autism",),
                audience=("families",),
                routes=("self", "drop_in"),
                days=("SA",),
                times=("10:00", "12:30"),
                monthly_week=1,
            ),
        ),
    ),
    OrgKind(
        "{place} Council Family Hub",
        "The council's family hub: early help, training and holiday activities.",
        (
            T(
                name="Working with parents: training for school staff",
                description="An eight-session course for teaching assistants, learning mentors and pastoral staff on building relationships with parents, leading to a Level 3 qualification. Followed by termly peer networking meetings.",
                categories=("professional-training.working-with-parents",),
                audience=("school_staff",),
                ages=(216, 1500),
                routes=("professional",),
                delivery=("in_person",),
                days=("WE",),
                times=("13:30", "16:00"),
                term_time=True,
                cost="Free to maintained schools; £150 for academies",
                eligibility="School staff who work with parents in the borough.",
            ),
            T(
                name="Peer network for family workers",
                description="Termly network meetings for school family workers and home-school link staff to share practice and hear from local services.",
                categories=("professional-training.staff-development",),
                audience=("school_staff", "professionals"),
                ages=(216, 1500),
                routes=("professional",),
                delivery=("in_person", "online"),
                days=("TH",),
                times=("15:45", "17:15"),
            ),
            T(
                name="Holiday activities and food",
                description="Free activities and a healthy lunch in the school holidays for children who get benefits-related free school meals. Sport, arts and trips.",
                categories=("education.holiday-activities", "money.food-support"),
                audience=("children",),
                ages=(48, 191),
                routes=("self",),
                days=("MO", "TU", "WE", "TH"),
                times=("10:00", "14:00"),
                holidays=True,
                at_school=True,
            ),
            T(
                name="Early help family support",
                description="A family support worker works with the whole family for a few months on what matters to you: routines, school attendance, behaviour, money or housing.",
                categories=("parenting.family-support-work",),
                audience=("families",),
                routes=("self", "school", "professional"),
                delivery=("home_visit", "in_person"),
                waiting="2 weeks",
                thresholds="Families needing more than universal services but below the threshold for social care.",
            ),
            T(
                name="English classes for parents (ESOL)",
                description="Friendly English classes for parents while children are at school, from beginner level. Free crèche for under-fives.",
                categories=("education.adult-learning",),
                audience=("parents",),
                ages=(216, 1500),
                routes=("self", "drop_in"),
                days=("MO", "WE"),
                times=("09:15", "11:15"),
                term_time=True,
                at_school=True,
            ),
        ),
    ),
    OrgKind(
        "{place} Community Action",
        "A community charity: food, safety and activities for young people.",
        (
            T(
                name="Community food support",
                description="Food parcels, toiletries and school uniform for families who are struggling, with no questions asked on your first visit.",
                categories=("money.food-support",),
                routes=("self", "drop_in"),
                days=("FR",),
                times=("11:00", "14:00"),
            ),
            T(
                name="Domestic abuse support",
                description="Confidential support for anyone affected by domestic abuse: safety planning, help with housing and court, and groups for children who have lived with abuse.",
                categories=("safety.domestic-abuse",),
                ages=(0, 1500),
                routes=("self", "professional", "school"),
                delivery=("phone", "in_person", "online"),
                days=("MO", "TU", "WE", "TH", "FR"),
                times=("09:00", "17:00"),
                notes="Professionals: use the MARAC referral route for high-risk cases.",
            ),
            T(
                name="Youth club",
                description="A safe place for young people to meet friends, play sport, cook and get advice.",
                categories=("education.youth-activities",),
                audience=("children",),
                ages=(132, 215),
                routes=("drop_in", "self"),
                days=("TU", "FR"),
                times=("18:00", "21:00"),
            ),
        ),
    ),
)
