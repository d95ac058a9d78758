from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chengguan.core.actors import SystemActor
from chengguan.open311.services import create_key


class Command(BaseCommand):
    help = (
        "Make an Open311 API key and print it. Only a hash is stored: copy the key now, it cannot be shown "
        "again. Keys are switched off or given their own rate limit in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="who uses the key, e.g. the app's name")
        parser.add_argument(
            "--rate", default="", help="its own rate limit, e.g. 100/min (default: the site's)"
        )

    def handle(self, *args, name, rate, **options):
        try:
            key, raw = create_key(name=name, rate=rate, actor=SystemActor("create_open311_key"))
        except ValidationError as exc:
            raise CommandError(" ".join(m for ms in exc.message_dict.values() for m in ms)) from exc
        self.stderr.write(f"Open311 key #{key.pk} for {key.name}; copy it now, it cannot be shown again:")
        self.stdout.write(raw)
