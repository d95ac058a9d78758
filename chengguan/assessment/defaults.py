"""The standard's indicator set, shipped as data (`load_defaults` is idempotent: it adds what is missing
and never overwrites an administrator's edits). Names are the standard's Chinese terms."""

from .city_measures import CITY_DEFAULTS
from .models import Direction, Subject, Unit

DUE = "(handled + overdue_unhandled)"
FILED_BANDS = [[0, 0], [1, 60], [5, 70], [10, 80], [20, 90], [40, 100]]

# (subject, code, name, expression, unit, direction, extra)
DEFAULTS = [
    (
        Subject.DEPARTMENT,
        "filed_count",
        "立案数",
        "filed",
        Unit.COUNT,
        Direction.HIGHER,
        {"drill_count": "filed"},
    ),
    (
        Subject.DEPARTMENT,
        "filed_score",
        "立案数分值",
        "filed",
        Unit.SCORE,
        Direction.HIGHER,
        {
            "bands": FILED_BANDS,
            "drill_count": "filed",
            "description": "按立案数分档计分：1件60分，5件70分，10件80分，20件90分，40件及以上100分。",
        },
    ),
    (
        Subject.DEPARTMENT,
        "disposal_rate",
        "处置率",
        f"handled / {DUE}",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "handled", "description": "处置数 / 应结案数；应结案数 = 处置数 + 超时未处置数。"},
    ),
    (
        Subject.DEPARTMENT,
        "ontime_rate",
        "按期处置率",
        f"handled_on_time / {DUE}",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "handled_on_time", "description": "按期处置数 / 应结案数。"},
    ),
    (
        Subject.DEPARTMENT,
        "rework_rate",
        "返工率",
        f"rework / {DUE}",
        Unit.RATE,
        Direction.LOWER,
        {"drill_count": "rework", "description": "返工数 / 应结案数。"},
    ),
    (
        Subject.DEPARTMENT,
        "extension_rate",
        "延期率",
        "extensions / filed",
        Unit.RATE,
        Direction.LOWER,
        {"drill_count": "extensions", "description": "批准延期次数 / 立案数。"},
    ),
    (
        Subject.DEPARTMENT,
        "overdue_rate",
        "超期未处置率",
        f"overdue_unhandled / {DUE}",
        Unit.RATE,
        Direction.LOWER,
        {"drill_count": "overdue_unhandled", "description": "超时未处置数 / 应结案数。"},
    ),
    (
        Subject.DEPARTMENT,
        "satisfaction",
        "回访满意率",
        "follow_ups_satisfied / follow_ups",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "follow_ups", "description": "基本满意及以上的回访 / 已答复的回访。"},
    ),
    (
        Subject.DEPARTMENT,
        "score",
        "综合得分",
        "filed_score * 0.1 + disposal_rate * 30 + ontime_rate * 30 + max(0, 1 - rework_rate) * 30",
        Unit.SCORE,
        Direction.HIGHER,
        {"is_score": True, "description": "立案数分值×10% + 处置率×30% + 按期处置率×30% + (1−返工率)×30%。"},
    ),
    (
        Subject.STREET,
        "filed_count",
        "立案数",
        "filed",
        Unit.COUNT,
        Direction.HIGHER,
        {"drill_count": "filed"},
    ),
    (
        Subject.STREET,
        "closure_rate",
        "结案率",
        "closed / filed",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "closed"},
    ),
    (
        Subject.STREET,
        "ontime_closure_rate",
        "按期结案率",
        "closed_on_time / closed",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "closed_on_time"},
    ),
    (
        Subject.STREET,
        "public_share",
        "公众举报占比",
        "public_filed / filed",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "public_filed"},
    ),
    (
        Subject.STREET,
        "score",
        "综合得分",
        "min(1, closure_rate) * 50 + ontime_closure_rate * 50",
        Unit.SCORE,
        Direction.HIGHER,
        {"is_score": True, "description": "结案率×50% + 按期结案率×50%。"},
    ),
    # Inspectors (监督员)
    (
        Subject.INSPECTOR,
        "patrol_reports",
        "上报数",
        "patrol_reports",
        Unit.COUNT,
        Direction.HIGHER,
        {"drill_count": "patrol_reports"},
    ),
    (
        Subject.INSPECTOR,
        "valid_report_rate",
        "有效上报率",
        "valid_patrol_reports / patrol_reports",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "valid_patrol_reports", "description": "巡查上报后被立案的比例。"},
    ),
    (
        Subject.INSPECTOR,
        "missed_rate",
        "漏报率",
        "cell_cases_public / cell_cases",
        Unit.RATE,
        Direction.LOWER,
        {
            "drill_count": "cell_cases_public",
            "description": "责任网格内由公众举报（监督员未上报）的立案数 / 网格内立案数。",
        },
    ),
    (
        Subject.INSPECTOR,
        "verifications",
        "核查数",
        "verifications",
        Unit.COUNT,
        Direction.HIGHER,
        {"drill_count": "verifications"},
    ),
    (
        Subject.INSPECTOR,
        "ontime_verify_rate",
        "按时核查率",
        "verifications_on_time / verifications",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "verifications_on_time", "description": "处置反馈后24小时内完成核查的比例。"},
    ),
    (
        Subject.INSPECTOR,
        "score",
        "综合得分",
        "valid_report_rate * 40 + max(0, 1 - missed_rate) * 20 + ontime_verify_rate * 40",
        Unit.SCORE,
        Direction.HIGHER,
        {"is_score": True, "description": "有效上报率×40% + (1−漏报率)×20% + 按时核查率×40%。"},
    ),
    # Dispatchers (派遣员)
    (
        Subject.DISPATCHER,
        "dispatches",
        "派遣数",
        "dispatches",
        Unit.COUNT,
        Direction.HIGHER,
        {"drill_count": "dispatches"},
    ),
    (
        Subject.DISPATCHER,
        "ontime_dispatch_rate",
        "按时派遣率",
        "dispatches_on_time / dispatches",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "dispatches_on_time", "description": "立案（或退单）后1小时内派遣的比例。"},
    ),
    (
        Subject.DISPATCHER,
        "accurate_dispatch_rate",
        "准确派遣率",
        "(dispatches - dispatch_send_backs) / dispatches",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "dispatch_send_backs", "description": "(派遣数 − 退单数) / 派遣数。"},
    ),
    (
        Subject.DISPATCHER,
        "score",
        "综合得分",
        "ontime_dispatch_rate * 50 + accurate_dispatch_rate * 50",
        Unit.SCORE,
        Direction.HIGHER,
        {"is_score": True, "description": "按时派遣率×50% + 准确派遣率×50%。"},
    ),
    # Intake operators (受理员)
    (
        Subject.INTAKE_OPERATOR,
        "entered",
        "受理数",
        "entered",
        Unit.COUNT,
        Direction.HIGHER,
        {"drill_count": "entered"},
    ),
    (
        Subject.INTAKE_OPERATOR,
        "valid_entry_rate",
        "有效受理率",
        "(entered - entered_rejected) / entered",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "entered_rejected", "description": "受理后被立案的比例。"},
    ),
    (
        Subject.INTAKE_OPERATOR,
        "score",
        "综合得分",
        "valid_entry_rate * 100",
        Unit.SCORE,
        Direction.HIGHER,
        {"is_score": True},
    ),
    # Shift leads (值班长)
    (
        Subject.SHIFT_LEAD,
        "acceptances",
        "立案数",
        "acceptances",
        Unit.COUNT,
        Direction.HIGHER,
        {"drill_count": "acceptances"},
    ),
    (
        Subject.SHIFT_LEAD,
        "ontime_accept_rate",
        "按时立案率",
        "acceptances_on_time / acceptances",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "acceptances_on_time", "description": "上报后2小时内立案的比例。"},
    ),
    (
        Subject.SHIFT_LEAD,
        "accurate_accept_rate",
        "准确立案率",
        "(acceptances - acceptances_rejected_later) / acceptances",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "acceptances_rejected_later", "description": "立案后未被改为不予立案的比例。"},
    ),
    (
        Subject.SHIFT_LEAD,
        "closures",
        "结案数",
        "closures",
        Unit.COUNT,
        Direction.HIGHER,
        {"drill_count": "closures"},
    ),
    (
        Subject.SHIFT_LEAD,
        "ontime_close_rate",
        "按时结案率",
        "closures_on_time / closures",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "closures_on_time", "description": "核查通过后24小时内结案的比例。"},
    ),
    (
        Subject.SHIFT_LEAD,
        "accurate_closure_rate",
        "准确结案率",
        "(closures - closures_reopened) / closures",
        Unit.RATE,
        Direction.HIGHER,
        {"drill_count": "closures_reopened", "description": "结案后未被重新打开的比例。"},
    ),
    (
        Subject.SHIFT_LEAD,
        "score",
        "综合得分",
        "ontime_accept_rate * 25 + accurate_accept_rate * 25"
        " + ontime_close_rate * 25 + accurate_closure_rate * 25",
        Unit.SCORE,
        Direction.HIGHER,
        {"is_score": True, "description": "按时立案率、准确立案率、按时结案率、准确结案率各25%。"},
    ),
]


