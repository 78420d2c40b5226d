"""Engine benchmark: `python bench/eligibility.py --agents 10000 --months 24`.

Builds synthetic people in memory (no database) for the cn-standard preset, evaluates everyone against all
its transitions with structured explanations and projections, and prints how many decisions and checks
were produced and how long the engine took. Target: ≤ 1 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

from serviceladder.eligibility.engine import compile_policy, evaluate_many  # noqa: E402
from serviceladder.policy.schema import Policy  # noqa: E402
from serviceladder.rules.facts import (  # noqa: E402
    ExamFact,
    PersonFacts,
    TrainingFact,
    ViolationFact,
)
from serviceladder.rules.periods import date_month_index, month_label  # noqa: E402

PRESET = ROOT / "src/serviceladder/policy/presets/cn-standard.yaml"
LEVEL_MIX = [("CS1", 50), ("CS2", 24), ("CS3", 12), ("CS4", 5), ("CS5", 2), ("EX-QA", 4), ("EX-TRAINER", 3)]
TRAININGS = ["service-foundations", "complex-cases", "peer-coaching", "data-basics"]


def synthetic_people(n: int, months: int, as_of: dt.date, policy: Policy, seed: int = 7) -> list[PersonFacts]:
    rnd = random.Random(seed)
    last = date_month_index(as_of) - 1
    labels = [month_label(i) for i in range(last - months + 1, last + 1)]
    levels = [code for code, weight in LEVEL_MIX for _ in range(weight)]
    profiles = {lv.code: dict(lv.competencies) for tr in policy.tracks for lv in tr.levels}
    people = []
    for i in range(n):
        level = rnd.choice(levels)
        hire = as_of - dt.timedelta(days=rnd.randint(60, 3650))
        since = min(as_of - dt.timedelta(days=rnd.randint(30, 1500)), as_of)
        since = max(since, hire)
        skill = rnd.gauss(0, 1)
        metrics = {}
        ranks = {}
        for m in labels:
            if rnd.random() < 0.01:
                continue  # a gap month
            q = skill + rnd.gauss(0, 0.5)
            metrics[m] = {
                "contacts": rnd.randint(80, 900),
                "csat_rated": rnd.randint(10, 300),
                "csat_mean": min(5.0, max(1.0, 4.5 + 0.2 * q)),
                "first_response_seconds_mean": max(5.0, 100 - 20 * q),
                "on_time_response_rate": min(1.0, 0.92 + 0.03 * q),
                "resolution_rate": min(1.0, 0.92 + 0.03 * q),
                "complaint_rate": max(0.0, 0.008 - 0.004 * q),
                "kpi_completion": 1.0 + 0.1 * q,
                "qa_score": min(100.0, 88 + 4 * q),
                "fcr_rate": min(1.0, 0.8 + 0.05 * q),
            }
            ranks[m] = round(min(100.0, max(1.0, 50 - 30 * q)), 1)
        exams = tuple(
            ExamFact(as_of - dt.timedelta(days=rnd.randint(1, 700)), float(rnd.randint(60, 100)))
            for _ in range(rnd.randint(0, 3))
        )
        violations = tuple(
            ViolationFact(as_of - dt.timedelta(days=rnd.randint(1, 900)), "attendance")
            for _ in range(rnd.choice((0, 0, 0, 0, 1, 2)))
        )
        trainings = tuple(
            TrainingFact(code, as_of - dt.timedelta(days=rnd.randint(1, 900)))
            for code in TRAININGS
            if rnd.random() < 0.6
        )
        confirmations = {
            target: {c: min(5, max(1, need + rnd.choice((-1, 0, 0, 1)))) for c, need in profile.items()}
            for target, profile in profiles.items()
            if rnd.random() < 0.7
        }
        team = {
            m: {"csat_mean": 4.4 + rnd.random() * 0.3, "fcr_rate": 0.75 + rnd.random() * 0.1} for m in labels
        }
        people.append(
            PersonFacts(
                employee=f"E{i:06d}",
                hire_date=hire,
                prior_experience_months=rnd.choice((0, 0, 6, 24)),
                levels=(("CS1", hire), (level, since)) if since > hire else ((level, since),),
                metrics=metrics,
                ranks=ranks,
                exams=exams,
                violations=violations,
                trainings=trainings,
                competency_confirmations=confirmations,
                team_metrics=team if level in ("CS4", "CS5") else {},
            )
        )
    return people


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=10000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--as-of", default="2026-07-01")
    parser.add_argument("--processes", type=int, default=1, help="worker processes (default 1: see README)")
    parser.add_argument("--repeat", type=int, default=3, help="report the best of N runs")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    policy = Policy.model_validate(yaml.safe_load(PRESET.read_text(encoding="utf-8")))

    t0 = time.perf_counter()
    people = synthetic_people(args.agents, args.months, as_of, policy)
    build = time.perf_counter() - t0

    best = best_cpu = float("inf")
    decisions = []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        compiled = compile_policy(policy, "bench")
        decisions = evaluate_many(people, compiled, as_of, processes=args.processes)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    checks = sum(len(d.checks) for d in decisions)
    by_status: dict[str, int] = {}
    for d in decisions:
        by_status[d.status] = by_status.get(d.status, 0) + 1
    print(f"people: {len(people)} ({args.months} months of figures, built in {build:.2f} s)")
    print(f"decisions: {len(decisions)}  checks: {checks}")
    print("by status: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))
    print(f"engine seconds: {best:.3f} wall, {best_cpu:.3f} CPU (best of {args.repeat}; target <= 1.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
