"""Forms of the 舆情 pages: they check the shape of the input; the services decide the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chengguan.cases.forms import CategoryField
from chengguan.core.dates import validate_sane_date

PERIODS = (7, 14, 30)
SOURCES = (
    "微博",
    "微信公众号",
    "微信群",
    "抖音",
    "快手",
    "今日头条",
    "小红书",
    "新闻网站",
    "政务留言板",
    "论坛/贴吧",
)


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        choices=[(n, _("last %(n)s days") % {"n": n}) for n in PERIODS],
        required=False,
        empty_value=PERIODS[0],
    )

    def days_or_default(self) -> int:
        return self.cleaned_data.get("days") or PERIODS[0]


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("what is being done")}),
    )


class MediaItemForm(forms.Form):
    source = forms.CharField(
        label=_("Source"),
        max_length=60,
        widget=forms.TextInput(attrs={"list": "media-sources", "autocomplete": "off"}),
        help_text=_("Where it was seen: a platform, a news site, a message board."),
    )
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")
    seen_at = forms.DateTimeField(
        label=_("Seen at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Content summary"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the item says about the problem, in a few sentences."),
    )
    category = CategoryField()
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)

    def clean_seen_at(self):
        value = self.cleaned_data["seen_at"]
        validate_sane_date(value.date())
        return value

    def clean(self):
        data = super().clean()
        if (data.get("lng") is None) != (data.get("lat") is None):
            raise forms.ValidationError(_("Give both longitude and latitude, or neither."))
        return data
