"""What the demo organisation is made of: the ladder's codes, departments, teams, names, records.

Level codes are those of the cn-standard policy preset, which the loader stores first; the names below
only matter for generating data without a database.
"""

from serviceladder.demo.specs import LevelSpec, TrackSpec

# ---------------------------------------------------------------------------------------------- ladder

TRACKS = [
    TrackSpec("service", "management", "服务与管理通道", "Service and management track", 1),
    TrackSpec("expert", "expert", "专业专家通道", "Expert track", 2),
    TrackSpec("transfer", "transfer", "跨部门发展通道", "Cross-department track", 3),
]
LEVELS = [
    LevelSpec("CS1", "service", 1, "初级客服", "Junior agent"),
    LevelSpec("CS2", "service", 2, "中级客服", "Agent"),
    LevelSpec("CS3", "service", 3, "高级客服", "Senior agent"),
    LevelSpec("CS4", "service", 4, "客服主管", "Supervisor", True),
    LevelSpec("CS5", "service", 5, "客服经理", "Manager", True),
    LevelSpec("EX-COMPLAINT", "expert", 1, "投诉专家", "Complaint specialist"),
    LevelSpec("EX-TRAINER", "expert", 2, "培训师", "Trainer"),
    LevelSpec("EX-QA", "expert", 3, "质检专员", "QA specialist"),
    LevelSpec("TR-OPS", "transfer", 1, "运营专员", "Operations analyst"),
    LevelSpec("TR-DATA", "transfer", 2, "数据分析", "Data analyst"),
]
# Months a person stays at least in the level before the next step (placeholder for the policy's rule).
MIN_MONTHS_BEFORE_NEXT = {
    "CS1": 12,
    "CS2": 12,
    "CS3": 18,
    "CS4": 24,
    "EX-COMPLAINT": 12,
    "EX-TRAINER": 12,
    "TR-OPS": 12,
}
# How each level is usually reached, from the entry level on.
CAREER_PATHS = {
    "CS1": ["CS1"],
    "CS2": ["CS1", "CS2"],
    "CS3": ["CS1", "CS2", "CS3"],
    "CS4": ["CS1", "CS2", "CS3", "CS4"],
    "CS5": ["CS2", "CS3", "CS4", "CS5"],
    "EX-COMPLAINT": ["CS1", "CS2", "EX-COMPLAINT"],
    "EX-TRAINER": ["CS1", "CS2", "CS3", "EX-TRAINER"],
    "EX-QA": ["CS1", "CS2", "CS3", "EX-QA"],
    "TR-OPS": ["CS1", "CS2", "TR-OPS"],
    "TR-DATA": ["CS1", "CS2", "CS3", "TR-DATA"],
}
BASE_PAY = {
    "CS1": 5200,
    "CS2": 6500,
    "CS3": 8000,
    "CS4": 11000,
    "CS5": 16500,
    "EX-COMPLAINT": 9600,
    "EX-TRAINER": 9200,
    "EX-QA": 8200,
    "TR-OPS": 9000,
    "TR-DATA": 10500,
}
# Share of frontline people per current level (the rest of the organisation are leads and heads).
AGENT_LEVEL_SHARES = {
    "CS2": 0.30,
    "CS3": 0.18,
    "EX-COMPLAINT": 0.04,
    "EX-TRAINER": 0.03,
    "EX-QA": 0.04,
    "TR-OPS": 0.035,
    "TR-DATA": 0.035,
}  # L1 takes the remainder (about a third)
# Longest tenure (months) a person currently at this level typically has.
MAX_TENURE = {"CS1": 22, "CS2": 48, "CS3": 66}
# Months people have held their current level at least: leaders are not promoted last week.
SETTLED_MONTHS = {"head": 12, "lead": 6, "agent": 1}
YEARS_OF_HISTORY = 6

# ---------------------------------------------------------------------------------------------- organisation

