"""Forms of the staff console and the public follow-up page. They check the shape of the input; the
services decide everything else, and their ValidationErrors are put back on these forms
(`add_service_errors`)."""

import functools
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from chengguan.core.dates import validate_sane_date
from chengguan.core.forms import FastSelect
from chengguan.taxonomy import selectors as taxonomy
from chengguan.taxonomy.models import Category, Urgency

from .photos import max_photos
from .states import Channel, Satisfaction, State

CATEGORY_LIST_ID = "category-options"  # the page's one <datalist> of categories (cases/_category_list.html)
PHOTO_TYPES = "image/jpeg,image/png,image/webp,image/heic,.heic,.heif"
# The channels an operator enters by hand; the others arrive through their own modules and APIs.
INTAKE_CHANNELS = [
    Channel.HOTLINE,
    Channel.PATROL,
    Channel.VIDEO,
    Channel.LEADER,
    Channel.MEDIA,
    Channel.WEB,
    Channel.MOBILE,
]


def category_label(category: Category) -> str:
    return f"{category.code} {category.name}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files; the services check them (format, size, count) by their content."""

    widget = MultipleFileInput(attrs={"accept": PHOTO_TYPES})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photos"))
        kwargs.setdefault(
            "help_text", _("JPEG, PNG, WebP or HEIC; at most %(n)s photos.") % {"n": max_photos()}
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(item, initial) for item in files if item]


class CategoryField(forms.CharField):
    """A text box searching the page's list of categories; cleans to the subclass. It takes a code
    ("S0504"), a "code name" label ("S0102 暴露垃圾"), a name ("店外经营") or a keyword only one subclass
    has, in simplified or traditional characters; when several match, the error names them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Category"))
        attrs = {"list": CATEGORY_LIST_ID, "autocomplete": "off", "placeholder": _("type a code or a name")}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return category_label(value) if isinstance(value, Category) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        code = value.split()[0].upper()
        found = Category.objects.filter(code=code, is_active=True, parent__isnull=False).first()
        if found is None:
            found = taxonomy.find_category(value)
        if found is None:
            proposals = taxonomy.search_categories(value, limit=5)
            if proposals:
                raise ValidationError(
                    _("Several categories match: %(list)s. Choose one.")
                    % {"list": "、".join(category_label(c) for c in proposals)}
                )
            raise ValidationError(_("Choose a category from the list, e.g. “S0102 暴露垃圾”."))
        return found


@functools.lru_cache(maxsize=8)
def _option_tags(choices: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return tuple(format_html('<option value="{}">{}</option>', key, label) for key, label in choices)


class QuickSelect(forms.Select):
    """A <select> built in Python, its options escaped once per list. Django renders every option through
    a template, and with a few hundred departments on each of the desk's rows that was most of the page's
    time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        choices = tuple((str(key), str(label)) for key, label in self.choices)
        options = [
            format_html('<option value="{}" selected>{}</option>', key, label) if key in chosen else tag
            for (key, label), tag in zip(choices, _option_tags(choices), strict=True)
        ]
        attrs = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return format_html("<select{}>{}</select>", attrs, mark_safe("".join(options)))


class DepartmentField(forms.ChoiceField):
    """A department by code, among the list the view gives (active departments); cleans to the row."""

    widget = QuickSelect

    def set_departments(self, departments, blank_label):
        self.by_code = {d.code: d for d in departments}
        self.choices = [("", blank_label), *((d.code, str(d)) for d in departments)]

    def clean(self, value):
        value = super().clean(value)
        return self.by_code.get(value) if value else None


def urgency_field(*, keep: bool) -> forms.ChoiceField:
    choices = [("", _("unchanged")), *Urgency.choices] if keep else Urgency.choices
    return forms.ChoiceField(label=_("Urgency"), choices=choices, required=False)


