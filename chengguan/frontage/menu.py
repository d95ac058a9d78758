"""The register's menu labels, here so that they are in this app's translation catalogue."""

from django.utils.translation import gettext_lazy as _

REGISTER = _("门前三包 register")
LISTS = _("门前三包 red and black list")
