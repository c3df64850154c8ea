"""The default training catalogue and competency table: the courses the ministry's staff need
(DOMAIN.md, "Build the skills of staff") and which role needs which competency for how long.

Loaded by `manage.py capacity_defaults` and by the demo; the central office changes the table
afterwards at /capacity/competencies/ (services.competency_save, services.requirements_change) —
``ensure_defaults`` only adds what is missing, never overwrites.
"""

from __future__ import annotations

from django.db import transaction

from saphan.orgs.roles import Role

SCREENING = "screening_interview"

# code, Thai name, English name, validity in months (None: never expires), Thai description
COMPETENCIES = [
    (
        SCREENING,
        "การสัมภาษณ์คัดแยกผู้เสียหาย",
        "Screening interview of possible victims",
        36,
        "สัมภาษณ์เบื้องต้นเพื่อคัดแยกผู้เสียหายตามมาตรา 29 โดยใช้แบบสัมภาษณ์และตัวชี้วัดของ ILO",
    ),
    (
        "anti_trafficking_law",
        "กฎหมายป้องกันและปราบปรามการค้ามนุษย์",
        "The anti-trafficking law",
        60,
        "พระราชบัญญัติป้องกันและปราบปรามการค้ามนุษย์ พ.ศ. 2551 และฉบับแก้ไข",
    ),
    (
        "trauma_informed_care",
        "การดูแลโดยคำนึงถึงบาดแผลทางจิตใจ",
        "Trauma-informed care",
        36,
        "การดูแลและสัมภาษณ์ผู้เสียหายโดยไม่ซ้ำเติมบาดแผลทางจิตใจ",
    ),
    (
        "child_interviewing",
        "การสัมภาษณ์เด็กอย่างเป็นมิตร",
        "Child-friendly interviewing",
        36,
        "การสัมภาษณ์ผู้เสียหายที่เป็นเด็กอย่างเหมาะสมกับวัยและเป็นมิตร",
    ),
    (
        "nrm",
        "กลไกการส่งต่อระดับชาติ (NRM)",
        "The National Referral Mechanism (NRM)",
        None,
        "ขั้นตอน บทบาท และการส่งต่อตามกลไกการส่งต่อระดับชาติ",
    ),
]

# code, Thai name, English name, hours, competencies it gives, Thai description
COURSES = [
    (
        "law-basic",
        "กฎหมายป้องกันและปราบปรามการค้ามนุษย์สำหรับผู้ปฏิบัติงาน",
        "The Anti-Trafficking in Persons Act for practitioners",
        12,
        ["anti_trafficking_law"],
        "หลักการของ พ.ร.บ. ป้องกันและปราบปรามการค้ามนุษย์ พ.ศ. 2551 มาตราที่เกี่ยวกับการคัดแยก "
        "การคุ้มครอง ค่าสินไหมทดแทน และการส่งกลับ",
    ),
    (
        "screening",
        "การสัมภาษณ์คัดแยกผู้เสียหายจากการค้ามนุษย์",
        "Screening interviews of possible victims of trafficking",
        18,
        [SCREENING],
        "การใช้แบบสัมภาษณ์เบื้องต้นสำหรับคัดแยกผู้เสียหาย ตัวชี้วัดแรงงานบังคับ 11 ข้อ "
        "การบังคับที่ไม่ใช้กำลัง และการค้ามนุษย์ในแหล่งหลอกลวงออนไลน์",
    ),
    (
        "trauma-care",
        "การดูแลผู้เสียหายโดยคำนึงถึงบาดแผลทางจิตใจ",
        "Trauma-informed care for victims",
        12,
        ["trauma_informed_care"],
        "การสังเกตและตอบสนองต่อบาดแผลทางจิตใจ การสร้างความปลอดภัยและความไว้วางใจ",
    ),
    (
        "child-interview",
        "การสัมภาษณ์เด็กอย่างเป็นมิตร",
        "Child-friendly interviewing",
        12,
        ["child_interviewing"],
        "เทคนิคการสัมภาษณ์เด็ก การมีนักจิตวิทยาหรือนักสังคมสงเคราะห์ร่วม และการบันทึกภาพและเสียง",
    ),
    (
        "interpreters",
        "การทำงานร่วมกับล่าม",
        "Working with interpreters",
        6,
        [],
        "การเลือกล่ามที่ไม่มีส่วนได้เสีย การเตรียมล่าม และการสัมภาษณ์ผ่านล่าม",
    ),
    (
        "nrm",
        "กลไกการส่งต่อระดับชาติ (NRM)",
        "The National Referral Mechanism (NRM)",
        6,
        ["nrm"],
        "ขั้นตอนของกลไกการส่งต่อระดับชาติ บทบาทของแต่ละหน่วยงาน และการส่งต่อระหว่างจังหวัด",
    ),
]

# Which roles need which competency. A screening interviewer is a case worker or an MDT member
# (those who record screening interviews); supervisors approve the record, so they know the law.
REQUIREMENTS = [
    (Role.CASE_WORKER, SCREENING),
    (Role.MDT_MEMBER, SCREENING),
    (Role.CASE_WORKER, "anti_trafficking_law"),
    (Role.MDT_MEMBER, "anti_trafficking_law"),
    (Role.PROVINCIAL_SUPERVISOR, "anti_trafficking_law"),
    (Role.CASE_WORKER, "trauma_informed_care"),
    (Role.SHELTER_STAFF, "trauma_informed_care"),
    (Role.PROVINCIAL_SUPERVISOR, "nrm"),
]


@transaction.atomic
def ensure_defaults() -> int:
    """Add the default competencies and courses that are missing, with their requirements and
    course links. Returns how many rows were added; existing rows (perhaps edited by the central
    office) stay as they are, and so does the set of roles of an existing competency."""
    from .models import Competency, CompetencyRequirement, Course

    added = 0
    competencies = {}
    made_now = set()
    for code, th, en, months, desc in COMPETENCIES:
        obj, made = Competency.objects.get_or_create(
            code=code,
            defaults={
                "name_th": th,
                "name_en": en,
                "validity_months": months,
                "description_th": desc,
            },
        )
        competencies[code] = obj
        added += made
        if made:
            made_now.add(code)
    for code, th, en, hours, gives, desc in COURSES:
        course, made = Course.objects.get_or_create(
            code=code,
            defaults={"name_th": th, "name_en": en, "hours": hours, "description_th": desc},
        )
        if made:
            course.competencies.set([competencies[c] for c in gives])
            added += 1
    # A competency's roles are seeded with the competency itself, as a course's competencies are
    # with the course: a role the central office has unticked since stays unticked when the
    # demo server restarts or this command runs again.
    for role, code in REQUIREMENTS:
        if code not in made_now:
            continue
        _obj, made = CompetencyRequirement.objects.get_or_create(
            role=role, competency=competencies[code]
        )
        added += made
    return added
