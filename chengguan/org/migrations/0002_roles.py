"""Roles are reference data the code relies on, so they exist in every installation."""

from django.db import migrations

ROLE_CODES = [
    "intake_operator", "dispatcher", "shift_lead", "handler", "inspector", "enforcement_officer",
    "auxiliary", "discipline", "civility_officer", "leader", "administrator",
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code in ROLE_CODES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
