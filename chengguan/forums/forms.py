"""Forms of the forum pages: they parse input for the services, which do the checking that matters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chengguan.grid.models import Area, AreaLevel
from chengguan.org.models import Department, Staff

from .models import MAX_INTERVAL_MONTHS, MAX_REMIND_DAYS, ParticipantKind

DATE = forms.DateInput(attrs={"type": "date"})
CATEGORY_LIST_ID = "forum-categories"  # the forum page's one <datalist> of categories


class ScheduleForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Area.objects.filter(level=AreaLevel.COMMUNITY).select_related("parent").order_by("code"),
    )
    department = forms.ModelChoiceField(label=_("Organising unit"), queryset=Department.objects.active())
    interval_months = forms.IntegerField(
        label=_("A forum every (months)"), min_value=1, max_value=MAX_INTERVAL_MONTHS, initial=1
    )
    remind_days = forms.IntegerField(
        label=_("Remind this many days before it is due"), min_value=0, max_value=MAX_REMIND_DAYS, initial=5
    )
    starts_on = forms.DateField(label=_("First period begins"), widget=DATE, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].label_from_instance = lambda a: (
            f"{a.parent.name if a.parent_id else ''} {a.name}"
        )
        if community is not None:  # changing one community's schedule: the community is fixed
            del self.fields["community"]


class ForumForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=pgettext_lazy("forum", "Place"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ParticipantKind.choices)
    name = forms.CharField(
        label=pgettext_lazy("forum", "Name"),
        max_length=50,
        required=False,
        help_text=_("For cadres and residents' representatives."),
    )
    note = forms.CharField(label=_("Position or unit"), max_length=100, required=False)
    staff = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=Staff.objects.filter(is_active=True).select_related("department"),
        required=False,
        help_text=_("For the bureau's staff."),
    )


class HoldForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE, required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class OpinionForm(forms.Form):
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    raised_by = forms.CharField(label=pgettext_lazy("forum", "Raised by"), max_length=50, required=False)


class ReferForm(forms.Form):
    category = forms.CharField(
        label=_("Category"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": CATEGORY_LIST_ID, "autocomplete": "off"}),
        help_text=_("A subclass code such as S0102; the dispatcher can set it when left empty."),
    )
    address = forms.CharField(
        label=pgettext_lazy("forum", "Place"),
        max_length=200,
        required=False,
        help_text=_("By default the community."),
    )

    def clean_category(self) -> str:
        """ "S0102 暴露垃圾" from the list, or just the code: the code (the service checks it)."""
        value = self.cleaned_data["category"].strip()
        return value.split()[0] if value else ""


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
