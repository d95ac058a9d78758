"""The seeds' own measures as indicators of the city (subject "city"): 两率一度 (awareness, participation,
satisfaction), lighting integrity, officers per 10,000 residents and the 721 mix of the work, each with its
target. Shipped as data with the standard's set (`defaults.load_defaults`)."""

from .models import Direction, Subject, Unit

ACTIONS = "(service_cases + management_cases + enforcement_cases + enforcement_records)"
CITY_DEFAULTS = [
    (
        Subject.CITY,
        "awareness_rate",
        "知晓率",
        "aware / awareness_answers",
        Unit.RATE,
        Direction.HIGHER,
        {
            "drill_count": "aware",
            "target": 0.9,
            "description": "评议问卷中知晓类问题答“知道”的份数 / 作答份数（种子000“两率一度”）。",
        },
    ),
    (
        Subject.CITY,
        "participation_rate",
        "参与率",
        "voters / eligible_voters",
        Unit.RATE,
        Direction.HIGHER,
        {
            "drill_count": "voters",
            "target": 0.8,
            "description": "评议轮次的投票人数 / 轮次邀请参评人数（目标人群）。",
        },
    ),
    (
        Subject.CITY,
        "satisfaction_rate",
        "满意度",
        "follow_ups_satisfied / follow_ups",
        Unit.RATE,
        Direction.HIGHER,
        {
            "drill_count": "follow_ups",
            "target": 0.9,
            "description": "回访评价为基本满意及以上的份数 / 已答复的回访份数。",
        },
    ),
    (
        Subject.CITY,
        "lighting_rate",
        "亮灯率",
        "(lamps - lamp_faults) / lamps",
        Unit.RATE,
        Direction.HIGHER,
        {
            "drill_count": "lamp_faults",
            "target": 0.95,
            "description": "（路灯总数 − 未结的路灯案件数）/ 部件普查的路灯总数；"
            "不低于95%（种子002第八篇）。",
        },
    ),
    (
        Subject.CITY,
        "officers_per_10k",
        "每万人执法人员数",
        "officers / residents * 10000",
        Unit.NUMBER,
        Direction.HIGHER,
        {
            "drill_count": "officers",
            "target": 3,
            "description": "持有效执法证的执法人员 / 常住人口 × 10000；"
            "按万分之三至万分之五配备（种子002第八篇第九条）。",
        },
    ),
    (
        Subject.CITY,
        "service_share",
        "服务占比",
        f"service_cases / {ACTIONS}",
        Unit.RATE,
        Direction.HIGHER,
        {
            "drill_count": "service_cases",
            "target": 0.7,
            "description": "“721”工作法：服务类案件 / （全部案件 + 执法记录），目标70%（种子004）。",
        },
    ),
    (
        Subject.CITY,
        "management_share",
        "管理占比",
        f"management_cases / {ACTIONS}",
        Unit.RATE,
        Direction.LOWER,
        {
            "drill_count": "management_cases",
            "target": 0.2,
            "description": "“721”工作法：管理类案件 / （全部案件 + 执法记录），目标20%。",
        },
    ),
    (
        Subject.CITY,
        "enforcement_share",
        "执法占比",
        f"(enforcement_cases + enforcement_records) / {ACTIONS}",
        Unit.RATE,
        Direction.LOWER,
        {
            "drill_count": "enforcement_cases",
            "target": 0.1,
            "description": "“721”工作法：（执法类案件 + 执法记录）/ （全部案件 + 执法记录），目标不超过10%。",
        },
    ),
]
