"""After-photos required by category: a flag on the category (default off; the default table sets it for
road damage, lamps, manhole covers…), editable in the admin and the category spreadsheet; reporting such a
case handled without a photo after handling is refused with a clear message and changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from chengguan.cases import services
from chengguan.cases.models import Attachment
from chengguan.cases.states import State
from chengguan.core.actors import SystemActor
from chengguan.taxonomy import services as taxonomy_services
from chengguan.taxonomy import spreadsheet
from chengguan.taxonomy.models import Category

from .conftest import GARBAGE, photo, snapshot

pytestmark = pytest.mark.django_db


def _require(code: str, required: bool = True) -> None:
    Category.objects.filter(code=code).update(after_photo_required=required)


def test_the_default_table_marks_road_damage_and_lamps(categories):
    marked = set(Category.objects.filter(after_photo_required=True).values_list("code", flat=True))
    assert {"S0109", "B0113", "B0114", "S0401"} <= marked  # 道路破损, 路灯, 景观灯, 路面塌陷
    assert GARBAGE not in marked and "S0602" not in marked
    assert Category._meta.get_field("after_photo_required").default is False


def test_handling_without_a_photo_is_refused_for_such_a_category(make_case, people):
    _require(GARBAGE)
    case = make_case(State.IN_PROGRESS)
    before = snapshot(case)
    with pytest.raises(ValidationError) as error:
        services.report_handled(case_id=case.pk, actor=people.handler, note="已清运")
    assert "暴露垃圾" in " ".join(error.value.message_dict["photos"])
    assert snapshot(case) == before


def test_handling_with_a_photo_is_accepted(make_case, people):
    _require(GARBAGE)
    case = make_case(State.IN_PROGRESS)
    done = services.report_handled(case_id=case.pk, actor=people.handler, note="已清运", photos=[photo()])
    assert done.state == State.HANDLED
    assert case.attachments.filter(kind=Attachment.Kind.HANDLING).count() == 1


def test_other_categories_need_no_photo(make_case, people):
    _require(GARBAGE, False)
    case = make_case(State.IN_PROGRESS)
    assert (
        services.report_handled(case_id=case.pk, actor=people.handler, note="已清运").state == State.HANDLED
    )


def test_the_spreadsheet_carries_the_flag_both_ways(categories):
    table = spreadsheet.read_csv(
        (
            "编码 (code),类型 (kind),名称 (name),处置须附照片 (after_photo)\n"
            "S0102,事件,暴露垃圾,是\nB0113,部件,路灯,\n"
        ).encode()
    )
    report = taxonomy_services.import_table(table, actor=SystemActor("test"))
    assert report.ok, report.problems
    assert Category.objects.get(code="S0102").after_photo_required is True
    assert Category.objects.get(code="B0113").after_photo_required is False  # empty: no
    exported = taxonomy_services.export_table(fmt="csv", actor=SystemActor("test")).decode("utf-8-sig")
    header, *rows = exported.splitlines()
    column = header.split(",").index("处置须附照片 (after_photo)")
    assert next(row for row in rows if row.startswith("S0102,")).split(",")[column] == "是"


def test_a_bad_flag_in_the_spreadsheet_is_a_problem_and_nothing_changes(categories):
    table = spreadsheet.read_csv(
        "编码 (code),类型 (kind),名称 (name),after_photo\nS0102,事件,暴露垃圾,也许\n".encode()
    )
    report = taxonomy_services.import_table(table, actor=SystemActor("test"))
    assert not report.ok and report.problems[0].column == "after_photo"
    assert Category.objects.get(code="S0102").after_photo_required is False
