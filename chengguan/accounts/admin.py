"""Administrators' tools: every user's sessions and tokens (end, revoke) and, on the user list, ending a
user's sessions, resetting their second factor, giving a temporary password and unlocking. Lockout records
themselves are django-axes's admin (deleting one unlocks, audited)."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken, UserSession

User = get_user_model()


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "ip", "started_at", "last_seen_at", "user_agent"]
    search_fields = ["user__username", "ip"]
    list_select_related = ["user"]
    actions = ["end_sessions"]
    readonly_fields = ["user", "session_key", "started_at", "last_seen_at", "ip", "user_agent"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # ended through the action, which ends the browser's session too

    @admin.action(description=_("End the selected sessions"), permissions=["view"])
    def end_sessions(self, request, queryset):
        for session in queryset:
            services.end_session(actor=request.user, session_id=session.pk)
        messages.success(request, _("The sessions were ended."))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    list_select_related = ["user"]
    actions = ["revoke"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        return False  # issued on the account page or with `chengguan create_api_token`: the key is shown once

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["view"])
    def revoke(self, request, queryset):
        for token in queryset:
            services.revoke_token(actor=request.user, token_id=token.pk)
        messages.success(request, _("The tokens were revoked."))


class AccountUserAdmin(UserAdmin):
    actions = ["end_sessions", "reset_second_factor", "temporary_password", "unlock", "deactivate"]

    @admin.action(description=_("End all sessions of the selected users"))
    def end_sessions(self, request, queryset):
        for user in queryset:
            services.end_user_sessions(actor=request.user, user=user, reason="ended_by_admin")
        messages.success(request, _("Their sessions were ended."))

    @admin.action(description=_("Reset the second factor (the user enrols again)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            services.reset_second_factor(actor=request.user, user=user)
        messages.success(request, _("Their second factor was reset."))

    @admin.action(description=_("Give a temporary password (changed at the next log-in)"))
    def temporary_password(self, request, queryset):
        for user in queryset:
            password = services.set_temporary_password(actor=request.user, user=user)
            messages.warning(
                request,
                _("Temporary password for %(user)s: %(password)s")
                % {"user": user.get_username(), "password": password},
            )

    @admin.action(description=_("Unlock after failed log-ins"))
    def unlock(self, request, queryset):
        for user in queryset:
            services.unlock(actor=request.user, username=user.get_username())
        messages.success(request, _("The accounts were unlocked."))

    @admin.action(description=_("Deactivate (ends sessions and tokens at once)"))
    def deactivate(self, request, queryset):
        for user in queryset:
            services.deactivate_user(actor=request.user, user=user)
        messages.success(request, _("The accounts were deactivated."))


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, AccountUserAdmin)
