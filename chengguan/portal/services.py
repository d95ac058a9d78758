"""The portal's one write of its own: the text message that gives a citizen who left a phone the private
tracking link of the report just received (sent through the notification kit's outbox: the number is
stored encrypted with the message and the background task gets only the outbox row's id)."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chengguan.core import notify
from chengguan.core.refusals import require_actor

from .tokens import tracking_token


def tracking_link(number: str) -> str:
    """The absolute private tracking link of a case, as the citizen copies it or receives it by text."""
    path = reverse("portal:track_private", args=[number, tracking_token(number)])
    return notify.absolute_link(path)


@transaction.atomic
def text_tracking_link(*, case, actor) -> bool:
    """Text the reporter the tracking link of the report they just made; False (nothing sent) when they
    left no phone. `actor` is whoever made the report (an anonymous visitor on the public channels)."""
    require_actor(actor)
    phone = (case.reporter_phone or "").strip()
    if not phone:
        return False
    text = _("Your report %(number)s was received. Follow it here (keep the link private): %(link)s") % {
        "number": case.number,
        "link": tracking_link(case.number),
    }
    return notify.notify_phone(phone, text)
