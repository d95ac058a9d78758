"""The demo bureau's department tree and the outside departments cases are dispatched to."""

import random
from dataclasses import dataclass, field

from django.db.models import Q

from chengguan.org.models import Department, DepartmentKind
from chengguan.taxonomy.defaults import default_departments

from .layout import DISTRICT_CODE
from .names import landline

BUREAU_CODE = "CGJ"
BUREAU_NAME = "池州市贵池区城市管理局"
COMMAND_CENTRE = "CGJ-SZCG"
DISCIPLINE_SECTION = "CGJ-DCK"
OFFICE = "CGJ-BGS"
CIVILITY_OFFICE = "WMB"
STREET_OFFICE_PREFIX = "JD-"

# The bureau's own units (code, name, kind); the routing table's CSV may rename or re-kind the ones it lists.
SECTIONS = [
    ("CGJ-BGS", "办公室", DepartmentKind.SECTION),
    ("CGJ-ZGK", "政工科", DepartmentKind.SECTION),
    ("CGJ-FZK", "法制科", DepartmentKind.SECTION),
    ("CGJ-DCK", "执法督察科", DepartmentKind.SECTION),
    ("CGJ-SZCG", "数字城管监督指挥中心", DepartmentKind.SECTION),
    ("CGJ-SRHW", "市容环卫科", DepartmentKind.SECTION),
    ("CGJ-SZGY", "市政公用科", DepartmentKind.SECTION),
    ("CGJ-YLLH", "园林绿化科", DepartmentKind.SECTION),
    ("CGJ-GGGL", "广告管理科", DepartmentKind.SECTION),
    ("CGJ-HWC", "环卫处", DepartmentKind.SECTION),
]
# Brigade code, name, number of squads (中队).
BRIGADES = [("CGJ-ZD1", "执法一大队", 3), ("CGJ-ZD2", "执法二大队", 3), ("CGJ-ZD3", "执法三大队", 2)]
WINDOWS = [
    ("CGJ-CK1", "行政审批服务窗口"),
    ("CGJ-CK2", "投诉受理窗口"),
    ("CGJ-CK3", "便民服务窗口"),
]
# Outside departments beyond the routing table's, so the demo has a realistic spread of dispatch units.
EXTRA_EXTERNAL = [
    ("WMB", "贵池区精神文明建设委员会办公室", "区文明办"),
    ("EXT-EDU", "区教育体育局", "教体局"),
    ("EXT-HEALTH", "区卫生健康委员会", "卫健委"),
    ("EXT-CULTURE", "区文化和旅游局", "文旅局"),
    ("EXT-AGRI", "区农业农村局", "农业农村局"),
]
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass
class DepartmentIndex:
    """What the rest of the build needs to know about the departments it created."""

    by_code: dict[str, Department] = field(default_factory=dict)
    squads: list[Department] = field(default_factory=list)  # in order; street i is covered by squads[i % n]
    brigade_of_squad: dict[str, Department] = field(default_factory=dict)
    street_offices: dict[str, Department] = field(default_factory=dict)  # street area code → office

    def __getitem__(self, code: str) -> Department:
        return self.by_code[code]

    def external(self) -> list[Department]:
        return [d for d in self.by_code.values() if d.kind == DepartmentKind.EXTERNAL]

    def squad_for_street(self, street_index: int) -> Department:
        return self.squads[street_index % len(self.squads)]


def routing_departments() -> list[dict]:
    """The departments the default category table routes to, as {code, name, kind, short_name}."""
    rows = []
    for row in default_departments():
        code = row.get("code", "")
        if not code:
            continue
        kind = row.get("kind") or (DepartmentKind.EXTERNAL if not code.startswith(BUREAU_CODE) else "section")
        if kind not in DepartmentKind.values:
            raise ValueError(f"the default table's department {code} has an unknown kind {kind!r}")
        rows.append({"code": code, "name": row.get("name") or code, "kind": kind, "short_name": ""})
    return rows


