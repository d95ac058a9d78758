"""Staff pages: the notices one may manage, drafting, publishing, deciding objections, revising and
withdrawing. Objectors' names and phones are masked; revealing them writes an audit entry."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chengguan.core import pages
from chengguan.core.forms import add_service_errors, messages_of
from chengguan.core.privacy import mask_name, mask_phone

from .. import rules, selectors, services
from ..forms import DecideForm, NoticeForm, ReviseForm, WithdrawForm
from ..models import Decision, State

WHY_FORBIDDEN = gettext_lazy(
    "Public notices are managed by civility officers, leaders, discipline inspectors and administrators."
)


def forbidden(request):
    return pages.forbidden(request, WHY_FORBIDDEN)


def manager_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not rules.may_open_manage(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def _notice_or_404(request, pk: int):
    notice = selectors.managed_notice(request.user, pk)
    if notice is None:
        raise Http404(_("No such notice."))
    return notice


@manager_required
def manage_list(request):
    state = request.GET.get("state", "")
    context = {
        "notices": selectors.managed_notices(request.user, state=state),
        "state": state,
        "states": State,
    }
    return render(request, "notices/manage_list.html", context)


def _objection_rows(notice, revealed: int | None):
    return [
        {
            "objection": o,
            "name": o.name if o.pk == revealed else mask_name(o.name),
            "phone": o.phone if o.pk == revealed else mask_phone(o.phone),
            "decide_form": DecideForm(prefix=f"o{o.pk}") if o.decision == Decision.PENDING else None,
        }
        for o in selectors.objections_for_staff(notice)
    ]


@manager_required
def manage_detail(request, pk: int, revealed: int | None = None):
    notice = _notice_or_404(request, pk)
    upheld_open = selectors.has_open_upheld(notice)
    context = {
        "notice": notice,
        "attachments": notice.attachments.all(),
        "objections": _objection_rows(notice, revealed),
        "events": notice.events.all(),
        "may_revise": upheld_open and notice.state in (State.PUBLISHED, State.PERIOD_OVER),
        "withdraw_form": WithdrawForm(),
        "States": State,
    }
    return render(request, "notices/manage_detail.html", context)


@manager_required
def create(request):
    departments = selectors.owner_departments(request.user)
    form = NoticeForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.create_notice(
                actor=request.user, attachments=request.FILES.getlist("attachments"), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("owner_department", str(exc))
        else:
            messages.success(request, _("The draft is saved. Publish it when it is ready."))
            return redirect("notices:manage_detail", pk=notice.pk)
    return render(
        request, "notices/form.html", {"form": form, "kind": "create"}, status=400 if form.errors else 200
    )


def _run(request, notice, call, success: str):
    try:
        call()
    except services.NoticeRefused as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, messages_of(exc))
    except PermissionDenied:
        return forbidden(request)
    else:
        messages.success(request, success)
    return redirect("notices:manage_detail", pk=notice.pk)


@manager_required
def edit(request, pk: int):
    notice = _notice_or_404(request, pk)
    if notice.state != State.DRAFT:
        messages.error(request, _("Only a draft is edited; a published notice is revised."))
        return redirect("notices:manage_detail", pk=notice.pk)
    initial = {f: getattr(notice, f) for f in ("title", "body", "subject_label", "window_days")}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                notice_id=notice.pk,
                actor=request.user,
                attachments=request.FILES.getlist("attachments"),
                remove_attachments=[int(v) for v in request.POST.getlist("remove") if v.isdigit()],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (services.NoticeRefused, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("notices:manage_detail", pk=notice.pk)
    context = {"form": form, "kind": "edit", "notice": notice, "attachments": notice.attachments.all()}
    return render(request, "notices/form.html", context, status=400 if form.errors else 200)


@manager_required
def revise(request, pk: int):
    notice = _notice_or_404(request, pk)
    form = ReviseForm(request.POST or None, initial={"title": notice.title, "body": notice.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_notice(
                notice_id=notice.pk,
                actor=request.user,
                attachments=request.FILES.getlist("attachments"),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (services.NoticeRefused, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The revision is published with a new objection period."))
            return redirect("notices:manage_detail", pk=notice.pk)
    context = {"form": form, "kind": "revise", "notice": notice}
    return render(request, "notices/form.html", context, status=400 if form.errors else 200)


@require_POST
@manager_required
def act(request, pk: int, action: str):
    notice = _notice_or_404(request, pk)
    if action == "publish":
        call = lambda: services.publish_notice(notice_id=notice.pk, actor=request.user)  # noqa: E731
        return _run(request, notice, call, _("The notice is published."))
    if action == "withdraw":
        reason = request.POST.get("reason", "")
        call = lambda: services.withdraw_notice(notice_id=notice.pk, actor=request.user, reason=reason)  # noqa: E731
        return _run(request, notice, call, _("The notice is withdrawn."))
    if action == "retry_outcome":
        call = lambda: services.retry_outcome(notice_id=notice.pk, actor=request.user)  # noqa: E731
        return _run(request, notice, call, _("The outcome was passed on again."))
    raise Http404(_("No such action."))


@require_POST
@manager_required
def decide(request, pk: int):
    objection = selectors.managed_objection(request.user, pk)
    if objection is None:
        raise Http404(_("No such objection."))
    notice = objection.notice
    form = DecideForm(request.POST, prefix=f"o{pk}")
    if not form.is_valid():
        messages.error(request, _("Choose uphold or dismiss and give the reasons."))
        return redirect("notices:manage_detail", pk=notice.pk)
    call = lambda: services.decide_objection(objection_id=pk, actor=request.user, **form.cleaned_data)  # noqa: E731
    return _run(request, notice, call, _("The objection is decided."))


@require_POST
@manager_required
def reveal(request, pk: int):
    objection = selectors.managed_objection(request.user, pk)
    if objection is None:
        raise Http404(_("No such objection."))
    try:
        services.reveal_objector(objection_id=objection.pk, actor=request.user)
    except PermissionDenied:
        return forbidden(request)
    return manage_detail.__wrapped__(request, objection.notice_id, revealed=objection.pk)


@manager_required
def evidence(request, pk: int):
    found = selectors.visible_evidence(request.user, pk)
    if found is None or not found.file:
        raise Http404(_("No such file."))
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Disposition"] = f'inline; filename="evidence-{found.pk}.{found.extension}"'
    response["Cache-Control"] = "private, no-store"
    return response
