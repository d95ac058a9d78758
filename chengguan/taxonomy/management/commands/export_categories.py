from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chengguan.core.actors import SystemActor
from chengguan.taxonomy import services


class Command(BaseCommand):
    help = _(
        "Export the whole category table with time limits and the responsibility list to an .xlsx or "
        ".csv file (the format import_categories reads)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Where to write: a name ending in .xlsx or .csv."))

    def handle(self, *args, file, **options):
        path = Path(file)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError(_("The file name must end in .xlsx or .csv."))
        content = services.export_table(fmt=fmt, actor=SystemActor("export_categories"))
        try:
            path.write_bytes(content)
        except OSError as exc:
            message = _("Cannot write %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            raise CommandError(message) from exc
        self.stdout.write(self.style.SUCCESS(_("Written to %(file)s.") % {"file": path}))
