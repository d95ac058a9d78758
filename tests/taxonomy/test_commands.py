import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from chengguan.taxonomy.models import Category

from .conftest import snapshot

pytestmark = pytest.mark.django_db


def test_load_categories_creates_departments_on_request(db):
    with pytest.raises(CommandError, match="CGJ-ZD1"):
        call_command("load_categories")
    call_command("load_categories", "--create-departments")
    assert Category.objects.majors().count() == 12


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_then_import_by_command(default_table, tmp_path, suffix):
    path = tmp_path / f"table.{suffix}"
    call_command("export_categories", str(path))
    before = snapshot()
    Category.objects.filter(code="S0102").update(name="改了")
    call_command("import_categories", str(path))
    assert snapshot() == before


def test_import_categories_lists_every_problem_and_exits_non_zero(default_table, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,kind,name,normal,department\nS0102,事件,暴露垃圾,soon,CGJ-HWC\nS0901,事件,无大类,4h,X\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught, translation.override("en"):
        call_command("import_categories", str(path))
    message = str(caught.value)
    assert "row 2, normal" in message and "row 3, parent" in message and "row 3, department" in message
    assert Category.objects.get(code="S0102").name == "暴露垃圾"


def test_commands_refuse_other_file_types(default_table, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_categories", str(tmp_path / "table.ods"))
    with pytest.raises(CommandError):
        call_command("import_categories", str(tmp_path / "missing.csv"))