def note_field(label=None, *, required: bool = False, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label or _("Note"),
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


# --- lifecycle actions ---------------------------------------------------------------------------------


class ActionForm(forms.Form):
    """The form of one action; `service_kwargs()` are passed to its service as keyword arguments."""

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "department" in self.fields:
            self.fields["department"].set_departments(departments, _("— the responsible department —"))

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if "urgency" in data and not data["urgency"]:
            data["urgency"] = None
        return data


class NoteForm(ActionForm):
    note = note_field()


class ReasonForm(ActionForm):
    reason = note_field(_("Reason"), required=True)


class UrgeForm(ActionForm):
    note = note_field(_("What the department must do, and by when"), required=True)


class MergeForm(ActionForm):
    into = forms.CharField(
        label=_("Merge into case number"),
        max_length=20,
        help_text=_("The open case this one repeats; this one closes as its duplicate."),
    )
    note = note_field()


class AcceptForm(ActionForm):
    category = CategoryField()
    urgency = urgency_field(keep=True)
    note = note_field()


class DispatchForm(ActionForm):
    category = CategoryField()
    department = DepartmentField(label=_("Department"), required=False)
    urgency = urgency_field(keep=True)
    note = note_field()


class HandledForm(ActionForm):
    note = note_field(_("What was done"), required=True)
    photos = PhotosField(label=_("Photos after handling"))


class VerifyForm(ActionForm):
    passed = forms.TypedChoiceField(
        label=_("Result on site"),
        choices=[("yes", _("passed")), ("no", _("failed: back for rework"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = note_field()
    photos = PhotosField(label=_("Verification photos"))


class ExtensionForm(ActionForm):
    working_days = forms.DecimalField(
        label=_("Working days"), min_value=0.5, max_value=60, decimal_places=1, initial=1
    )
    reason = note_field(_("Reason"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_days"].widget.attrs["step"] = "0.5"


class DecideForm(ActionForm):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("approve")), ("no", _("refuse"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = note_field()


# --- intake, batch dispatch, follow-up, filters -------------------------------------------------------


class IntakeForm(forms.Form):
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4, "autofocus": True})
    )
    lng = forms.FloatField(
        label=_("Longitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    lat = forms.FloatField(
        label=_("Latitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    category = CategoryField()
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    reporter_name = forms.CharField(label=_("Caller's name"), max_length=50, required=False)
    reporter_phone = forms.CharField(
        label=_("Caller's phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    photos = PhotosField()
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[(c.value, c.label) for c in INTAKE_CHANNELS], initial=Channel.HOTLINE
    )
    # A fresh key each time the empty form is shown: submitting the same form twice makes one case.
    intake_key = forms.CharField(
        widget=forms.HiddenInput, max_length=100, required=False, initial=lambda: uuid.uuid4().hex
    )
    # Photos of a refused try are held on the server (cases/views/held_photos.py) and sent with the retry.
    drop_held = forms.BooleanField(label=_("Drop the photos kept from the last try"), required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("drop_held", None)
        return data


class PatrolForm(IntakeForm):
    """An inspector's own report from the street (巡查上报): no caller, and the channel is patrol or video."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c.value, c.label) for c in (Channel.PATROL, Channel.VIDEO)],
        initial=Channel.PATROL,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["reporter_name"], self.fields["reporter_phone"]


class CaseNumbersField(forms.Field):
    """Several case numbers (checkboxes of one name); duplicates dropped, order kept."""

    widget = forms.MultipleHiddenInput
    limit = 100

    def clean(self, value):
        numbers = list(dict.fromkeys(str(v).strip() for v in (value or []) if str(v).strip()))
        if not numbers:
            raise ValidationError(_("Select the cases first."))
        if len(numbers) > self.limit:
            raise ValidationError(_("Select at most %(n)s cases at once.") % {"n": self.limit})
        if any(not number.isdigit() or len(number) > 20 for number in numbers):
            raise ValidationError(_("That is not a list of case numbers."))
        return numbers


class BatchDispatchForm(forms.Form):
    cases = CaseNumbersField(label=_("Cases"))


class BatchCloseForm(forms.Form):
    cases = CaseNumbersField(label=_("Cases"))
    note = forms.CharField(label=_("Closing note"), max_length=500, required=False)


class FollowUpForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with how your report was dealt with?"),
        choices=sorted(Satisfaction.choices, reverse=True),
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    problem_persists = forms.BooleanField(label=_("The problem is still there"), required=False)


class CaseFilterForm(forms.Form):
    """The filter bar of the case list (GET); the values go to `selectors.filter_cases` as they are."""

    state = forms.ChoiceField(label=_("State"), required=False, widget=FastSelect)
    department = forms.ChoiceField(label=_("Department"), required=False, widget=FastSelect)
    category = forms.ChoiceField(label=_("Category"), required=False, widget=FastSelect)
    area = forms.ChoiceField(label=_("Area"), required=False, widget=FastSelect)
    channel = forms.ChoiceField(label=_("Channel"), required=False, widget=FastSelect)
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, widget=FastSelect)
    overdue = forms.ChoiceField(
        label=_("Deadline"), required=False, choices=[("", _("any")), ("1", _("overdue only"))]
    )
    reported_after = forms.DateField(
        label=_("Reported from"),
        required=False,
        validators=[validate_sane_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reported_before = forms.DateField(
        label=_("Reported until"),
        required=False,
        validators=[validate_sane_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, departments=(), categories=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = ("", _("any"))
        self.fields["state"].choices = [anything, *State.choices]
        self.fields["channel"].choices = [anything, *Channel.choices]
        self.fields["urgency"].choices = [anything, *Urgency.choices]
        self.fields["department"].choices = [anything, *((d.code, str(d)) for d in departments)]
        self.fields["category"].choices = [anything, *((c.code, category_label(c)) for c in categories)]
        self.fields["area"].choices = [anything, *((a.code, str(a)) for a in areas)]

    def params(self) -> dict:
        """The valid filters (an invalid one is ignored and shown with its error)."""
        self.is_valid()
        return {key: value for key, value in getattr(self, "cleaned_data", {}).items() if value}
