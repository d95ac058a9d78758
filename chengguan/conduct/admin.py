"""Reference data in the Django admin: a bureau adds its own rule sets (十严禁, 十不准 …) and edits the
sanctions and deductions of the defaults. Records (violations, evidence …) change only through the
services, so they are not editable here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import SANCTION_ORDER, Checklist, ChecklistItem, Rule, RuleSet, Sanction


class RuleForm(forms.ModelForm):
    allowed_sanctions = forms.MultipleChoiceField(
        label=_("allowed sanctions"),
        choices=Sanction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: the rule is an expectation and carries no sanction."),
    )

    class Meta:
        model = Rule
        fields = ["number", "text", "severity", "allowed_sanctions", "deduction", "is_active"]

    def clean_allowed_sanctions(self):
        chosen = self.cleaned_data["allowed_sanctions"]
        unknown = set(chosen) - set(SANCTION_ORDER)
        if unknown:
            raise ValidationError(_("Unknown sanction."))
        return sorted(chosen, key=SANCTION_ORDER.index)


class RuleInline(admin.StackedInline):
    model = Rule
    form = RuleForm
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "source", "is_default", "is_active", "sort_order"]
    list_filter = ["is_default", "is_active"]
    search_fields = ["name", "code", "rules__text"]
    readonly_fields = ["is_default"]
    inlines = [RuleInline]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["number", "text", "points", "rule", "is_active"]
    autocomplete_fields = ["rule"]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    """The 三查 checklists (查作风, 查效能, 查廉洁): a bureau edits their items, points and the rule a finding
    under an item breaks, or adds its own checklist."""

    list_display = ["name", "code", "source", "is_default", "is_active", "sort_order"]
    list_filter = ["is_default", "is_active"]
    search_fields = ["name", "code", "items__text"]
    readonly_fields = ["is_default"]
    inlines = [ChecklistItemInline]


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    """Searched from the checklist items' rule field."""

    list_display = ["__str__", "rule_set", "severity", "deduction", "is_active"]
    list_filter = ["rule_set", "is_active"]
    search_fields = ["text", "rule_set__name"]

    def has_module_permission(self, request):
        return False  # edited within their rule set
