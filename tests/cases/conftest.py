"""The world the case tests run in: a tiny grid (one district, two streets, a community in each, three
cells), the default departments under a bureau and the default category table, staff for every role
(handlers in two departments and a unit below one of them), and `make_case` to build a case in any
state through the real services."""

import io
import math
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chengguan.cases import services
from chengguan.cases.models import Case, CaseEvent, CaseRequest
from chengguan.cases.states import Channel, State
from chengguan.core.actors import SystemActor
from chengguan.core.notify import sms
from chengguan.grid.models import Area
from chengguan.grid.services import import_grid
from chengguan.org.models import Department, DepartmentKind, Role
from chengguan.org.roles import RoleCode as R
from chengguan.taxonomy import defaults
from chengguan.taxonomy.models import Category, Responsibility
from tests.factories import StaffFactory, UserFactory

LNG0, LAT0 = 117.49, 30.66
DLAT = 100 / 111_320  # 100 m
DLNG = 100 / (111_320 * math.cos(math.radians(LAT0)))
DISTRICT, STREET, COMMUNITY = "341702", "341702001", "341702001001"
STREET_2, COMMUNITY_2 = "341702002", "341702002001"
CELL_1, CELL_2, CELL_3 = f"{COMMUNITY}001", f"{COMMUNITY}002", f"{COMMUNITY_2}001"
# (column, row) of each cell: two side by side in 百牙社区, one further east in 长江社区.
CELL_POSITIONS = {CELL_1: (0, 0), CELL_2: (1, 0), CELL_3: (3, 0)}

GARBAGE = "S0102"  # 暴露垃圾: 4 working hours, routed to 环卫处 (CGJ-HWC)
KIOSK = "B0115"  # 报刊亭: 5 working days, routed to 市容环卫科 (CGJ-SRHW)
DEPT_A, DEPT_B, DEPT_A_UNIT = "CGJ-HWC", "CGJ-SZGY", "CGJ-HWC-1"


