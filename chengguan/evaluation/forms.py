"""Forms of the evaluation pages: they parse input for the services, which do the checking that matters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chengguan.grid.models import Area
from chengguan.org.models import Department, Staff
from chengguan.taxonomy.models import Category

from .models import COMPONENT_LABELS, COMPONENTS, QuestionKind, TargetKind

DATE = forms.DateInput(attrs={"type": "date"})


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner_department = forms.ModelChoiceField(
        label=_("Organising department"), queryset=Department.objects.none()
    )
    start = forms.DateField(label=_("Voting from"), widget=DATE)
    end = forms.DateField(label=_("Voting until"), widget=DATE)
    max_choices = forms.IntegerField(
        label=_("Outstanding individuals a voter may choose"),
        min_value=0,
        max_value=50,
        initial=0,
        help_text=_("0 switches outstanding-individual voting off."),
    )
    eligible_voters = forms.IntegerField(
        label=_("People invited to vote"),
        min_value=1,
        required=False,
        help_text=_("The target population; the participation rate is the voters over this number."),
    )

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is None:
            del self.fields["owner_department"]
        else:
            self.fields["owner_department"].queryset = departments
        for name in COMPONENTS:
            self.fields[f"weight_{name}"] = forms.IntegerField(
                label=_("Weight: %(component)s") % {"component": COMPONENT_LABELS[name]},
                min_value=0,
                max_value=100,
                initial=100 if name == "satisfaction" else 0,
            )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["weights"] = {name: data.pop(f"weight_{name}") for name in COMPONENTS}
        return data


class TargetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TargetKind.choices)
    department = forms.ModelChoiceField(label=_("Unit"), queryset=Department.objects.active(), required=False)
    staff = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=Staff.objects.filter(is_active=True).select_related("department"),
        required=False,
    )
    name = forms.CharField(label=_("Name shown (optional)"), max_length=100, required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    required_ = forms.BooleanField(label=_("Required"), required=False, initial=True)


class NomineeForm(forms.Form):
    staff = forms.ModelChoiceField(
        label=_("Staff member"), queryset=Staff.objects.filter(is_active=True).select_related("department")
    )
    citation = forms.CharField(label=_("Citation"), max_length=200, required=False)


class InspectionForm(forms.Form):
    target_id = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(
        label=_("Inspection score (0–100)"), min_value=0, max_value=100, decimal_places=1
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    window_days = forms.IntegerField(
        label=_("Objection period (working days)"), min_value=1, max_value=60, initial=5
    )


class TriageForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(parent__isnull=False, is_active=True)
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class MergeForm(forms.Form):
    duplicates = forms.CharField(
        label=_("Duplicate opinion numbers"), help_text=_("Numbers separated by commas or spaces.")
    )

    def clean_duplicates(self):
        values = self.cleaned_data["duplicates"].replace(",", " ").replace("，", " ").split()
        if not values or not all(v.isdigit() for v in values):
            raise ValidationError(_("Enter opinion numbers."))
        return [int(v) for v in values]


class SplitForm(forms.Form):
    parts = forms.CharField(
        label=_("Parts, one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_parts(self):
        return [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]


class RectifyForm(forms.Form):
    measure = forms.CharField(label=_("Rectification measure"), widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Department.objects.active())
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=Staff.objects.filter(is_active=True).select_related("department"),
    )
    due = forms.DateField(label=_("Deadline"), widget=DATE)


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class CodeForm(forms.Form):
    phone = forms.CharField(widget=forms.HiddenInput, max_length=20)
    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class OpinionForm(forms.Form):
    text = forms.CharField(
        label=_("Your opinion or suggestion"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    target = forms.IntegerField(required=False, widget=forms.HiddenInput)
