"""Forms of the conduct pages. Querysets are narrowed by the view to what the user may choose; the
services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chengguan.org.models import Department, Staff

from .models import FindingTarget, InspectionKind, Rule, Sanction, TrainingKind

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def active_rules():
    return (
        Rule.objects.filter(is_active=True, rule_set__is_active=True)
        .exclude(allowed_sanctions=[])
        .select_related("rule_set")
    )


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    department = forms.ModelChoiceField(label=_("Inspecting department"), queryset=Department.objects.none())
    inspectors = forms.ModelMultipleChoiceField(label=_("Inspectors"), queryset=Staff.objects.none())
    scope_departments = forms.ModelMultipleChoiceField(
        label=_("Departments inspected"), queryset=Department.objects.none(), required=False
    )
    scope_staff = forms.ModelMultipleChoiceField(
        label=_("Staff inspected"), queryset=Staff.objects.none(), required=False
    )
    scope_places = forms.CharField(
        label=_("Places inspected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One place a line."),
    )
    checklist = forms.CharField(
        label=_("Checklist"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One item a line."),
    )

    def __init__(self, *args, departments, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["scope_departments"].queryset = departments
        self.fields["inspectors"].queryset = inspectors
        self.fields["scope_staff"].queryset = Staff.objects.filter(is_active=True).select_related(
            "department"
        )


class FindingForm(forms.Form):
    target = forms.ChoiceField(label=_("Against"), choices=FindingTarget.choices, widget=forms.RadioSelect)
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=Staff.objects.none(), required=False)
    rule = forms.ModelChoiceField(label=_("Rule broken"), queryset=Rule.objects.none(), required=False)
    place = forms.CharField(label=_("Place or unit"), max_length=200, required=False)
    raise_case = forms.BooleanField(label=_("Raise a rectification case for the place"), required=False)
    description = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self.fields["rule"].queryset = active_rules()


class DecisionForm(forms.Form):
    sanction = forms.ChoiceField(
        label=_("Sanction"), choices=Sanction.choices, widget=forms.RadioSelect, required=False
    )
    dismiss = forms.BooleanField(label=_("Dismiss the violation instead"), required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, violation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sanction"].choices = [(s, Sanction(s).label) for s in violation.rule.sanctions()]
        self.fields["sanction"].initial = violation.proposed_sanction


class StatementForm(forms.Form):
    statement = forms.CharField(label=_("Your statement"), widget=forms.Textarea(attrs={"rows": 4}))


class NominationForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Nominee"), queryset=Staff.objects.none())
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff


class StarDecisionForm(forms.Form):
    citation = forms.CharField(label=_("Citation"), widget=forms.Textarea(attrs={"rows": 3}))


class EnforcementForm(forms.Form):
    lead_officer = forms.ModelChoiceField(label=_("Acting officer"), queryset=Staff.objects.none())
    officers = forms.ModelMultipleChoiceField(
        label=_("Other officers"), queryset=Staff.objects.none(), required=False
    )
    case_number = forms.CharField(label=_("Case number"), max_length=20, required=False)
    started_at = forms.DateTimeField(label=_("Started at"), widget=DATETIME)
    ended_at = forms.DateTimeField(label=_("Ended at"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200)
    legal_basis = forms.CharField(label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))
    device_1 = forms.CharField(label=_("Recording device 1"), max_length=60, required=False)
    file_1 = forms.FileField(label=_("Recording of device 1"), required=False)
    device_2 = forms.CharField(label=_("Recording device 2"), max_length=60, required=False)
    file_2 = forms.FileField(label=_("Recording of device 2"), required=False)
    device_3 = forms.CharField(label=_("Recording device 3 (optional)"), max_length=60, required=False)
    file_3 = forms.FileField(label=_("Recording of device 3"), required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].queryset = staff
        self.fields["officers"].queryset = staff

    def evidence(self):
        return [
            (self.cleaned_data.get(f"device_{n}", ""), self.cleaned_data[f"file_{n}"])
            for n in (1, 2, 3)
            if self.cleaned_data.get(f"file_{n}")
        ]


class CommendationForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=Staff.objects.none())
    awarded_on = forms.DateField(label=_("Date"), widget=DATE)
    points = forms.IntegerField(label=_("Points added"), min_value=1, max_value=20)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff


class TrainingForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200)
    absent = forms.ModelMultipleChoiceField(label=_("Absent"), queryset=Staff.objects.none(), required=False)
    excused = forms.ModelMultipleChoiceField(
        label=_("Absent with leave"), queryset=Staff.objects.none(), required=False
    )

    def __init__(self, *args, departments, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["absent"].queryset = staff
        self.fields["excused"].queryset = staff


class ComplaintForm(forms.Form):
    case_number = forms.CharField(label=_("Case number"), max_length=20)
    staff = forms.ModelChoiceField(label=_("Staff member complained about"), queryset=Staff.objects.none())
    rule = forms.ModelChoiceField(label=_("Rule broken"), queryset=Rule.objects.none())
    description = forms.CharField(
        label=_("Findings of the investigation"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self.fields["rule"].queryset = active_rules()
