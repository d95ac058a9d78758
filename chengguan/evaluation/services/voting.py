"""The public side: a voter verifies a phone by a one-time code, then casts one ballot per target, chooses
outstanding individuals once, and may send opinions. Only keyed hashes of the phone and the address are
stored. Refusals by the rate limits are recorded on the round's timeline and flag the network's burst,
so they are committed even though the ballot is refused."""

import hashlib
import json
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.notify.services import notify_phone
from chengguan.core.phones import parse_phone
from chengguan.core.refusals import require_actor

from ..models import (
    Answer,
    Ballot,
    NomineeVote,
    Opinion,
    PhoneCode,
    QuestionKind,
    Round,
    RoundState,
)
from . import limits
from .common import Code, EvaluationRefused, keyed_hash, network_of, require_state

TEXT_MAX = 1000


def _open_round(round_id: int, *, lock: bool = False) -> Round:
    qs = Round.objects.select_for_update(of=("self",)) if lock else Round.objects
    round_ = qs.filter(pk=round_id).first()
    if round_ is None:
        raise EvaluationRefused(_("No such evaluation round."), code=Code.NO_SUCH_ROUND)
    require_state(round_, RoundState.OPEN)
    return round_


def clean_phone(phone: str) -> str:
    """A mainland mobile in its normal form (11 digits); ValidationError on `phone` otherwise."""
    problem = ValidationError(
        {"phone": [_("Enter a mainland mobile number of 11 digits, e.g. 13800138000.")]}
    )
    try:
        number = parse_phone(phone, field="phone")
    except ValidationError:
        raise problem from None
    if not (len(number) == 11 and number.isdigit() and number.startswith("1")):
        raise problem
    return number


def voter_hash_of(phone: str) -> str:
    return keyed_hash("phone", clean_phone(phone))


def _code_hash(round_id: int, phone_hash: str, code: str) -> str:
    return keyed_hash("code", f"{round_id}:{phone_hash}:{code}")


@transaction.atomic
def request_code(*, round_id: int, actor, phone: str, ip: str = "", now=None) -> PhoneCode:
    """Text a 6-digit code to `phone` (after the commit, through the SMS gateway)."""
    require_actor(actor)
    now = now or timezone.now()
    round_ = _open_round(round_id)
    phone = clean_phone(phone)
    phone_hash, ip_hash = keyed_hash("phone", phone), keyed_hash("ip", ip)
    refusal = limits.codes_refusal(round_id=round_.pk, phone_hash=phone_hash, ip_hash=ip_hash, now=now)
    if refusal:
        raise limits.RateLimited(refusal)
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = PhoneCode.objects.create(
        round=round_,
        phone_hash=phone_hash,
        code_hash=_code_hash(round_.pk, phone_hash, code),
        ip_hash=ip_hash,
        created_at=now,
        expires_at=now + timedelta(seconds=limits.config()["code_ttl"]),
    )
    text = _("Your code for “%(round)s” is %(code)s. It is valid for %(minutes)s minutes.") % {
        "round": round_.title,
        "code": code,
        "minutes": limits.config()["code_ttl"] // 60,
    }
    notify_phone(phone, text)
    return row


