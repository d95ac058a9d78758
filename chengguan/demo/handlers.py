"""Log-ins for the department handlers who take the demo cases' department steps (start, handled, send
back, ask for more time): the department's demo log-in where it has one, otherwise `h-<department code>`
with no usable password, linked to one of its handlers (a staff member is added when it has none)."""

import random

from django.contrib.auth import get_user_model

from chengguan.org.models import Department, Role, Staff
from chengguan.org.roles import RoleCode

from .names import mobile, person_name

HANDLER_PREFIX = "h-"
HANDLER_ROLES = (RoleCode.HANDLER, RoleCode.ENFORCEMENT_OFFICER)


def handler_username(department_code: str) -> str:
    return f"{HANDLER_PREFIX}{department_code.lower()}"


def handler_user(department: Department, *, seed: int) -> tuple[object, bool]:
    """The user who acts for `department`, and whether a log-in was created for it."""
    members = list(
        Staff.objects.filter(department=department, is_active=True, roles__code__in=HANDLER_ROLES)
        .select_related("user")
        .prefetch_related("roles")
        .distinct()
        .order_by("employee_no")
    )
    for member in members:
        if member.user_id is not None and member.user.is_active:
            return member.user, False  # the department's demo log-in
    handlers = [m for m in members if m.has_role(RoleCode.HANDLER)]  # before enforcement officers
    member = (handlers or members or [_new_handler(department, seed)])[0]
    User = get_user_model()
    username = handler_username(department.code)
    user = User.objects.filter(username=username).first() or User(username=username)
    user.first_name = member.name
    user.set_unusable_password()
    user.save()
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    return user, True


def _new_handler(department: Department, seed: int) -> Staff:
    rng = random.Random(f"{seed}:handler:{department.code}")
    member = Staff.objects.create(
        name=person_name(rng),
        employee_no=f"DM-{department.code}"[:32],
        department=department,
        title="联络员",
        phone=mobile(rng, "139"),
    )
    member.roles.add(Role.objects.get(code=RoleCode.HANDLER))
    return member


def delete_handler_logins(department_codes) -> None:
    get_user_model().objects.filter(username__in=[handler_username(c) for c in department_codes]).delete()
