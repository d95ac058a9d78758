"""Open311 reference data and bookkeeping: API keys, the extra questions a category asks (a service
definition's attributes), and which case each Open311 submission became (with its token)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.cases.models import Case
from chengguan.taxonomy.models import Category

from .rates import parse_rate


class ApiKey(models.Model):
    """A client's key. Only a SHA-256 hash of the key is stored; the key itself is shown once, when made."""

    name = models.CharField(_("name"), max_length=100, help_text=_("Who uses the key, e.g. the app's name."))
    prefix = models.CharField(
        _("key prefix"), max_length=8, editable=False, help_text=_("To recognise a key.")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    rate = models.CharField(
        _("rate limit"),
        max_length=20,
        blank=True,
        help_text=_("Requests per period, e.g. 100/min or 5000/day; empty for the site's default."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self):
        if self.rate:
            try:
                parse_rate(self.rate)
            except ValueError:
                message = _("Write the rate as a number and a period, e.g. 100/min.")
                raise ValidationError({"rate": message}) from None


class Datatype(models.TextChoices):
    STRING = "string", _("string")
    NUMBER = "number", _("number")
    DATETIME = "datetime", _("date and time")
    TEXT = "text", _("text")
    SINGLE = "singlevaluelist", _("one value from a list")
    MULTI = "multivaluelist", _("values from a list")


class ServiceAttribute(models.Model):
    """An extra question a category asks of Open311 reporters (a GeoReport service definition attribute)."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="open311_attributes"
    )
    code = models.SlugField(_("code"), max_length=40, help_text=_("Sent back as attribute[code]."))
    variable = models.BooleanField(
        _("asks for input"), default=True, help_text=_("Off for a line of information only.")
    )
    datatype = models.CharField(
        _("data type"), max_length=16, choices=Datatype.choices, default=Datatype.STRING
    )
    required = models.BooleanField(_("required"), default=False)
    datatype_description = models.CharField(_("data type description"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=1)
    description = models.CharField(_("question"), max_length=300)
    values = models.JSONField(
        _("values"),
        default=list,
        blank=True,
        help_text=_('For lists: [{"key": "1", "name": "..."}, …].'),
    )

    class Meta:
        verbose_name = _("Open311 attribute")
        verbose_name_plural = _("Open311 attributes")
        ordering = ["category", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="one_attribute_code")]

    def __str__(self) -> str:
        return f"{self.category.code} {self.code}"

    @property
    def is_list(self) -> bool:
        return self.datatype in (Datatype.SINGLE, Datatype.MULTI)

    def value_keys(self) -> list[str]:
        return [str(v.get("key")) for v in self.values or [] if isinstance(v, dict)]

    def clean(self):
        ok = isinstance(self.values, list) and all(
            isinstance(v, dict) and set(v) == {"key", "name"} for v in self.values
        )
        if not ok:
            raise ValidationError({"values": _('Give a list like [{"key": "1", "name": "..."}].')})
        if self.is_list and not self.values:
            raise ValidationError({"values": _("A list question needs values to choose from.")})


class Submission(models.Model):
    """A case that came in through Open311: the key that sent it, its token and the reporter's contact
    details that have no place on the case (never shown in Open311 output)."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="open311_submission"
    )
    api_key = models.ForeignKey(ApiKey, verbose_name=_("API key"), null=True, on_delete=models.SET_NULL)
    token = models.CharField(_("token"), max_length=40, unique=True)
    email = models.EmailField(_("reporter e-mail"), blank=True)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    account_id = models.CharField(_("account id"), max_length=100, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.case} ← {self.token}"
