"""The register's forms: they check the shape of the input; the services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import UnitKind


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    address = forms.CharField(label=_("Address"), max_length=200)
    lng = forms.FloatField(label=_("Longitude"), widget=forms.HiddenInput)
    lat = forms.FloatField(label=_("Latitude"), widget=forms.HiddenInput)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=20,
        required=False,
        help_text=_("Kept encrypted and shown masked; leave empty to keep the present one when editing."),
    )
    is_active = forms.BooleanField(label=_("In the register"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]
        self.fields["lng"].error_messages["required"] = _("Pick the place on the map.")
        self.fields["lat"].error_messages["required"] = _("Pick the place on the map.")


class AgreementForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_on = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))
    clean = forms.BooleanField(label=_("Cleanliness (市容整洁)"), required=False, initial=True)
    order = forms.BooleanField(label=_("Order (秩序)"), required=False, initial=True)
    green = forms.BooleanField(label=_("Greenery (绿化)"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["signed_on"].initial = today
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = (
            today.replace(year=today.year + 1)
            if not (today.month == 2 and today.day == 29)
            else today.replace(year=today.year + 1, day=28)
        )


PASS_FAIL = [("1", _("passed")), ("0", _("failed"))]


class CheckForm(forms.Form):
    clean_ok = forms.TypedChoiceField(
        label=_("Cleanliness (市容整洁)"),
        choices=PASS_FAIL,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    order_ok = forms.TypedChoiceField(
        label=_("Order (秩序)"),
        choices=PASS_FAIL,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    green_ok = forms.TypedChoiceField(
        label=_("Greenery (绿化)"),
        choices=PASS_FAIL,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when a duty failed: say what was wrong."),
    )
    photos = forms.FileField(
        label=_("Photos"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))


class MonthForm(forms.Form):
    month = forms.CharField(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self):
        from datetime import date

        value = self.cleaned_data["month"]
        try:
            year, month = (int(part) for part in value.split("-")[:2])
            if not 2000 <= year <= 2100:
                raise ValueError(year)
            return date(year, month, 1)
        except (ValueError, TypeError):
            raise forms.ValidationError(_("Choose a month.")) from None
