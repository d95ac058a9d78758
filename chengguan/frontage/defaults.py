"""The register's settings, with their defaults (CHENGGUAN_FRONTAGE_*)."""

from django.conf import settings


def category_code() -> str:
    """The category a repeated failure is raised in (门前三包不落实 in the default table)."""
    return str(getattr(settings, "CHENGGUAN_FRONTAGE_CATEGORY", "S0115"))


def failure_threshold() -> int:
    return max(1, int(getattr(settings, "CHENGGUAN_FRONTAGE_FAILURES", 2)))


def failure_window_days() -> int:
    return max(1, int(getattr(settings, "CHENGGUAN_FRONTAGE_WINDOW_DAYS", 90)))


def list_size() -> int:
    return max(1, int(getattr(settings, "CHENGGUAN_FRONTAGE_LIST_SIZE", 10)))


def notice_window_days() -> int:
    return int(getattr(settings, "CHENGGUAN_FRONTAGE_NOTICE_DAYS", 5))
