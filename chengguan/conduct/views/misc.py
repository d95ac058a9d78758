"""The rule book, commendations, and study and drills."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules, selectors, services
from ..forms import CommendationForm, TrainingForm
from .common import paginate, run, staff_required

leaders_required = staff_required(lambda user: rules.is_discipline(user) or rules.is_leader(user))


@staff_required()
def rule_book(request):
    rule_sets = selectors.active_rule_sets()
    return render(request, "conduct/rule_book.html", {"rule_sets": rule_sets})


@leaders_required
def commendation_create(request):
    form = CommendationForm(
        request.POST or None, staff=selectors.visible_staff(request.user).filter(is_active=True)
    )
    if request.method == "POST" and form.is_valid():

        def call():
            services.award_commendation(actor=request.user, **form.cleaned_data)

        if run(request, form, call, _("The commendation is recorded.")):
            return redirect("conduct:score_history", pk=form.cleaned_data["staff"].pk)
    context = {
        "form": form,
        "heading": _("New commendation"),
        "submit_label": _("Record the commendation"),
        "page_name": "conduct_commendation_form",
    }
    return render(request, "conduct/form_page.html", context, status=400 if form.errors else 200)


@leaders_required
def training_list(request):
    departments = selectors.visible_departments(request.user)
    staff = selectors.visible_staff(request.user).filter(is_active=True)
    form = TrainingForm(request.POST or None, departments=departments, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        absent, excused = list(data["absent"]), list(data["excused"])
        listed = {s.pk for s in absent + excused}
        present = [
            s
            for s in staff.filter(department__path__startswith=data["department"].path)
            if s.pk not in listed
        ]

        def call():
            services.record_training(
                actor=request.user,
                department=data["department"],
                kind=data["kind"],
                held_on=data["held_on"],
                title=data["title"],
                present=present,
                absent=absent,
                excused=excused,
            )

        if run(request, form, call, _("The session and its attendance are recorded.")):
            return redirect("conduct:training")
    sessions = selectors.training_sessions(request.user)
    context = {
        "form": form,
        "page": paginate(request, sessions),
        "schedule": selectors.training_schedule(request.user, today=timezone.localdate()),
    }
    return render(request, "conduct/training.html", context, status=400 if form.errors else 200)
