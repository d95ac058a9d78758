"""The citizen's forms. They check the shape of the input; `cases.services` decides the rest and its
ValidationErrors are put back on the form."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chengguan.cases.models import DESCRIPTION_MAX
from chengguan.cases.photos import max_photos
from chengguan.cases.states import State
from chengguan.core.forms import add_service_errors
from chengguan.grid.bounds import check_in_area
from chengguan.grid.models import Area
from chengguan.taxonomy.models import Category

from . import selectors

PHOTO_TYPES = "image/jpeg,image/png,image/webp,image/heic,.heic,.heif"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput(attrs={"accept": PHOTO_TYPES})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(item, initial) for item in files if item]


class ReportForm(forms.Form):
    lng = forms.FloatField(widget=forms.HiddenInput, required=False)
    lat = forms.FloatField(widget=forms.HiddenInput, required=False)
    address = forms.CharField(
        label=_("Address or landmark (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. the east gate of the park")}),
    )
    category = forms.CharField(label=_("What kind of problem is it?"), required=False)  # radios, see template
    description = forms.CharField(
        label=_("What is the problem?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": _("Describe what you see and where exactly.")}
        ),
    )
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to %(n)s photos: JPEG, PNG, WebP or HEIC.") % {"n": max_photos()},
    )
    anonymous = forms.BooleanField(label=_("Report anonymously"), required=False)
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    reporter_phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    intake_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("intake_key", str(uuid.uuid4()))

    def clean_category(self):
        code = self.cleaned_data.get("category") or ""
        if not code:
            raise ValidationError(_("Choose what kind of problem it is."))
        category = selectors.reportable_category(code)
        if category is None:
            raise ValidationError(_("Choose a category from the list."))
        return category

    def clean(self):
        data = super().clean()
        lng, lat = data.get("lng"), data.get("lat")
        no_place = lng is None and not (data.get("address") or "").strip()
        if no_place or (lng is not None and lat is None):
            self.add_error("lng", _("Place the pin on the map, use your location, or give an address."))
        elif lng is not None:
            try:
                check_in_area(lng, lat, field="lng")
            except ValidationError as exc:
                add_service_errors(self, exc)
        if len(data.get("photos") or []) > max_photos():
            self.add_error("photos", _("At most %(n)s photos may be attached.") % {"n": max_photos()})
        if data.get("anonymous"):
            data["reporter_name"] = data["reporter_phone"] = ""
        return data


class SupportForm(forms.Form):
    """Sent by the report form's "support this one instead" button: the phone given on the form (unless
    anonymous) is the supporter's, to hear about the outcome."""

    support_case = forms.CharField(max_length=20)
    reporter_phone = forms.CharField(max_length=20, required=False)
    anonymous = forms.BooleanField(required=False)

    def phone(self) -> str:
        data = self.cleaned_data
        return "" if data.get("anonymous") else data.get("reporter_phone", "")


STATE_FILTERS = [
    ("", _("any state")),
    ("open", _("open")),
    ("finished", _("finished")),
    *[(value, label) for value, label in State.choices],
]


class MapFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATE_FILTERS, required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    bbox = forms.CharField(required=False, widget=forms.HiddenInput)  # "west,south,east,north" (WGS-84)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("all categories")), *selectors.category_filter_choices()]
        self.fields["area"].choices = [("", _("all areas")), *selectors.street_filter_choices()]

    def clean_bbox(self) -> tuple[float, float, float, float] | None:
        text = self.cleaned_data["bbox"].strip()
        if not text:
            return None
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except ValueError:
            raise ValidationError(_("A bounding box is four numbers: west,south,east,north.")) from None
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ValidationError(_("A bounding box is four numbers: west,south,east,north."))
        return west, south, east, north

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "category": Category.objects.filter(code=data["category"]).first() if data["category"] else None,
            "state": data["state"],
            "area": Area.objects.filter(code=data["area"]).first() if data["area"] else None,
            "bbox": data["bbox"],
        }
