"""Deterministic Chinese names for the demo city: people, streets, communities, shops and phones.

Everything here takes a `random.Random` so the same seed always gives the same city."""

import random

# Surnames, the common ones repeated so they come up more often (汪, 方, 程, 章 are frequent in
# southern Anhui).
SURNAMES = (
    "王王王李李李张张张刘刘陈陈陈杨杨黄黄吴吴吴汪汪汪方方程程章章胡胡赵周周徐孙马朱郭何高林罗郑梁谢宋"
    "唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶苏魏吕丁任沈姚卢姜崔钟谭陆范金石夏韦付白邹孟熊秦江尹"
    "段雷侯史陶贺顾毛龚邵钱严戴孔汤桂檀查鲍"
)
GIVEN_CHARS_M = "伟强军勇杰涛斌磊超鹏浩明辉刚健波峰俊飞亮宇翔海东林平华建国志文新成龙庆祥春"
GIVEN_CHARS_F = "芳娟敏静丽艳娜婷燕玲琳霞雪颖慧倩洁琴萍红梅兰英凤云秀莉丹晶月佳悦欣蕾"


def person_name(rng: random.Random) -> str:
    pool = GIVEN_CHARS_M if rng.random() < 0.6 else GIVEN_CHARS_F
    given = rng.choice(pool) if rng.random() < 0.35 else rng.choice(pool) + rng.choice(pool)
    return rng.choice(SURNAMES) + given


class NameBook:
    """Hands out distinct person names, so two staff members never share a name in the demo."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def take(self) -> str:
        for _ in range(200):
            name = person_name(self.rng)
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of distinct demo names")


def mobile(rng: random.Random, prefix: str = "139") -> str:
    """A made-up mobile number: fixed prefix, deterministic digits."""
    return prefix + "".join(str(rng.randrange(10)) for _ in range(11 - len(prefix)))


def landline(rng: random.Random) -> str:
    """A made-up Chizhou landline (area code 0566)."""
    return "0566-" + rng.choice("2345") + "".join(str(rng.randrange(10)) for _ in range(6))


# The district's streets and towns with their communities (and villages), in the order codes are given.
STREETS: list[tuple[str, list[str]]] = [
    ("池阳街道", ["杏花村社区", "百牙社区", "翠微社区", "齐山社区", "长江社区", "清风社区"]),
    ("秋浦街道", ["秋浦社区", "通远社区", "平天湖社区", "站前社区", "昭明社区", "白洋社区"]),
    ("江口街道", ["江口社区", "东湖社区", "清溪社区", "池口社区", "青峰社区", "湖滨社区"]),
    ("里山街道", ["里山社区", "白沙社区", "南门社区", "西华社区", "皖江社区", "文化社区"]),
    ("墩上街道", ["墩上社区", "晓庄社区", "华圩社区", "龙泉社区", "茶溪社区", "新民社区"]),
    ("马衙街道", ["马衙社区", "高坦社区", "秀山社区", "乌石社区", "徽池社区", "龙山社区"]),
    ("梅龙街道", ["梅龙社区", "沙田社区", "罗城社区", "港口社区", "月亮湖社区", "金安社区"]),
    ("殷汇镇", ["殷汇社区", "石门社区", "冲口社区", "新河社区", "灵芝社区", "西山村"]),
    ("牛头山镇", ["牛头山社区", "太朴社区", "长岗村", "姚街村", "檀木村", "青山村"]),
    ("涓桥镇", ["涓桥社区", "白洋村", "六百丈村", "桥东村", "栗阳村", "三元村"]),
    ("梅街镇", ["梅街社区", "刘街村", "源溪村", "渚湖村", "龙舒村", "山村"]),
    ("棠溪镇", ["棠溪社区", "东山村", "西山村", "石门高村", "百安村", "金村"]),
]
MAX_STREETS = len(STREETS)

# Shops and units for 门前三包 (responsibility in front of the door).
SHOP_PREFIXES = (
    "惠民",
    "好又多",
    "杏花",
    "秋浦",
    "平天",
    "齐山",
    "九华",
    "长江",
    "兴旺",
    "鑫源",
    "福满多",
    "百姓",
    "家乐",
    "华联",
    "老池州",
    "皖南",
    "春风",
    "阳光",
    "新世纪",
    "天天",
    "金桥",
    "池阳",
    "江南",
    "万家",
    "便民",
    "红太阳",
    "永辉",
    "大众",
    "祥和",
    "明珠",
    "清溪",
    "润泽",
    "丰收",
    "徽韵",
    "五洲",
    "富民",
)
SHOP_KINDS = (
    "超市",
    "便利店",
    "土菜馆",
    "面馆",
    "药房",
    "五金店",
    "水果店",
    "理发店",
    "服装店",
    "烟酒店",
    "早餐店",
    "粮油店",
    "汽修店",
    "茶叶店",
    "手机店",
    "快递驿站",
    "干洗店",
    "包子铺",
    "烧饼店",
    "农资店",
    "建材店",
    "宾馆",
    "眼镜店",
    "母婴店",
    "文具店",
    "花店",
    "小吃店",
    "蛋糕店",
)
UNITS = (
    "池州市第{n}小学",
    "贵池区第{n}幼儿园",
    "池州市第{n}中学",
    "中国银行池州{name}支行",
    "{name}卫生服务站",
    "{name}物业服务中心",
    "池州市{name}农贸市场",
    "中国邮政{name}营业所",
)


def frontage_name(rng: random.Random, place: str) -> str:
    """A shop or unit under 门前三包; `place` (e.g. a community name without its suffix) flavours units."""
    if rng.random() < 0.12:
        return rng.choice(UNITS).format(n="一二三四五六七八九十"[rng.randrange(10)], name=place)
    return rng.choice(SHOP_PREFIXES) + rng.choice(SHOP_KINDS)


def place_stem(name: str) -> str:
    for suffix in ("社区", "街道", "村", "镇"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
