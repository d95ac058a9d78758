"""Done when #2 (traditional Chinese stored as entered, found by a simplified search) and the certificate
PDF read back with pypdf and rendered with pdftoppm."""

import io
import shutil
import subprocess
from datetime import datetime

import pytest
from pypdf import PdfReader

from chengguan.campaigns import certificate, selectors, services
from chengguan.campaigns.models import Application, Title

from .conftest import TZ, full_marks, unit_user


def test_traditional_text_is_stored_as_entered_and_found_by_simplified_search(campaign, accepted, units, org):
    report = accepted.site.reports.first()
    services.file_report(
        report_id=report.pk,
        actor=unit_user(units.site),
        text="工地圍擋已設置，灑水降塵",
        now=datetime(2026, 9, 10, tzinfo=TZ),
    )
    services.inspect_unit(
        application_id=accepted.shop.pk,
        actor=org.inspector,
        scores=full_marks(campaign, "shop", E3=(2, "貨物擺放淩亂")),
        findings=[("E3", "店鋪門前亂擺亂放")],
    )
    report.refresh_from_db()
    assert report.text == "工地圍擋已設置，灑水降塵"  # as entered
    found = selectors.search_records(campaign, "围挡")
    assert [r.pk for r in found["reports"]] == [report.pk]
    assert [f.text for f in selectors.search_records(campaign, "乱摆乱放")["findings"]] == [
        "店鋪門前亂擺亂放"
    ]
    assert [s.evidence for s in selectors.search_records(campaign, "货物摆放")["evidence"]] == [
        "貨物擺放淩亂"
    ]
    assert selectors.search_records(campaign, "圍擋")["reports"]  # traditional finds it too
    assert not any(selectors.search_records(campaign, "垃圾").values())


@pytest.fixture
def named(campaign, accepted):
    Application.objects.filter(pk=accepted.site.pk).update(
        title=Title.NAMED, certificate_no="WUJIN-20260901-001", named_at=datetime(2026, 12, 8, 10, tzinfo=TZ)
    )
    return Application.objects.select_related("campaign__owner_department", "unit").get(pk=accepted.site.pk)


def test_certificate_pdf_has_the_chinese_text_and_is_not_blank(named, tmp_path):
    content = certificate.render(named)
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    for expected in (
        "荣誉证书",
        "城东建筑工地",
        "“五进”活动先进单位",
        "文明办",
        "2026年12月8日",
        "WUJIN-20260901-001",
    ):
        assert expected in text
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-singlefile", str(pdf), str(tmp_path / "page")], check=True
    )
    from PIL import Image

    image = Image.open(tmp_path / "page.png").convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > image.width * image.height * 0.005  # text and the frame are drawn
