"""Forms of the campaign pages; the services do the real checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chengguan.org.models import Department, Staff

from . import blueprints
from .models import CampaignState, Unit, UnitKind

FINDING_ROWS = 3


class DateInput(forms.DateInput):
    input_type = "date"


class LaunchForm(forms.Form):
    blueprint = forms.ChoiceField(label=_("Template"), choices=())
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        help_text=_("Empty: the template's name and the year."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    owner_department = forms.ModelChoiceField(label=_("Run by"), queryset=Department.objects.none())
    inspectors = forms.ModelMultipleChoiceField(
        label=_("Inspectors"),
        queryset=Staff.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, departments, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blueprint"].choices = blueprints.choices()
        self.fields["owner_department"].queryset = departments
        self.fields["inspectors"].queryset = inspectors


class CampaignFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *CampaignState.choices]
    )


class StatementForm(forms.Form):
    statement = forms.CharField(
        label=_("Application statement"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Why the unit takes part and what it will do."),
    )


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Progress this month"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )


class ScoresForm(forms.Form):
    """One points field and one evidence field per checklist item; findings rows for an inspection."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, findings: bool, initial_full: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.code}"] = forms.DecimalField(
                label=f"{item.code} {item.title}",
                min_value=0,
                max_value=item.points,
                decimal_places=1,
                initial=item.points if initial_full else None,
                widget=forms.NumberInput(attrs={"step": "0.5", "class": "points"}),
            )
            self.fields[f"evidence_{item.code}"] = forms.CharField(
                label=_("Evidence for %(code)s") % {"code": item.code}, required=False, max_length=2000
            )
        self.finding_rows = FINDING_ROWS if findings else 0
        choices = [("", _("(no item)"))] + [
            (item.code, f"{item.code} {item.title[:30]}") for item in self.items
        ]
        for n in range(self.finding_rows):
            self.fields[f"finding_item_{n}"] = forms.ChoiceField(
                label=_("Item"), choices=choices, required=False
            )
            self.fields[f"finding_text_{n}"] = forms.CharField(
                label=_("Problem found"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(item, self[f"item_{item.code}"], self[f"evidence_{item.code}"]) for item in self.items]

    def finding_fields(self):
        return [(self[f"finding_item_{n}"], self[f"finding_text_{n}"]) for n in range(self.finding_rows)]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            item.code: (data.get(f"item_{item.code}"), data.get(f"evidence_{item.code}", ""))
            for item in self.items
            if data.get(f"item_{item.code}") is not None
        }

    def finding_list(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data.get(f"finding_item_{n}", ""), data.get(f"finding_text_{n}", ""))
            for n in range(self.finding_rows)
            if (data.get(f"finding_text_{n}") or "").strip()
        ]


class VetoForm(forms.Form):
    condition = forms.ChoiceField(label=_("Veto condition"), choices=())
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, conditions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = [(c.pk, c.text) for c in conditions]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(
        label=_("Measure"),
        choices=[
            ("warn", _("criticism and warning")),
            ("rectify", _("rectification deadline")),
            ("revoke", _("revoke the title")),
        ],
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    rectify_by = forms.DateField(label=_("Rectify by"), required=False, widget=DateInput)


class WindowForm(forms.Form):
    window_days = forms.IntegerField(
        label=_("Objection period (working days)"), min_value=1, max_value=60, initial=5
    )


class UnitFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices]
    )


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)


class UnitAccountForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), min_length=8, widget=forms.PasswordInput)


class InspectorsForm(forms.Form):
    inspectors = forms.ModelMultipleChoiceField(
        label=_("Inspectors"),
        queryset=Staff.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = inspectors


class OnBehalfForm(forms.Form):
    """The civility office enters a unit's written application."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    statement = forms.CharField(
        label=_("Application statement"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.filter(is_active=True, kind__in=campaign.unit_kinds)
            .exclude(applications__campaign=campaign)
            .order_by("kind", "name")
        )
