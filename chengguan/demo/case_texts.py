"""What the demo's citizens, inspectors and departments write: report descriptions per category (with a
fallback per major class), handling notes, reasons and follow-up comments. Placeholders are filled from
`place_words()`; everything is drawn from a `random.Random`, so a seed always gives the same texts."""

import random

from .names import frontage_name, place_stem

ROADS = (
    "长江路",
    "九华山大道",
    "秋浦路",
    "翠微路",
    "百牙路",
    "池阳路",
    "清溪大道",
    "齐山大道",
    "平天湖大道",
    "杏花村大道",
    "站前路",
    "建设路",
    "人民路",
    "昭明路",
    "通远路",
    "白洋路",
    "东湖路",
    "永明路",
    "湖滨路",
    "清风路",
    "富民路",
    "学苑路",
)
ESTATE_SUFFIXES = ("小区", "花园", "新村", "家园", "雅苑", "公寓")
PARKS = ("平天湖公园", "杏花村公园", "秋浦河公园", "齐山公园", "清溪河公园", "滨江公园", "百牙塔广场")
WATERS = ("平天湖", "清溪河", "秋浦河", "白洋河", "护城河")
SITES = ("安置房项目", "棚户区改造项目", "商住楼项目", "道路改造工程", "雨污分流工程")

