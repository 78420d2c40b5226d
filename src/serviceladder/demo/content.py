"""What the demo organisation is made of: the placeholder ladder, departments, teams, names, records.

The ladder here is a placeholder until the policy file provides the real one.
"""

from serviceladder.demo.specs import LevelSpec, TrackSpec

# ---------------------------------------------------------------------------------------------- ladder

TRACKS = [
    TrackSpec("service", "management", "服务与管理通道", "Service and management track", 1),
    TrackSpec("expert", "expert", "专业专家通道", "Expert track", 2),
    TrackSpec("transfer", "transfer", "跨部门发展通道", "Cross-department track", 3),
]
LEVELS = [
    LevelSpec("L1", "service", 1, "初级客服", "Junior agent"),
    LevelSpec("L2", "service", 2, "中级客服", "Agent"),
    LevelSpec("L3", "service", 3, "高级客服", "Senior agent"),
    LevelSpec("L4", "service", 4, "客服主管", "Supervisor", True),
    LevelSpec("L5", "service", 5, "客服经理", "Manager", True),
    LevelSpec("E1", "expert", 1, "投诉专家", "Complaint specialist"),
    LevelSpec("E2", "expert", 2, "培训师", "Trainer"),
    LevelSpec("E3", "expert", 3, "质检专员", "QA specialist"),
    LevelSpec("T1", "transfer", 1, "运营专员", "Operations analyst"),
    LevelSpec("T2", "transfer", 2, "数据分析", "Data analyst"),
]
# Months a person stays at least in the level before the next step (placeholder for the policy's rule).
MIN_MONTHS_BEFORE_NEXT = {"L1": 12, "L2": 12, "L3": 18, "L4": 24, "E1": 12, "E2": 12, "T1": 12}
# How each level is usually reached, from the entry level on.
CAREER_PATHS = {
    "L1": ["L1"],
    "L2": ["L1", "L2"],
    "L3": ["L1", "L2", "L3"],
    "L4": ["L1", "L2", "L3", "L4"],
    "L5": ["L2", "L3", "L4", "L5"],
    "E1": ["L1", "L2", "E1"],
    "E2": ["L1", "L2", "L3", "E2"],
    "E3": ["L1", "L2", "L3", "E3"],
    "T1": ["L1", "L2", "T1"],
    "T2": ["L1", "L2", "L3", "T2"],
}
BASE_PAY = {
    "L1": 5200,
    "L2": 6500,
    "L3": 8000,
    "L4": 11000,
    "L5": 16500,
    "E1": 8800,
    "E2": 9600,
    "E3": 9200,
    "T1": 9000,
    "T2": 10500,
}
# Share of frontline people per current level (the rest of the organisation are leads and heads).
AGENT_LEVEL_SHARES = {
    "L2": 0.30,
    "L3": 0.18,
    "E1": 0.04,
    "E2": 0.03,
    "E3": 0.04,
    "T1": 0.035,
    "T2": 0.035,
}  # L1 takes the remainder (about a third)
# Longest tenure (months) a person currently at this level typically has.
MAX_TENURE = {"L1": 22, "L2": 48, "L3": 66}
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
PREFERRED_TEAMS = {"E1": ("cmp-handling-1", "cmp-handling-2"), "E3": ("cmp-qa",)}

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
OPTIONAL_TRAININGS = [
    ("投诉处理技巧", "training", 0.5, None),
    ("情绪管理与压力疏导", "training", 0.4, None),
    ("产品知识更新", "training", 0.5, None),
    ("客户服务管理师（四级）", "certification", 0.25, 36),
]
LEVEL_TRAININGS = {
    "L4": ("班组长管理能力训练营", "training", None),
    "L5": ("中层管理者领导力课程", "training", None),
    "E1": ("投诉处理专家认证", "certification", 24),
    "E2": ("内部培训师认证", "certification", 24),
    "E3": ("呼叫中心质检员认证", "certification", 24),
    "T1": ("运营流程优化实务", "training", None),
    "T2": ("数据分析基础（SQL 与报表）", "training", None),
}
# Per primary channel: monthly contacts, handle time (s), first response (s).
CHANNEL_PROFILE = {
    "phone": (720, 330, 18),
    "chat": (1050, 260, 35),
    "email": (380, 480, 95),
    "ticket": (420, 450, 80),
}
LEVEL_ABILITY = {"L1": -0.35, "L2": 0.0, "L3": 0.35, "L4": 0.55, "E1": 0.5, "E2": 0.5, "E3": 0.5}
