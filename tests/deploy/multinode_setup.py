"""Prepare the multi-node test's database (run with its environment): migrate, one intake operator with an
API token and the default categories. Prints the token."""

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from chengguan.accounts.services import issue_token  # noqa: E402
from chengguan.core.actors import SystemActor  # noqa: E402
from chengguan.org.models import Department, DepartmentKind, Role, Staff  # noqa: E402
from chengguan.org.roles import RoleCode  # noqa: E402

call_command("migrate", verbosity=0)
call_command("load_categories", "--create-departments", verbosity=0)
user = get_user_model().objects.create_user("operator", password="Operator-pass-2026")
bureau = Department.objects.create(code="MN-HOTLINE", name="热线中心", kind=DepartmentKind.SECTION)
staff = Staff.objects.create(user=user, name="接线员", employee_no="MN001", department=bureau)
staff.roles.add(Role.objects.get(code=RoleCode.INTAKE_OPERATOR))
print(issue_token(actor=SystemActor("multinode_setup"), user=user, name="multinode test")[1])
