"""Self-check pages: the office's phases (open one, who has and has not submitted, remind those missing,
write the summary, download the summary PDF) and each staff member's own self-check form."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.org.rules import staff_of

from .. import reports, rules, selectors, services
from ..forms import PhaseForm, SelfCheckForm
from ..selectors import checks as check_selectors
from .common import forbidden, run, staff_required

discipline_required = staff_required(rules.is_discipline)


@discipline_required
def phase_list(request):
    form = PhaseForm(
        request.POST or None, departments=selectors.visible_departments(request.user).filter(is_active=True)
    )
    created = {}
    if request.method == "POST" and form.is_valid():

        def call():
            created["phase"] = services.open_self_check_phase(actor=request.user, **form.cleaned_data)

        if run(request, form, call, _("The self-check phase is open; its staff are told.")):
            return redirect("conduct:self_check_phase", pk=created["phase"].pk)
    context = {
        "phases": check_selectors.phases_for(request.user),
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "conduct/self_check_phases.html", context, status=400 if form.errors else 200)


def _phase(request, pk):
    phase = check_selectors.phase_for(request.user, pk)
    if phase is None:
        raise Http404(_("No such self-check phase."))
    return phase


@discipline_required
def phase_detail(request, pk: int):
    phase = _phase(request, pk)
    context = {
        "phase": phase,
        "submissions": check_selectors.submissions_of(phase),
        "missing": list(check_selectors.missing_self_checks(phase)),
        "is_open": phase.is_open_on(timezone.localdate()),
        "events": selectors.events_for("selfcheckphase", phase.pk),
        "checklists": {c.code: c.name for c in check_selectors.active_checklists()},
    }
    return render(request, "conduct/self_check_phase.html", context)


@require_POST
@discipline_required
def phase_remind(request, pk: int):
    phase = _phase(request, pk)

    def call():
        services.remind_missing_self_checks(actor=request.user, phase_id=phase.pk)

    run(request, None, call, _("Reminders are on their way."))
    return redirect("conduct:self_check_phase", pk=phase.pk)


@require_POST
@discipline_required
def phase_summary(request, pk: int):
    phase = _phase(request, pk)

    def call():
        services.summarise_self_checks(
            actor=request.user, phase_id=phase.pk, summary=request.POST.get("summary", "")
        )

    run(request, None, call, _("The summary is saved."))
    return redirect("conduct:self_check_phase", pk=phase.pk)


@discipline_required
def phase_summary_pdf(request, pk: int):
    phase = _phase(request, pk)
    response = HttpResponse(reports.self_check_summary(phase), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="self-checks-{phase.pk}.pdf"'
    return response


@staff_required()
def my_self_check(request):
    """The signed-in staff member's self-check in each open phase they take part in."""
    own = staff_of(request.user)
    if own is None:
        return forbidden(request)
    phases = check_selectors.phases_of_staff(own, today=timezone.localdate())
    phase = next(
        (p for p in phases if str(p.pk) == request.GET.get("phase", "")), phases[0] if phases else None
    )
    if phase is None:
        return render(request, "conduct/my_self_check.html", {"phase": None})
    submission = check_selectors.own_self_check(own, phase)
    form = SelfCheckForm(
        request.POST or None, checklists=check_selectors.active_checklists(), submission=submission
    )
    if request.method == "POST" and form.is_valid():

        def call():
            services.submit_self_check(
                actor=request.user,
                phase_id=phase.pk,
                answers=form.answers(),
                causes=form.cleaned_data["causes"],
                measures=form.cleaned_data["measures"],
                flagged_items=form.flagged_items(),
            )

        if run(request, form, call, _("Your self-check is submitted.")):
            return redirect(f"{request.path}?phase={phase.pk}")
    context = {"phase": phase, "phases": phases, "form": form, "submission": submission}
    return render(request, "conduct/my_self_check.html", context, status=400 if form.errors else 200)