def _with_area_levels(rows):
    """Street definitions are repeated for communities and cells."""
    out = []
    for row in rows:
        out.append(row)
        if row[0] == Subject.STREET:
            out += [(level, *row[1:]) for level in (Subject.COMMUNITY, Subject.CELL)]
    return out


def default_rows():
    return _with_area_levels(DEFAULTS) + CITY_DEFAULTS


def load_defaults(indicator_model) -> int:
    """Create the default indicators that do not exist yet; returns how many were created. Takes the model
    so the data migration can pass its historical one."""
    created = 0
    has_target = any(f.name == "target" for f in indicator_model._meta.get_fields())  # not at migration 0002
    for order, (subject, code, name, expression, unit, direction, extra) in enumerate(default_rows()):
        if subject == Subject.CITY and not has_target:
            continue  # added with their targets by the migration that adds the field
        _obj, was_created = indicator_model.objects.get_or_create(
            subject=subject,
            code=code,
            defaults={
                "name": name,
                "expression": expression,
                "unit": unit,
                "direction": direction,
                "order": order,
                "bands": extra.get("bands", []),
                "is_score": extra.get("is_score", False),
                "drill_count": extra.get("drill_count", ""),
                "description": extra.get("description", ""),
            }
            | ({"target": extra.get("target")} if has_target else {}),
        )
        created += was_created
    return created


GRADES = [(90, "A"), (75, "B"), (60, "C"), (40, "D"), (float("-inf"), "E")]


def grade_for(score: float | None) -> str:
    if score is None:
        return ""
    return next(letter for bound, letter in GRADES if score >= bound)
