"""The portal's one write of its own: the text message that gives a citizen who left a phone the private
tracking link of the report just received (sent through the notification kit's outbox: the number is
stored encrypted with the message and the background task gets only the outbox row's id)."""

from django.db import transaction
from django.utils.translation import gettext as _

from chengguan.core import notify
from chengguan.core.refusals import require, require_actor


@transaction.atomic
def text_tracking_link(*, case, actor, path: str) -> bool:
    """Text the reporter the private tracking link (`path`, the site-relative /track/… address, made
    absolute here) of the report they just made; False (nothing sent) when they left no phone. `actor` is
    whoever made the report (an anonymous visitor on the public channels)."""
    require_actor(actor)
    require(path.startswith(f"/track/{case.number}/"), _("That is not this report's tracking link."))
    phone = (case.reporter_phone or "").strip()
    if not phone:
        return False
    text = _("Your report %(number)s was received. Follow it here (keep the link private): %(link)s") % {
        "number": case.number,
        "link": notify.absolute_link(path),
    }
    return notify.notify_phone(phone, text)
