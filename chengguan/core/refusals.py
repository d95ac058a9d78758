"""The one exception a service raises when the rules or the state of the data refuse a write, and the
checks every service makes before it writes.

`Refused.code` is stable for clients (each app keeps its own enum of codes, as `cases.states` does); the
message is for people. Views show the message; the API answers 409 (or the status the subclass names)
with `{"code": …, "message": …}`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


class Refused(Exception):
    """A write refused by the rules or the state of the data; nothing was changed."""

    code = "refused"
    http_status = 409

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = str(message)
        if code is not None:
            self.code = str(code)

    @property
    def messages(self) -> list[str]:  # the shape views already read from a ValidationError
        return [self.message]


class MissingActor(TypeError):
    """A service was called without saying who acts: a programming error, never a user's."""


def require_actor(actor) -> None:
    """Every service names who acts: a user, or a `core.actors.SystemActor` for a job."""
    if actor is None:
        raise MissingActor("This service needs an actor: a user, or core.actors.SystemActor for a job.")


def require(allowed: bool, message: str) -> None:
    """PermissionDenied with `message` unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)


def require_state(obj, *states: str, refusal: type[Refused] = Refused) -> None:
    """`refusal` (a Refused) naming the object's state unless it is one of `states`."""
    if obj.state not in states:
        raise refusal(
            _("Not possible while it is %(state)s.") % {"state": obj.get_state_display()}, code="wrong_state"
        )


def required(**values) -> dict:
    """The given values with text stripped; ValidationError naming every missing (None or blank) one."""
    cleaned = {field: value.strip() if isinstance(value, str) else value for field, value in values.items()}
    missing = {
        field: [_("This field is required.")] for field, value in cleaned.items() if value in (None, "")
    }
    if missing:
        raise ValidationError(missing)
    return cleaned
