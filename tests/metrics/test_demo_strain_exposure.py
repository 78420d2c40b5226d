"""The demo's monthly figures give the wellbeing signals data: after-call work every month, a small abusive
rate for most people and a clearly higher one for a few."""

import datetime as dt
import statistics

from serviceladder.demo.generator import generate

TODAY = dt.date(2026, 5, 14)


def test_every_month_has_after_call_work_and_an_abusive_rate_a_few_clearly_high():
    org = generate(seed=7, agents=320, months=12, today=TODAY)
    months = [m for p in org.people for m in p.metrics]
    assert months and all(m.acw_seconds is not None and m.abusive_rate is not None for m in months)
    assert all(5 <= m.acw_seconds <= 120 and 0 <= m.abusive_rate <= 0.06 for m in months)
    by_person = {
        p.number: statistics.mean(m.abusive_rate for m in p.metrics) for p in org.people if p.metrics
    }
    high = [n for n, rate in by_person.items() if rate >= 0.03]
    assert 3 <= len(high) <= len(by_person) * 0.2  # a few, clearly apart
    assert statistics.median(by_person.values()) < 0.01
