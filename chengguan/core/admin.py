from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, Notification, WorkdayOverride


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["note"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only and any edit would break the hash chain."""

    list_display = ["id", "at", "actor_username", "action", "target_type", "target_id", "ip"]
    list_filter = ["action"]
    search_fields = ["actor_username", "target_id", "action"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", _("unread")), ("yes", _("read"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the inbox channel and read by their recipients.
    Deleting (clearing out old ones) is allowed."""

    list_display = ["created_at", "recipient", "subject", "kind", "read_at"]
    list_filter = ["kind", ReadFilter]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
