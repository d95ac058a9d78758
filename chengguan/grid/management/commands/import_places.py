"""chengguan import_places FILE.csv|FILE.geojson [--crs gcj02] [--dry-run]"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from chengguan.core import geo
from chengguan.core.actors import SystemActor
from chengguan.grid.place_import import PlaceImportError, import_places, read_places


class Command(BaseCommand):
    help = (
        "Import gazetteer places (roads, landmarks, compounds, schools, markets) from a CSV file (columns "
        "name, kind, aliases, code, and lng + lat or geometry as GeoJSON) or a GeoJSON FeatureCollection of "
        "Points and LineStrings, creating or updating them by code, else by name and kind. Bad rows are "
        "refused and listed with their line numbers; a malformed file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=".csv or .geojson file, UTF-8")
        parser.add_argument(
            "--crs",
            choices=geo.CRS_CHOICES,
            default=geo.WGS84,
            help="coordinate system of the file (default wgs84 = CGCS2000; gcj02 and bd09 are converted)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count everything, then roll back"
        )

    def handle(self, *args, file, crs, dry_run, verbosity=1, **options):
        try:
            total = len(read_places(file))
        except PlaceImportError as exc:
            raise CommandError(f"{file} {exc}; nothing was imported.") from exc
        stream = getattr(self.stderr, "_out", sys.stderr)  # tqdm redraws with \r: bypass OutputWrapper
        with tqdm(total=total, unit="row", file=stream, disable=verbosity < 1 or None) as bar:
            report = import_places(
                file, actor=SystemActor("import_places"), crs=crs, progress=bar.update, dry_run=dry_run
            )
        for refused in report.refused:
            self.stderr.write(self.style.WARNING(f"refused {refused}"))
        self.stdout.write(self.style.SUCCESS(report.summary()))
