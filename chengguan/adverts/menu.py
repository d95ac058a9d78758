"""The register's menu labels, here so that they are in this app's translation catalogue."""

from django.utils.translation import gettext_lazy as _

REGISTER = _("Outdoor advertising")
CHECK = _("Check a sign on patrol")