def _square(col: int, row: int, width: int = 1) -> dict:
    lng, lat = LNG0 + col * DLNG, LAT0 + row * DLAT
    east = lng + width * DLNG
    ring = [[lng, lat], [east, lat], [east, lat + DLAT], [lng, lat + DLAT], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _feature(code: str, name: str | None = None, geometry: dict | None = None) -> dict:
    props = {"code": code, **({"name": name} if name else {})}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def centre(cell_code: str) -> tuple[float, float]:
    col, row = CELL_POSITIONS[cell_code]
    return LNG0 + (col + 0.5) * DLNG, LAT0 + (row + 0.5) * DLAT


@pytest.fixture
def grid(db):
    import_grid(
        {
            "type": "FeatureCollection",
            "features": [
                _feature(DISTRICT, "贵池区"),
                _feature(STREET, "秋浦街道"),
                _feature(COMMUNITY, "百牙社区", _square(0, 0, width=2)),
                _feature(STREET_2, "池阳街道"),
                _feature(COMMUNITY_2, "长江社区", _square(3, 0)),
                *(_feature(code, geometry=_square(*pos)) for code, pos in CELL_POSITIONS.items()),
            ],
        },
        actor=SystemActor("test"),
    )


@pytest.fixture
def departments(db):
    bureau = Department.objects.create(code="CGJ", name="城管局", kind=DepartmentKind.BUREAU)
    defaults.create_default_departments(bureau=bureau)
    hwc = Department.objects.get(code=DEPT_A)
    Department.objects.create(code=DEPT_A_UNIT, name="环卫一所", kind=DepartmentKind.SQUAD, parent=hwc)
    return {d.code: d for d in Department.objects.all()}


@pytest.fixture
def categories(departments, grid):
    defaults.load_default_table()
    table = {c.code: c for c in Category.objects.select_related("parent")}
    # In 池阳街道 the bureau's own 市容环卫科 clears exposed garbage (an area-specific routing entry).
    Responsibility.objects.create(
        category=table[GARBAGE], area_id=_area_id(STREET_2), department=departments["CGJ-SRHW"]
    )
    return table


def _area_id(code: str) -> int:
    return Area.objects.get(code=code).pk


def _staff(username: str, department: Department, *roles: str):
    return StaffFactory(
        user=UserFactory(username=username), name=username, department=department, roles=list(roles)
    ).user


@pytest.fixture
def people(departments):
    """User accounts by role. `handler`/`officer` work in department A (环卫处), `other_handler` in B
    (市政公用科), `unit_handler` in a unit below A; `boss` is in the bureau itself and has every role."""
    for code in R.values:  # reference data from a migration, gone after a transactional test's flush
        Role.objects.get_or_create(code=code)
    centre_ = departments["CGJ-SZCG"]
    return SimpleNamespace(
        intake=_staff("intake", centre_, R.INTAKE_OPERATOR),
        dispatcher=_staff("dispatcher", centre_, R.DISPATCHER),
        shift_lead=_staff("shift_lead", centre_, R.SHIFT_LEAD),
        inspector=_staff("inspector", centre_, R.INSPECTOR),
        leader=_staff("leader", departments["CGJ"], R.LEADER),
        handler=_staff("handler", departments[DEPT_A], R.HANDLER),
        officer=_staff("officer", departments[DEPT_A], R.ENFORCEMENT_OFFICER),
        other_handler=_staff("other_handler", departments[DEPT_B], R.HANDLER),
        unit_handler=_staff("unit_handler", departments[DEPT_A_UNIT], R.HANDLER),
        boss=_staff("boss", departments["CGJ"], *R.values),
        citizen=UserFactory(username="citizen"),
    )


@pytest.fixture
def sms_outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- photos ---------------------------------------------------------------------------------------------


def image_bytes(fmt: str = "JPEG", size=(8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def photo(fmt: str = "JPEG", name: str | None = None) -> SimpleUploadedFile:
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}[fmt]
    return SimpleUploadedFile(name or f"photo.{extension}", image_bytes(fmt))


# --- building cases -------------------------------------------------------------------------------------


@dataclass
class Builder:
    people: SimpleNamespace
    departments: dict
    categories: dict

    def report(self, **kwargs) -> Case:
        lng, lat = centre(CELL_1)
        data = {
            "description": "路边有一堆暴露垃圾",
            "channel": Channel.HOTLINE,
            "lng": lng,
            "lat": lat,
            "category": GARBAGE,
            "reporter_name": "张三",
            "reporter_phone": "13800138000",
            "actor": self.people.intake,
        }
        return services.report_case(**{**data, **kwargs}).case

    def __call__(self, state: State, *, pending: str | None = None, **report) -> Case:
        """A case brought to `state` along the usual path; `pending` ("extension" or "suspension") leaves
        such a request waiting for a decision (in a state where departments may ask)."""
        p = self.people
        case = self.report(**report)
        pk = case.pk
        path = _PATHS[State(state)]
        for step in path:
            step(self, pk)
        if pending == CaseRequest.Kind.EXTENSION:
            services.request_extension(case_id=pk, actor=p.handler, working_days=2, reason="等材料")
        elif pending == CaseRequest.Kind.SUSPENSION:
            services.request_suspension(case_id=pk, actor=p.handler, reason="施工方停工")
        case = Case.objects.get(pk=pk)
        assert case.state == state
        return case


def _accept(b, pk):
    services.accept_case(case_id=pk, actor=b.people.dispatcher)


def _reject(b, pk):
    services.reject_case(case_id=pk, actor=b.people.dispatcher, reason="重复上报")


def _dispatch(b, pk):
    services.dispatch_case(case_id=pk, actor=b.people.dispatcher, department=b.departments[DEPT_A])


def _start(b, pk):
    services.start_handling(case_id=pk, actor=b.people.handler)


def _handled(b, pk):
    # A category that requires an after-photo gets one; the others are reported without, as most are.
    required = Case.objects.filter(pk=pk, category__after_photo_required=True).exists()
    services.report_handled(
        case_id=pk, actor=b.people.handler, note="已清运", photos=[photo()] if required else []
    )


def _fail(b, pk):
    services.verify_case(case_id=pk, actor=b.people.inspector, passed=False, note="仍有残留")


def _pass(b, pk):
    services.verify_case(case_id=pk, actor=b.people.inspector, passed=True)


def _close(b, pk):
    services.close_case(case_id=pk, actor=b.people.intake)


def _send_back(b, pk):
    services.send_back_case(case_id=pk, actor=b.people.handler, reason="不属于本部门职责")


def _merge(b, pk):
    """并单: merged into another report of the same problem, at the same spot."""
    case = Case.objects.get(pk=pk)
    survivor = b.report(lng=case.lng, lat=case.lat, category=case.category.code, reporter_phone="13800138001")
    services.merge_case(case_id=pk, actor=b.people.dispatcher, into=survivor.number)


def _suspend(b, pk):
    services.request_suspension(case_id=pk, actor=b.people.handler, reason="施工方停工")
    services.decide_request(case_id=pk, actor=b.people.shift_lead, approve=True)


_DISPATCHED = (_accept, _dispatch)
_HANDLED = (*_DISPATCHED, _start, _handled)
_PATHS = {
    State.REPORTED: (),
    State.ACCEPTED: (_accept,),
    State.REJECTED: (_reject,),
    State.DISPATCHED: _DISPATCHED,
    State.IN_PROGRESS: (*_DISPATCHED, _start),
    State.HANDLED: _HANDLED,
    State.REWORK: (*_HANDLED, _fail),
    State.VERIFIED: (*_HANDLED, _pass),
    State.CLOSED: (*_HANDLED, _pass, _close),
    State.SENT_BACK: (*_DISPATCHED, _send_back),
    State.SUSPENDED: (*_DISPATCHED, _start, _suspend),
    State.MERGED: (_merge,),
}


@pytest.fixture
def make_case(people, departments, categories, media) -> Builder:
    return Builder(people, departments, categories)


# --- checking that nothing changed ----------------------------------------------------------------------


def snapshot(case: Case) -> dict:
    """Everything a refused action must leave alone: the case row, its events and its requests."""
    case = Case.objects.get(pk=case.pk)
    return {
        "case": {field.attname: getattr(case, field.attname) for field in Case._meta.concrete_fields},
        "events": list(CaseEvent.objects.filter(case=case).values_list("pk", flat=True)),
        "requests": list(CaseRequest.objects.filter(case=case).values_list("pk", "decision")),
    }
