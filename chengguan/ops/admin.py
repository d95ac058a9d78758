from django.contrib import admin

from chengguan.org.admin_kit import ReadOnlyAdminMixin

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The scheduler's record: each periodic job's runs, with their duration and outcome."""

    list_display = ["job", "started_at", "duration", "outcome", "node"]
    list_filter = ["job", "outcome"]
    date_hierarchy = "started_at"
