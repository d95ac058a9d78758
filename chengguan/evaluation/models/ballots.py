"""Votes: one-time phone codes, ballots with their answers, outstanding-individual votes. A voter is known
only by a keyed hash of the phone number they verified; addresses only by keyed hashes too."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rounds import Nominee, Question, Round, Target


class PhoneCode(models.Model):
    """A one-time code texted to a phone to verify it for a round."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="+")
    phone_hash = models.CharField(_("phone (keyed hash)"), max_length=64, db_index=True)
    code_hash = models.CharField(_("code (keyed hash)"), max_length=64)
    ip_hash = models.CharField(_("address (keyed hash)"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("sent at"), db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("phone code")
        verbose_name_plural = _("phone codes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.phone_hash[:8]}"


class BallotStatus(models.TextChoices):
    VALID = "valid", _("valid")
    FLAGGED = "flagged", _("flagged for review")
    VOIDED = "voided", _("voided")


class Ballot(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="ballots"
    )
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="ballots"
    )
    voter_hash = models.CharField(_("voter (keyed hash of the phone)"), max_length=64)
    ip_hash = models.CharField(_("address (keyed hash)"), max_length=64, db_index=True)
    network_hash = models.CharField(
        _("network (keyed hash)"), max_length=64, db_index=True, help_text=_("The /24 (IPv4) or /48 (IPv6).")
    )
    cast_at = models.DateTimeField(_("cast at"), db_index=True)
    score = models.FloatField(_("mean rating"), null=True, help_text=_("Mean of the 1–5 ratings given."))
    fingerprint = models.CharField(
        _("answers fingerprint"), max_length=64, help_text=_("Equal for ballots with identical answers.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=BallotStatus.choices, default=BallotStatus.VALID
    )
    flag_reason = models.CharField(_("why flagged"), max_length=200, blank=True)
    voided_reason = models.TextField(_("why voided"), blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-cast_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "target", "voter_hash"], name="one_ballot_per_voter_target"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.target}"


class Answer(models.Model):
    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.question_id}"


class NomineeVote(models.Model):
    """One voter's choice of one nominee; a voter chooses up to the round's maximum, once."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="+")
    nominee = models.ForeignKey(
        Nominee, verbose_name=_("nominee"), on_delete=models.CASCADE, related_name="votes"
    )
    voter_hash = models.CharField(_("voter (keyed hash of the phone)"), max_length=64, db_index=True)
    ip_hash = models.CharField(_("address (keyed hash)"), max_length=64)
    cast_at = models.DateTimeField(_("cast at"))

    class Meta:
        verbose_name = _("outstanding-individual vote")
        verbose_name_plural = _("outstanding-individual votes")
        ordering = ["-cast_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["nominee", "voter_hash"], name="one_vote_per_voter_nominee")
        ]

    def __str__(self) -> str:
        return f"{self.nominee} {self.cast_at:%Y-%m-%d}"
