"""Star of the month: nominations and the decision (console), and the public honour roll."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import rules, selectors, services
from ..forms import NominationForm, StarDecisionForm
from .common import month_param, run, staff_required

leaders_required = staff_required(lambda user: rules.is_discipline(user) or rules.is_leader(user))


def _nominee_choices(user, month):
    """The staff the picker offers (only the eligible ones) and every visible member's eligibility, with
    the reasons against those who are not."""
    staff = selectors.visible_staff(user).filter(is_active=True)
    rows = selectors.star_eligibility(staff, month)
    scores = {row["staff"].pk: row for row in rows}
    eligible = staff.filter(pk__in=[pk for pk, row in scores.items() if row["eligible"]])
    return eligible, scores


@leaders_required
def star_manage(request, form=None, status=200):
    month = month_param(request)
    staff, scores = _nominee_choices(request.user, month)
    form = form or NominationForm(staff=staff)
    form.fields["staff"].label_from_instance = lambda s: (
        f"{s.name}（{s.department.name}）· {scores[s.pk]['score'] if s.pk in scores else '—'}"
    )
    nominations = selectors.nomination_rows(request.user, month)
    star = selectors.star_of(month)
    context = {
        "month": month,
        "form": form,
        "ineligible": [row for row in scores.values() if not row["eligible"]],
        "nominations": nominations,
        "star": star,
        "may_decide": rules.may_decide_star(request.user) and star is None,
        "may_nominate": rules.is_administrator(request.user) or rules.is_leader(request.user),
        "decision_form": StarDecisionForm(),
    }
    return render(request, "conduct/star_manage.html", context, status=status)


@require_POST
@leaders_required
def star_nominate(request):
    month = month_param(request)
    staff, _scores = _nominee_choices(request.user, month)
    form = NominationForm(request.POST, staff=staff)
    if form.is_valid():

        def call():
            services.nominate_star(
                actor=request.user,
                staff=form.cleaned_data["staff"],
                month=month,
                reason=form.cleaned_data["reason"],
            )

        if run(request, form, call, _("The nomination is recorded.")):
            return redirect(_manage_url(month))
    return star_manage(request, form=form, status=400)


def _manage_url(month) -> str:
    return f"{reverse('conduct:stars_manage')}?month={month:%Y-%m}"


@require_POST
@leaders_required
def star_decide(request, pk: int):
    nomination = selectors.nomination(pk)
    if nomination is None:
        raise Http404
    form = StarDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the citation."))
    else:

        def call():
            services.decide_star(
                actor=request.user, nomination_id=nomination.pk, citation=form.cleaned_data["citation"]
            )

        run(request, None, call, _("The star is decided and the public notice is published."))
    return redirect(_manage_url(nomination.month))


def honour_roll(request):
    return render(request, "conduct/honour_roll.html", {"stars": selectors.honour_roll()})
