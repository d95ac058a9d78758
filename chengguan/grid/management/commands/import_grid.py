"""chengguan import_grid FILE.geojson [--skip-invalid] [--crs gcj02] [--dry-run]"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from chengguan.core import geo
from chengguan.core.actors import SystemActor
from chengguan.grid.services import GridImportError, import_grid, load_features


class Command(BaseCommand):
    help = (
        "Import districts, streets, communities (6/9/12-digit codes) and grid cells (15-digit codes) from a "
        "GeoJSON FeatureCollection, creating or updating them by code. Nothing is imported when any "
        "feature has a problem, unless --skip-invalid is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON FeatureCollection file")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid features and list the invalid ones instead of stopping",
        )
        parser.add_argument(
            "--crs",
            choices=geo.CRS_CHOICES,
            default=geo.WGS84,
            help="coordinate system of the file (default wgs84; gcj02 is converted)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count everything, then roll back"
        )

    def handle(self, *args, file, skip_invalid, crs, dry_run, verbosity=1, **options):
        try:
            features = load_features(file)
        except GridImportError as exc:
            raise CommandError(f"{file} {exc.problems[0].reason}.") from exc
        stream = getattr(self.stderr, "_out", sys.stderr)  # tqdm redraws with \r: bypass OutputWrapper
        with tqdm(total=len(features), unit="feature", file=stream, disable=verbosity < 1 or None) as bar:
            try:
                report = import_grid(
                    features,
                    skip_invalid=skip_invalid,
                    crs=crs,
                    progress=bar.update,
                    dry_run=dry_run,
                    source=file,
                    actor=SystemActor("import_grid"),
                )
            except GridImportError as exc:
                bar.close()
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                bad = len({problem.index for problem in exc.problems})
                raise CommandError(
                    f"{bad} of {len(features)} features in {file} have problems, listed above; nothing was "
                    f"imported. Correct them, or pass --skip-invalid to import the others."
                ) from exc
        for problem in report.skipped:
            self.stderr.write(self.style.WARNING(f"skipped {problem}"))
        self.stdout.write(self.style.SUCCESS(report.summary()))
