"""The password policy (docs/security.md): at least 12 characters, or at least 8 with three of the four
classes (lower case, upper case, digits, other characters) as 等保 2.0 asks; never the username, the
staff member's phone number or something close to them; not on the common-password list (Django's)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LONG_ENOUGH = 12
SHORTEST = 8
CLASSES_NEEDED = 3


def _classes(password: str) -> int:
    return sum(
        (
            bool(re.search(r"[a-z]", password)),
            bool(re.search(r"[A-Z]", password)),
            bool(re.search(r"[0-9]", password)),
            bool(re.search(r"[^a-zA-Z0-9]", password)),
        )
    )


class ComplexityValidator:
    """12 characters, or 8 with three of the four character classes."""

    def validate(self, password: str, user=None) -> None:
        if len(password) >= LONG_ENOUGH and len(set(password)) > 3:
            return
        short_allowed = getattr(settings, "CHENGGUAN_PASSWORD_SHORT_COMPLEX", True)
        if short_allowed and len(password) >= SHORTEST and _classes(password) >= CLASSES_NEEDED:
            return
        raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        if not getattr(settings, "CHENGGUAN_PASSWORD_SHORT_COMPLEX", True):
            return _("Use at least 12 characters, not all the same few.")
        return _(
            "Use at least 12 characters, or at least 8 with three of: lower-case letters, upper-case "
            "letters, digits and other characters."
        )


def _normalise(value: str) -> str:
    return re.sub(r"[\s\-+]", "", value or "").lower()


class NotIdentityValidator:
    """Not the username or the phone number, forwards or backwards, nor containing them."""

    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        candidate = _normalise(password)
        for label, value in self._identities(user):
            value = _normalise(value)
            if len(value) < 4:
                continue
            if value in candidate or value[::-1] in candidate or (len(candidate) >= 4 and candidate in value):
                raise ValidationError(
                    _("The password must not contain your %(what)s.") % {"what": label},
                    code="password_is_identity",
                )

    @staticmethod
    def _identities(user):
        yield _("username"), user.get_username()
        staff = getattr(user, "staff", None) if getattr(user, "pk", None) else None
        phone = getattr(staff, "phone", "") if staff is not None else ""
        if phone:
            yield _("phone number"), phone
            digits = re.sub(r"\D", "", phone)
            if len(digits) > 11:
                yield _("phone number"), digits[-11:]

    def get_help_text(self) -> str:
        return _("The password must not contain your username or phone number.")
