"""Writes to the category table: importing a whole table (everything is checked first; one problem and
nothing is imported) and the audited export.

Import semantics: categories are upserted by code and never deleted. For each row, a column the file has
sets that attribute (an empty limit or department cell removes that limit or the default department); a
column the file lacks leaves the attribute alone. When the file has a routing table, the area entries of
every category it mentions (in either table) become exactly the routing rows; without one they stay."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from chengguan.core import audit, worktime
from chengguan.core.refusals import require_actor
from chengguan.grid.models import Area
from chengguan.org.models import Department

from . import spreadsheet
from .models import KIND_PREFIX, Category, Responsibility, TimeLimit
from .spreadsheet import CATEGORY_SHEET, LIMIT_COLUMNS, ROUTING_SHEET, Problem, Table

CODE_RE = re.compile(r"^[BS]\d{2}(\d{2})?$")
TEXT_FIELDS = {"name": "name", "description": "description", "keywords": "keywords", "icon": "icon"}
FLAG_FIELDS = {"public": "is_public", "active": "is_active"}


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    routing_changes: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return _("%(n)d problem(s); nothing was imported.") % {"n": len(self.problems)}
        text = _(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(routing)d routing change(s)."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "routing": self.routing_changes,
        }
        return (_("Check only: ") + text) if self.dry_run else text


@dataclass
class _Record:
    row: int
    code: str
    fields: dict  # model attribute → value, for the columns the file has
    limits: dict  # urgency → (amount, unit) or None, for the limit columns the file has
    department: str | None  # department code, "" to clear, None when the file has no department column


def _hours(limit: tuple[Decimal, str]) -> Decimal:
    amount, unit = limit
    return amount if unit == worktime.HOURS else amount * Decimal(str(worktime.hours_per_day()))


def _validate(table: Table) -> tuple[list[Problem], list[_Record], list[tuple]]:
    problems = list(table.problems)
    if problems:
        return problems, [], []

    def add(sheet, row, column, message, value="", code=""):
        problems.append(Problem(sheet, row.number, column, message, value, code))

    rows, routes_in, columns = table.categories, table.routing or [], table.category_columns
    wanted_departments = {r.get("department").strip() for r in [*rows, *routes_in]} - {""}
    departments = dict(Department.objects.filter(code__in=wanted_departments).values_list("code", "pk"))
    wanted_areas = {r.get("area").strip() for r in routes_in}
    areas = dict(Area.objects.filter(code__in=wanted_areas).values_list("code", "pk"))
    file_codes = {r.get("code").strip().upper() for r in rows}
    mentioned = {c[:3] for c in file_codes} | {r.get("category").strip().upper() for r in routes_in}
    in_db = set(Category.objects.filter(code__in=mentioned).values_list("code", flat=True))
    seen: dict[str, int] = {}
    records = []
    for row in rows:
        before = len(problems)
        code, kind = row.get("code").strip().upper(), None
        code_ok = bool(CODE_RE.match(code))
        if not code_ok:
            message = _("%(code)r is not a category code such as B01, B0101, S05 or S0501.")
            add(CATEGORY_SHEET, row, "code", message % {"code": code}, code, "bad_code")
        elif code in seen:
            add(
                CATEGORY_SHEET,
                row,
                "code",
                _("%(code)s appears twice (first on row %(row)d).") % {"code": code, "row": seen[code]},
                code,
                "duplicate",
            )
        seen.setdefault(code, row.number)
        try:
            kind = spreadsheet.parse_kind(row.get("kind"))
            if code_ok and KIND_PREFIX[kind] != code[:1]:
                message = _("a %(kind)s code starts with %(prefix)s, not %(code)s.") % {
                    "kind": row.get("kind"),
                    "prefix": KIND_PREFIX[kind],
                    "code": code,
                }
                add(CATEGORY_SHEET, row, "kind", message, code, "kind_mismatch")
        except ValueError as exc:
            add(CATEGORY_SHEET, row, "kind", str(exc), row.get("kind"), "bad_kind")
        parent = row.get("parent").strip().upper()
        if code_ok and len(code) == 3 and parent:
            add(CATEGORY_SHEET, row, "parent", _("a major class has no parent."), parent, "bad_parent")
        elif code_ok and len(code) == 5:
            if parent and parent != code[:3]:
                message = _("the major class of %(code)s is %(major)s, not %(parent)s.")
                message %= {"code": code, "major": code[:3], "parent": parent}
                add(CATEGORY_SHEET, row, "parent", message, parent, "bad_parent")
            elif code[:3] not in file_codes and code[:3] not in in_db:
                message = _(
                    "its major class %(major)s is neither in this file nor in the database; "
                    "add a row for %(major)s."
                ) % {"major": code[:3]}
                add(CATEGORY_SHEET, row, "parent", message, code[:3], "missing_major")
        fields = {}
        for key, attr in TEXT_FIELDS.items():
            if key in columns:
                value, limit = row.get(key).strip(), Category._meta.get_field(attr).max_length
                if key == "name" and not value:
                    add(CATEGORY_SHEET, row, key, _("the name is empty."), "", "required")
                if len(value) > limit:
                    message = _("longer than %(n)d characters.") % {"n": limit}
                    add(CATEGORY_SHEET, row, key, message, value, "too_long")
                fields[attr] = value
        for key, attr in FLAG_FIELDS.items():
            if key in columns:
                try:
                    fields[attr] = spreadsheet.parse_bool(row.get(key))
                except ValueError as exc:
                    add(CATEGORY_SHEET, row, key, str(exc), row.get(key), "bad_flag")
        if "after_photo" in columns:  # optional column: empty means no after-photo is required
            try:
                fields["after_photo_required"] = spreadsheet.parse_bool(row.get("after_photo"), default=False)
            except ValueError as exc:
                add(CATEGORY_SHEET, row, "after_photo", str(exc), row.get("after_photo"), "bad_flag")
        if "work_kind" in columns and row.get("work_kind").strip():  # optional: empty keeps it as it is
            try:
                fields["work_kind"] = spreadsheet.parse_work_kind(row.get("work_kind"))
            except ValueError as exc:
                add(CATEGORY_SHEET, row, "work_kind", str(exc), row.get("work_kind"), "bad_work_kind")
        limits = {}
        for urgency in LIMIT_COLUMNS:
            if urgency in columns:
                text = row.get(urgency).strip()
                try:
                    limits[urgency] = spreadsheet.parse_limit(text) if text else None
                except ValueError as exc:
                    add(CATEGORY_SHEET, row, urgency, str(exc), text, "bad_limit")
        for column, message in _limit_order_problems(limits):
            add(CATEGORY_SHEET, row, column, message, "", "limit_order")
        department = None
        if "department" in columns:
            department = row.get("department").strip()
            if department and department not in departments:
                add(
                    CATEGORY_SHEET,
                    row,
                    "department",
                    _("no department has the code %(code)s.") % {"code": department},
                    department,
                    "unknown_department",
                )
        if len(problems) == before:
            records.append(_Record(row.number, code, {"kind": kind, **fields}, limits, department))
    routes = _validate_routing(routes_in, file_codes | in_db, areas, departments, add)
    return problems, records, routes


def _limit_order_problems(limits: dict) -> list[tuple[str, str]]:
    normal, urgent, critical = (limits.get(u) for u in LIMIT_COLUMNS)
    problems = []
    if (urgent or critical) and "normal" in limits and not normal:
        problems.append(("normal", _("an urgent or critical limit needs a normal limit on the same row.")))
    if normal and urgent and _hours(urgent) > _hours(normal):
        problems.append(("urgent", _("the urgent limit is longer than the normal one.")))
    tighter = urgent or normal
    if critical and tighter and _hours(critical) > _hours(tighter):
        problems.append(("critical", _("the critical limit is longer than the urgent or normal one.")))
    return problems


def _validate_routing(rows, known_codes, areas, departments, add) -> list[tuple]:
    seen: dict[tuple, int] = {}
    routes = []
    for row in rows:
        code, area = row.get("category").strip().upper(), row.get("area").strip()
        department = row.get("department").strip()
        ok = True
        for column, value, valid, message, kind in (
            ("category", code, code in known_codes, _("no category has the code %(v)r."), "unknown_category"),
            (
                "area",
                area,
                area in areas,
                _("no area has the code %(v)r (the default department goes in the categories table)."),
                "unknown_area",
            ),
            (
                "department",
                department,
                department in departments,
                _("no department has the code %(v)r."),
                "unknown_department",
            ),
        ):
            if not valid:
                add(ROUTING_SHEET, row, column, message % {"v": value}, value, kind)
                ok = False
        if ok and (code, area) in seen:
            message = _("%(code)s in area %(area)s appears twice (first on row %(row)d).") % {
                "code": code,
                "area": area,
                "row": seen[(code, area)],
            }
            add(ROUTING_SHEET, row, "area", message, area, "duplicate")
            ok = False
        seen.setdefault((code, area), row.number)
        if ok:
            routes.append((code, areas[area], departments[department], row.get("note").strip()[:200]))
    return routes


def import_table(table: Table, *, actor, dry_run: bool = False, source: str = "") -> ImportReport:
    """Check the whole table; import it only when there is no problem at all (in one transaction)."""
    require_actor(actor)
    with transaction.atomic():
        problems, records, routes = _validate(table)
        report = ImportReport(problems=problems, dry_run=dry_run)
        if problems:
            return report
        _apply(records, routes, table, report)
        if dry_run:
            transaction.set_rollback(True)
            return report
        audit.record(
            audit.Action.IMPORT,
            actor=actor,
            data={
                "what": "taxonomy.categories",
                "source": source,
                "created": report.created,
                "updated": report.updated,
                "routing_changes": report.routing_changes,
            },
        )
    return report


def import_file(data: bytes, *, filename: str, actor, dry_run: bool = False) -> ImportReport:
    require_actor(actor)
    return import_table(spreadsheet.read_table(data, filename), actor=actor, dry_run=dry_run, source=filename)


def _apply(records: list[_Record], routes: list[tuple], table: Table, report: ImportReport) -> None:
    codes = {r.code for r in records} | {r.code[:3] for r in records}
    by_code = {c.code: c for c in Category.objects.filter(code__in=codes)}
    changed: set[str] = set()
    for record in sorted(records, key=lambda r: len(r.code)):  # major classes first
        category = by_code.get(record.code)
        if category is None:
            category = by_code[record.code] = Category(code=record.code)
            report.created += 1
            changed.add(record.code)
        parent_id = by_code[record.code[:3]].pk if len(record.code) == 5 else None
        values = {**record.fields, "parent_id": parent_id}
        if any(getattr(category, key) != value for key, value in values.items()):
            changed.add(record.code)
        for key, value in values.items():
            setattr(category, key, value)
        if record.code in changed:
            category.save()
    ids = {r.code: by_code[r.code].pk for r in records}
    limits = TimeLimit.objects.filter(category_id__in=ids.values())
    old_limits = {(t.category_id, t.urgency): t for t in limits}
    defaults = Responsibility.objects.filter(category_id__in=ids.values(), area__isnull=True)
    old_default = {r.category_id: r for r in defaults}
    dept_pks = dict(
        Department.objects.filter(code__in={r.department for r in records if r.department}).values_list(
            "code", "pk"
        )
    )
    stale_limits, new_limits, stale_defaults, new_defaults = [], [], [], []
    for record in records:
        pk = ids[record.code]
        for urgency, limit in record.limits.items():
            old = old_limits.get((pk, urgency))
            if (old and (old.amount, old.unit)) != (limit or None):
                changed.add(record.code)
                stale_limits += [old.pk] if old else []
                if limit:
                    amount, unit = limit
                    new_limits.append(TimeLimit(category_id=pk, urgency=urgency, amount=amount, unit=unit))
        old = old_default.get(pk)
        department = dept_pks.get(record.department) if record.department else None
        if record.department is not None and (old and old.department_id) != department:
            changed.add(record.code)
            stale_defaults += [old.pk] if old else []
            new_defaults += [Responsibility(category_id=pk, department_id=department)] if department else []
    TimeLimit.objects.filter(pk__in=stale_limits).delete()
    TimeLimit.objects.bulk_create(new_limits)
    Responsibility.objects.filter(pk__in=stale_defaults).delete()
    Responsibility.objects.bulk_create(new_defaults)
    report.updated = len(changed) - report.created
    report.unchanged = len(records) - len(changed)
    if table.routing is not None:
        report.routing_changes = _apply_routing(routes, set(ids) | {code for code, *_rest in routes})


def _apply_routing(routes: list[tuple], codes: set[str]) -> int:
    category_pks = dict(Category.objects.filter(code__in=codes).values_list("code", "pk"))
    wanted = {(category_pks[code], area): (department, note) for code, area, department, note in routes}
    existing = Responsibility.objects.filter(category_id__in=category_pks.values(), area__isnull=False)
    have = {(r.category_id, r.area_id): (r.department_id, r.note) for r in existing}
    stale = [key for key, value in have.items() if wanted.get(key) != value]
    for category_id, area_id in stale:
        Responsibility.objects.filter(category_id=category_id, area_id=area_id).delete()
    new = [key for key, value in wanted.items() if have.get(key) != value]
    Responsibility.objects.bulk_create(
        Responsibility(category_id=c, area_id=a, department_id=wanted[(c, a)][0], note=wanted[(c, a)][1])
        for c, a in new
    )
    return len(set(stale) | set(new))


def export_table(*, fmt: str, actor, categories=None) -> bytes:
    """The table (all categories, or the given ones and their major classes) as "xlsx" or "csv" bytes."""
    require_actor(actor)
    if fmt not in ("xlsx", "csv"):
        raise ValueError(_("Export format must be xlsx or csv."))
    queryset = Category.objects.all()
    if categories is not None:
        categories = list(categories)
        ids = {c.pk for c in categories} | {c.parent_id for c in categories if c.parent_id}
        queryset = queryset.filter(pk__in=ids)
    entries = Responsibility.objects.select_related("area", "department")
    queryset = (
        queryset.select_related("parent")
        .order_by("code")
        .prefetch_related("time_limits", Prefetch("responsibilities", queryset=entries))
    )
    category_rows, routing_rows = [], []
    for category in queryset:
        category_rows.append(spreadsheet.category_row(category))
        routing_rows.extend(spreadsheet.routing_rows(category))
    writer = spreadsheet.write_xlsx if fmt == "xlsx" else spreadsheet.write_csv
    content = writer(category_rows, routing_rows)
    audit.record(
        audit.Action.EXPORT,
        actor=actor,
        data={
            "what": "taxonomy.categories",
            "format": fmt,
            "categories": len(category_rows),
            "routing": len(routing_rows),
        },
    )
    return content
