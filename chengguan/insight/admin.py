from django.contrib import admin

from .models import Alert, Digest, MediaItem


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("day", "category", "area", "count", "baseline", "state")
    list_filter = ("state", "level")
    readonly_fields = [f.name for f in Alert._meta.fields] + ["cases"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MediaItem)
class MediaItemAdmin(admin.ModelAdmin):
    list_display = ("seen_at", "source", "title", "case")
    search_fields = ("title", "url")
    readonly_fields = [f.name for f in MediaItem._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("week_start", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
