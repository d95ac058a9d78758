"""Forms of the register's pages. They check the shape of the input; the services check the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import CheckOutcome, Material, PermitState

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif"


def _position_fields(form: forms.Form) -> None:
    form.fields["lng"] = forms.FloatField(
        label=_("Longitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    form.fields["lat"] = forms.FloatField(
        label=_("Latitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )


class SignForm(forms.Form):
    """Position, size, material and content: what a permit allows and what an inspector finds."""

    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    width_m = forms.DecimalField(
        label=_("Width (m)"), min_value=0.01, max_value=100, decimal_places=2, max_digits=6
    )
    height_m = forms.DecimalField(
        label=_("Height (m)"), min_value=0.01, max_value=100, decimal_places=2, max_digits=6
    )
    material = forms.ChoiceField(label=_("Material"), choices=Material.choices)
    content_text = forms.CharField(
        label=_("Content"), max_length=300, help_text=_("The text the sign shows.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _position_fields(self)

    def sign_kwargs(self) -> dict:
        data = self.cleaned_data
        keys = ("lng", "lat", "address", "width_m", "height_m", "material", "content_text")
        return {key: data.get(key) for key in keys}


class PermitForm(SignForm):
    applicant_name = forms.CharField(label=_("Applicant"), max_length=100)
    applicant_phone = forms.CharField(
        label=_("Applicant's phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    image = forms.FileField(
        label=_("Content image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = [
        "applicant_name",
        "applicant_phone",
        "content_text",
        "image",
        "width_m",
        "height_m",
        "material",
        "address",
        "lng",
        "lat",
        "valid_from",
        "valid_until",
        "note",
    ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        extra = ("applicant_name", "applicant_phone", "image", "valid_from", "valid_until", "note")
        return {**self.sign_kwargs(), **{key: data.get(key) for key in extra}}


class AmendForm(PermitForm):
    """An amendment: the applicant stays the permit's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["applicant_name"], self.fields["applicant_phone"]

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        kwargs.pop("applicant_name"), kwargs.pop("applicant_phone")
        return kwargs


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("approve")), ("refuse", pgettext_lazy("advertising permit", "refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reasons"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when refusing."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignCheckForm(SignForm):
    photo = forms.FileField(
        label=_("Photo of the sign"),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT, "capture": "environment"}),
    )

    field_order = ["content_text", "photo", "width_m", "height_m", "material", "address", "lng", "lat"]


class PermitFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *PermitState.choices], required=False
    )
    expiring = forms.BooleanField(label=_("Expiring soon"), required=False)
    street = forms.ModelChoiceField(
        label=_("Street"), queryset=None, required=False, empty_label=_("All streets")
    )

    def __init__(self, *args, streets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets


class CheckFilterForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Check outcome"), choices=[("", _("All outcomes")), *CheckOutcome.choices], required=False
    )
