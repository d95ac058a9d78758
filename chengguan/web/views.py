from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from chengguan.campaigns.rules import unit_of
from chengguan.core.notify import selectors as inbox
from chengguan.core.notify import services as inbox_services

from . import selectors


def home(request):
    if not hasattr(request.user, "staff") and unit_of(request.user) is not None:
        return redirect("campaigns:unit_home")  # a participant unit's account has only its own pages
    return render(request, "web/home.html", selectors.home_context(request.user))


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static icon (its address
    is read at request time, so a hashed name from collectstatic is followed)."""
    return redirect(static("web/favicon.ico"), permanent=True)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_GET
def notifications(request):
    unread_only = request.GET.get("unread") == "1"
    rows = inbox.inbox_for(request.user, unread_only=unread_only)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "web/notifications.html",
        {"page": page, "unread_only": unread_only, "unread_total": inbox.unread_count(request.user)},
    )


@login_required
@require_GET
def notification_count(request):
    """Polled by the bell so its count follows without a reload."""
    return JsonResponse({"unread": inbox.unread_count(request.user)})


@login_required
@require_POST
def notification_open(request, notification_id: int):
    """Mark one notification read and go to what it is about."""
    notification = inbox.notification_of(request.user, notification_id)
    if notification is None:
        raise Http404
    inbox_services.mark_read(request.user, [notification.pk])
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications")


@login_required
@require_POST
def notifications_read(request):
    if request.POST.get("all") == "1":
        inbox_services.mark_all_read(request.user)
    else:
        ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
        inbox_services.mark_read(request.user, ids)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/notifications/") else "notifications")
