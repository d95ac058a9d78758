"""The case list's filters as one django-filter FilterSet, shared by the staff list (/cases/, its map and
its export) and the API's list and exports. The FilterSet checks the parameters (a date outside the sane
range, an unknown state or channel is a field error, never a server error); `selectors.filter_cases`
applies them (codes resolved to ids so the case indexes apply)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from chengguan.core.dates import validate_sane_date
from chengguan.taxonomy.models import Urgency

from . import selectors
from .models import Case
from .states import Channel, State, SupervisionLevel


class CommaChoiceField(forms.CharField):
    """Choices given comma-separated (?state=dispatched,in_progress) or as a list."""

    def __init__(self, *, choices, **kwargs):
        self.allowed = {str(value) for value, _label in choices}
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return []
        items = value if isinstance(value, list | tuple) else str(value).split(",")
        return [str(item).strip() for item in items if str(item).strip()]

    def validate(self, value):
        unknown = [item for item in value if item not in self.allowed]
        if unknown:
            raise forms.ValidationError(_("Unknown value: %(values)s.") % {"values": ", ".join(unknown)})


class CommaChoiceFilter(django_filters.Filter):
    field_class = CommaChoiceField


class SaneDateFilter(django_filters.DateFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, validators=[validate_sane_date], **kwargs)


class CaseFilter(django_filters.FilterSet):
    state = CommaChoiceFilter(choices=State.choices, help_text=_("States, comma-separated."))
    department = django_filters.CharFilter(help_text=_("Department code."))
    category = django_filters.CharFilter(help_text=_("Category or major-class code."))
    area = django_filters.CharFilter(help_text=_("District, street, community or cell code."))
    cell = django_filters.CharFilter(help_text=_("Grid cell code."))
    channel = CommaChoiceFilter(choices=Channel.choices, help_text=_("Channels, comma-separated."))
    urgency = CommaChoiceFilter(choices=Urgency.choices, help_text=_("Urgencies, comma-separated."))
    overdue = django_filters.BooleanFilter(help_text=_("Only cases past deadline."))
    supervision = django_filters.ChoiceFilter(choices=SupervisionLevel.choices)
    reported_after = SaneDateFilter(help_text=_("On or after this day."))
    reported_before = SaneDateFilter(help_text=_("On or before this day."))
    q = django_filters.CharFilter(max_length=100, help_text=_("Text or case number."))

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_queryset(self, queryset):
        """Every filter at once through `selectors.filter_cases` (one implementation for every list)."""
        return selectors.filter_cases(queryset, self.params())

    def params(self) -> dict:
        """The given filters, checked (call after `is_valid()`)."""
        return {key: value for key, value in self.form.cleaned_data.items() if value not in (None, "", [])}


def filter_for(user, data) -> CaseFilter:
    """The FilterSet over the cases `user` may see."""
    return CaseFilter(data=data, queryset=selectors.visible_cases(user))
