import pytest

BASE = """\
schema_version: 1
name: test
competencies:
  - code: communication
    name_zh: 沟通
    name_en: Communication
trainings:
  - code: basics
    name_zh: 基础
    name_en: Basics
tracks:
  - code: service
    kind: management
    name_zh: 服务
    name_en: Service
    levels:
      - code: L1
        name_zh: 一级
        name_en: Level 1
        competencies:
          communication: 2
        pay_band:
          min: 4000
          max: 6000
      - code: L2
        name_zh: 二级
        name_en: Level 2
        supervisory: true
        pay_band:
          min: 6000
          max: 9000
      - code: L3
        name_zh: 三级
        name_en: Level 3
        supervisory: true
transitions:
  - from: L1
    to: L2
    conditions:
      min_months_in_level: 12
      metric_thresholds:
        - metric: csat_mean
          comparison: ">="
          value: 4.5
          window: 6
          min_sample: 30
      trainings:
        - basics
  - from: L2
    to: L3
    conditions:
      team_conditions:
        - metric: csat_mean
          value: 4.5
          window: 6
performance_score:
  weights:
    csat_mean: 0.6
    fcr_rate: 0.4
process:
  application_months: [3, 9]
  notice_period_working_days: 5
  holiday_calendar: CN
  appeal_deadline_days: 7
  quotas:
    L2: 3
"""


@pytest.fixture
def base_policy() -> str:
    return BASE
