"""`chengguan demo_code USERNAME`: print the current second-factor code of a demo account (whose
authenticator key is the published demo key). Refused where CHENGGUAN_DEMO_ALLOWED is false, and for any
account whose key is not the demo key."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengguan.demo.accounts import DEMO_TOTP_KEY
from chengguan.demo.builder import DemoError, ensure_allowed


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account."

    def add_arguments(self, parser):
        parser.add_argument("username", help="A demo log-in, e.g. dispatcher or admin.")

    def handle(self, *args, username: str, **options):
        try:
            ensure_allowed()
        except DemoError as refusal:
            raise CommandError(str(refusal)) from refusal
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True, key=DEMO_TOTP_KEY).first()
        if device is None:
            raise CommandError(
                f"“{username}” has no demo authenticator "
                "(only demo accounts whose role needs a second factor have one)."
            )
        totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
