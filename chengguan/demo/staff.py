"""The demo roster: 150+ staff across every role, with enforcement certificates for the officers."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from chengguan.org.models import Certificate, Department, DepartmentKind, Staff
from chengguan.org.roles import RoleCode as R

from .layout import DISTRICT_CODE
from .names import NameBook, mobile
from .org import (
    BRIGADES,
    BUREAU_CODE,
    CIVILITY_OFFICE,
    COMMAND_CENTRE,
    DISCIPLINE_SECTION,
    OFFICE,
    DepartmentIndex,
)

MOBILE_PREFIXES = ("139", "138", "137", "136", "135", "150", "151", "158", "187", "188", "189")
CERTIFICATE_ISSUER = "安徽省人民政府"
CERTIFICATE_YEARS = 5
EXPIRED_CERTIFICATES = 3
EXPIRING_CERTIFICATES = 3  # within the next 30 days
UNIT_KINDS = (DepartmentKind.SECTION, DepartmentKind.WINDOW, DepartmentKind.BRIGADE)
ENFORCEMENT_BRIGADES = {code for code, _, _ in BRIGADES}
# Outside departments that get many cases and so have two handlers.
BUSY_EXTERNAL = {"EXT-POWER", "EXT-WATER", "EXT-HOUSING", "EXT-MARKET", "EXT-TRAFFIC", "EXT-LAMP"}


# A handler in each kind of department besides `handler` (who works where most categories go), so a case
# dispatched anywhere — to 路灯管理所 too — can be carried through by hand: username, where, labels.
# `where` is a department code, or a kind of department ("section", "brigade", "squad", "window",
# "street office") whose first department with a handler is taken (see demo.staff).
DEPARTMENT_HANDLERS = [
    ("handler-section", "section", "科室处置人员", "handler in a bureau section"),
    ("handler-brigade", "brigade", "大队处置人员", "handler in a brigade"),
    ("handler-squad", "squad", "中队处置人员", "handler in an enforcement squad"),
    ("handler-window", "window", "窗口处置人员", "handler at a service window"),
    ("handler-street", "street office", "街道城管科处置人员", "handler at a street office"),
    ("handler-lamp", "EXT-LAMP", "路灯管理所处置人员", "handler at the street-lamp office"),
    ("handler-power", "EXT-POWER", "供电公司处置人员", "handler at the power company"),
    ("handler-water", "EXT-WATER", "自来水公司处置人员", "handler at the water company"),
    # The outdoor-advertising section registers permit applications (adverts.rules.may_register).
    ("handler-adverts", "CGJ-GGGL", "广告管理科工作人员", "clerk of the advertising section"),
]


@dataclass
class Spec:
    department: Department
    title: str
    roles: tuple[str, ...]
    login: str = ""  # the demo username linked to this member, if any
    street: int | None = None  # inspectors: the index of the street they patrol
    certificate: str = ""  # enforcement officers: "valid", "expired" or "expiring"


@dataclass
class Roster:
    staff: list[Staff] = field(default_factory=list)
    inspectors: dict[int, Staff] = field(default_factory=dict)  # street index → inspector
    officers: dict[str, list[Staff]] = field(default_factory=dict)  # squad code → enforcement officers
    logins: dict[str, Staff] = field(default_factory=dict)  # demo username → staff member
    certificates: int = 0


def _specs(depts: DepartmentIndex, street_count: int, handler_department: str) -> list[Spec]:
    specs: list[Spec] = []

    def add(code, title, *roles, count=1, login=""):
        for i in range(count):
            specs.append(Spec(depts[code], title, roles, login=login if i == 0 else ""))

    add(BUREAU_CODE, "局长", R.LEADER, login="leader")
    add(BUREAU_CODE, "党组书记", R.LEADER)
    add(BUREAU_CODE, "副局长", R.LEADER, count=3)
    add(BUREAU_CODE, "纪检组长", R.LEADER, R.DISCIPLINE)
    add(OFFICE, "办公室主任", R.HANDLER)
    add(OFFICE, "系统管理员", R.ADMINISTRATOR, login="admin")
    add(OFFICE, "信息管理员", R.ADMINISTRATOR, login="administrator")
    add(OFFICE, "科员", R.HANDLER)
    add(DISCIPLINE_SECTION, "科长", R.DISCIPLINE)
    add(DISCIPLINE_SECTION, "督察员", R.DISCIPLINE, count=3, login="discipline")
    add(COMMAND_CENTRE, "主任", R.SHIFT_LEAD, R.LEADER)
    add(COMMAND_CENTRE, "值班长", R.SHIFT_LEAD, count=3, login="shift_lead")
    add(COMMAND_CENTRE, "受理员", R.INTAKE_OPERATOR, count=6, login="intake_operator")
    add(COMMAND_CENTRE, "派遣员", R.DISPATCHER, count=4, login="dispatcher")
    for street in range(street_count):
        specs.append(
            Spec(
                depts[COMMAND_CENTRE],
                "城管监督员",
                (R.INSPECTOR,),
                street=street,
                login="inspector" if street == 0 else "",
            )
        )
    for dept in depts.by_code.values():
        if dept.kind in UNIT_KINDS and dept.code not in (OFFICE, DISCIPLINE_SECTION, COMMAND_CENTRE):
            _unit_staff(add, dept)
    for squad in depts.squads:
        first = squad == depts.squads[0]
        add(squad.code, "中队长", R.ENFORCEMENT_OFFICER, R.HANDLER)
        add(
            squad.code,
            "执法队员",
            R.ENFORCEMENT_OFFICER,
            count=5,
            login="enforcement_officer" if first else "",
        )
        add(squad.code, "协管员", R.AUXILIARY, count=3, login="auxiliary" if first else "")
    for dept in depts.external():
        if dept.code == CIVILITY_OFFICE:
            add(dept.code, "主任", R.CIVILITY_OFFICER, R.LEADER)
            add(dept.code, "创建专员", R.CIVILITY_OFFICER, count=2, login="civility_officer")
        elif dept in depts.street_offices.values():
            add(dept.code, "城管科长", R.HANDLER)
            add(dept.code, "联络员", R.HANDLER)
        else:
            add(dept.code, "联络员", R.HANDLER, count=2 if dept.code in BUSY_EXTERNAL else 1)
    # The handler log-in goes to the first handler of the department that gets the most categories.
    for spec in specs:
        if spec.department.code == handler_department and R.HANDLER in spec.roles and not spec.login:
            spec.login = "handler"
            break
    _department_handler_logins(specs, depts, handler_department)
    return specs


def _department_handler_logins(specs: list[Spec], depts: DepartmentIndex, handler_department: str) -> None:
    """One more handler log-in in each kind of department (DEPARTMENT_HANDLERS), each in a department of
    its own and never the `handler` log-in's."""
    street_offices = {dept.code for dept in depts.street_offices.values()}
    named = {where for _username, where, _zh, _en in DEPARTMENT_HANDLERS}  # kept for the log-in naming it
    taken = {handler_department}

    def fits(dept: Department, where: str) -> bool:
        if dept.code == where:
            return True
        if dept.code in taken or dept.code in named:
            return False
        if where == "street office":
            return dept.code in street_offices
        return dept.kind == where and dept.code not in street_offices

    for username, where, _zh, _en in DEPARTMENT_HANDLERS:
        for spec in specs:
            if fits(spec.department, where) and R.HANDLER in spec.roles and not spec.login:
                spec.login = username
                taken.add(spec.department.code)
                break


