"""Forms of the conduct pages. Querysets are narrowed by the view to what the user may choose; the
services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chengguan.org.models import Department, Staff

from .models import (
    CheckKind,
    Checklist,
    ChecklistItem,
    CheckMode,
    CheckTarget,
    FindingTarget,
    InspectionKind,
    Rule,
    Sanction,
    TrainingKind,
)

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


class CheckForm(forms.Form):
    checklist = forms.ModelChoiceField(label=_("Checklist"), queryset=Checklist.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=CheckKind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=CheckMode.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    inspectors = forms.ModelMultipleChoiceField(label=_("Inspectors"), queryset=Staff.objects.none())
    units = forms.ModelMultipleChoiceField(
        label=_("Units checked"), queryset=Department.objects.none(), required=False
    )
    basis = forms.CharField(
        label=_("Evaluation opinions followed up"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required for a targeted check."),
    )

    def __init__(self, *args, checklists, inspectors, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = checklists
        self.fields["inspectors"].queryset = inspectors
        self.fields["units"].queryset = units


class CheckScoreForm(forms.Form):
    """One score field (and a note) per item of the check's checklist."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            item, score = row["item"], row["score"]
            self.fields[f"score_{item.pk}"] = forms.IntegerField(
                label=f"{item.number}. {item.text}",
                min_value=0,
                max_value=item.points,
                required=False,
                initial=score.score if score else None,
                widget=forms.NumberInput(attrs={"data-item": item.number, "max": item.points, "min": 0}),
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"), max_length=200, required=False, initial=score.note if score else ""
            )
            self.rows.append(
                {**row, "score_field": self[f"score_{item.pk}"], "note_field": self[f"note_{item.pk}"]}
            )

    def scores(self, rows) -> dict:
        found = {}
        for row in rows:
            item = row["item"]
            value = self.cleaned_data.get(f"score_{item.pk}")
            if value is not None:
                found[item] = (value, self.cleaned_data.get(f"note_{item.pk}", ""))
        return found


class CheckFindingForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Checklist item"), queryset=ChecklistItem.objects.none(), required=False
    )
    target = forms.ChoiceField(label=_("Against"), choices=CheckTarget.choices, widget=forms.RadioSelect)
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=Staff.objects.none(), required=False)
    rule = forms.ModelChoiceField(
        label=_("Rule broken"),
        queryset=Rule.objects.none(),
        required=False,
        help_text=_("Empty: the rule the item names."),
    )
    department = forms.ModelChoiceField(label=_("Unit"), queryset=Department.objects.none(), required=False)
    raise_case = forms.BooleanField(label=_("Raise a rectification case for the unit"), required=False)
    description = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items, staff, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["staff"].queryset = staff
        self.fields["department"].queryset = units
        self.fields["rule"].queryset = active_rules()


class PhaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Empty: every staff member of the bureau."),
    )
    instructions = forms.CharField(
        label=_("Instructions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class SelfCheckForm(forms.Form):
    """Per checklist, what the person found and the items where they found a problem; then the causes and
    the corrective measures."""

    causes = forms.CharField(label=_("Causes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    measures = forms.CharField(label=_("Corrective measures"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, checklists, submission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklists = list(checklists)
        answers = submission.answers if submission else {}
        flagged = {i.pk for i in submission.flagged_items.all()} if submission else set()
        self.sections = []
        for checklist in self.checklists:
            items = list(checklist.items.all())
            self.fields[f"items_{checklist.code}"] = forms.MultipleChoiceField(
                label=_("Items where I found a problem"),
                choices=[(i.pk, i.text) for i in items],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=[i.pk for i in items if i.pk in flagged],
            )
            self.fields[f"answer_{checklist.code}"] = forms.CharField(
                label=_("What I found"),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=answers.get(checklist.code, ""),
            )
            self.sections.append(
                {
                    "checklist": checklist,
                    "items": self[f"items_{checklist.code}"],
                    "answer": self[f"answer_{checklist.code}"],
                }
            )
        if submission:
            self.fields["causes"].initial = submission.causes
            self.fields["measures"].initial = submission.measures
        self.order_fields(
            [f for f in self.fields if f not in ("causes", "measures")] + ["causes", "measures"]
        )

    def answers(self) -> dict:
        return {c.code: self.cleaned_data.get(f"answer_{c.code}", "") for c in self.checklists}

    def flagged_items(self) -> list:
        by_pk = {i.pk: i for c in self.checklists for i in c.items.all()}
        chosen = []
        for checklist in self.checklists:
            chosen += [by_pk[int(pk)] for pk in self.cleaned_data.get(f"items_{checklist.code}", [])]
        return chosen
