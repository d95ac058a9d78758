from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel

from .roles import RoleCode


class DepartmentKind(models.TextChoices):
    BUREAU = "bureau", _("bureau")
    SECTION = "section", _("section")
    BRIGADE = "brigade", _("brigade")
    SQUAD = "squad", _("squad")
    WINDOW = "window", _("service window")
    EXTERNAL = "external", _("outside department")


class DepartmentQuerySet(models.QuerySet):
    def subtree(self, department: "Department") -> "DepartmentQuerySet":
        """The department and everything under it."""
        return self.filter(path__startswith=department.path)

    def active(self) -> "DepartmentQuerySet":
        return self.filter(is_active=True)


class Department(TimeStampedModel):
    """A unit in the tree: the bureau, its sections, brigades, squads and windows, and the outside
    departments (street offices, utilities, …) that receive cases."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(
        _("tree path"),
        max_length=255,
        db_index=True,
        editable=False,
        help_text=_("Codes from the root down, for finding a department's whole subtree."),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent_id else "/") + f"{self.code}/"
        super().save(*args, **kwargs)
        for child in self.children.all():  # keep the subtree's paths right after a move or recode
            if not child.path.startswith(self.path):
                child.save()

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class Role(models.Model):
    code = models.CharField(_("code"), max_length=32, primary_key=True, choices=RoleCode.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class Staff(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    name = models.CharField(_("name"), max_length=50)
    employee_no = models.CharField(_("employee number"), max_length=32, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="staff"
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="staff")
    title = models.CharField(_("position"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["department__path", "employee_no"]

    def __str__(self) -> str:
        return f"{self.name}（{self.department}）"

    def role_codes(self) -> set[str]:
        if not hasattr(self, "_role_codes"):
            self._role_codes = {role.code for role in self.roles.all()}
        return self._role_codes

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes() & set(codes))

    def valid_certificate(self, on: date | None = None) -> "Certificate | None":
        on = on or date.today()
        return self.certificates.filter(valid_from__lte=on, valid_until__gte=on, revoked=False).first()


class Certificate(TimeStampedModel):
    """An enforcement certificate (执法证). Only staff holding a valid one may enforce."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    issued_by = models.CharField(_("issued by"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("enforcement certificate")
        verbose_name_plural = _("enforcement certificates")
        ordering = ["-valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="certificate_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.number
