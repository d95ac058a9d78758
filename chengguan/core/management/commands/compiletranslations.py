from django.core.management.base import BaseCommand

from chengguan.core.i18n import compile_translations


class Command(BaseCommand):
    help = "Compile the .po translation catalogues to .mo (pure Python; no GNU gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Recompile even when up to date.")

    def handle(self, *args, force=False, **options):
        written = compile_translations(force=force)
        self.stdout.write(f"Compiled {len(written)} catalogue(s).")
