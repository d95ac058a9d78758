import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_shows_the_city_at_a_glance(page, live_server):
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("chengguan|数字城管"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("数字城管")
    expect(page.get_by_role("link", name="员工登录")).to_be_visible()


def test_admin_login_shows_reference_data_in_chinese(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-1")
    page.goto(live_server.url + "/admin/")
    page.get_by_label("用户名").fill("root")
    page.get_by_label("密码").fill("pw-for-tests-1")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="基础数据")).to_be_visible()
    for section in ("部门", "工作人员", "网格单元", "区域", "问题类别"):
        expect(page.get_by_role("link", name=section, exact=True).first).to_be_visible()


def test_wrong_password_is_refused_on_the_staff_login(page, live_server, django_user_model):
    django_user_model.objects.create_user("zhang", password="pw-for-tests-1")
    page.goto(live_server.url + "/login/")
    page.get_by_label("用户名").fill("zhang")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("密码").fill("pw-for-tests-1")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
