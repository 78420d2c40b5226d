"""Recognition for the demo (issue 15, item 2): six months of it, as a contact center lives it.

- Customer compliments come in every month as an import HR runs (one file a month, "客户表扬-YYYY-MM.xlsx"):
  about a third of the agents get one or two over the half year, a few get more; each carries a ticket number.
- The login team lead thanks most of their team now and then ("from the lead"), the login department head a
  few people of their department, HR and management once or twice; the login agent thanks teammates (from a
  colleague). Only the demo's logins can give (recognition is given by someone who signed in).
- The login agent receives from their lead, their head, HR and customers, so their pages have something.
- One recognition the login agent gave is hidden by their lead, with the reason (a joke about a colleague).
Dates lie within the last six months, never before the person's hire date and never in the future.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from serviceladder.demo.specs import DemoOrganisation
from serviceladder.org.models import Employee
from serviceladder.recognition.models import Recognition

DAYS = 182
SHARE_CUSTOMER = 0.35
SHARE_LEAD_THANKS = 0.7

CUSTOMER = [
    "客户来电表扬：耐心帮我办好了退款，解释得很清楚，非常感谢。",
    "客户留言：问题一次就解决了，不用再打第二次电话，服务很专业。",
    "客户在回访中特别提到该坐席态度温和，帮老人一步步完成了操作。",
    "客户邮件致谢：深夜处理了紧急的账户冻结问题，及时又细心。",
    "客户表扬：投诉电话里没有推诿，主动跟进到问题解决。",
    "在线客户五星好评：回复快，讲得明白，还提醒了优惠到期时间。",
]
HELPING = [
    "高峰期主动帮新同事接听疑难来电，还把处理思路讲给大家听。",
    "帮我梳理了退换货政策的变化，省了我很多时间，谢谢！",
    "夜班时替我顶了半小时班，让我能去医院接孩子，真的感谢。",
    "耐心带新人熟悉系统，新人第一周就能独立接线了。",
]
KNOWLEDGE = [
    "整理了“会员积分规则”知识库文章，团队查询时间明显缩短。",
    "把常见投诉的安抚话术写进知识库，大家都在用。",
    "更新了物流异常处理流程的知识库条目，信息准确又清楚。",
]
BEYOND = [
    "连续三天主动留下处理积压工单，保证了客户按时收到答复。",
    "发现系统计费错误后主动上报，避免了一批客户的重复扣费。",
    "在系统故障期间冷静安抚了大量来电客户，还记录了问题清单。",
]
TEXTS = {
    Recognition.Category.HELPING_COLLEAGUE: HELPING,
    Recognition.Category.KNOWLEDGE_BASE: KNOWLEDGE,
    Recognition.Category.GOING_BEYOND: BEYOND,
}
HIDDEN_TEXT = "感谢他每天准时下班，从不多干一分钟，哈哈。"
HIDDEN_REASON = "内容带有调侃，不属于认可，已隐藏。"


def _day(rng: random.Random, today: dt.date, hired: dt.date, *, within: int = DAYS) -> dt.date | None:
    first = max(today - dt.timedelta(days=within), hired)
    if first > today:
        return None
    return first + dt.timedelta(days=rng.randint(0, (today - first).days))


def demo_recognition_load(org: DemoOrganisation) -> int:
    """Write the demo's recognition (see the module docstring); returns how many were written."""
    rng = random.Random(f"serviceladder-demo:{org.seed}:recognition")
    today = org.today
    emp = {e.number: e for e in Employee.objects.select_related("user", "team")}
    login = {spec.username: emp[spec.employee] for spec in org.logins if spec.employee in emp}
    agents = [emp[p.number] for p in org.people if p.role == "agent" and p.number in emp]
    agents = [e for e in agents if e.leave_date is None or e.leave_date > today]
    agent, lead, head, hr = (login.get(k) for k in ("agent", "lead", "head", "hr"))
    management = login.get("management")
    rows: list[Recognition] = []

    def give(to: Employee, category: str, text: str, *, by, source: str, day: dt.date | None = None, **more):
        day = day or _day(rng, today, to.hire_date)
        if day is None or by is None or to.pk == by.pk:
            return None
        r = Recognition(
            recipient=to, category=category, source=source, text=text, date=day, given_by=by.user, **more
        )
        rows.append(r)
        return r

    def colleague_text() -> tuple[str, str]:
        category = rng.choice(list(TEXTS))
        return category, rng.choice(TEXTS[category])

    # Customer compliments, imported by HR month by month.
    serial = 0
    for person in agents:
        wanted = rng.random() < SHARE_CUSTOMER or person == agent
        for _ in range((3 if person == agent else rng.choice((1, 1, 2, 3))) if wanted else 0):
            day = _day(rng, today, person.hire_date)
            if day is None:
                continue
            serial += 1
            give(
                person,
                Recognition.Category.CUSTOMER_PRAISE,
                rng.choice(CUSTOMER),
                by=hr,
                source=Recognition.Source.CUSTOMER,
                day=day,
                customer_reference=f"T{day:%Y%m%d}-{serial:04d}",
                imported_from=f"客户表扬-{day:%Y-%m}.xlsx",
            )
    # The login lead thanks their team; the head some of the department; HR and management a few.
    if lead is not None:
        for person in [a for a in agents if a.team_id == lead.team_id]:
            for _ in range(2 if person == agent else int(rng.random() < SHARE_LEAD_THANKS)):
                give(person, *colleague_text(), by=lead, source=Recognition.Source.LEAD)
    if head is not None:
        department = head.headed_departments.first()
        in_department = [a for a in agents if a.team and department and a.team.department_id == department.pk]
        for person in ([agent] if agent in in_department else []) + rng.sample(
            in_department, min(4, len(in_department))
        ):
            give(person, *colleague_text(), by=head, source=Recognition.Source.LEAD)
    for giver, n in ((hr, 2), (management, 1)):
        if giver is None:
            continue
        for person in rng.sample(agents, min(n, len(agents))):
            give(person, Recognition.Category.GOING_BEYOND, rng.choice(BEYOND), by=giver, source="colleague")
    if hr is not None and agent is not None:
        give(agent, *colleague_text(), by=hr, source=Recognition.Source.COLLEAGUE)
    # The login agent thanks teammates; one of those thanks was a joke, hidden by the lead.
    if agent is not None:
        mates = [a for a in agents if a.team_id == agent.team_id and a != agent]
        for person in rng.sample(mates, min(3, len(mates))):
            give(person, *colleague_text(), by=agent, source=Recognition.Source.COLLEAGUE)
        if mates and lead is not None:
            hidden = give(
                mates[0],
                Recognition.Category.GOING_BEYOND,
                HIDDEN_TEXT,
                by=agent,
                source=Recognition.Source.COLLEAGUE,
                day=max(today - dt.timedelta(days=20), mates[0].hire_date),
            )
            if hidden is not None:
                hidden.hidden_at = timezone.now() - dt.timedelta(days=18)
                hidden.hidden_by = lead.user
                hidden.hidden_reason = HIDDEN_REASON
    Recognition.objects.bulk_create(rows)
    return len(rows)
