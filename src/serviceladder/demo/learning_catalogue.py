"""The demo's course catalogue (issue 17 item 1; seed 003): the preset's trainings (created when the demo
loads the policy) completed with delivery modes, competencies and prerequisites, plus the new-hire courses a
contact center runs in an agent's first months (phone communication, service technique, complaint handling,
stress relief, business knowledge) and a few open courses people enrol in themselves — about 20 in all. The
train-the-trainer and service certifications expire; the demo team lead trains the two phone courses."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from serviceladder.learning.models import Course, CourseTrainer

# code → (name_zh, name_en, mode, hours, validity months, competencies, self-enrol, provider, prerequisites)
NEW_COURSES = {
    "phone-communication": (
        "电话沟通技巧",
        "Phone communication",
        "classroom",
        "6",
        None,
        {"communication": 2},
        False,
        "",
        [],
    ),
    "service-technique": (
        "服务技巧与话术",
        "Service technique and scripts",
        "classroom",
        "8",
        None,
        {"communication": 2, "problem_solving": 1},
        False,
        "",
        ["phone-communication"],
    ),
    "complaint-handling": (
        "投诉处理入门",
        "Complaint handling basics",
        "classroom",
        "6",
        None,
        {"complaint_handling": 2},
        False,
        "",
        ["service-technique"],
    ),
    "stress-relief": (
        "压力疏导与情绪管理",
        "Stress relief and managing emotions",
        "online",
        "3",
        None,
        {},
        True,
        "",
        [],
    ),
    "business-knowledge": (
        "业务知识与产品政策",
        "Business knowledge and product rules",
        "online",
        "10",
        None,
        {"product_knowledge": 2},
        False,
        "",
        [],
    ),
    "system-tools": (
        "客服系统上手",
        "Getting started with the service tools",
        "on_the_job",
        "4",
        None,
        {"tools": 2},
        False,
        "",
        [],
    ),
    "product-update-q": (
        "季度产品更新",
        "Quarterly product update",
        "online",
        "1.5",
        None,
        {"product_knowledge": 3},
        True,
        "",
        ["business-knowledge"],
    ),
    "written-replies": (
        "在线与邮件回复写作",
        "Writing chat and e-mail replies",
        "online",
        "4",
        None,
        {"communication": 3},
        True,
        "",
        [],
    ),
    "customer-psychology": (
        "客户心理与同理心",
        "Customer psychology and empathy",
        "external",
        "12",
        None,
        {"communication": 3, "complaint_handling": 3},
        True,
        "华东服务管理学院",
        [],
    ),
    "excel-reporting": (
        "Excel 报表实操",
        "Excel reporting in practice",
        "online",
        "6",
        None,
        {"data_analysis": 2},
        True,
        "",
        [],
    ),
    "service-certificate": (
        "客户服务职业资格证",
        "Customer service professional certificate",
        "external",
        "40",
        24,
        {"communication": 3, "problem_solving": 3},
        False,
        "人力资源和社会保障部认可机构",
        ["service-technique"],
    ),
    "shadowing-senior": (
        "跟岗学习：资深客服",
        "Shadowing a senior agent",
        "mentor",
        "16",
        None,
        {"problem_solving": 2, "complaint_handling": 2},
        False,
        "",
        [],
    ),
}

# The preset's trainings: what HR added in the product (mode, validity, competencies, prerequisites).
PRESET_DETAILS = {
    "service-foundations": ("classroom", None, {"tools": 2, "product_knowledge": 2}, []),
    "complex-cases": (
        "classroom",
        None,
        {"complaint_handling": 3, "problem_solving": 3},
        ["service-foundations"],
    ),
    "peer-coaching": ("mentor", None, {"coaching": 2}, []),
    "first-line-management": ("classroom", None, {"team_management": 3, "leadership": 2}, ["peer-coaching"]),
    "department-leadership": ("external", None, {"leadership": 4, "strategic_planning": 3}, []),
    "qa-calibration": ("on_the_job", 12, {"quality_monitoring": 3}, []),
    "train-the-trainer": ("classroom", 24, {"coaching": 4}, ["peer-coaching"]),
    "data-basics": ("online", None, {"data_analysis": 2}, []),
}

TRAINER_COURSES = ("phone-communication", "service-technique")


@transaction.atomic
def demo_catalogue_load() -> int:
    """Complete the demo catalogue; returns the number of courses in it. Idempotent."""
    by_code: dict[str, Course] = {}
    for code, (zh, en, mode, hours, validity, comps, self_enrol, provider, _pre) in NEW_COURSES.items():
        course, _created = Course.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": zh,
                "name_en": en,
                "mode": mode,
                "hours": Decimal(hours),
                "validity_months": validity,
                "competencies": comps,
                "self_enrol": self_enrol,
                "provider": provider,
            },
        )
        by_code[code] = course
    for code, (mode, validity, comps, _pre) in PRESET_DETAILS.items():
        course = Course.objects.filter(code=code).first()
        if course is None:  # the demo policy no longer defines it
            continue
        course.mode = mode
        if validity is not None:
            course.validity_months = validity
        course.competencies = comps
        course.save(update_fields=["mode", "validity_months", "competencies", "updated_at"])
        by_code[code] = course
    prerequisites = {code: spec[-1] for code, spec in NEW_COURSES.items()}
    prerequisites |= {code: spec[-1] for code, spec in PRESET_DETAILS.items()}
    for code, pres in prerequisites.items():
        if code in by_code and pres:
            by_code[code].prerequisites.set([by_code[p] for p in pres if p in by_code])
    lead = get_user_model().objects.filter(username="lead").first()
    hr = get_user_model().objects.filter(username="hr").first()
    if lead is not None:
        for code in TRAINER_COURSES:
            CourseTrainer.objects.get_or_create(course=by_code[code], user=lead, defaults={"granted_by": hr})
    return Course.objects.count()
