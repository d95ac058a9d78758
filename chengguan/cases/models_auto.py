"""Auto-dispatch (智能派单) and what dispatchers teach the classifier: the categories a bureau lets the
system dispatch on its own and from what confidence, each case the system dispatched (with the model
version and probability behind it), the labelled examples dispatchers' corrections leave behind, and
the classifier's trained versions.
Imported by `models`; every write goes through `cases.autodispatch` and the lifecycle services."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.org.models import Department
from chengguan.taxonomy.models import Category

DEFAULT_THRESHOLD = Decimal("0.90")


class AutoDispatchRule(models.Model):
    """Whether reports suggested as this subclass are accepted and dispatched by the system, and from
    which calibrated confidence on."""

    category = models.OneToOneField(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="auto_dispatch_rule",
        limit_choices_to={"parent__isnull": False},
    )
    enabled = models.BooleanField(_("auto-dispatch enabled"), default=False)
    threshold = models.DecimalField(
        _("confidence threshold"),
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(Decimal("0.50")), MaxValueValidator(Decimal("0.99"))],
        help_text=_(
            "A report is dispatched automatically only when the classifier is at least this sure "
            "(0.50–0.99); "
            "choose it from `chengguan classifier evaluate --history`."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.CharField(_("updated by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("auto-dispatch rule")
        verbose_name_plural = _("auto-dispatch rules")
        ordering = ["category__code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=Decimal("0.50"), threshold__lte=Decimal("0.99")),
                name="auto_dispatch_threshold_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} ≥ {self.threshold}"


class AutoDispatch(models.Model):
    """A case the system accepted and dispatched on the classifier's word, and whether a dispatcher pulled
    it back. The case is in the dispatcher's auto-dispatched queue while it is dispatched by this
    dispatch (its `dispatched_at` is this one's) and not pulled back."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="auto_dispatch"
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    probability = models.FloatField(_("probability"))
    threshold = models.FloatField(_("threshold"))
    model_version = models.PositiveIntegerField(
        _("model version"), null=True, blank=True, help_text=_("Empty: a model trained in the process.")
    )
    evidence = models.CharField(_("evidence"), max_length=200, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), db_index=True)
    pulled_back_at = models.DateTimeField(_("pulled back at"), null=True, blank=True)
    pulled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pulled back by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("auto-dispatch")
        verbose_name_plural = _("auto-dispatches")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.category_id} ({self.probability:.2f})"


class TrainingExample(models.Model):
    """A labelled text from a dispatcher's correction: a pull-back of an auto-dispatched case, or a case
    whose category a dispatcher changed. The label is the category the dispatcher finally gave (empty
    until then); the next training learns from it besides the history."""

    class Kind(models.TextChoices):
        PULL_BACK = "pull_back", _("pulled back from auto-dispatch")
        RECATEGORISED = "recategorised", _("category changed by a dispatcher")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="training_examples"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    rejected_category = models.ForeignKey(
        Category,
        verbose_name=_("category corrected"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("label"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The category the dispatcher gave; empty until the case is classified again."),
    )
    model_version = models.PositiveIntegerField(_("model version"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("training example")
        verbose_name_plural = _("training examples")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "category"], name="training_example_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.rejected_category_id} → {self.category_id}"


class ClassifierModel(models.Model):
    """One trained version of the model that suggests a category for a report without one: the fitted
    model itself (pickled), what it learnt from, how well it did on cases it had not seen, and whether it
    is the one in use. At most one is active; older versions are kept so a worse new one can be rolled
    back (`chengguan classifier rollback`)."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    created_at = models.DateTimeField(_("trained at"))
    trained_by = models.CharField(_("trained by"), max_length=150, blank=True)
    is_active = models.BooleanField(_("in use"), default=False)
    activated_at = models.DateTimeField(_("put in use at"), null=True, blank=True)
    sklearn_version = models.CharField(_("scikit-learn version"), max_length=20)
    table = models.CharField(
        _("category table fingerprint"),
        max_length=100,
        blank=True,
        help_text=_("Subclasses and last change."),
    )
    counts = models.JSONField(_("training data"), default=dict, blank=True)
    evaluation = models.JSONField(_("evaluation"), default=dict, blank=True)
    seconds = models.FloatField(_("training seconds"), default=0)
    payload = models.BinaryField(_("fitted model"))

    class Meta:
        verbose_name = _("classifier model")
        verbose_name_plural = _("classifier models")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_classifier"
            )
        ]

    def __str__(self) -> str:
        return f"classifier v{self.version}"
