import io

import pytest
from openpyxl import load_workbook

from chengguan.core.models import AuditEntry
from chengguan.taxonomy.models import Category

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/taxonomy/category/import/"
GOOD = "code,kind,name,normal,department\nS05,事件,街面秩序,4h,CGJ-ZD1\nS0504,事件,店外经营,2h,CGJ-ZD1\n"
BAD = "code,kind,name,normal,department\nS0504,事件,店外经营,两小时,EXT-NOPE\n"


def upload(content: str, name: str = "table.csv") -> io.BytesIO:
    handle = io.BytesIO(content.encode())
    handle.name = name
    return handle


def test_a_superuser_imports_a_file_from_the_admin(admin_client, departments):
    page = admin_client.get("/admin/taxonomy/category/")
    assert IMPORT_URL in page.content.decode()
    response = admin_client.post(IMPORT_URL, {"file": upload(GOOD)})
    assert response.status_code == 302 and response.url.endswith("/admin/taxonomy/category/")
    assert set(Category.objects.values_list("code", flat=True)) == {"S05", "S0504"}


def test_the_import_page_lists_every_problem_and_imports_nothing(admin_client, departments):
    response = admin_client.post(IMPORT_URL, {"file": upload(BAD)})
    assert response.status_code == 200
    problems = [(p.row, p.column) for p in response.context["report"].problems]
    assert problems == [(2, "parent"), (2, "normal"), (2, "department")]
    page = response.content.decode()
    assert "EXT-NOPE" in page and "import-problems" in page
    assert not Category.objects.exists()


def test_the_import_page_refuses_other_file_types(admin_client, departments):
    response = admin_client.post(IMPORT_URL, {"file": upload(GOOD, "table.txt")})
    assert response.status_code == 200 and response.context["form"].errors
    assert not Category.objects.exists()


def test_the_import_page_refuses_non_staff(client, make_user, departments):
    client.force_login(make_user("citizen"))
    response = client.post(IMPORT_URL, {"file": upload(GOOD)})
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert not Category.objects.exists()


def test_staff_without_permission_to_change_categories_is_refused(client, make_user, departments):
    client.force_login(make_user("clerk", is_staff=True))
    assert client.post(IMPORT_URL, {"file": upload(GOOD)}).status_code == 403
    assert not Category.objects.exists()


def test_selected_categories_are_exported_as_a_workbook(admin_client, default_table):
    selected = [default_table["S0102"].pk, default_table["B0101"].pk]
    response = admin_client.post(
        "/admin/taxonomy/category/", {"action": "export_selected", "_selected_action": selected}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    codes = [row[0] for row in book["categories"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["B01", "B0101", "S01", "S0102"]
    assert AuditEntry.objects.filter(action="data.export", actor_username="admin").exists()


def test_the_whole_table_downloads_as_csv(admin_client, default_table):
    response = admin_client.get("/admin/taxonomy/category/export/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "S0102,事件,S01,暴露垃圾" in response.content.decode("utf-8-sig")


def test_the_category_pages_render(admin_client, default_table):
    category = default_table["S0102"]
    page = admin_client.get(f"/admin/taxonomy/category/{category.pk}/change/")
    assert page.status_code == 200
    assert 'name="time_limits-2-amount"' in page.content.decode()  # the three limits are inline
    for url in (
        "/admin/taxonomy/category/?q=垃圾",
        "/admin/taxonomy/timelimit/",
        "/admin/taxonomy/responsibility/",
        "/admin/taxonomy/category/add/",
        "/admin/taxonomy/responsibility/add/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_the_change_form_keeps_codes_consistent(admin_client, default_table):
    response = admin_client.post(
        "/admin/taxonomy/category/add/",
        {
            "code": "S0199",
            "kind": "component",
            "parent": default_table["S01"].pk,
            "name": "错的",
            "is_public": "on",
            "is_active": "on",
            "sort_order": 0,
            "time_limits-TOTAL_FORMS": 0,
            "time_limits-INITIAL_FORMS": 0,
            "responsibilities-TOTAL_FORMS": 0,
            "responsibilities-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200 and "code" in response.context["adminform"].form.errors
    assert not Category.objects.filter(code="S0199").exists()
