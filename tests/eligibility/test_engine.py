"""Engine plumbing: current level, transitions offered, the batch path, the cn-standard preset."""

import datetime as dt

from serviceladder.eligibility.engine import INSUFFICIENT_DATA, compile_policy, evaluate, evaluate_many
from serviceladder.rules.facts import PersonFacts
from tests.eligibility.helpers import example_person, example_policy, preset_policy

AS_OF = dt.date(2026, 7, 1)


def test_time_in_level_counts_from_the_start_of_an_unbroken_stay():
    p = PersonFacts(
        "X", dt.date(2020, 1, 1), levels=(("L1", dt.date(2025, 9, 1)), ("L1", dt.date(2024, 1, 1)))
    )
    assert p.level_on(AS_OF) == ("L1", dt.date(2024, 1, 1))
    moved = PersonFacts(
        "X", dt.date(2020, 1, 1), levels=(("L1", dt.date(2023, 1, 1)), ("L2", dt.date(2026, 8, 1)))
    )
    assert moved.level_on(AS_OF) == ("L1", dt.date(2023, 1, 1))  # a later assignment is not yet in force
    assert PersonFacts("X", dt.date(2020, 1, 1)).level_on(AS_OF) is None


def test_no_level_or_no_transition_means_no_decision():
    policy = example_policy()
    assert evaluate(PersonFacts("X", dt.date(2020, 1, 1)), policy, AS_OF) == []
    at_top = PersonFacts("X", dt.date(2020, 1, 1), levels=(("L2", dt.date(2024, 1, 1)),))
    assert evaluate(at_top, policy, AS_OF) == []


def test_batch_in_one_or_two_processes_gives_the_same_decisions():
    people = [example_person(employee=f"P{i}", ranks=(10, 10 + i, 12)) for i in range(30)]
    policy = compile_policy(example_policy(), "v2")
    single = evaluate_many(people, policy, AS_OF)
    assert [d.employee for d in single] == [f"P{i}" for i in range(30)]
    assert evaluate_many(people, policy, AS_OF, processes=2) == single
    assert {d.policy_version for d in single} == {"v2"}


def test_every_cn_standard_transition_is_offered_from_its_level():
    policy = preset_policy()
    cs3 = PersonFacts("X", dt.date(2018, 1, 1), levels=(("CS3", dt.date(2022, 1, 1)),))
    decisions = evaluate(cs3, policy, AS_OF)
    assert [(d.to_level, d.kind, d.track) for d in decisions] == [
        ("CS4", "promotion", "management"),
        ("EX-TRAINER", "lateral", "expert"),
        ("EX-COMPLAINT", "promotion", "expert"),
        ("TR-OPS", "lateral", "transfer"),
        ("TR-DATA", "lateral", "transfer"),
    ]
    # no figures at all: never eligible, and every metric check names its missing months
    assert all(d.status == INSUFFICIENT_DATA for d in decisions)
    metric_checks = [c for d in decisions for c in d.checks if c.clause == "metric_threshold"]
    assert metric_checks and all(c.values["missing"] for c in metric_checks)


def test_first_response_threshold_is_compared_in_seconds():
    policy = compile_policy(preset_policy())
    [rule] = [m for m in policy.transitions["CS1"][0].metrics if m.metric == "first_response_minutes"]
    assert (rule.field, rule.value) == ("first_response_seconds_mean", 120.0)
