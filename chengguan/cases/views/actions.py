"""The one view every lifecycle action is posted to: the action's form checks the input, its one service
does the work (registry.ACTIONS). A refusal (CaseRefused) or a service's ValidationError is shown
with the form again and changes nothing. htmx requests get the updated fragment of the page they came
from; plain POSTs are redirected back (POST/redirect/GET), or get the case page with the errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors
from ..forms import add_service_errors
from ..workflow import CaseRefused
from . import board, desk, detail, inbox, registry, verify
from .common import is_htmx, next_url

# Which page's fragment an htmx request gets back (the form's hidden "fragment" field).
FRAGMENTS = {
    "desk": desk.render_row,
    "inbox": inbox.render_row,
    "verify": verify.render_row,
    "board": board.render_row,
}


@require_POST
@login_required
def act(request, number: str, action: str):
    spec = registry.ACTIONS.get(action)
    case = selectors.case_for(request.user, number)
    if spec is None or case is None:
        raise Http404(_("There is no case %(number)s that you may see.") % {"number": number})
    form = registry.make_form(action, case, request, data=request.POST, files=request.FILES)
    done, notice, refusal = False, "", ""
    if form.is_valid():
        try:
            spec.service(case_id=case.pk, actor=request.user, **form.service_kwargs())
        except CaseRefused as exc:
            refusal = exc.message
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done, notice = True, spec.done % {"number": case.number}
    bound = None if done else (action, form)
    back = next_url(request, reverse("cases:detail", args=[case.number]))

    if is_htmx(request):
        render_fragment = FRAGMENTS.get(request.POST.get("fragment", ""), detail.render_body)
        response = render_fragment(request, case, bound=bound, notice=notice, refusal=refusal, back=back)
        if done:
            response["HX-Trigger"] = "cases:changed"  # maps on the page reload their markers
        return response
    if done:
        messages.success(request, notice)
        return redirect(back)
    messages.error(request, refusal or _("The action was not taken: correct the form below."))
    return detail.render_page(request, case, bound=bound, status=400)