def verify_code(*, round_id: int, actor, phone: str, code: str, now=None) -> str:
    """The voter's hash when `code` is the phone's latest valid code; EvaluationRefused otherwise. A wrong
    code counts against the code's attempts (and that count is kept although the call is refused)."""
    require_actor(actor)
    now = now or timezone.now()
    phone_hash = keyed_hash("phone", clean_phone(phone))
    with transaction.atomic():
        round_ = _open_round(round_id)
        row = (
            PhoneCode.objects.select_for_update()
            .filter(round=round_, phone_hash=phone_hash, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None or row.attempts >= limits.config()["code_attempts"]:
            problem = _("The code has expired or was used up. Request a new one.")
        elif secrets.compare_digest(row.code_hash, _code_hash(round_.pk, phone_hash, (code or "").strip())):
            row.used_at = now
            row.save(update_fields=["used_at"])
            return phone_hash
        else:
            row.attempts += 1
            row.save(update_fields=["attempts"])
            problem = _("The code is not right. Check the text message and try again.")
    raise EvaluationRefused(problem, code=Code.BAD_CODE)


def _clean_answers(round_, answers: dict) -> tuple[list[Answer], float | None, str]:
    rows, ratings, errors = [], [], {}
    for question in round_.questions.all():
        raw = answers.get(question.pk, answers.get(str(question.pk)))
        field = f"q{question.pk}"
        if question.kind == QuestionKind.RATING:
            try:
                rating = int(raw) if raw not in (None, "") else None
            except (TypeError, ValueError):
                rating = 0
            if rating is None:
                if question.required:
                    errors[field] = [_("Choose how satisfied you are.")]
                continue
            if not 1 <= rating <= 5:
                errors[field] = [_("A rating is from 1 to 5.")]
                continue
            ratings.append(rating)
            rows.append(Answer(question=question, rating=rating))
        elif question.kind == QuestionKind.AWARE:  # 1 knows, 0 does not; not part of the mean rating
            if raw in (None, ""):
                if question.required:
                    errors[field] = [_("Say whether you know of it.")]
                continue
            if str(raw) not in ("0", "1"):
                errors[field] = [_("Answer yes or no.")]
                continue
            rows.append(Answer(question=question, rating=int(raw)))
        else:
            text = (raw or "").strip()
            if question.required and not text:
                errors[field] = [_("This field is required.")]
            elif len(text) > TEXT_MAX:
                errors[field] = [_("At most %(max)s characters.") % {"max": TEXT_MAX}]
            elif text:
                rows.append(Answer(question=question, text=text))
    if errors:
        raise ValidationError(errors)
    fingerprint = hashlib.sha256(
        json.dumps([[a.question.pk, a.rating, a.text] for a in rows], ensure_ascii=False).encode()
    ).hexdigest()
    return rows, (sum(ratings) / len(ratings) if ratings else None), fingerprint


def cast_ballot(
    *,
    round_id: int,
    actor,
    voter_hash: str,
    target_id: int,
    answers: dict,
    opinion: str = "",
    ip: str = "",
    now=None,
) -> Ballot:
    """One ballot per verified phone per target per round. Over a rate limit: refused with RateLimited, the
    refusal recorded and the network's burst flagged (in a transaction of their own, so they stay)."""
    require_actor(actor)
    now = now or timezone.now()
    ip_hash, network_hash = keyed_hash("ip", ip), keyed_hash("network", network_of(ip))
    try:
        return _cast(round_id, voter_hash, target_id, answers, opinion, ip_hash, network_hash, now)
    except _OverLimit as exc:
        with transaction.atomic():
            round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_id)
            limits.record_refusal(round_, note=str(exc), network_hash=network_hash, now=now)
            limits.flag_burst(round_, network_hash=network_hash, now=now)
        raise limits.RateLimited(str(exc)) from None


class _OverLimit(Exception):
    pass


@transaction.atomic
def _cast(round_id, voter_hash, target_id, answers, opinion, ip_hash, network_hash, now) -> Ballot:
    round_ = _open_round(round_id, lock=True)
    if not voter_hash:
        raise EvaluationRefused(_("Verify your phone number first."), code=Code.NOT_VERIFIED)
    refusal = limits.ballots_refusal(round_=round_, voter_hash=voter_hash, ip_hash=ip_hash, now=now)
    if refusal:  # counted under the round's lock: concurrent ballots cannot slip past the limit
        raise _OverLimit(refusal)
    target = round_.targets.filter(pk=target_id).first()
    if target is None:
        raise ValidationError({"target": [_("Choose a target of this round.")]})
    if Ballot.objects.filter(round=round_, target=target, voter_hash=voter_hash).exists():
        raise EvaluationRefused(
            _("This phone has already evaluated %(target)s in this round.") % {"target": target.name},
            code=Code.ALREADY_VOTED,
        )
    rows, score, fingerprint = _clean_answers(round_, answers)
    opinion = (opinion or "").strip()
    if len(opinion) > TEXT_MAX:
        raise ValidationError({"opinion": [_("At most %(max)s characters.") % {"max": TEXT_MAX}]})
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                round=round_,
                target=target,
                voter_hash=voter_hash,
                ip_hash=ip_hash,
                network_hash=network_hash,
                cast_at=now,
                score=score,
                fingerprint=fingerprint,
            )
    except IntegrityError:
        raise EvaluationRefused(
            _("This phone has already evaluated %(target)s in this round.") % {"target": target.name},
            code=Code.ALREADY_VOTED,
        ) from None
    for row in rows:
        row.ballot = ballot
    Answer.objects.bulk_create(rows)
    if opinion:
        Opinion.objects.create(
            round=round_, target=target, ballot=ballot, text=opinion, submitted_at=now, voter_hash=voter_hash
        )
    limits.flag_burst(round_, network_hash=network_hash, now=now)
    limits.flag_identical_run(round_, target=target)
    ballot.refresh_from_db()
    return ballot


