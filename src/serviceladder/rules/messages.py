"""Every message code the engine produces, in Chinese and English (one place; a test checks both exist).

Templates use str.format fields named after the CheckResult's values; explain.py pre-formats the values
(numbers in the metric's unit, months, dates, lists) before filling them in.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # min_months_in_level
    "tenure.pass": {
        "en": "{months} whole months in the level since {since}; {required} needed",
        "zh": "自{since}起在本职级已满{months}个月，要求{required}个月",
    },
    "tenure.short": {
        "en": "{months} whole months in the level since {since}; {required} needed, reached on {met_on}",
        "zh": "自{since}起在本职级{months}个月，要求{required}个月，将于{met_on}满足",
    },
    "tenure.no_history": {
        "en": "no level history on record; {required} months in the level needed",
        "zh": "没有职级记录，要求在本职级满{required}个月",
    },
    # min_months_of_service
    "service.pass": {
        "en": "{months} months of service (since {since}); {required} needed",
        "zh": "服务年限{months}个月（自{since}起），要求{required}个月",
    },
    "service.short": {
        "en": "{months} months of service (since {since}); {required} needed, reached on {met_on}",
        "zh": "服务年限{months}个月（自{since}起），要求{required}个月，将于{met_on}满足",
    },
    # metric_threshold
    "metric.mean": {
        "en": "{metric} {actual} over the last {window} months; {op} {required} needed",
        "zh": "近{window}个月{metric}{actual}，需{op}{required}",
    },
    "metric.every_month": {
        "en": "{metric} {op} {required} in each of the last {window} months (weakest {actual})",
        "zh": "近{window}个月每月{metric}均{op}{required}（最弱一个月{actual}）",
    },
    "metric.month_failed": {
        "en": "{metric} must be {op} {required} in each of the last {window} months; "
        "{month} was {month_value}",
        "zh": "近{window}个月每月{metric}须{op}{required}；{month}为{month_value}",
    },
    "metric.latest": {
        "en": "{metric} {actual} in the latest month; {op} {required} needed",
        "zh": "最近一个月{metric}{actual}，需{op}{required}",
    },
    "metric.missing": {
        "en": "{metric}: no figures for {missing}",
        "zh": "{metric}：缺少{missing}的数据",
    },
    "metric.small_sample": {
        "en": "{metric}: {month} has only {sample} {sample_field}; at least {min_sample} needed",
        "zh": "{metric}：{month}仅有{sample}个{sample_field}，至少需要{min_sample}个",
    },
    # rank_streak
    "rank.pass": {
        "en": "in the top {top} of the peer group for {need} consecutive months",
        "zh": "连续{need}个月位列同级前{top}",
    },
    "rank.broken": {
        "en": "in the top {top} for {in_top} of {need} consecutive months; "
        "{month}'s rank {pct} broke the streak; a complete streak is possible from {earliest}",
        "zh": "近{need}个月中{in_top}个月位列前{top}；{month}排名{pct}中断了连续记录，最早可于{earliest}满足",
    },
    "rank.missing": {
        "en": "no peer-group rank for {missing}; top {top} for {need} consecutive months needed",
        "zh": "缺少{missing}的同级排名，要求连续{need}个月位列前{top}",
    },
    # exam_score
    "exam.pass": {
        "en": "exam score {score} on {date}; {required} needed within {within} months",
        "zh": "{date}考试成绩{score}分，要求{within}个月内达到{required}分",
    },
    "exam.low": {
        "en": "best exam score in the last {within} months is {score}; {required} needed",
        "zh": "近{within}个月最好考试成绩{score}分，需达到{required}分",
    },
    "exam.none": {
        "en": "no exam in the last {within} months; a score of {required} needed",
        "zh": "近{within}个月没有考试成绩，需达到{required}分",
    },
    "exam.latest_low": {
        "en": "latest exam score in the last {within} months is {score} ({date}); {required} needed",
        "zh": "近{within}个月最近一次考试成绩{score}分（{date}），需达到{required}分",
    },
    # exam_score naming the exam it accepts (the policy's `exams:`); {exam} is its code or its name
    "exam.named.pass": {
        "en": "{exam}: score {score} on {date}; {required} needed within {within} months",
        "zh": "{exam}：{date}成绩{score}分，要求{within}个月内达到{required}分",
    },
    "exam.named.low": {
        "en": "{exam}: best score in the last {within} months is {score}; {required} needed",
        "zh": "{exam}：近{within}个月最好成绩{score}分，需达到{required}分",
    },
    "exam.named.latest_low": {
        "en": "{exam}: latest score in the last {within} months is {score} ({date}); {required} needed",
        "zh": "{exam}：近{within}个月最近一次成绩{score}分（{date}），需达到{required}分",
    },
    "exam.named.none": {
        "en": "no result of {exam} in the last {within} months; a score of {required} needed",
        "zh": "近{within}个月没有{exam}的成绩，需达到{required}分",
    },
    # competency_confirmation
    "competency.pass": {
        "en": "the superior confirmed all {count} competencies of {level}",
        "zh": "上级已确认{level}的全部{count}项能力",
    },
    "competency.below": {
        "en": "competencies below the profile of {level} ({count}): {gaps}",
        "zh": "{level}有{count}项能力未达要求：{gaps}",
    },
    "competency.not_rated": {
        "en": "the superior has not yet confirmed the competencies for {level}",
        "zh": "上级尚未确认{level}所需能力",
    },
    # no_violations
    "violations.none": {
        "en": "no violation in the last {months} months",
        "zh": "近{months}个月无违规记录",
    },
    "violations.recent": {
        "en": "{count} violation(s) in the last {months} months, the latest on {latest}; "
        "clears on {clears_on}",
        "zh": "近{months}个月有{count}次违规，最近一次在{latest}，将于{clears_on}消除",
    },
    # required_trainings
    "training.pass": {
        "en": "required trainings completed: {codes}",
        "zh": "已完成要求的培训：{codes}",
    },
    "training.missing": {
        "en": "trainings still to complete: {missing}",
        "zh": "尚需完成的培训：{missing}",
    },
    # education_requirement, education_cap
    "education.pass": {
        "en": "education {degree}; at least {required} needed",
        "zh": "学历{degree}，要求至少{required}",
    },
    "education.below": {
        "en": "education {degree}; at least {required} needed",
        "zh": "学历{degree}，要求至少{required}",
    },
    "education.unknown": {
        "en": "no education on record",
        "zh": "没有学历记录",
    },
    "cap.clear": {
        "en": "education {degree} allows levels above {highest_level}",
        "zh": "学历{degree}，可晋升至{highest_level}以上",
    },
    "cap.blocked": {
        "en": "with education below {below} the highest level is {highest_level}",
        "zh": "学历低于{below}者最高可至{highest_level}",
    },
    # team_metric
    "team.mean": {
        "en": "team {metric} {actual} over the last {window} months; {op} {required} needed",
        "zh": "近{window}个月团队{metric}{actual}，需{op}{required}",
    },
    "team.improvement": {
        "en": "team {metric} changed by {gain} from {from} to {to}; an improvement of {required} needed",
        "zh": "团队{metric}自{from}至{to}变化{gain}，需提升{required}",
    },
    "team.missing": {
        "en": "team {metric}: no figures for {missing}",
        "zh": "团队{metric}：缺少{missing}的数据",
    },
    # stars: period_rank, recognition_received
    "stars_rank.pass": {
        "en": "in the top {top} of the peer group in every month of the period (weakest {pct})",
        "zh": "评选期内每月均位列同级前{top}（最弱一个月{pct}）",
    },
    "stars_rank.pass_partly_applied": {
        "en": "in the top {top} of the peer group in the {applied} months it applies to (weakest {pct}); "
        "not applied in {small}: fewer than {min_group} people in the peer group",
        "zh": "在适用的{applied}个月内均位列同级前{top}（最弱一个月{pct}）；"
        "{small}同级人数少于{min_group}人，不适用",
    },
    "stars_rank.outside": {
        "en": "top {top} of the peer group needed in every month of the period; {month} was {pct}",
        "zh": "评选期内每月须位列同级前{top}；{month}为{pct}",
    },
    "stars_rank.not_applied": {
        "en": "top-{top} condition not applied: the peer group has {size} people, fewer than the "
        "minimum of {min_group}",
        "zh": "前{top}条件不适用：同级仅{size}人，少于最低{min_group}人",
    },
    "stars_rank.missing": {
        "en": "no peer-group rank for {missing}; top {top} needed in every month of the period",
        "zh": "缺少{missing}的同级排名，要求评选期内每月位列前{top}",
    },
    "recognition.count": {
        "en": "{count} recognition(s) received in the period; at least {required} needed",
        "zh": "评选期内获得认可{count}次，要求至少{required}次",
    },
    "recognition.count_in": {
        "en": "{count} recognition(s) for {categories} received in the period; at least {required} needed",
        "zh": "评选期内获得{categories}类认可{count}次，要求至少{required}次",
    },
    # stars: the same clauses, worded for a rating period (recognition/engine/stars.py)
    "stars_metric.mean": {
        "en": "{metric} {actual} in the period; {op} {required} needed",
        "zh": "评选期内{metric}{actual}，需{op}{required}",
    },
    "stars_metric.every_month": {
        "en": "{metric} {op} {required} in every month of the period (weakest {actual})",
        "zh": "评选期内每月{metric}均{op}{required}（最弱一个月{actual}）",
    },
    "stars_metric.month_failed": {
        "en": "{metric} must be {op} {required} in every month of the period; {month} was {month_value}",
        "zh": "评选期内每月{metric}须{op}{required}；{month}为{month_value}",
    },
    "stars_violations.none": {
        "en": "no violation in the period",
        "zh": "评选期内无违规记录",
    },
    "stars_violations.recent": {
        "en": "{count} violation(s) in the period, the latest on {latest}",
        "zh": "评选期内有{count}次违规，最近一次在{latest}",
    },
    # coaching: metric_below_streak, metric_drop_against_own_average
    "coaching.below_streak": {
        "en": "{metric} missed {op} {required} in each of the last {window} months (best month {actual})",
        "zh": "近{window}个月{metric}每月均未达标（需{op}{required}，最好的一个月为{actual}）",
    },
    "coaching.streak_broken": {
        "en": "{metric} met {op} {required} in {month} ({month_value}); "
        "not missed in each of the last {window} months",
        "zh": "{metric}在{month}达到{op}{required}（{month_value}），并非近{window}个月每月未达标",
    },
    "coaching.drop": {
        "en": "{metric} {latest} in {month}, worse by {change} than the own average of {baseline} "
        "over the {window} months before; a drop of {drop} or more calls for coaching",
        "zh": "{month}{metric}为{latest}，比之前{window}个月的个人平均值{baseline}差{change}；"
        "下降{drop}及以上需要辅导",
    },
    "coaching.no_drop": {
        "en": "{metric} {latest} in {month} against the own average of {baseline} over the {window} "
        "months before; a drop of {drop} or more calls for coaching",
        "zh": "{month}{metric}为{latest}，之前{window}个月的个人平均值为{baseline}；下降{drop}及以上需要辅导",
    },
    # bottom_band (improvement plans)
    "band.in": {
        "en": "in the bottom {bottom} of the peer group in each of the last {need} months "
        "(position percentile {pct} at best)",
        "zh": "近{need}个月每月均处于同级后{bottom}（排名百分位最好为{pct}）",
    },
    "band.out": {
        "en": "in the bottom {bottom} in {count} of the last {need} months; {month} was at {pct}",
        "zh": "近{need}个月中{count}个月处于后{bottom}；{month}排名百分位{pct}",
    },
    "band.missing": {
        "en": "no peer-group standing for {missing}: not enough data, the bottom band does not apply",
        "zh": "缺少{missing}的同级排名：数据不足，不适用末位规则",
    },
    "band.small_group": {
        "en": "the peer group had only {size} people in {month}; the bottom band applies from {min_group}",
        "zh": "{month}同级仅{size}人；末位规则要求至少{min_group}人",
    },
    "band.new_in_service": {
        "en": "in service since {since}; the bottom band applies only after the first {required} months "
        "(from {met_on})",
        "zh": "自{since}入职；入职前{required}个月不适用末位规则（{met_on}起适用）",
    },
    # wellbeing signals (issue 16): workload, worsening, plateau, setback, pulse; the quality slide
    "workload.above": {
        "en": "{metric} above the team median by {percent} or more in each of the last {window} months "
        "(at least {least} above)",
        "zh": "近{window}个月每月{metric}均高于团队中位数{percent}及以上（最少高出{least}）",
    },
    "workload.not_above": {
        "en": "{metric} {month_value} in {month} against a team median of {median}; the signal needs "
        "{percent} above it in each of the last {window} months",
        "zh": "{month}{metric}为{month_value}，团队中位数为{median}；须近{window}个月每月均高出{percent}",
    },
    "workload.no_median": {
        "en": "{metric}: no team median for {missing}",
        "zh": "{metric}：缺少{missing}的团队中位数",
    },
    "workload.small_team": {
        "en": "{metric}: only {size} team members had the figure in {month}; a team median needs {min_team}",
        "zh": "{metric}：{month}团队仅{size}人有数据，团队中位数至少需要{min_team}人",
    },
    "worsening.streak": {
        "en": "{metric} worse than the month before in each of the last {window} months "
        "({first} in {from}, {last} in {to})",
        "zh": "近{window}个月{metric}逐月变差（{from}为{first}，{to}为{last}）",
    },
    "worsening.broken": {
        "en": "{metric} {month_value} in {month} was not worse than the month before ({before}); "
        "the signal needs {window} months in a row worse",
        "zh": "{month}{metric}为{month_value}，未比上月（{before}）变差；须连续{window}个月逐月变差",
    },
    "plateau.within_typical": {
        "en": "{months} months in the level since {since}; within the typical {typical} months",
        "zh": "自{since}起在本职级{months}个月，未超过通常的{typical}个月",
    },
    "plateau.open_goal": {
        "en": "{months} months in the level, beyond the typical {typical}, with {goals} open development "
        "goal(s)",
        "zh": "在本职级{months}个月，超过通常的{typical}个月，但有{goals}个进行中的发展目标",
    },
    "plateau.recent_conversation": {
        "en": "{months} months in the level, beyond the typical {typical}; a career conversation on "
        "{talked_on}, within the last {within} months",
        "zh": "在本职级{months}个月，超过通常的{typical}个月；"
        "{talked_on}进行过职业发展谈话（近{within}个月内）",
    },
    "plateau.stuck": {
        "en": "{months} months in the level since {since}, beyond the typical {typical}; no open development "
        "goal and no career conversation on record",
        "zh": "自{since}起在本职级{months}个月，超过通常的{typical}个月；"
        "没有进行中的发展目标，也没有职业发展谈话记录",
    },
    "plateau.stuck_talked": {
        "en": "{months} months in the level since {since}, beyond the typical {typical}; no open development "
        "goal, and the last career conversation on {talked_on} is more than {within} months ago",
        "zh": "自{since}起在本职级{months}个月，超过通常的{typical}个月；没有进行中的发展目标，"
        "最近一次职业发展谈话在{talked_on}，已超过{within}个月",
    },
    "setback.none": {
        "en": "no rejected application or lost appeal in the last {months} months",
        "zh": "近{months}个月没有被驳回的申请或未获支持的申诉",
    },
    "setback.rejected": {
        "en": "an application was rejected on {latest} ({count} setback(s) in the last {months} months)",
        "zh": "{latest}有一份申请被驳回（近{months}个月共{count}次受挫）",
    },
    "setback.appeal_lost": {
        "en": "an appeal was dismissed on {latest} ({count} setback(s) in the last {months} months)",
        "zh": "{latest}有一项申诉未获支持（近{months}个月共{count}次受挫）",
    },
    "pulse.not_low": {
        "en": "no shared pulse answer on {theme} at {value} or worse in the last {window} months",
        "zh": "近{window}个月没有关于{theme}、达到{value}分或更差的共享问卷回答",
    },
    "pulse.low_high_bad": {
        "en": "a pulse answer shared with the lead in {month}: {theme} {answer} of 5 ({value} or higher "
        "is a warning)",
        "zh": "{month}与主管共享的问卷回答：{theme}{answer}分（满分5分，{value}分及以上需关注）",
    },
    "pulse.low": {
        "en": "a pulse answer shared with the lead in {month}: {theme} {answer} of 5 ({value} or lower "
        "is a warning)",
        "zh": "{month}与主管共享的问卷回答：{theme}{answer}分（满分5分，{value}分及以下需关注）",
    },
    "wellbeing.outside": {
        "en": "{metric} outside what is acceptable ({op} {required}) in each of the last {window} months "
        "(best month {actual})",
        "zh": "近{window}个月{metric}每月均超出可接受范围（应{op}{required}，最好的一个月为{actual}）",
    },
    "wellbeing.within": {
        "en": "{metric} within what is acceptable ({op} {required}) in {month} ({month_value}); the signal "
        "needs each of the last {window} months outside it",
        "zh": "{month}{metric}在可接受范围内（{op}{required}，为{month_value}）；"
        "须近{window}个月每月均超出才提示",
    },
    "wellbeing.drop": {
        "en": "{metric} {latest} in {month}, worse by {change} than the own average of {baseline} "
        "over the {window} months before; a drop of {drop} or more is a warning",
        "zh": "{month}{metric}为{latest}，比之前{window}个月的个人平均值{baseline}差{change}；"
        "下降{drop}及以上需关注",
    },
    "wellbeing.no_drop": {
        "en": "{metric} {latest} in {month} against the own average of {baseline} over the {window} "
        "months before; a drop of {drop} or more is a warning",
        "zh": "{month}{metric}为{latest}，之前{window}个月的个人平均值为{baseline}；下降{drop}及以上需关注",
    },
    # lifecycle stages (issue 16 item 1); a position is the peer-group percentile, smaller is better
    "stage.entry": {
        "en": "{months} months of service since {since}: within the first {required} months",
        "zh": "自{since}入职{months}个月：处于入职前{required}个月内",
    },
    "stage.past_entry": {
        "en": "{months} months of service since {since}; entry is the first {required} months",
        "zh": "自{since}入职{months}个月；入职期为前{required}个月",
    },
    "stage.no_trend": {
        "en": "no peer-group standing in {missing}: the trend over {window} months cannot be judged",
        "zh": "{missing}均无同级排名：无法判断{window}个月的趋势",
    },
    "stage.short_trend": {
        "en": "too soon in the current level for a trend ({window} month(s) ranked among the new peers)",
        "zh": "在现职级时间尚短，暂无趋势（在新同级中排名{window}个月）",
    },
    "stage.decline": {
        "en": "peer-group position fell from the top {first} ({early}, average) to the top {last} ({late}), "
        "{change} points lower; a fall of {points} points or more is a decline",
        "zh": "同级排名从{early}平均前{first}降至{late}平均前{last}，下降{change}个百分点；"
        "下降{points}个百分点及以上为下滑期",
    },
    "stage.no_decline": {
        "en": "peer-group position from the top {first} ({early}, average) to the top {last} ({late}); "
        "a fall of {points} points or more would be a decline",
        "zh": "同级排名从{early}平均前{first}到{late}平均前{last}；下降{points}个百分点及以上才为下滑期",
    },
    "stage.within_typical": {
        "en": "{months} months in the level since {since}; within the typical {typical} months",
        "zh": "自{since}起在本职级{months}个月，未超过通常的{typical}个月",
    },
    "stage.past_typical_rising": {
        "en": "{months} months in the level, beyond the typical {typical}, but the position rose from the "
        "top {first} ({early}) to the top {last} ({late})",
        "zh": "在本职级{months}个月，超过通常的{typical}个月，"
        "但排名从{early}平均前{first}升至{late}平均前{last}",
    },
    "stage.plateau": {
        "en": "{months} months in the level since {since}, beyond the typical {typical}, and the position "
        "moved from the top {first} ({early}, average) to the top {last} ({late}), without rising {points} "
        "points",
        "zh": "自{since}起在本职级{months}个月，超过通常的{typical}个月，"
        "排名从{early}平均前{first}到{late}平均前{last}，未提升{points}个百分点",
    },
    "stage.new_in_level": {
        "en": "{months} months in the level since {since}, within its minimum time of {required} months",
        "zh": "自{since}起在本职级{months}个月，仍在最短任职期{required}个月内",
    },
    "stage.rise": {
        "en": "peer-group position rose from the top {first} ({early}, average) to the top {last} ({late}), "
        "{change} points; {points} or more is a rise",
        "zh": "同级排名从{early}平均前{first}升至{late}平均前{last}，提升{change}个百分点；"
        "提升{points}个百分点及以上为上升期",
    },
    "stage.no_rise": {
        "en": "peer-group position from the top {first} ({early}, average) to the top {last} ({late}); "
        "a rise needs {points} points",
        "zh": "同级排名从{early}平均前{first}到{late}平均前{last}；上升期需提升{points}个百分点",
    },
    "stage.maturity": {
        "en": "past entry, and neither declining, on a plateau nor rising: mature "
        "({months} months of service)",
        "zh": "已过入职期，既未下滑、未停滞也未上升：处于成熟期（服务{months}个月）",
    },
    # decisions
    "decision.eligible": {"en": "eligible now", "zh": "现已符合条件"},
    "decision.not_yet_on": {"en": "not yet; earliest on {date}", "zh": "暂未符合，最早{date}"},
    "decision.not_yet": {"en": "not yet", "zh": "暂未符合"},
    "decision.blocked": {"en": "blocked", "zh": "不可晋升"},
    "decision.insufficient_data": {"en": "not enough data", "zh": "数据不足"},
}

# Words the templates are filled with.
OPERATORS = {
    ">=": {"en": "at least", "zh": "不低于"},
    "<=": {"en": "at most", "zh": "不高于"},
    ">": {"en": "more than", "zh": "高于"},
    "<": {"en": "less than", "zh": "低于"},
}

METRIC_LABELS = {
    "csat_mean": {"en": "CSAT", "zh": "满意度"},
    "csat_top2_share": {"en": "satisfied share", "zh": "满意率"},
    "fcr_rate": {"en": "first-contact resolution", "zh": "首次解决率"},
    "aht_seconds": {"en": "handle time", "zh": "平均处理时长"},
    "first_response_minutes": {"en": "response time", "zh": "平均响应时间"},
    "on_time_response_rate": {"en": "on-time response rate", "zh": "响应及时率"},
    "resolution_rate": {"en": "resolution rate", "zh": "问题解决率"},
    "complaint_rate": {"en": "complaint rate", "zh": "投诉率"},
    "acw_seconds": {"en": "after-call work", "zh": "话后处理时长"},
    "abusive_rate": {"en": "abusive contact rate", "zh": "客户辱骂率"},
    "kpi_completion": {"en": "KPI completion", "zh": "业绩指标完成率"},
    "attendance_rate": {"en": "attendance", "zh": "出勤率"},
    "kb_contributions": {"en": "knowledge-base contributions", "zh": "知识库贡献"},
    "qa_score": {"en": "QA score", "zh": "质检分"},
    "exam_score": {"en": "exam score", "zh": "考试成绩"},
    "supervisor_rating": {"en": "supervisor rating", "zh": "上级评分"},
    "performance_score": {"en": "performance score", "zh": "绩效分"},
    "contacts": {"en": "contacts handled", "zh": "接待量"},
}

SAMPLE_LABELS = {
    "csat_rated": {"en": "rated contacts", "zh": "评价量"},
    "contacts": {"en": "contacts", "zh": "接待量"},
    None: {"en": "contacts", "zh": "接待量"},
}

PULSE_THEME_LABELS = {
    "exhaustion": {"en": "exhaustion", "zh": "疲惫感"},
    "achievement": {"en": "sense of achievement", "zh": "成就感"},
    "path_clarity": {"en": "clarity of the path", "zh": "发展路径清晰度"},
    "respect": {"en": "respect", "zh": "被尊重感"},
    "other": {"en": "other", "zh": "其他"},
}

RECOGNITION_CATEGORY_LABELS = {
    "customer_praise": {"en": "customer praise", "zh": "客户表扬"},
    "helping_colleague": {"en": "helping a colleague", "zh": "帮助同事"},
    "knowledge_base": {"en": "knowledge-base contribution", "zh": "知识库贡献"},
    "going_beyond": {"en": "going beyond", "zh": "超越期望"},
}

DEGREE_LABELS = {
    "secondary": {"en": "secondary school", "zh": "高中/中专"},
    "vocational": {"en": "vocational college", "zh": "职业院校"},
    "associate": {"en": "associate degree", "zh": "大专"},
    "bachelor": {"en": "bachelor's degree", "zh": "本科"},
    "master": {"en": "master's degree", "zh": "硕士"},
    "doctorate": {"en": "doctorate", "zh": "博士"},
}

UNIT_SUFFIX = {
    "minutes": {"en": " min", "zh": "分钟"},
    "seconds": {"en": " s", "zh": "秒"},
    "points": {"en": "", "zh": "分"},
}

LIST_SEPARATOR = {"en": ", ", "zh": "、"}
NOTE_NO_SAMPLE = {
    "en": " (no sample size given for {months})",
    "zh": "（{months}未提供样本量）",
}

LANGUAGES = ("zh", "en")
CATALOGUES = (
    MESSAGES,
    OPERATORS,
    METRIC_LABELS,
    SAMPLE_LABELS,
    DEGREE_LABELS,
    UNIT_SUFFIX,
    RECOGNITION_CATEGORY_LABELS,
    PULSE_THEME_LABELS,
)
