"""What a report says, as plain data both renderers use."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.cases.states import WITH_DEPARTMENT

from .. import periods, selectors
from ..models import PeriodKind, Snapshot, Subject

SUBJECT_TITLES = {
    Subject.DEPARTMENT: "部门评价排名",
    Subject.STREET: "街道评价排名",
    Subject.INSPECTOR: "监督员评价",
    Subject.DISPATCHER: "派遣员评价",
    Subject.INTAKE_OPERATOR: "受理员评价",
    Subject.SHIFT_LEAD: "值班长评价",
}


@dataclass
class Table:
    """Rows of raw values (numbers stay numbers; None is a figure with nothing to measure); `units` says
    per column how to show them: "text", "count", "rate" (a fraction), "score"."""

    title: str
    header: list[str]
    rows: list[list]
    units: list[str] = field(default_factory=list)
    empty_note: str = ""


@dataclass
class Content:
    title: str
    period_label: str
    generated_at: str
    overview: list[tuple[str, object]]
    tables: list[Table]
    score_chart: list[tuple[str, float]]
    category_chart: list[tuple[str, int]]
    trend: dict
    typical_cases: list[list[str]]
    problems: list[str]


NO_CASES = "无案件"


def fmt(value, unit):
    """A value as text for the PDF."""
    if value is None:
        return NO_CASES if unit in ("rate", "score") else "—"
    if unit == "text":
        return str(value)
    if unit == "rate":
        return f"{value * 100:.1f}%"
    if unit == "score":
        return f"{value:.1f}"
    return int(value)


def ranking_table(snapshot: Snapshot, limit: int | None = None) -> Table:
    indicators = [d for d in snapshot.definitions if not d["is_score"]]
    header = ["名次", "名称", *[d["name"] for d in indicators], "综合得分", "等级"]
    units = ["count", "text", *[d["unit"] for d in indicators], "score", "text"]
    rows = []
    for row in snapshot.rows.order_by(F("rank").asc(nulls_last=True), "subject_name")[:limit]:
        rows.append(
            [
                row.rank,
                row.subject_name,
                *[row.values.get(d["code"]) for d in indicators],
                row.score,
                row.grade or (NO_CASES if row.score is None else "—"),
            ]
        )
    return Table(
        f"{SUBJECT_TITLES.get(snapshot.subject, snapshot.get_subject_display())}（第{snapshot.version}版）",
        header,
        rows,
        units,
        empty_note="本期没有可评价的对象（无案件），不排名。",
    )


def _months(period: periods.Period) -> list[periods.Period]:
    if period.kind == PeriodKind.YEAR:
        year = period.first_day.year
        return [periods.month(year, m) for m in range(1, 13)]
    return periods.last_months(12, now=period.end - timedelta(seconds=1))


def _typical_cases(period: periods.Period) -> list[list[str]]:
    """The cases that tell most about the period: reworked or overdue ones first, then the most supported."""
    qs = (
        Case.objects.filter(reported_at__gte=period.start, reported_at__lt=period.end)
        .filter(
            Q(rework_count__gt=0)
            | Q(state__in=WITH_DEPARTMENT, deadline__lt=timezone.now())
            | Q(support_count__gt=0)
        )
        .select_related("category", "department")
        .order_by("-rework_count", "-support_count", "deadline")[:8]
    )
    return [
        [
            case.number,
            case.category.name if case.category_id else "—",
            case.department.name if case.department_id else "—",
            (case.description or "")[:40],
            f"返工{case.rework_count}次" if case.rework_count else case.get_state_display(),
        ]
        for case in qs
    ]


def _problems(department: Snapshot | None, overview: dict, categories) -> list[str]:
    problems = []
    if department is not None:
        weak = list(department.rows.filter(grade__in=["D", "E"]).values_list("subject_name", "grade"))
        if weak:
            problems.append(
                "评价等级为D、E的部门：" + "、".join(f"{name}（{grade}）" for name, grade in weak) + "。"
            )
        high_rework = [
            row.subject_name for row in department.rows.all() if (row.values.get("rework_rate") or 0) > 0.1
        ]
        if high_rework:
            problems.append("返工率超过10%的部门：" + "、".join(high_rework) + "，处置质量需提高。")
    if overview.get("overdue"):
        problems.append(f"本期上报的案件中仍有{overview['overdue']}件超期未处置，需加强督办。")
    if categories:
        problems.append(
            f"高发问题为“{categories[0]['category__name']}”（{categories[0]['n']}件），建议开展专项整治。"
        )
    return problems or ["本期未发现突出问题。"]


def build(period: periods.Period, snapshots: list[Snapshot]) -> Content:
    by_subject = {snapshot.subject: snapshot for snapshot in snapshots}
    overview = selectors.overview(None, period, {})
    categories = selectors.top_categories(None, period, {}, limit=8)
    department = by_subject.get(Subject.DEPARTMENT)
    tables = [ranking_table(by_subject[s]) for s in SUBJECT_TITLES if s in by_subject]
    score_chart = []
    if department is not None:
        score_chart = [
            (row.subject_name, round(row.score, 1))
            for row in department.rows.exclude(score=None).order_by(
                F("rank").asc(nulls_last=True), "subject_name"
            )[:15]
        ]
    kind = "年度" if period.kind == PeriodKind.YEAR else "月度"
    return Content(
        title=f"数字城管工作{kind}评价报告（{period.label}）",
        period_label=f"{period.first_day:%Y年%m月%d日}至{period.last_day:%Y年%m月%d日}",
        generated_at=timezone.localtime().strftime("%Y年%m月%d日 %H:%M"),
        overview=[
            ("上报案件", overview["reported"]),
            ("已结案", overview["closed"]),
            ("超期未处置", overview["overdue"]),
            ("发生返工", overview["reworked"]),
        ],
        tables=tables,
        score_chart=score_chart,
        category_chart=[(row["category__name"], row["n"]) for row in categories],
        trend=selectors.monthly_trend(None, _months(period), {}),
        typical_cases=_typical_cases(period),
        problems=_problems(department, overview, categories),
    )