# (subclass codes, weight, templates). {name} is the subclass's name.
TEMPLATES: list[tuple[tuple[str, ...], int, tuple[str, ...]]] = [
    (
        ("B0101", "B0102", "B0103", "B0105", "B0106", "B0107", "B0108", "B0111"),
        2,
        (
            "{road}{n}号门前{name}破损，车辆经过时哐当作响",
            "{estate}北门人行道上{name}缺失，已用锥桶临时围挡，存在安全隐患",
            "{road}与{road2}交叉口{name}松动下沉，晚上看不清容易绊倒人",
        ),
    ),
    (("B0104",), 2, ("{road}{n}号附近雨水箅子堵塞，一下雨路面就积水", "{estate}门口雨水箅子缺失一块")),
    (("B0110",), 1, ("{road}{n}号旁消防栓被车撞歪，一直在漏水", "{estate}内消防栓外壳锈蚀，出水口盖子丢失")),
    (
        ("B0113",),
        8,
        (
            "{road}与{road2}交叉口路灯不亮，晚上一片漆黑",
            "{road}{n}号至{m}号一段路灯连续好几盏不亮",
            "{estate}门口路灯白天一直亮着，浪费电",
            "{road}{n}号路灯灯杆倾斜，灯罩掉落",
            "{road}路灯一闪一闪的，已经坏了一个多星期",
        ),
    ),
    (("B0114",), 1, ("{park}景观灯一半不亮", "{park}景观灯线路裸露在外，下雨天有触电危险")),
    (("B0112", "B0117"), 1, ("{road}{n}号旁{name}箱门敞开，里面线路裸露", "{estate}门口{name}被撞坏")),
    (("B0205", "B0206"), 2, ("{road}公交站{name}玻璃破碎", "{road}公交站{name}被小广告贴满，看不清线路")),
    (
        ("B0207", "B0208", "B0212", "B0215"),
        2,
        ("{road}与{road2}交叉口{name}损坏", "{road}{name}被树枝挡住看不清"),
    ),
    (("B0210", "B0214"), 1, ("{road}中间{name}被车撞倒好几处", "{road}{n}号附近{name}歪斜，占了半条车道")),
    (("B0301",), 2, ("{park}公共厕所水龙头坏了，地面积水", "{road}公厕灯不亮、隔间门锁损坏")),
    (("B0304", "B0305"), 3, ("{estate}门口{name}破损，垃圾散落一地", "{road}{n}号旁{name}缺盖，气味很大")),
    (
        ("B0306", "B0307", "B0308"),
        2,
        ("{shop}的{name}松动，刮风时摇晃，怕掉下来砸人", "{road}{n}号{name}破损严重"),
    ),
    (("B0402", "B0403"), 2, ("{road}行道树枯死，树枝随时可能掉下来", "{road}{n}号门前行道树树穴盖板缺失")),
    (("B0404", "B0405", "B0407", "B0408"), 1, ("{park}{name}损坏，无人维修", "{estate}旁{name}被破坏")),
    (("B0504", "B0507"), 1, ("{estate}{n}栋{name}有瓷砖脱落迹象，楼下经常有人经过", "{road}{n}号{name}破损")),
    (("B0605",), 1, ("{estate}健身器材转轮断裂，小孩玩耍有危险", "{park}健身器材螺丝松动")),
    (("S0101",), 3, ("{estate}{n}栋一楼住户在绿地上私搭彩钢棚", "{road}{n}号楼顶违章搭建")),
    (
        ("S0102",),
        8,
        (
            "{road}{n}号旁空地有一堆暴露垃圾，无人清理",
            "{estate}后门垃圾堆了好几天，气味难闻",
            "{road}与{road2}交叉口绿化带里有人乱扔生活垃圾",
        ),
    ),
    (("S0103",), 2, ("{road}{n}号路边堆放建筑渣土，占了一条车道", "{estate}门口装修垃圾堆放多日无人清运")),
    (("S0104",), 4, ("{road}{n}号至{m}号路段路面油污严重", "{road}人行道上落叶和纸屑很多，没人清扫")),
    (("S0105",), 1, ("{water}水面漂浮大量垃圾和水草", "{water}岸边有死鱼，气味很大")),
    (("S0106",), 1, ("{park}草坪上到处是塑料袋和饮料瓶",)),
    (("S0107",), 2, ("{estate}门口有人丢弃旧沙发和床垫", "{road}{n}号路边有废弃的冰箱和旧家具")),
    (("S0109",), 5, ("{road}{n}号门前路面坑洼，电动车经过很危险", "{road}人行道地砖松动翘起，多处破损")),
    (
        ("S0110",),
        10,
        (
            "{estate}门口垃圾桶满溢，垃圾散落一地",
            "{road}{n}号旁垃圾桶已经满了两天没人清运",
            "{market}门口垃圾桶满溢，苍蝇很多",
        ),
    ),
    (("S0111",), 1, ("{shop}往雨水井里倾倒泔水", "{road}{n}号有人往路边倒污水")),
    (("S0112",), 1, ("{road}{n}号附近有人露天焚烧垃圾，浓烟很大",)),
    (("S0113",), 2, ("{park}公厕卫生很差，一直没人打扫",)),
    (("S0114",), 1, ("{road}路中间有一只死狗，请尽快清理",)),
    (("S0115",), 2, ("{shop}门前三包不落实，门口垃圾没人扫", "{road}{n}号{shop}门前杂物乱堆")),
    (("S0201",), 5, ("{estate}楼道和单元门上贴满小广告", "{road}公交站牌上被喷涂办证小广告")),
    (("S0202", "S0203"), 2, ("{shop}在人行道上摆放落地广告牌", "{road}{n}号{shop}私自悬挂大型广告布")),
    (("S0204",), 1, ("{market}门口有人散发传单，纸片扔得满地都是",)),
    (("S0206",), 1, ("{road}{n}号围墙上被乱涂乱画",)),
    (("S0207",), 1, ("{road}过街横幅破损下垂，挡住视线",)),
    (("S0301",), 4, ("{site}工地夜间施工，噪音太大影响休息", "{site}工地晚上十点后还在打桩")),
    (("S0302",), 4, ("{site}工地裸土没有覆盖，刮风时扬尘很大", "{site}工地没有洒水降尘，周边灰很大")),
    (("S0303",), 2, ("{road}渣土车遗撒，路面全是泥土",)),
    (("S0304",), 2, ("{road}{n}号门前施工占用人行道，行人只能走机动车道",)),
    (("S0305", "S0307"), 2, ("{road}渣土车没有密闭运输，一路撒漏", "{site}工地出口车辆带泥上路，路面泥泞")),
    (("S0308",), 1, ("{road}{n}号道路开挖后一直没有恢复",)),
    (("S0401",), 1, ("{road}与{road2}交叉口路面塌陷出一个坑",)),
    (("S0402",), 2, ("{road}{n}号门前自来水管破裂，水漫到路上",)),
    (("S0404",), 2, ("{estate}门口下水道堵塞，污水外溢", "{road}{n}号窨井冒污水")),
    (("S0406",), 2, ("{road}下穿通道积水严重，车辆无法通行", "{estate}门口一下雨就积水")),
    (("S0408",), 1, ("{road}有棵树被风刮倒，挡住半幅路面",)),
    (("S0409",), 1, ("{road}{n}号旁通信线缆脱落，垂到人行道上",)),
    (
        ("S0501",),
        8,
        (
            "{school}门口放学时段流动摊贩聚集，占道经营",
            "{road}与{road2}交叉口有流动摊贩卖水果，堵住路口",
            "{market}周边早市摊贩占道，车辆无法通行",
        ),
    ),
    (("S0503",), 1, ("{road}{n}号门前占道收购废品",)),
    (
        ("S0504",),
        8,
        (
            "{shop}店外经营占道，商品摆到了人行道上",
            "{road}{n}号{shop}把桌椅摆到店外占道经营",
            "{estate}门口{shop}出店经营，行人只能绕行",
        ),
    ),
    (("S0505",), 6, ("{road}{n}号门前机动车乱停放，堵住消防通道", "{estate}门口车辆违停占用盲道")),
    (("S0506",), 3, ("{market}门口电动车乱停乱放，堵住通道", "{road}公交站旁非机动车乱停放")),
    (("S0508",), 3, ("{road}{n}号附近夜间露天烧烤，油烟很大", "{estate}门口烧烤摊开到凌晨")),
    (("S0509",), 1, ("{road}夜市摊位营业到凌晨，噪音扰民",)),
    (("S0510",), 1, ("{shop}在人行道上洗车，污水横流",)),
    (("S0511",), 1, ("{road}{n}号汽修店占道维修车辆",)),
    (("S0512",), 2, ("{shop}油烟直排，楼上住户窗户都不敢开",)),
    (("S0513",), 2, ("{shop}门口大音箱促销，声音太吵",)),
    (("S0515",), 2, ("{road}公交站旁共享单车堆积，占用人行道",)),
    (("S0602",), 1, ("{estate}有人遛狗不牵绳，还有大型犬",)),
]
MAJOR_FALLBACK = ("{road}{n}号附近{name}问题，请派人处理", "{estate}附近{name}，影响周边居民")

