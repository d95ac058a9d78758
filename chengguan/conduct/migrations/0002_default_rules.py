from django.db import migrations


def load(apps, schema_editor):
    from chengguan.conduct.defaults import load_default_rules

    load_default_rules(apps.get_model("conduct", "RuleSet"), apps.get_model("conduct", "Rule"))


class Migration(migrations.Migration):
    dependencies = [("conduct", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
