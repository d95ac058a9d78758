from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chengguan.core.geo import clean_polygon

from .geometry import cell_fields
from .models import Area, Cell, CellResponsibility

DERIVED_FIELDS = ("min_lng", "min_lat", "max_lng", "max_lat", "center_lng", "center_lat", "area_m2")


class GeometryFormMixin:
    """Checks a GeoJSON boundary typed into the admin the way the importer does."""

    geometry_required = True

    def clean_geometry(self):
        geometry = self.cleaned_data.get("geometry")
        if geometry in (None, "", {}) and not self.geometry_required:
            return None
        normalised, reason = clean_polygon(geometry)
        if reason:
            raise forms.ValidationError(
                _("Not a usable WGS-84 boundary: %(reason)s"), params={"reason": reason}
            )
        return normalised


class AreaForm(GeometryFormMixin, forms.ModelForm):
    geometry_required = False

    class Meta:
        model = Area
        fields = ["code", "name", "level", "parent", "geometry"]


class CellForm(GeometryFormMixin, forms.ModelForm):
    class Meta:
        model = Cell
        fields = ["code", "community", "inspector", "is_active", "geometry"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    form = AreaForm
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["^code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    show_full_result_count = False
    list_per_page = 100


class CellResponsibilityInline(admin.TabularInline):
    model = CellResponsibility
    extra = 0
    raw_id_fields = ["staff"]


@admin.register(Cell)
class CellAdmin(admin.ModelAdmin):
    """Derived columns (bounding box, centre, area) are read-only: they follow the geometry on save."""

    form = CellForm
    list_display = ["code", "community", "inspector", "area_m2", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["^code"]
    list_select_related = ["community", "inspector__department"]
    autocomplete_fields = ["community"]
    raw_id_fields = ["inspector"]
    readonly_fields = DERIVED_FIELDS
    inlines = [CellResponsibilityInline]
    show_full_result_count = False
    list_per_page = 100
    fieldsets = [
        (None, {"fields": ["code", "community", "inspector", "is_active", "geometry"]}),
        (_("Derived from the boundary"), {"fields": DERIVED_FIELDS}),
    ]

    def save_model(self, request, obj, form, change):
        for name, value in cell_fields(obj.geometry).items():
            setattr(obj, name, value)
        super().save_model(request, obj, form, change)