HANDLED_NOTES = {
    "B01": ("已更换{name}，恢复正常", "已修复{name}并现场验收"),
    "B02": ("已修复{name}",),
    "B03": ("已维修{name}，现场已清理", "已更换新的{name}"),
    "B04": ("已修剪补植，恢复绿化", "已修复{name}"),
    "S01": ("已清理完毕，现场恢复整洁", "已安排保洁人员清运完毕"),
    "S02": ("已清除违规广告", "已责令店主自行拆除"),
    "S03": ("已责令施工单位整改，落实防尘降噪措施", "已约谈施工单位，现场已整改"),
    "S04": ("已抢修完毕，恢复正常", "已现场处置，排除险情"),
    "S05": ("已现场劝导，占道物品已清理", "已劝离摊贩并宣传相关规定", "已通知当事人整改，张贴告知单"),
}
HANDLED_DEFAULT = ("已安排人员到场处理完毕", "已联系责任单位整改到位")
REJECT_REASONS = (
    "重复上报，已合并处理",
    "不属于城管受理范围，已告知来电人向相关部门反映",
    "经核实问题不存在",
    "信息不全，无法定位",
)
VERIFY_FAIL_NOTES = (
    "现场核查仍有残留，未处理到位",
    "整改不彻底，复查时问题依旧",
    "照片与现场不符，请重新处理",
)
SEND_BACK_REASONS = (
    "经核实该处不属于本单位管辖范围",
    "该设施产权不属于本单位，请改派",
    "属于小区内部物业管理范围，非本单位职责",
)
EXTENSION_REASONS = ("需要采购配件，预计几个工作日到货", "涉及多个部门协调，需延期处理", "连续雨天无法施工")
SUSPENSION_REASONS = ("涉及产权纠纷，待相关部门认定", "需等待天气好转后施工", "当事人外出，暂时无法联系")
REFUSE_NOTES = ("理由不充分，请按期办结",)
REOPEN_REASONS = ("回访时群众反映问题依旧存在", "同一问题再次出现，群众不满意")
FOLLOW_UP_COMMENTS = {
    5: ("处理很及时，谢谢！", "工作人员态度很好", ""),
    4: ("处理了，还可以", ""),
    3: ("处理有点慢", ""),
    2: ("过了好几天才处理", "处理得不彻底"),
    1: ("根本没有处理好", "问题还在，敷衍了事"),
}


def place_words(rng: random.Random, community_name: str) -> dict[str, str]:
    """Values for every placeholder, flavoured by the community the case lies in."""
    stem = place_stem(community_name)
    road, road2 = rng.sample(ROADS, 2)
    n = rng.randint(1, 280)
    return {
        "road": road,
        "road2": road2,
        "n": str(n),
        "m": str(n + rng.randint(20, 80)),
        "estate": stem + rng.choice(ESTATE_SUFFIXES),
        "shop": frontage_name(rng, stem),
        "park": rng.choice(PARKS),
        "water": rng.choice(WATERS),
        "market": f"{stem}农贸市场",
        "school": f"{stem}小学",
        "site": stem + rng.choice(SITES),
    }


def templates_by_code() -> dict[str, tuple[int, tuple[str, ...]]]:
    return {code: (weight, texts) for codes, weight, texts in TEMPLATES for code in codes}


def describe(rng: random.Random, code: str, name: str, words: dict[str, str]) -> str:
    found = templates_by_code().get(code)
    template = rng.choice(found[1] if found else MAJOR_FALLBACK)
    return template.format(name=name, **words)


def address(words: dict[str, str], street_name: str) -> str:
    return f"{street_name}{words['road']}{words['n']}号附近"


def handled_note(rng: random.Random, code: str, name: str) -> str:
    return rng.choice(HANDLED_NOTES.get(code[:3], HANDLED_DEFAULT)).format(name=name)
