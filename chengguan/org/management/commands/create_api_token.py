"""`chengguan create_api_token USERNAME [--rotate]`: print the user's REST API token, creating it if the
user has none (or a new one with --rotate). Clients send it as `Authorization: Token <key>`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chengguan.core.actors import SystemActor
from chengguan.core.forms import messages_of
from chengguan.core.refusals import Refused
from chengguan.org import services


class Command(BaseCommand):
    help = "Print a user's API token (Authorization: Token …), creating it if needed."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user's log-in name.")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Replace the user's token with a new one (the old one stops).",
        )

    def handle(self, *args, username: str, rotate: bool = False, **options):
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(_("There is no user called “%(username)s”.") % {"username": username})
        try:
            token = services.issue_api_token(actor=SystemActor("create_api_token"), user=user, rotate=rotate)
        except Refused as exc:
            raise CommandError(messages_of(exc)) from exc
        self.stdout.write(token.key)
