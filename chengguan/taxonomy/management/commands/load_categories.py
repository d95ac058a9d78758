from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chengguan.org.models import Department
from chengguan.taxonomy import defaults


class Command(BaseCommand):
    help = _(
        "Load (or refresh) the packaged default category table: 部件/事件 classes, time limits and "
        "default departments. Area-specific routing is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--create-departments",
            action="store_true",
            help=_(
                "First create the departments the table routes to (from taxonomy/data/departments.csv) "
                "that do not exist yet."
            ),
        )
        parser.add_argument(
            "--bureau",
            metavar="CODE",
            help=_("With --create-departments: the code of the bureau department to put its units under."),
        )

    def handle(self, *args, create_departments=False, bureau=None, **options):
        if create_departments:
            parent = None
            if bureau:
                parent = Department.objects.filter(code=bureau).first()
                if parent is None:
                    raise CommandError(_("No department has the code %(code)s.") % {"code": bureau})
            created = defaults.create_default_departments(bureau=parent)
            self.stdout.write(_("%(n)d department(s) created.") % {"n": len(created)})
        try:
            report = defaults.load_default_table()
        except defaults.DefaultTableError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