class _Upserter:
    """Creates departments, or updates ones that already exist with the same code (for example made by an
    import), through Department.save() so the tree paths are right."""

    def __init__(self, rng: random.Random, index: DepartmentIndex):
        self.rng = rng
        self.index = index
        self.existing = {d.code: d for d in Department.objects.all()}
        self.order = 0

    def __call__(self, code, name, kind, parent=None, short_name="") -> Department:
        self.order += 10
        dept = self.existing.get(code) or Department(code=code)
        dept.name, dept.kind, dept.parent = name, kind, parent
        dept.short_name = short_name or dept.short_name
        dept.phone = landline(self.rng)
        dept.sort_order = self.order
        dept.is_active = True
        dept.save()
        self.index.by_code[code] = dept
        return dept


def street_office_code(street_code: str) -> str:
    return f"{STREET_OFFICE_PREFIX}{street_code}"


def street_office_name(street_name: str) -> str:
    return f"{street_name}人民政府" if street_name.endswith("镇") else f"{street_name}办事处"


def build_departments(rng: random.Random, streets: list[tuple[str, str]]) -> DepartmentIndex:
    """The bureau tree, the routing table's departments, the street offices and the other outside units.
    `streets` is [(area code, name), …]."""
    index = DepartmentIndex()
    upsert = _Upserter(rng, index)
    csv_rows = routing_departments()
    from_csv = {row["code"]: row for row in csv_rows}

    def named(code, name, kind):
        row = from_csv.get(code)
        return (row["name"], row["kind"]) if row else (name, kind)

    bureau = upsert(BUREAU_CODE, BUREAU_NAME, DepartmentKind.BUREAU, short_name="区城管局")
    for code, name, kind in SECTIONS:
        upsert(code, *named(code, name, kind), parent=bureau)
    for code, name, squad_count in BRIGADES:
        brigade = upsert(code, *named(code, name, DepartmentKind.BRIGADE), parent=bureau)
        for number in range(1, squad_count + 1):
            squad = upsert(
                f"{code}-{number}",
                f"{brigade.name}{CHINESE_NUMERALS[number - 1]}中队",
                DepartmentKind.SQUAD,
                parent=brigade,
                short_name=f"{CHINESE_NUMERALS[number - 1]}中队",
            )
            index.brigade_of_squad[squad.code] = brigade
    # Interleave squads across brigades so neighbouring streets fall to different brigades.
    per_brigade = [[index[f"{code}-{n}"] for n in range(1, count + 1)] for code, _, count in BRIGADES]
    for round_ in range(max(len(squads) for squads in per_brigade)):
        index.squads.extend(squads[round_] for squads in per_brigade if round_ < len(squads))
    for code, name in WINDOWS:
        upsert(code, name, DepartmentKind.WINDOW, parent=bureau)
    for row in csv_rows:  # whatever else the routing table needs
        if row["code"] not in index.by_code:
            parent = bureau if row["code"].startswith(f"{BUREAU_CODE}-") else None
            upsert(row["code"], row["name"], row["kind"], parent=parent, short_name=row["short_name"])
    for code, name, short in EXTRA_EXTERNAL:
        if code not in index.by_code:
            upsert(code, name, DepartmentKind.EXTERNAL, short_name=short)
    for street_code, street_name in streets:
        office = upsert(
            street_office_code(street_code),
            street_office_name(street_name),
            DepartmentKind.EXTERNAL,
            short_name=street_name,
        )
        index.street_offices[street_code] = office
    return index


def demo_department_queryset():
    """Every department the demo builds (for --reset): the bureau's subtree, the routing table's and the
    extra outside departments, and the district's street offices."""
    codes = {row["code"] for row in routing_departments()} | {code for code, _, _ in EXTRA_EXTERNAL}
    return Department.objects.filter(
        Q(path__startswith=f"/{BUREAU_CODE}/")
        | Q(code__in=codes)
        | Q(code__startswith=f"{STREET_OFFICE_PREFIX}{DISTRICT_CODE}")
    )
