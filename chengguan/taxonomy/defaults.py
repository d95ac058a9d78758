"""The packaged default category table (in the style of GB/T 30428.2 / CJ/T 214) and the departments it
routes to. `load_default_table()` goes through the same checked import as any uploaded file."""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from chengguan.core.actors import SystemActor
from chengguan.org import services as org_services
from chengguan.org.models import Department, DepartmentKind

from . import services, spreadsheet

DATA_DIR = Path(__file__).resolve().parent / "data"
CATEGORIES_FILE = DATA_DIR / "categories.csv"
DEPARTMENTS_FILE = DATA_DIR / "departments.csv"


class DefaultTableError(Exception):
    """The default table cannot be loaded as it stands (for example a department it names is missing)."""


def default_departments() -> list[dict[str, str]]:
    """The departments the default table routes to: dicts with code, name and kind (section, brigade or
    external). Bureau units start with CGJ-, outside departments with EXT-."""
    with DEPARTMENTS_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return [{key: value.strip() for key, value in row.items()} for row in csv.DictReader(handle)]


LOADER = SystemActor("load_categories")


@transaction.atomic
def create_default_departments(*, bureau: Department | None = None, actor=LOADER) -> list[Department]:
    """Create those of the default departments that do not exist yet (by code) and return them. Bureau
    units are put under `bureau` when given; outside departments are top-level. Packaged data: the system
    loads it unless an administrator is named."""
    existing = set(Department.objects.values_list("code", flat=True))
    created = []
    for row in default_departments():
        if row["code"] in existing:
            continue
        parent = bureau if row["kind"] != DepartmentKind.EXTERNAL else None
        created.append(
            org_services.create_department(
                actor=actor, code=row["code"], name=row["name"], kind=row["kind"], parent=parent
            )
        )
    return created


def load_default_table(*, actor=LOADER) -> services.ImportReport:
    """Load (or refresh) the packaged table. Raises DefaultTableError naming every missing department code
    and how to create them, or listing the other problems, and then nothing is loaded."""
    table = spreadsheet.read_csv(CATEGORIES_FILE.read_bytes())
    report = services.import_table(table, actor=actor, source=CATEGORIES_FILE.name)
    if report.ok:
        return report
    missing = sorted({p.value for p in report.problems if p.code == "unknown_department"})
    if missing:
        names = {row["code"]: row["name"] for row in default_departments()}
        listed = ", ".join(f"{code} ({names.get(code, '?')})" for code in missing)
        raise DefaultTableError(
            _(
                "The default category table routes to departments that do not exist: %(codes)s. "
                "Create them with `chengguan load_categories --create-departments` (it creates every "
                "department listed in %(file)s), or add departments with these codes in the admin, "
                "then load the table again."
            )
            % {"codes": listed, "file": DEPARTMENTS_FILE}
        )
    raise DefaultTableError("\n".join([report.summary(), *map(str, report.problems)]))
