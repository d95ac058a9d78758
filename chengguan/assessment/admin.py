"""The indicator definitions are reference data: administrators edit them here. Expressions and bands are
checked by the safe evaluator before they are saved; snapshots, events and reports are read-only."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chengguan.org.admin_kit import ReadOnlyAdminMixin

from . import counts, expressions
from .models import AssessmentEvent, Indicator, Report, Snapshot


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "subject",
            "code",
            "name",
            "description",
            "expression",
            "bands",
            "unit",
            "direction",
            "is_score",
            "drill_count",
            "order",
            "is_active",
        ]

    def clean(self):
        data = super().clean()
        subject, expression = data.get("subject"), data.get("expression")
        if not subject or not expression:
            return data
        try:
            used = expressions.names(expression)
            expressions.check_bands(data.get("bands") or [])
        except expressions.ExpressionError as exc:
            raise ValidationError({"expression": str(exc)}) from None
        known = set(counts.count_names(subject))
        earlier = Indicator.objects.filter(subject=subject, order__lt=data.get("order") or 0)
        if self.instance.pk:
            earlier = earlier.exclude(pk=self.instance.pk)
        known |= set(earlier.values_list("code", flat=True))
        unknown = used - known
        if unknown:
            raise ValidationError(
                {
                    "expression": _("Unknown names: %(names)s. Use counts or earlier indicators: %(known)s.")
                    % {"names": ", ".join(sorted(unknown)), "known": ", ".join(sorted(known))}
                }
            )
        drill = data.get("drill_count")
        if drill and drill not in counts.count_names(subject):
            raise ValidationError({"drill_count": _("Not a count of this subject.")})
        return data


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorForm
    list_display = ("name", "code", "subject", "expression", "unit", "is_score", "order", "is_active")
    list_filter = ("subject", "is_active", "is_score")
    search_fields = ("code", "name")
    ordering = ("subject", "order")


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written only by the services (snapshots, events, reports): administrators look, nobody edits."""


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ("label", "subject", "period_kind", "version", "computed_at", "computed_by")
    list_filter = ("subject", "period_kind")


@admin.register(AssessmentEvent)
class AssessmentEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "actor_name", "snapshot", "note")
    list_filter = ("action",)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("label", "period_kind", "generated_at", "generated_by")
