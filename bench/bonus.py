"""Performance-pay benchmark: `python bench/bonus.py --agents 10000`.

1. The engine (recognition.engine.pay, no database): every agent's proposal for one month under the
   cn-standard preset's `performance_pay:` (base by level × star coefficient × proration, capped, rounded
   once). Target: ≤ 1 s for 10 000 agents.
2. The month's proposals written (recognition.services.pay.bonus_month_propose) in a temporary SQLite
   database holding N agents with their levels and a published star period: loading the inputs, computing,
   writing every line and the audit event. Target: ≤ 2 s for 10 000 agents on SQLite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ENGINE_TARGET_S = 1.0
WRITE_TARGET_S = 2.0
MONTH = "2026-10"
ON = dt.date(2026, 11, 5)
LEVEL_MIX = [("CS1", 50), ("CS2", 24), ("CS3", 12), ("CS4", 5), ("CS5", 2), ("EX-QA", 4), ("EX-TRAINER", 3)]


def _policy():
    import yaml

    from serviceladder.policy.presets import preset_text
    from serviceladder.policy.schema import Policy

    return Policy.model_validate(yaml.safe_load(preset_text("cn-standard")))


def _people(n: int, seed: int = 7):
    rnd = random.Random(seed)
    levels = [code for code, weight in LEVEL_MIX for _ in range(weight)]
    out = []
    for i in range(n):
        hire = dt.date(2026, 10, rnd.randint(1, 31)) if rnd.random() < 0.03 else dt.date(2022, 1, 1)
        leave = dt.date(2026, 10, rnd.randint(1, 31)) if rnd.random() < 0.02 else None
        stars = None if rnd.random() < 0.05 else rnd.randint(0, 5)
        out.append((i + 1, rnd.choice(levels), hire, leave, stars))
    return out


def bench_engine(agents: int) -> float:
    from serviceladder.recognition.engine.pay import PayInput, propose_many

    pay = _policy().performance_pay
    people = [PayInput(pk, lv, h, lv_, stars=s, star_period=MONTH) for pk, lv, h, lv_, s in _people(agents)]
    start = time.perf_counter()
    lines = propose_many(pay, MONTH, people)
    elapsed = time.perf_counter() - start
    total = sum(x.amount for x in lines)
    print(f"engine: {len(lines)} proposals in {elapsed:.3f} s (target ≤ {ENGINE_TARGET_S} s), total {total}")
    return elapsed


def setup(home: Path) -> None:
    os.environ["SERVICELADDER_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "serviceladder.settings"
    from serviceladder.cli.main import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def bench_write(agents: int) -> float:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from serviceladder.accounts.models import RoleGrant
    from serviceladder.audit.services import Actor
    from serviceladder.ladder.models import Level
    from serviceladder.org.models import Department, Employee, LevelAssignment, Team
    from serviceladder.policy.presets import preset_text
    from serviceladder.policy.services import policy_load
    from serviceladder.recognition.models import StarPeriod, StarRating
    from serviceladder.recognition.services.pay import bonus_month_propose

    hr = User.objects.create(username="bench-hr")
    RoleGrant.objects.create(user=hr, role="hr")
    version = policy_load(
        actor=Actor(user=hr), text=preset_text("cn-standard"), effective=dt.date(2022, 1, 1)
    ).version
    levels = {lv.code: lv for lv in Level.objects.all()}
    dept = Department.objects.create(code="bench", name_zh="基准部", name_en="Bench")
    teams = [
        Team.objects.create(code=f"t{i}", department=dept, name_zh=f"组{i}", name_en=f"T{i}")
        for i in range(50)
    ]
    people = _people(agents)
    Employee.objects.bulk_create(
        [
            Employee(number=f"B{pk:06d}", name=f"员工{pk}", team=teams[pk % 50], hire_date=h, leave_date=lv_)
            for pk, _lv, h, lv_, _s in people
        ],
        batch_size=2000,
    )
    emp = dict(Employee.objects.values_list("number", "pk"))
    LevelAssignment.objects.bulk_create(
        [
            LevelAssignment(
                employee_id=emp[f"B{pk:06d}"], level=levels[lv], effective_from=dt.date(2022, 1, 1)
            )
            for pk, lv, _h, _l, _s in people
        ],
        batch_size=2000,
    )
    period = StarPeriod.objects.create(
        code=MONTH,
        kind="month",
        first_month=MONTH,
        last_month=MONTH,
        policy_version=version,
        state="published",
        computed_at=timezone.now(),
        published_at=timezone.now(),
    )
    StarRating.objects.bulk_create(
        [
            StarRating(
                period=period, employee_id=emp[f"B{pk:06d}"], level_code=lv, computed_stars=s, final_stars=s
            )
            for pk, lv, _h, _l, s in people
            if s is not None
        ],
        batch_size=2000,
    )
    start = time.perf_counter()
    bm = bonus_month_propose(actor=Actor(user=hr, channel="cli"), month=MONTH, on=ON)
    elapsed = time.perf_counter() - start
    print(
        f"written: {bm.lines.count()} lines of {MONTH} ({bm.lines.filter(status='held').count()} held) "
        f"in {elapsed:.3f} s on SQLite (target ≤ {WRITE_TARGET_S} s)"
    )
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sl-bench-bonus-") as home:
        setup(Path(home))
        engine = bench_engine(args.agents)
        written = bench_write(args.agents)
    ok = engine <= ENGINE_TARGET_S and written <= WRITE_TARGET_S
    print("within target" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
