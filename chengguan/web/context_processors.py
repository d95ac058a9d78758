"""What every console page needs: who is working, which pages their roles open, and the map settings.

Navigation is data (`NAV`): an entry names a URL and the roles that see it; every entry's page must exist
(tests/web/test_console.py checks them all)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chengguan.adverts import menu as adverts_menu
from chengguan.conduct import menu as conduct_menu
from chengguan.core.notify.selectors import unread_count
from chengguan.forums import menu as forums_menu
from chengguan.frontage import menu as frontage_menu
from chengguan.grid import tiles
from chengguan.org import selectors as org_selectors
from chengguan.org.roles import RoleCode

EVERY_STAFF = "*staff"  # anyone with an active staff record
DJANGO_STAFF = "*is_staff"  # accounts that may open the Django admin (User.is_staff)


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    shortcut: str = ""  # "d" makes the key sequence `g d` open the page

    def visible_to(self, *, user, staff, role_codes: set[str]) -> bool:
        if DJANGO_STAFF in self.roles and user.is_staff:
            return True
        if staff is None:
            return False
        return EVERY_STAFF in self.roles or bool(self.roles & role_codes)


def entry(label, url_name: str, *roles: str, shortcut: str = "") -> NavEntry:
    return NavEntry(label=label, url_name=url_name, roles=frozenset(roles), shortcut=shortcut)


R = RoleCode
NAV: list[NavEntry] = [
    entry(_("Dispatcher's desk"), "cases:desk", R.DISPATCHER, R.SHIFT_LEAD, R.INTAKE_OPERATOR, shortcut="d"),
    entry(_("Hotline intake"), "cases:intake", R.INTAKE_OPERATOR, R.DISPATCHER, R.SHIFT_LEAD, shortcut="n"),
    entry(_("Department inbox"), "cases:inbox", R.HANDLER, R.ENFORCEMENT_OFFICER, shortcut="i"),
    entry(_("Patrol report"), "cases:patrol", R.INSPECTOR, shortcut="p"),
    entry(_("Verification"), "cases:verify", R.INSPECTOR, R.SHIFT_LEAD, shortcut="v"),
    entry(_("Field app (城管通)"), "field:app", R.INSPECTOR, R.SHIFT_LEAD, R.HANDLER, R.ENFORCEMENT_OFFICER),
    entry(_("Supervision board"), "cases:board", R.SHIFT_LEAD, R.LEADER, R.DISPATCHER, shortcut="b"),
    entry(_("All cases"), "cases:list", EVERY_STAFF, shortcut="c"),
    entry(_("Public notices"), "notices:manage", R.CIVILITY_OFFICER, R.LEADER, R.DISCIPLINE, R.ADMINISTRATOR),
    entry(
        _("Evaluation rounds"),
        "evaluation:manage",
        R.CIVILITY_OFFICER,
        R.LEADER,
        R.DISCIPLINE,
        R.ADMINISTRATOR,
    ),
    entry(
        _("Civility campaigns"), "campaigns:list", R.CIVILITY_OFFICER, R.INSPECTOR, R.LEADER, R.ADMINISTRATOR
    ),
    entry(forums_menu.FORUMS, "forums:overview", R.CIVILITY_OFFICER, R.HANDLER, R.LEADER, R.ADMINISTRATOR),
    entry(
        frontage_menu.REGISTER,
        "frontage:units",
        R.INSPECTOR,
        R.HANDLER,
        R.CIVILITY_OFFICER,
        R.LEADER,
        R.ADMINISTRATOR,
    ),
    entry(conduct_menu.INSPECTIONS, "conduct:inspections", R.DISCIPLINE, R.ADMINISTRATOR),
    entry(conduct_menu.VIOLATIONS, "conduct:violations", EVERY_STAFF),
    entry(conduct_menu.SCORES, "conduct:scores", R.LEADER, R.DISCIPLINE, R.ADMINISTRATOR),
    entry(conduct_menu.STARS, "conduct:stars_manage", R.LEADER, R.DISCIPLINE, R.ADMINISTRATOR),
    entry(conduct_menu.ENFORCEMENT, "conduct:enforcement", R.ENFORCEMENT_OFFICER, R.LEADER, R.DISCIPLINE),
    entry(conduct_menu.TRAINING, "conduct:training", R.LEADER, R.DISCIPLINE),
    entry(conduct_menu.CHECKS, "conduct:checks", R.DISCIPLINE, R.ADMINISTRATOR),
    entry(conduct_menu.SELF_CHECKS, "conduct:self_checks", R.DISCIPLINE, R.ADMINISTRATOR),
    entry(
        adverts_menu.REGISTER,
        "adverts:permits",
        R.HANDLER,
        R.INSPECTOR,
        R.ENFORCEMENT_OFFICER,
        R.LEADER,
        R.ADMINISTRATOR,
    ),
    entry(adverts_menu.CHECK, "adverts:check_create", R.INSPECTOR, R.ENFORCEMENT_OFFICER),
    entry(_("Hot spots and spikes"), "insight:board", R.LEADER, R.DISPATCHER, R.SHIFT_LEAD, R.ADMINISTRATOR),
    entry(_("Items found online"), "insight:media", R.INTAKE_OPERATOR),
    entry(_("Assessment"), "assessment:dashboard", EVERY_STAFF, shortcut="a"),
    entry(
        _("Assessment reports"), "assessment:reports", R.LEADER, R.SHIFT_LEAD, R.ADMINISTRATOR, R.DISCIPLINE
    ),
    entry(_("Administration"), "admin:index", DJANGO_STAFF),
]


def console(request) -> dict:
    """Computed once per request, however many templates the request renders."""
    cached = getattr(request, "_console_context", None)
    if cached is None:
        cached = request._console_context = console_context(request)
    return cached


def console_context(request) -> dict:
    user = getattr(request, "user", None)
    map_tiles = tiles.map_settings()
    context = {
        "staff": None,
        "role_codes": frozenset(),
        "tile_url": map_tiles["url"],
        "map_tiles": map_tiles,
        "nav": [],
        "unread_notifications": None,
        "notifications_url": None,
    }
    if user is None or not user.is_authenticated:
        return context
    staff = org_selectors.staff_for(user)
    role_codes = frozenset(staff.role_codes()) if staff is not None else frozenset()
    context.update(
        staff=staff,
        role_codes=role_codes,
        nav=navigation(request, user=user, staff=staff, role_codes=role_codes),
        unread_notifications=unread_count(user),
        notifications_url=reverse("notifications"),
    )
    return context


def navigation(request, *, user, staff, role_codes) -> list[dict]:
    """The entries this user sees, in NAV order, with the one for the current page marked active."""
    items = []
    for nav_entry in NAV:
        if not nav_entry.visible_to(user=user, staff=staff, role_codes=set(role_codes)):
            continue
        url = reverse(nav_entry.url_name)
        items.append(
            {
                "label": nav_entry.label,
                "url": url,
                "url_name": nav_entry.url_name,
                "shortcut": nav_entry.shortcut,
                "active": False,
            }
        )
    active = _active_item(request, items)
    if active is not None:
        active["active"] = True
    return items


def _active_item(request, items: list[dict]) -> dict | None:
    """The entry for this view by name, else the one whose URL is the longest prefix of the path
    (so a case's detail page under /cases/ lights up "All cases")."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else None
    for item in items:
        if item["url_name"] == view_name:
            return item
    path = request.path
    candidates = [item for item in items if item["url"] != "/" and path.startswith(item["url"])]
    return max(candidates, key=lambda item: len(item["url"]), default=None)
