"""Public pages: the list of notices and a notice's page with the objection form. Nobody's name or phone
number appears here; objections are shown only as counts and decisions. Filing is rate-limited per address."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from chengguan.core import limits
from chengguan.core.forms import add_service_errors
from chengguan.core.net import client_ip

from .. import selectors, services
from ..forms import ObjectionForm

DEFAULT_RATE = (5, 3600)  # objections per address per window (seconds)


def over_limit(request) -> bool:
    """Counts this attempt (atomically, before any work) and answers whether the address is over its limit."""
    limit, window = getattr(settings, "CHENGGUAN_OBJECTION_RATE", DEFAULT_RATE)
    return not limits.hit("notices.objection", client_ip(request), limit=limit, window=window)


def notice_list(request):
    page = Paginator(selectors.public_notices(), 20).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page_obj": page, "notices": page.object_list})


def notice_detail(request, pk: int):
    notice = selectors.public_notice(pk)
    if notice is None:
        raise Http404(_("No such notice."))
    is_open = services.is_open_for_objections(notice)
    form = ObjectionForm(request.POST or None) if is_open else None
    status = 200
    if request.method == "POST":
        if over_limit(request):
            return render(request, "notices/limited.html", {"notice": notice}, status=429)
        if form is None:
            status = 409
        elif form.is_valid():
            try:
                services.file_objection(
                    notice_id=notice.pk,
                    actor=services.PUBLIC,
                    evidence=request.FILES.getlist("evidence"),
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except services.NoticeRefused as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(reverse("notices:detail", args=[notice.pk]) + "?filed=1#objection")
        status = status if status != 200 else 400
    context = {
        "notice": notice,
        "attachments": notice.attachments.all(),
        "objections": selectors.public_objections(notice),
        "timeline": selectors.public_timeline(notice),
        "is_open": is_open,
        "form": form,
        "filed": request.GET.get("filed") == "1",
    }
    response = render(request, "notices/detail.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def attachment(request, pk: int):
    found = selectors.visible_attachment(request.user, pk)
    if found is None or not found.file:
        raise Http404(_("No such file."))
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Disposition"] = f'inline; filename="notice-file-{found.pk}.{found.extension}"'
    return response
