from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chengguan.core.actors import SystemActor
from chengguan.taxonomy import services


class Command(BaseCommand):
    help = _(
        "Import a category table (.xlsx or .csv, as written by export_categories). Every row is checked "
        "first; on any problem all problems are listed and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("An .xlsx or .csv file."))
        parser.add_argument("--dry-run", action="store_true", help=_("Only check the file; change nothing."))

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            message = _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            raise CommandError(message) from exc
        report = services.import_file(
            data, filename=path.name, dry_run=dry_run, actor=SystemActor("import_categories")
        )
        if not report.ok:
            lines = [report.summary(), *(f"  {problem}" for problem in report.problems)]
            raise CommandError("\n".join(lines))
        self.stdout.write(self.style.SUCCESS(report.summary()))
