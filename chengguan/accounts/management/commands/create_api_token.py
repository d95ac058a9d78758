"""`chengguan create_api_token USERNAME [--name NAME] [--days N] [--rotate]`: issue a REST API token for the
user and print its key (shown only now: the database keeps its digest). Clients send it as
`Authorization: Token <key>`. --rotate revokes the user's other tokens first."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from chengguan.accounts import selectors, services
from chengguan.core.actors import SystemActor


class Command(BaseCommand):
    help = "Issue a user's API token (Authorization: Token …) and print its key."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user's log-in name.")
        parser.add_argument("--name", default="command line", help="What the token is for.")
        parser.add_argument("--days", type=int, default=None, help="Days until it expires.")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Revoke the user's other tokens (they stop working).",
        )

    def handle(self, *args, username: str, name: str, days: int | None, rotate: bool = False, **options):
        user = selectors.user_by_username(username)
        if user is None:
            raise CommandError(_("There is no user called “%(username)s”.") % {"username": username})
        if not user.is_active:
            raise CommandError(
                _("The user “%(username)s” is inactive; activate the account first.") % {"username": username}
            )
        if days is not None and days < 1:
            raise CommandError(_("--days must be at least 1."))
        actor = SystemActor("create_api_token")
        with transaction.atomic():
            if rotate:
                for token in selectors.tokens_of(user).filter(revoked_at__isnull=True):
                    services.revoke_token(actor=actor, token_id=token.pk)
            _token, key = services.issue_token(actor=actor, user=user, name=name, days=days)
        self.stdout.write(key)
