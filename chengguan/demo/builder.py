"""Build (and, on request, tear down) the deterministic demo district 贵池区 of 池州市."""

import base64
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError

from chengguan.core import versioning
from chengguan.grid.models import Area, AreaLevel, Cell, CellResponsibility
from chengguan.grid.signals import GRID_VERSION_KEY
from chengguan.org.models import Certificate, Department, DepartmentKind, Staff
from chengguan.taxonomy.defaults import DefaultTableError
from chengguan.taxonomy.models import Category, Responsibility

from . import routing
from .accounts import DEMO_PASSWORD, DEMO_TOTP_KEY, create_accounts, demo_logins, demo_usernames
from .adverts import build_demo_adverts, delete_demo_adverts
from .assessment import build_demo_assessment, delete_demo_assessment
from .autodispatch import build_demo_auto_dispatch, delete_demo_auto_dispatch
from .campaigns import build_demo_campaigns, delete_demo_campaigns
from .cases import DemoCases, build_demo_cases, delete_demo_cases
from .checks import build_demo_checks, delete_demo_checks
from .conduct import build_demo_conduct, delete_demo_conduct
from .duplicates import build_demo_duplicates
from .evaluation import build_demo_evaluation, delete_demo_evaluation
from .forums import build_demo_forums, delete_demo_forums
from .frontage import build_demo_frontage, delete_demo_frontage
from .grid import build_areas, build_cells
from .insight import build_demo_insight, delete_demo_insight
from .layout import CITY_NAME, DISTRICT_CODE, DISTRICT_NAME, LayoutError, plan_district
from .measures import build_demo_measures
from .org import BUREAU_CODE, build_departments, demo_department_queryset
from .places import build_places, delete_demo_places
from .staff import build_staff

DEFAULT_SEED = 2026
DEFAULT_STREETS = 8
DEFAULT_CELLS = 1500


class DemoError(Exception):
    """The demo city cannot be built (or torn down) as asked; the message says why."""


@dataclass
class DemoSummary:
    streets: int
    communities: int
    cells: int
    departments: int
    external_departments: int
    staff: int
    certificates: int
    categories: int
    area_routes: int
    accounts: int
    seconds: float = 0.0
    cases: DemoCases | None = None

    def lines(self) -> list[str]:
        return [
            f"{CITY_NAME}{DISTRICT_NAME} ({DISTRICT_CODE}): {self.streets} streets, "
            f"{self.communities} communities, {self.cells} cells",
            f"{self.departments} departments ({self.external_departments} outside the bureau), "
            f"{self.staff} staff, {self.certificates} enforcement certificates",
            f"{self.categories} categories, {self.area_routes} street-specific routes, "
            f"{self.accounts} demo log-ins",
            *(self.cases.lines() if self.cases else []),
        ]


def ensure_allowed() -> None:
    if not getattr(settings, "CHENGGUAN_DEMO_ALLOWED", False):
        raise DemoError(
            "The demo city is disabled in this environment (CHENGGUAN_DEMO_ALLOWED is false): it would "
            "create log-ins with a published password."
        )


def demo_exists() -> bool:
    return Area.objects.filter(code=DISTRICT_CODE).exists()


def _existing_data() -> list[str]:
    found = []
    if demo_exists():
        found.append(f"the district {DISTRICT_CODE}")
    if Department.objects.filter(code=BUREAU_CODE).exists():
        found.append(f"the department {BUREAU_CODE}")
    users = sorted(
        get_user_model().objects.filter(username__in=demo_usernames()).values_list("username", flat=True)
    )
    if users:
        found.append(f"{len(users)} demo log-in(s): {', '.join(users[:3])}{' …' if len(users) > 3 else ''}")
    return found


def build_demo_city(
    *,
    seed: int = DEFAULT_SEED,
    streets: int = DEFAULT_STREETS,
    cells: int = DEFAULT_CELLS,
    cases: int = 0,
    reset: bool = False,
    stdout=None,
) -> DemoSummary:
    """Build the whole demo city in one transaction and return what it holds. With `reset`, first delete
    the demo data a previous build left; otherwise refuse when any of it exists. `stdout` (anything with
    write()) gets the summary and the table of log-ins."""
    ensure_allowed()
    started = time.monotonic()
    try:
        plans = plan_district(streets=streets, cells=cells, rng=random.Random(f"{seed}:layout"))
    except LayoutError as exc:
        raise DemoError(str(exc)) from exc
    try:
        with transaction.atomic():
            if reset:
                delete_demo_city()
            elif found := _existing_data():
                raise DemoError(
                    f"Demo data already exists ({'; '.join(found)}): use --reset to rebuild it or --if-empty "
                    "to reuse it."
                )
            depts = build_departments(random.Random(f"{seed}:org"), [(s.code, s.name) for s in plans])
            routing.load_table()
            _, street_areas, community_areas = build_areas(plans)
            area_routes = routing.route_street_order(depts, street_areas)
            roster = build_staff(
                random.Random(f"{seed}:staff"),
                depts,
                street_count=len(plans),
                handler_department=routing.busiest_department(depts),
            )
            build_cells(random.Random(f"{seed}:cells"), plans, community_areas, depts, roster)
            build_places(random.Random(f"{seed}:places"), plans, street_areas, community_areas)
            build_demo_measures(seed=seed, depts=depts)
            accounts = create_accounts(roster)
            versioning.bump(GRID_VERSION_KEY)  # bulk inserts send no signals
            summary = _summary(area_routes, accounts)
            summary.cases = build_demo_cases(seed=seed, count=cases) if cases else None
            if cases:  # a stall reported five times, two of them merged (并单)
                build_demo_duplicates(rng=random.Random(f"{seed}:duplicates"))
            build_demo_conduct()
            build_demo_checks()
            build_demo_evaluation(seed=seed)
            build_demo_campaigns()
            build_demo_forums(seed=seed)
            build_demo_frontage()
            build_demo_adverts()
            build_demo_assessment()
            build_demo_insight()
        # After the commit: the demo's own backlog of reports is not auto-dispatched, new reports are.
        build_demo_auto_dispatch(seed=seed)
    except DefaultTableError as exc:
        raise DemoError(f"The category table could not be loaded: {exc}") from exc
    except (ProtectedError, RestrictedError, IntegrityError) as exc:
        raise DemoError(f"Other data still refers to the demo city, so it cannot be rebuilt: {exc}") from exc
    summary.seconds = time.monotonic() - started
    if stdout is not None:
        for line in summary.lines():
            stdout.write(line + "\n")
        stdout.write(f"built in {summary.seconds:.1f} s\n")
        write_logins(stdout)
    return summary