def _unit_staff(add, dept: Department) -> None:
    if dept.kind == DepartmentKind.WINDOW:
        add(dept.code, "窗口负责人", R.HANDLER)
        add(dept.code, "窗口工作人员", R.HANDLER, count=2)
    elif dept.code in ENFORCEMENT_BRIGADES:
        add(dept.code, "大队长", R.ENFORCEMENT_OFFICER)
        add(dept.code, "教导员", R.ENFORCEMENT_OFFICER)
        add(dept.code, "内勤", R.HANDLER)
    elif dept.kind == DepartmentKind.BRIGADE:  # a unit the routing table calls a brigade (环卫处)
        add(dept.code, "负责人", R.HANDLER)
        add(dept.code, "科员", R.HANDLER, count=3)
    else:
        add(dept.code, "科长", R.HANDLER)
        add(dept.code, "科员", R.HANDLER, count=2)


def _mark_certificates(specs: list[Spec], rng: random.Random) -> None:
    officers = [s for s in specs if R.ENFORCEMENT_OFFICER in s.roles]
    for spec in officers:
        spec.certificate = "valid"
    ordinary = [s for s in officers if not s.login and s.title == "执法队员"]
    picked = rng.sample(ordinary, min(len(ordinary), EXPIRED_CERTIFICATES + EXPIRING_CERTIFICATES))
    for i, spec in enumerate(picked):
        spec.certificate = "expired" if i < EXPIRED_CERTIFICATES else "expiring"


def _certificate_dates(kind: str, rng: random.Random, today: date) -> tuple[date, date]:
    if kind == "expired":
        until = today - timedelta(days=rng.randint(5, 120))
    elif kind == "expiring":
        until = today + timedelta(days=rng.randint(3, 30))
    else:
        until = today + timedelta(days=rng.randint(120, 365 * CERTIFICATE_YEARS - 60))
    return until - timedelta(days=365 * CERTIFICATE_YEARS), until


def build_staff(
    rng: random.Random, depts: DepartmentIndex, *, street_count: int, handler_department: str
) -> Roster:
    specs = _specs(depts, street_count, handler_department)
    _mark_certificates(specs, rng)
    names = NameBook(rng)
    members = []
    for number, spec in enumerate(specs, start=1):
        in_bureau = spec.department.path.startswith(f"/{BUREAU_CODE}/")
        members.append(
            Staff(
                name=names.take(),
                employee_no=f"{'CG' if in_bureau else 'WB'}{number:04d}",
                department=spec.department,
                title=spec.title,
                phone=mobile(rng, rng.choice(MOBILE_PREFIXES)),
            )
        )
    Staff.objects.bulk_create(members, batch_size=500)
    Staff.roles.through.objects.bulk_create(
        [
            Staff.roles.through(staff_id=m.pk, role_id=code)
            for m, s in zip(members, specs, strict=True)
            for code in s.roles
        ],
        batch_size=1000,
    )
    roster = Roster(staff=members)
    today = date.today()
    certificates = []
    for member, spec in zip(members, specs, strict=True):
        if spec.login:
            roster.logins[spec.login] = member
        if spec.street is not None:
            roster.inspectors[spec.street] = member
        if spec.certificate:
            if spec.department.kind == DepartmentKind.SQUAD:
                roster.officers.setdefault(spec.department.code, []).append(member)
            valid_from, valid_until = _certificate_dates(spec.certificate, rng, today)
            certificates.append(
                Certificate(
                    staff=member,
                    number=f"{DISTRICT_CODE}{valid_from:%y}{len(certificates) + 1:04d}",
                    issued_by=CERTIFICATE_ISSUER,
                    valid_from=valid_from,
                    valid_until=valid_until,
                )
            )
    Certificate.objects.bulk_create(certificates, batch_size=500)
    roster.certificates = len(certificates)
    return roster
