from django.contrib import admin

from .models import Agreement, ImportRun, MonthlyList


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["unit", "signed_on", "starts_on", "ends_on"]
    list_select_related = ["unit"]
    readonly_fields = ["unit", "recorded_by"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["filename", "imported_at", "created", "updated"]
    readonly_fields = ["filename", "imported_at", "imported_by", "rows", "created", "updated", "refused"]


@admin.register(MonthlyList)
class MonthlyListAdmin(admin.ModelAdmin):
    list_display = ["month", "state", "notice_id"]
    readonly_fields = ["month", "state", "notice_id", "published_by", "confirmed_at"]
