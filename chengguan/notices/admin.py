"""A read-only admin for notices: every change goes through `notices.services` (the manage pages), so
nothing here adds, edits or deletes. Objectors' names and phones are shown masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chengguan.core.privacy import mask_name, mask_phone
from chengguan.org.admin_kit import ReadOnlyAdminMixin as ReadOnlyMixin

from .models import Notice, NoticeEvent, Objection


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = NoticeEvent
    fields = ["at", "action", "actor_name", "by_system", "revision", "from_state", "to_state", "note"]
    readonly_fields = fields
    extra = 0


@admin.register(Notice)
class NoticeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "state", "owner_department", "revision", "published_at", "objection_deadline"]
    list_filter = ["state", "subject_type"]
    search_fields = ["title", "subject_label"]
    exclude = ["owner"]
    inlines = [EventInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["notice", "masked_name", "masked_phone", "filed_at", "decision"]
    list_filter = ["decision"]
    fields = ["notice", "revision", "masked_name", "masked_phone", "text", "filed_at", "decision", "reasons"]
    readonly_fields = fields

    @admin.display(description=_("name"))
    def masked_name(self, obj):
        return mask_name(obj.name)

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)
