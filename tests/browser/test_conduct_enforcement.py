"""Recording an enforcement action in a real browser: an auxiliary as the acting officer is refused with the
reason, one device's recording is refused, a valid action stores both files with their hashes, and the
integrity check on its page finds a stored file that was altered afterwards."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chengguan.conduct.models import EnforcementAction
from tests.browser.test_conduct_star import log_in
from tests.conduct.conftest import org  # noqa: F401  (the org fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def fill(page, lead_pk: int, files: list[tuple[str, Path]]) -> None:
    start = timezone.localtime() - timedelta(hours=1)
    page.locator("#id_lead_officer").select_option(str(lead_pk))
    page.locator("#id_started_at").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ended_at").fill((start + timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_place").fill("人民路88号")
    page.locator("#id_legal_basis").fill("《城市市容和环境卫生管理条例》第十四条")
    page.locator("#id_outcome").fill("责令改正，当场整改完毕")
    for n, (device, path) in enumerate(files, start=1):
        page.locator(f"#id_device_{n}").fill(device)
        page.locator(f"#id_file_{n}").set_input_files(str(path))
    page.locator("button[data-submit]").click()


def test_enforcement_refusals_and_a_valid_record(
    page,
    live_server,
    org,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = live_server.url
    page.set_default_timeout(30_000)
    a, b = tmp_path / "DV-1.mp4", tmp_path / "DV-2.mp4"
    head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"  # recordings are checked by their container
    a.write_bytes(head + b"recording one")
    b.write_bytes(head + b"recording two")

    log_in(page, site, "captain")  # a brigade leader records for the brigade's officers
    page.locator('#console-nav a[href="/conduct/enforcement/"]').click()
    page.locator("[data-new-action]").click()
    fill(page, org["auxiliary"].pk, [("DV-1", a), ("DV-2", b)])
    expect(page.locator('[data-field="officers"] .error, [data-form-errors]')).to_contain_text("赵协管")

    page.goto(f"{site}/conduct/enforcement/new/")
    fill(page, org["officer"].pk, [("DV-1", a)])
    expect(page.locator("[data-form-errors]")).to_contain_text("至少需要 2 台记录设备")
    assert not EnforcementAction.objects.exists()

    page.goto(f"{site}/conduct/enforcement/new/")
    fill(page, org["officer"].pk, [("DV-1", a), ("DV-2", b)])
    expect(page.locator('[data-page="conduct_enforcement_detail"]')).to_be_visible()
    expect(page.locator("[data-evidence]")).to_have_count(2)
    page.locator("button[data-verify]").click()
    expect(page.locator('[data-check="ok"]')).to_be_visible()

    stored = EnforcementAction.objects.get().evidence.first()
    Path(stored.file.path).write_bytes(b"edited afterwards")
    page.locator("button[data-verify]").click()
    expect(page.locator('[data-check="altered"]')).to_contain_text("DV-1.mp4")