def _summary(area_routes: int, accounts: int) -> DemoSummary:
    departments = demo_department_queryset()
    return DemoSummary(
        streets=Area.objects.filter(level=AreaLevel.STREET, parent__code=DISTRICT_CODE).count(),
        communities=Area.objects.filter(
            level=AreaLevel.COMMUNITY, parent__parent__code=DISTRICT_CODE
        ).count(),
        cells=Cell.objects.filter(community__parent__parent__code=DISTRICT_CODE).count(),
        departments=departments.count(),
        external_departments=departments.filter(kind=DepartmentKind.EXTERNAL).count(),
        staff=Staff.objects.filter(department__in=departments).count(),
        certificates=Certificate.objects.filter(staff__department__in=departments).count(),
        categories=Category.objects.count(),
        area_routes=area_routes,
        accounts=accounts,
    )


def write_logins(stdout) -> None:
    """The table of demo log-ins with the staff member and department each one is linked to."""
    users = {
        u.username: u
        for u in get_user_model()
        .objects.filter(username__in=demo_usernames())
        .select_related("staff__department")
    }
    stdout.write(f"demo log-ins (password for all: {DEMO_PASSWORD})\n")
    stdout.write(f"  {'role':<34} {'username':<20} {'password':<10} staff member\n")
    for login in demo_logins():
        user = users.get(login.username)
        member = getattr(user, "staff", None) if user else None
        who = f"{member.name} · {member.department.name}" if member else "(missing)"
        role = f"{login.label_zh} {login.label_en}"
        stdout.write(f"  {_pad(role, 34)} {login.username:<20} {login.password:<10} {who}\n")
    key = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
    stdout.write(
        "second factor (administrators, leaders, intake operators, dispatchers): authenticator key "
        f"{key}\n  or print the current code with `chengguan demo_code <username>`\n"
    )


def _pad(text: str, width: int) -> str:
    """Left-justify for a terminal, counting a Chinese character as two columns."""
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(0, width - shown)


def delete_demo_city() -> None:
    """Delete everything a demo build creates: cells and their responsibilities, areas, the routing rows
    of the demo departments, staff with their certificates, the demo log-ins and the departments. Raises
    DemoError when other data still refers to any of it. What the modules built on the city (conduct
    records, evaluation rounds, campaigns, assessment figures) goes first, then the cases in the district."""
    delete_demo_checks()
    delete_demo_frontage()
    delete_demo_adverts()
    delete_demo_conduct()
    delete_demo_evaluation()
    delete_demo_forums()
    delete_demo_campaigns(demo_department_queryset())
    delete_demo_assessment()
    delete_demo_insight()
    delete_demo_cases()
    delete_demo_auto_dispatch()
    delete_demo_places()
    cells = Cell.objects.filter(community__parent__parent__code=DISTRICT_CODE)
    _refuse_foreign_references(Cell, cells, own={CellResponsibility})
    # Raw deletes: the grid's per-row signals would bump the grid version once per row; we bump once.
    CellResponsibility.objects.filter(cell__in=cells)._raw_delete(CellResponsibility.objects.db)
    cells._raw_delete(Cell.objects.db)
    departments = demo_department_queryset()
    Responsibility.objects.filter(department__in=departments).delete()
    for level in (AreaLevel.COMMUNITY, AreaLevel.STREET, AreaLevel.DISTRICT):
        Area.objects.filter(level=level, code__startswith=DISTRICT_CODE).delete()
    get_user_model().objects.filter(username__in=demo_usernames()).delete()
    Staff.objects.filter(department__in=departments).delete()
    by_depth = sorted(departments, key=lambda d: (-d.path.count("/"), d.code))
    for department in by_depth:  # children before parents: the tree is PROTECTed
        department.delete()


def _refuse_foreign_references(model, queryset, *, own) -> None:
    for relation in model._meta.related_objects:
        if relation.related_model in own or not relation.field.concrete:
            continue
        refs = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        if relation.on_delete is models.SET_NULL:
            refs.update(**{relation.field.name: None})
        elif refs.exists():
            raise DemoError(
                f"{refs.count()} {relation.related_model._meta.verbose_name_plural} still refer to demo "
                f"{model._meta.verbose_name_plural}; delete them first (or start from an empty database)."
            )
