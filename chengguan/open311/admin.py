"""Open311 keys (made here or by `chengguan create_open311_key`; the key is shown once), the extra
questions categories ask, and a read-only list of submissions."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ApiKey, ServiceAttribute, Submission
from .selectors import hash_key
from .services import create_key


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "is_active", "rate", "created_at", "last_used_at")
    list_filter = ("is_active",)
    search_fields = ("name", "prefix")
    fields = ("name", "is_active", "rate", "prefix", "created_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        key, raw = create_key(name=obj.name, rate=obj.rate, actor=request.user)
        if not obj.is_active:
            ApiKey.objects.filter(pk=key.pk).update(is_active=False)
        obj.pk, obj.prefix, obj.key_hash = key.pk, key.prefix, hash_key(raw)
        obj.created_at = key.created_at
        messages.warning(
            request,
            _("The new key is %(key)s — copy it now: it is not stored and cannot be shown again.")
            % {"key": raw},
        )


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(admin.ModelAdmin):
    list_display = ("category", "code", "datatype", "required", "order", "description")
    list_filter = ("datatype", "required")
    search_fields = ("code", "description", "category__code", "category__name")
    autocomplete_fields = ("category",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("case", "api_key", "submitted_at")
    list_filter = ("api_key",)
    fields = ("case", "api_key", "token", "device_id", "account_id", "submitted_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
