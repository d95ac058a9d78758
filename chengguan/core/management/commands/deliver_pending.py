from django.core.management.base import BaseCommand

from chengguan.core.notify import outbox


class Command(BaseCommand):
    help = (
        "Send again every notification or text message still unsent two minutes after it was queued (its "
        "worker died or its gateway failed). Each goes out once: already-sent messages are skipped."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{outbox.deliver_pending()} pending messages sent.")
