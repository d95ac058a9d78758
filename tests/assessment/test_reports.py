"""Done when #3: the monthly PDF and Excel reports open and show Chinese text, tables and charts. The PDF
is rendered to PNG with pdftoppm (poppler) and must not be blank; its text is read back with pypdf."""

import io
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from chengguan.assessment import periods, services
from chengguan.assessment.models import AssessmentEvent, Report, Snapshot, Subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(demo_city, demo_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.generate_report(actor=demo_user("leader"), period=periods.this_month())


def test_pdf_has_chinese_text_tables_and_charts(report, tmp_path):
    data = report.pdf.read()
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "数字城管工作月度评价报告" in text
    for words in ("总体情况", "部门评价排名", "综合得分", "等级", "典型案件", "存在问题"):
        assert words in text, words
    department = Snapshot.objects.get(subject=Subject.DEPARTMENT, start=periods.this_month().start)
    best = department.rows.filter(rank=1).first()
    assert best.subject_name in text
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    (tmp_path / "r.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(tmp_path / "r.pdf"), str(tmp_path / "p")],
        check=True,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2
    for png in pages:
        image = Image.open(png).convert("L")
        histogram = image.histogram()
        dark = sum(histogram[:200]) / sum(histogram)
        assert dark > 0.01, f"{png.name} looks blank"
        colours = Image.open(png).convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 20  # lines, bars and text in several colours


def test_excel_has_sheets_tables_and_native_charts(report):
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    overview = book["总体情况"]
    assert "评价报告" in overview["A1"].value
    assert len(overview._charts) == 2  # trend line and department scores
    ranking = next(ws for ws in book.worksheets if ws.title.startswith("部门评价排名"))
    header = [cell.value for cell in ranking[1]]
    assert header[:2] == ["名次", "名称"] and "按期处置率" in header and header[-1] == "等级"
    assert ranking.max_row > 2


def test_report_is_logged_and_scheduled_generation_is_idempotent(demo_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    label = periods.this_month().label
    out = io.StringIO()
    events = AssessmentEvent.objects.filter(action=AssessmentEvent.Kind.REPORT)
    before = events.count()
    call_command("generate_reports", period=label, stdout=out)
    assert Report.objects.filter(label=label).count() == 1
    assert events.count() == before + 1 and events.first().actor is None  # the scheduled job
    call_command("generate_reports", period=label, stdout=out)
    assert "already generated" in out.getvalue()
    assert Report.objects.filter(label=label).count() == 1 and events.count() == before + 1
    with pytest.raises(CommandError):
        call_command("generate_reports", period="2026-13")
    with pytest.raises(CommandError):
        call_command("generate_reports", period="2026Q1")  # reports are monthly or yearly


def test_leaders_hear_of_a_new_report(
    demo_city, demo_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    from chengguan.core.models import Notification

    settings.MEDIA_ROOT = tmp_path
    leader = demo_user("leader")
    before = Notification.objects.filter(recipient=leader).count()
    with django_capture_on_commit_callbacks(execute=True):
        services.generate_report(actor=leader, period=periods.year(periods.this_month().first_day.year))
    notes = Notification.objects.filter(recipient=leader).order_by("-id")
    assert notes.count() == before + 1 and notes.first().link == "/assessment/reports/"


def test_yearly_report(demo_city, demo_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    year = periods.this_month().first_day.year
    report = services.generate_report(actor=demo_user("leader"), period=periods.year(year))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.pdf.read())).pages)
    assert f"数字城管工作年度评价报告（{year}）" in text
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    assert [c.value for c in book["总体情况"]["A"][7:19]] == [f"{year}-{m:02d}" for m in range(1, 13)]


def test_excel_rates_and_scores_are_numbers_with_formats(report):
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    ranking = next(ws for ws in book.worksheets if ws.title.startswith("部门评价排名"))
    header = [cell.value for cell in ranking[1]]
    rate, score = header.index("按期处置率") + 1, header.index("综合得分") + 1
    rates = [ranking.cell(row=r, column=rate) for r in range(2, ranking.max_row + 1)]
    scores = [ranking.cell(row=r, column=score) for r in range(2, ranking.max_row + 1)]
    numeric_rates = [c for c in rates if c.value != "无案件"]
    assert numeric_rates, "some department has an on-time rate"
    for cell in numeric_rates:
        assert cell.data_type == "n" and isinstance(cell.value, int | float), cell.value
        assert 0 <= cell.value <= 1 and cell.number_format == "0.0%"
    for cell in scores:
        if cell.value != "无案件":
            assert cell.data_type == "n" and cell.number_format == "0.0"
    for cell in rates + scores:  # never a number written as text ("93.5%")
        assert not (isinstance(cell.value, str) and cell.value.rstrip("%").replace(".", "").isdigit())
    overview = book["总体情况"]
    charted = [row for row in overview.iter_rows(min_col=2, max_col=2) if row[0].number_format == "0.0"]
    assert charted and all(isinstance(row[0].value, int | float) for row in charted)


def _pdftext(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (tmp_path / "t.pdf").write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "t.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text, "".join(text.split())  # as laid out, and without the spaces layout puts in or takes out


def test_pdf_has_page_numbers_an_embedded_font_and_no_empty_sections(report, tmp_path):
    from chengguan.core.pdf import font_file

    data = report.pdf.read()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    text, compact = _pdftext(data, tmp_path)
    for number in range(1, pages + 1):
        assert f"第{number}页/共{pages}页" in compact
    assert "（无数据）" not in text
    for line in text.splitlines():  # a ranking row never shows a 0% or 100% of nothing
        if "无案件" in line:
            assert "综合得分" not in line
    if font_file() is None:
        pytest.skip("no CJK TrueType font installed (apt-get install fonts-wqy-microhei)")
    fonts = subprocess.run(["pdffonts", str(tmp_path / "t.pdf")], check=True, capture_output=True, text=True)
    standard = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")  # Latin digits on chart axes
    cjk = [line for line in fonts.stdout.splitlines()[2:] if not line.startswith(standard)]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts.stdout  # the "emb" column
    assert "STSong" not in fonts.stdout


def test_empty_sections_say_why(demo_city, demo_user, settings, tmp_path):
    """A month long before the city existed: no cases, no ranking rows; every section says so."""
    settings.MEDIA_ROOT = tmp_path
    report = services.generate_report(actor=demo_user("leader"), period=periods.month(2020, 1))
    _text, compact = _pdftext(report.pdf.read(), tmp_path)
    assert "本期没有部门有综合得分（无案件）" in compact
    assert "本期没有可评价的对象（无案件），不排名" in compact
    assert "本期没有返工、超期未处置或群众附议的案件" in compact
    assert "（无数据）" not in compact and "第1页/共" in compact
