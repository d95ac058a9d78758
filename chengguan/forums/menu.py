"""The forum pages' menu label, here so that it is in this app's translation catalogue."""

from django.utils.translation import gettext_lazy as _

FORUMS = _("Community forums")
