"""Forms of the notice pages. Files come from request.FILES.getlist() and are checked by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chengguan.org.models import Department

from .models import Decision


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(label=_("Your phone"), max_length=20)
    text = forms.CharField(
        label=_("Your objection"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    subject_label = forms.CharField(label=_("Subject"), max_length=200, required=False)
    window_days = forms.IntegerField(
        label=_("Objection period (working days)"), min_value=1, max_value=60, initial=5
    )
    owner_department = forms.ModelChoiceField(label=_("Owner department"), queryset=Department.objects.none())

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is None:
            del self.fields["owner_department"]
        else:
            self.fields["owner_department"].queryset = departments


class ReviseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    note = forms.CharField(
        label=_("What was changed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the timeline."),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Decision.UPHELD, Decision.UPHELD.label), (Decision.DISMISSED, Decision.DISMISSED.label)],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))