@transaction.atomic
def vote_nominees(
    *, round_id: int, actor, voter_hash: str, nominee_ids, ip: str = "", now=None
) -> list[NomineeVote]:
    """Choose up to the round's maximum of nominees, once per verified phone."""
    require_actor(actor)
    now = now or timezone.now()
    round_ = _open_round(round_id, lock=True)
    if not voter_hash:
        raise EvaluationRefused(_("Verify your phone number first."), code=Code.NOT_VERIFIED)
    if not round_.max_choices:
        raise EvaluationRefused(_("This round has no outstanding-individual voting."), code=Code.NO_NOMINEES)
    chosen = set()
    for value in nominee_ids or ():
        try:
            chosen.add(int(value))
        except (TypeError, ValueError):
            raise ValidationError({"nominees": [_("Unknown nominee.")]}) from None
    nominees = list(round_.nominees.filter(pk__in=chosen))
    if len(nominees) != len(chosen) or not chosen:
        raise ValidationError({"nominees": [_("Choose at least one of the nominees.")]})
    if len(chosen) > round_.max_choices:
        raise ValidationError({"nominees": [_("Choose at most %(n)s nominees.") % {"n": round_.max_choices}]})
    if NomineeVote.objects.filter(round=round_, voter_hash=voter_hash).exists():
        raise EvaluationRefused(
            _("This phone has already voted for outstanding individuals in this round."),
            code=Code.ALREADY_VOTED,
        )
    ip_hash = keyed_hash("ip", ip)
    return NomineeVote.objects.bulk_create(
        [
            NomineeVote(round=round_, nominee=n, voter_hash=voter_hash, ip_hash=ip_hash, cast_at=now)
            for n in nominees
        ]
    )


@transaction.atomic
def submit_opinion(
    *, round_id: int, actor, voter_hash: str, text: str, target_id: int | None = None, now=None
) -> Opinion:
    """An opinion or suggestion on its own (not with a ballot); at most 5 per verified phone per round."""
    require_actor(actor)
    round_ = _open_round(round_id, lock=True)
    if not voter_hash:
        raise EvaluationRefused(_("Verify your phone number first."), code=Code.NOT_VERIFIED)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write your opinion or suggestion.")]})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": [_("At most %(max)s characters.") % {"max": TEXT_MAX}]})
    target = round_.targets.filter(pk=target_id).first() if target_id else None
    if target_id and target is None:
        raise ValidationError({"target": [_("Choose a target of this round.")]})
    if Opinion.objects.filter(round=round_, ballot__isnull=True, voter_hash=voter_hash).count() >= 5:
        raise limits.RateLimited(_("You have sent five opinions in this round already. Thank you."))
    return Opinion.objects.create(
        round=round_, target=target, text=text, submitted_at=now or timezone.now(), voter_hash=voter_hash
    )
