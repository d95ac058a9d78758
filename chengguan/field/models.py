"""What the field app sent: one row per result made on a device, keyed by the device's idempotency key.

A phone sends its queue again whenever the connection returns, and a response can be lost on the way back,
so the same result may arrive twice. The row is written in the same transaction as the lifecycle action it
carries: a second arrival finds it and is answered with the first outcome instead of acting again. Refusals
are kept too, so a resent refused result is refused the same way and never applied later by surprise."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.org.timeline import TimelineEvent


class Kind(models.TextChoices):
    PATROL = "patrol", _("patrol report")
    VERIFY = "verify", _("verification")
    START = "start", _("start handling")
    HANDLED = "handled", _("handling reported")
    SEND_BACK = "send_back", _("sent back")


class Outcome(models.TextChoices):
    DONE = "done", _("done")
    REFUSED = "refused", _("refused")


class Submission(TimelineEvent):
    """One result sent from the field app; `action` is its kind, `note` the reason of a refusal, `changes`
    the time and place each photo was taken as the device recorded them (the photos themselves are
    stored without their metadata)."""

    key = models.CharField(_("device key"), max_length=64, unique=True)
    case_number = models.CharField(_("case number"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    code = models.CharField(_("refusal code"), max_length=40, blank=True)
    made_at = models.DateTimeField(_("made on the device at"), null=True, blank=True)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("field app submission")
        verbose_name_plural = _("field app submissions")
