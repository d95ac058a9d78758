"""What every app's admin for records written by services shares: administrators may look, nobody may
add, change or delete (every write goes through the app's services, with its event and audit row)."""

from .rules import is_administrator


class ReadOnlyAdminMixin:
    def has_view_permission(self, request, obj=None):
        return bool(is_administrator(request.user))

    def has_module_permission(self, request):
        return bool(is_administrator(request.user))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
