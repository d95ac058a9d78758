from django.core.management.base import BaseCommand

from chengguan.core import audit
from chengguan.core.actors import SystemActor


class Command(BaseCommand):
    help = (
        "Make a new current key for the audit chain's MACs (CHENGGUAN_KEYS_DIR/audit.json). The old keys "
        "stay, "
        "so earlier entries still verify; back the keys folder up apart from the database."
    )

    def handle(self, *args, **options):
        key_id = audit.rotate_key(actor=SystemActor("audit_rotate_key"))
        self.stdout.write(self.style.SUCCESS(f"The audit chain now signs with key {key_id}."))
