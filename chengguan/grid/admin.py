from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chengguan.core.geo import clean_polygon

from .geometry import cell_fields, clean_place_geometry
from .models import Area, Cell, CellResponsibility, ComponentStock, Place
from .place_import import areas_at

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
        fields = ["code", "name", "level", "parent", "population", "departments", "geometry"]


class CellForm(GeometryFormMixin, forms.ModelForm):
    class Meta:
        model = Cell
        fields = ["code", "community", "inspector", "is_active", "geometry"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    form = AreaForm
    list_display = ["code", "name", "level", "parent", "population"]
    list_filter = ["level"]
    filter_horizontal = ["departments"]
    search_fields = ["^code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    show_full_result_count = False
    list_per_page = 100


@admin.register(ComponentStock)
class ComponentStockAdmin(admin.ModelAdmin):
    list_display = ["area", "component_code", "component_name", "quantity", "counted_on"]
    list_filter = ["component_code"]
    search_fields = ["^area__code", "area__name", "component_name"]
    list_select_related = ["area"]
    autocomplete_fields = ["area"]


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


PLACE_DERIVED_FIELDS = (
    "anchor_lng",
    "anchor_lat",
    "min_lng",
    "min_lat",
    "max_lng",
    "max_lat",
    "street",
    "community",
)


class PlaceForm(forms.ModelForm):
    """Checks a GeoJSON Point or LineString typed into the admin the way import_places does."""

    class Meta:
        model = Place
        fields = ["name", "aliases", "kind", "code", "is_active", "geometry"]

    def clean_geometry(self):
        geometry, derived, reason = clean_place_geometry(self.cleaned_data.get("geometry"))
        if reason:
            raise forms.ValidationError(
                _("Not a usable WGS-84 point or line: %(reason)s"), params={"reason": reason}
            )
        self.derived = derived
        return geometry


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    """The gazetteer. Anchor, bounding box, street and community follow the geometry on save."""

    form = PlaceForm
    list_display = ["name", "kind", "aliases", "community", "street", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "aliases", "code"]
    list_select_related = ["community", "street"]
    readonly_fields = PLACE_DERIVED_FIELDS
    show_full_result_count = False
    list_per_page = 100
    fieldsets = [
        (None, {"fields": ["name", "aliases", "kind", "code", "is_active", "geometry"]}),
        (_("Derived from the geometry"), {"fields": PLACE_DERIVED_FIELDS}),
    ]

    def save_model(self, request, obj, form, change):
        for name, value in form.derived.items():
            setattr(obj, name, value)
        for name, value in areas_at(obj.anchor_lng, obj.anchor_lat).items():
            setattr(obj, name, value)
        super().save_model(request, obj, form, change)