DEPARTMENTS = [
    ("presales", "售前咨询部", "Pre-sales Consulting"),
    ("aftersales", "售后服务部", "After-sales Service"),
    ("complaints", "投诉与质检部", "Complaints and Quality"),
]
# code, department, zh, en, channels, relative size
TEAMS = [
    ("pre-phone-1", "presales", "售前热线一组", "Pre-sales hotline 1", ("phone",), 1.2),
    ("pre-phone-2", "presales", "售前热线二组", "Pre-sales hotline 2", ("phone",), 1.1),
    ("pre-chat-1", "presales", "售前在线一组", "Pre-sales chat 1", ("chat",), 1.2),
    ("pre-chat-2", "presales", "售前在线二组", "Pre-sales chat 2", ("chat",), 1.0),
    ("pre-key", "presales", "大客户咨询组", "Key-account consulting", ("phone", "email"), 0.6),
    ("after-phone-1", "aftersales", "售后热线一组", "After-sales hotline 1", ("phone",), 1.3),
    ("after-phone-2", "aftersales", "售后热线二组", "After-sales hotline 2", ("phone",), 1.2),
    ("after-phone-3", "aftersales", "售后热线三组", "After-sales hotline 3", ("phone",), 1.0),
    ("after-chat-1", "aftersales", "售后在线一组", "After-sales chat 1", ("chat",), 1.2),
    ("after-chat-2", "aftersales", "售后在线二组", "After-sales chat 2", ("chat",), 1.0),
    ("after-ticket", "aftersales", "工单处理组", "Tickets and e-mail", ("ticket", "email"), 0.9),
    ("cmp-handling-1", "complaints", "投诉处理一组", "Complaint handling 1", ("phone", "ticket"), 0.8),
    ("cmp-handling-2", "complaints", "投诉处理二组", "Complaint handling 2", ("phone", "ticket"), 0.7),
    ("cmp-qa", "complaints", "质检组", "Quality assurance", ("ticket", "phone"), 0.6),
]
# The demo `agent`, `lead` and `head` logins belong to this team and its department.
LOGIN_TEAM = "after-phone-1"
# Where specialists usually sit.
PREFERRED_TEAMS = {"EX-COMPLAINT": ("cmp-handling-1", "cmp-handling-2"), "EX-QA": ("cmp-qa",)}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢"
    "姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚英华玉萍红鹏飞晨雪琳婷欣怡宇浩然思雨佳嘉子梓涵轩博文诗晓颖"
    "蕾倩梦悦瑶琪家俊凯航宁慧丹莉璐昊天一心彤薇可安志建国海波斌林晶燕玲桐睿哲远舒岚"
)
INSTITUTIONS = (
    "江南职业技术学院",
    "华东商贸职业学院",
    "岭南财经大学",
    "西部信息工程学院",
    "滨海师范大学",
    "中原科技大学",
    "东湖外国语学院",
    "北方经贸职业学院",
    "开放大学（继续教育）",
)
DEGREE_WEIGHTS = {
    "agent": {"secondary": 4, "vocational": 30, "associate": 40, "bachelor": 24, "master": 2},
    "lead": {"vocational": 10, "associate": 35, "bachelor": 50, "master": 5},
    "head": {"associate": 10, "bachelor": 65, "master": 25},
    "staff": {"bachelor": 70, "master": 30},
}
DEGREE_YEARS = {"secondary": 0, "vocational": 3, "associate": 3, "bachelor": 4, "master": 7, "doctorate": 10}
LANGUAGES = [("en", 0.22), ("yue", 0.08), ("ja", 0.02), ("ko", 0.015)]
VIOLATIONS = [
    ("迟到早退", "当月多次迟到，未提前报备"),
    ("服务用语不规范", "质检抽查发现通话中使用不规范用语"),
    ("违规承诺", "向客户承诺超出政策范围的补偿"),
    ("信息安全", "离开座席未锁屏，客户信息可见"),
    ("擅自离岗", "高峰时段未经批准离开座席"),
]
# Everyone starts with the onboarding course; its name is the cn-standard preset's `service-foundations`
# training, so the policy recognises it.
ONBOARDING_TRAINING = "服务基础与系统操作"
OPTIONAL_TRAININGS = [
    ("投诉处理技巧", "training", 0.5, None),
    ("情绪管理与压力疏导", "training", 0.4, None),
    ("产品知识更新", "training", 0.5, None),
    ("客户服务管理师（四级）", "certification", 0.25, 36),
    ("数据分析入门", "training", 0.15, None),  # the preset's `data-basics`
]
# Trainings taken after reaching a level (the preset's promotion_training, where it names one).
LEVEL_TRAININGS = {
    "CS2": (("复杂问题与投诉处理", "training", None), ("新人辅导技巧", "training", None)),
    "CS4": (("班组长管理能力训练营", "training", None),),
    "CS5": (("中层管理者领导力课程", "training", None),),
    "EX-COMPLAINT": (("投诉处理专家认证", "certification", 24),),
    "EX-TRAINER": (("内部培训师认证", "certification", 24),),
    "EX-QA": (("呼叫中心质检员认证", "certification", 24),),
    "TR-OPS": (("运营流程优化实务", "training", None),),
    "TR-DATA": (("数据分析基础（SQL 与报表）", "training", None),),
}
# HR gives the courses the policy does not know their English names (Training.name_alt); the policy's own
# trainings show the policy's English name anyway.
TRAINING_NAMES_EN = {
    "投诉处理技巧": "Complaint handling skills",
    "情绪管理与压力疏导": "Managing emotions and stress",
    "产品知识更新": "Product knowledge update",
    "客户服务管理师（四级）": "Customer service manager (level 4)",
    "班组长管理能力训练营": "Team leader boot camp",
    "中层管理者领导力课程": "Leadership for middle managers",
    "投诉处理专家认证": "Complaint specialist certification",
    "内部培训师认证": "Internal trainer certification",
    "呼叫中心质检员认证": "Contact-center quality reviewer certification",
    "运营流程优化实务": "Operations process improvement",
    "数据分析基础（SQL 与报表）": "Data analysis basics (SQL and reports)",
}
# The reasons the demo's history gives its level and pay changes, in both languages (reason_message).
REASONS_EN = {
    "入职定级": "Starting level",
    "年度晋升": "Annual promotion",
    "转入专业通道": "Moved to the expert track",
    "入职定薪": "Starting pay",
    "年度调薪": "Annual pay rise",
    "晋升调薪": "Pay rise on promotion",
}
# The demo `agent` is a mid-level agent about this many months into the level (the preset asks for 18
# before the next step); they and a few colleagues close to their next step have strong results, so
# "My path" and the team lead's lists show people whom only time separates from a step.
LOGIN_AGENT_LEVEL = "CS2"
LOGIN_AGENT_MONTHS_IN_LEVEL = 16
SHOWCASE_ABILITY = 2.2
SHOWCASE_COLLEAGUES = 3
# Months in the level the preset asks for before the first step up from each frontline level.
NEXT_STEP_MONTHS = {"CS1": 12, "CS2": 18, "CS3": 12}
# Per primary channel: monthly contacts, handle time (s), first response (s).
CHANNEL_PROFILE = {
    "phone": (720, 330, 18),
    "chat": (1050, 260, 35),
    "email": (380, 480, 95),
    "ticket": (420, 450, 80),
}
LEVEL_ABILITY = {
    "CS1": -0.35,
    "CS2": 0.0,
    "CS3": 0.35,
    "CS4": 0.55,
    "EX-COMPLAINT": 0.5,
    "EX-TRAINER": 0.5,
    "EX-QA": 0.5,
}
