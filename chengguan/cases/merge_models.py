"""并单: the record of one duplicate merged into another case, with what the merge moved (so that an undo
removes exactly that and nothing a citizen or a handler added since)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .states import State


class CaseMerge(models.Model):
    duplicate = models.ForeignKey(
        "cases.Case", verbose_name=_("duplicate"), on_delete=models.CASCADE, related_name="merges_out"
    )
    survivor = models.ForeignKey(
        "cases.Case", verbose_name=_("merged into"), on_delete=models.CASCADE, related_name="merges_in"
    )
    from_state = models.CharField(_("state before the merge"), max_length=16, choices=State.choices)
    supporter_ids = models.JSONField(
        _("supporters added"), default=list, help_text=_("The supporter rows the merge added to the case.")
    )
    attachment_ids = models.JSONField(
        _("photos added"), default=list, help_text=_("The attachment rows the merge added to the case.")
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("merged by"), on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged at"))
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case merge")
        verbose_name_plural = _("case merges")
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["duplicate"], condition=models.Q(undone_at__isnull=True), name="one_standing_merge"
            )
        ]

    def __str__(self) -> str:
        return f"{self.duplicate_id} → {self.survivor_id}"
