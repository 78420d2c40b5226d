"""The web test organisation (tests.web.org) with stored wellbeing assessments for three months.

Team a1 (lead E2002, agent E2003, E2004): E2003 on a plateau with the quality slide (watch) and complaints
(act) in the newest month, the slide alone the month before; E2004 unknown (a complaint month missing);
E2002 nothing. E2006 in department b: the slide. Team b1 gets three more people so that it has six members
and shows on the heat map; one open case for E2003."""

from __future__ import annotations

import datetime as dt

from tests.factories import EmployeeFactory
from tests.web.org import ensure_policy
from tests.wellbeing.assessments_setup import assessment, complaints, open_case, qa_slide

MONTHS = ("2026-08", "2026-09", "2026-10")
NEWEST = MONTHS[-1]
EXTRA_B1 = ("E2101", "E2102", "E2103")


def quiet(month: str) -> list[dict]:
    return [qa_slide(month, fired=False), complaints(month, fired=False)]


def with_assessments(org):
    version = ensure_policy(org)
    e = org.employees
    for month in MONTHS:
        assessment(e["E2002"], month, version, signals=quiet(month))
    assessment(e["E2003"], MONTHS[0], version, signals=quiet(MONTHS[0]))
    assessment(
        e["E2003"],
        MONTHS[1],
        version,
        signals=[qa_slide(MONTHS[1], fired=True), complaints(MONTHS[1], fired=False)],
    )
    org.a_e2003 = assessment(
        e["E2003"],
        NEWEST,
        version,
        signals=[qa_slide(NEWEST, fired=True), complaints(NEWEST, fired=True)],
        stage="plateau",
        plateau=True,
    )
    assessment(
        e["E2004"],
        NEWEST,
        version,
        signals=[qa_slide(NEWEST, fired=False), complaints(NEWEST, fired=False, missing=True)],
    )
    assessment(
        e["E2006"], NEWEST, version, signals=[qa_slide(NEWEST, fired=True), complaints(NEWEST, fired=False)]
    )
    for number in EXTRA_B1:
        person = EmployeeFactory(
            number=number, name=f"乙组{number[-1]}", team=org.teams["b1"], hire_date=dt.date(2023, 1, 1)
        )
        assessment(
            person,
            NEWEST,
            version,
            signals=[qa_slide(NEWEST, fired=number == "E2101"), complaints(NEWEST, fired=False)],
        )
    org.case = open_case(e["E2003"], org.users["team_lead"], org.a_e2003)
    org.version = version
    return org
