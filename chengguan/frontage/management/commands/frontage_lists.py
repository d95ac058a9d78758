"""The periodic job: publish last month's 门前三包 red and black list through 公示 when nobody has."""

from django.core.management.base import BaseCommand

from chengguan.frontage import services


class Command(BaseCommand):
    help = "Publish last month's 门前三包 red and black list (红黑榜) as a public notice, once."

    def handle(self, *args, **options):
        monthly = services.publish_due_list(actor=services.LIST_ACTOR)
        if monthly is None:
            self.stdout.write("Nothing to publish.")
        else:
            self.stdout.write(f"Published the list of {monthly.month:%Y-%m} (notice {monthly.notice_id}).")
