from django.core.management.base import BaseCommand

from chengguan.cases import services
from chengguan.cases.services.purge import retention_days
from chengguan.core.actors import SystemActor


class Command(BaseCommand):
    help = (
        "Purge the contact data of closed cases that the privacy notice says is kept no longer: supporters' "
        "phones CHENGGUAN_PURGE_SUPPORTER_PHONES_DAYS (30) days after closure, reporters' names and phones "
        "CHENGGUAN_PURGE_REPORTER_CONTACT_DAYS (180) days after closure. Audited; run daily by the scheduler."
    )

    def handle(self, *args, **options):
        result = services.purge_contacts(actor=SystemActor("purge_contacts"))
        days = retention_days()
        self.stdout.write(
            f"{result.reporters} reporters' contacts (closed over {days['reporter']} days ago) and "
            f"{result.supporters} supporters' phones (closed over {days['supporter']} days ago) purged."
        )
