"""The public pages: open rounds, phone verification, ballots, outstanding-individual votes, opinions,
published results and the rectification list. A verified phone lives in the session only as its keyed
hash; the raw number is sent back in the code form and never stored."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core.forms import add_service_errors, messages_of
from chengguan.core.net import client_ip

from .. import results, selectors, services
from ..forms import CodeForm, OpinionForm, PhoneForm
from ..models import QuestionKind, RoundState


def _session_key(round_) -> str:
    return f"evaluation.voter.{round_.pk}"


def _voter(request, round_) -> str:
    return request.session.get(_session_key(round_), "")


def _round_or_404(pk: int):
    round_ = selectors.public_round(pk)
    if round_ is None:
        raise Http404(_("No such evaluation round."))
    return round_


def round_list(request):
    page = Paginator(selectors.public_rounds(), 20).get_page(request.GET.get("page"))
    return render(request, "evaluation/public_list.html", {"page_obj": page, "rounds": page.object_list})


def _detail(request, round_, *, phone_form=None, code_form=None, opinion_form=None, status=200):
    voter = _voter(request, round_)
    is_open = round_.state == RoundState.OPEN
    context = {
        "round": round_,
        "is_open": is_open,
        "verified": bool(voter),
        "progress": selectors.voter_progress(round_, voter),
        "targets": round_.targets.all(),
        "nominees": round_.nominees.select_related("staff__department"),
        "phone_form": phone_form or (PhoneForm() if is_open and not voter and code_form is None else None),
        "code_form": code_form,
        "opinion_form": opinion_form or (OpinionForm() if is_open and voter else None),
    }
    return render(request, "evaluation/public_round.html", context, status=status)


def round_detail(request, pk: int):
    return _detail(request, _round_or_404(pk))


@require_POST
def request_code(request, pk: int):
    round_ = _round_or_404(pk)
    form = PhoneForm(request.POST)
    if not form.is_valid():
        return _detail(request, round_, phone_form=form, status=400)
    try:
        services.request_code(
            round_id=round_.pk, actor=services.PUBLIC, phone=form.cleaned_data["phone"], ip=client_ip(request)
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, round_, phone_form=form, status=400)
    except services.RateLimited as exc:
        form.add_error(None, str(exc))
        return _detail(request, round_, phone_form=form, status=429)
    except services.EvaluationRefused as exc:
        form.add_error(None, str(exc))
        return _detail(request, round_, phone_form=form, status=409)
    code_form = CodeForm(initial={"phone": form.cleaned_data["phone"]})
    return _detail(request, round_, code_form=code_form)


@require_POST
def verify(request, pk: int):
    round_ = _round_or_404(pk)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            voter = services.verify_code(round_id=round_.pk, actor=services.PUBLIC, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.EvaluationRefused as exc:
            form.add_error("code", str(exc))
        else:
            request.session[_session_key(round_)] = voter
            messages.success(request, _("Your phone is verified. You may now evaluate."))
            return redirect("evaluation:round", pk=round_.pk)
    return _detail(request, round_, code_form=form, status=400)


def _answers_from(request, round_) -> dict:
    return {q.pk: request.POST.get(f"q{q.pk}", "") for q in round_.questions.all()}


def ballot(request, pk: int, target: int):
    round_ = _round_or_404(pk)
    target_ = round_.targets.filter(pk=target).first()
    if target_ is None:
        raise Http404(_("No such target."))
    voter = _voter(request, round_)
    if not voter or round_.state != RoundState.OPEN:
        messages.error(
            request, _("Verify your phone number first.") if voter == "" else _("Voting is closed.")
        )
        return redirect("evaluation:round", pk=round_.pk)
    errors, status, values = {}, 200, {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in request.POST}
        try:
            services.cast_ballot(
                round_id=round_.pk,
                actor=services.PUBLIC,
                voter_hash=voter,
                target_id=target_.pk,
                answers=_answers_from(request, round_),
                opinion=request.POST.get("opinion", ""),
                ip=client_ip(request),
            )
        except ValidationError as exc:
            errors, status = exc.message_dict, 400
        except services.RateLimited as exc:
            errors, status = {"__all__": [str(exc)]}, 429
        except services.EvaluationRefused as exc:
            errors, status = {"__all__": [str(exc)]}, 409
        else:
            messages.success(
                request, _("Thank you: your evaluation of %(t)s is recorded.") % {"t": target_.name}
            )
            return redirect("evaluation:round", pk=round_.pk)
    questions = [
        {
            "q": q,
            "field": f"q{q.pk}",
            "value": values.get(f"q{q.pk}", ""),
            "errors": errors.get(f"q{q.pk}", []),
        }
        for q in round_.questions.all()
    ]
    context = {
        "round": round_,
        "target": target_,
        "questions": questions,
        "levels": [
            (5, _("very satisfied")),
            (4, _("satisfied")),
            (3, _("fairly satisfied")),
            (2, _("unsatisfied")),
            (1, _("very unsatisfied")),
        ],
        "errors": errors,
        "refusal": " ".join(errors.get("__all__", [])),
        "opinion": values.get("opinion", ""),
        "RATING": QuestionKind.RATING,
        "AWARE": QuestionKind.AWARE,
    }
    return render(request, "evaluation/public_ballot.html", context, status=status)


@require_POST
def vote_nominees(request, pk: int):
    round_ = _round_or_404(pk)
    try:
        services.vote_nominees(
            round_id=round_.pk,
            actor=services.PUBLIC,
            voter_hash=_voter(request, round_),
            nominee_ids=request.POST.getlist("nominee"),
            ip=client_ip(request),
        )
    except ValidationError as exc:
        messages.error(request, messages_of(exc))
    except services.EvaluationRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you: your choice of outstanding individuals is recorded."))
    return redirect("evaluation:round", pk=round_.pk)


@require_POST
def opinion(request, pk: int):
    round_ = _round_or_404(pk)
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            services.submit_opinion(
                round_id=round_.pk,
                actor=services.PUBLIC,
                voter_hash=_voter(request, round_),
                text=form.cleaned_data["text"],
                target_id=form.cleaned_data.get("target"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.EvaluationRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Thank you: your opinion is received. Its rectification is listed publicly.")
            )
            return redirect("evaluation:round", pk=round_.pk)
    return _detail(request, round_, opinion_form=form, status=400)


def round_results(request, pk: int):
    round_ = _round_or_404(pk)
    if round_.state not in selectors.RESULT_STATES:
        raise Http404(_("The results of this round are not published yet."))
    context = {
        "round": round_,
        "ranking": selectors.ranking(round_),
        "results": results.target_results(round_),
        "nominees": selectors.nominee_votes(round_) if round_.max_choices else [],
    }
    return render(request, "evaluation/public_results.html", context)


def rectifications(request):
    rows = selectors.public_rectifications()
    round_id = request.GET.get("round", "")
    if round_id.isdigit():
        rows = rows.filter(round_id=int(round_id))
    stage = request.GET.get("stage", "")
    if stage in selectors.STAGES:
        rows = rows.filter(case__state__in=selectors.STAGES[stage][1])
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    items = [
        {
            "item": item,
            "opinion": selectors.public_text(item.opinion.text),
            "stage": selectors.stage_of(item.case.state),
            "stage_label": selectors.stage_label(item.case.state),
        }
        for item in page.object_list
    ]
    context = {
        "page_obj": page,
        "items": items,
        "rounds": selectors.public_rounds(),
        "stages": [(key, label) for key, (label, _states) in selectors.STAGES.items()],
        "round_id": round_id,
        "stage": stage,
    }
    return render(request, "evaluation/public_rectifications.html", context)
