"""The conduct pages' menu labels, here so that they are in this app's translation catalogue."""

from django.utils.translation import gettext_lazy as _

INSPECTIONS = _("Conduct inspections")
VIOLATIONS = _("Violations and sanctions")
SCORES = _("Monthly conduct scores")
STARS = _("Star of the month")
ENFORCEMENT = _("Enforcement records")
TRAINING = _("Study and drills")
CHECKS = _("三查 checks")
SELF_CHECKS = _("Self-check phases")
