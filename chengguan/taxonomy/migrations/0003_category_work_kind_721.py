from django.db import migrations, models

# The kind of work of the packaged table's categories (as in data/categories.csv when this was written):
# every component (部件) repair is service; events by major class, with the exceptions below.
MAJOR = {
    "S01": "service",
    "S02": "management",
    "S03": "management",
    "S04": "service",
    "S05": "management",
    "S06": "service",
}
EXCEPTIONS = {
    "S0101": "enforcement",  # 私搭乱建
    "S0111": "management",
    "S0112": "management",
    "S0115": "management",  # 门前三包不落实
    "S0202": "enforcement",  # 违章张贴悬挂广告牌匾
    "S0305": "enforcement",  # 违规渣土运输
    "S0501": "enforcement",  # 无照经营游商
    "S0507": "enforcement",  # 黑车拉客
    "S0516": "enforcement",  # 无照经营门店
    "S0502": "service",  # 流浪乞讨
    "S0602": "management",
}


def work_kind_of(code: str) -> str:
    if code.startswith("B"):
        return "service"
    return EXCEPTIONS.get(code, MAJOR.get(code[:3], "service"))


def set_work_kinds(apps, schema_editor):
    Category = apps.get_model("taxonomy", "Category")
    for category in Category.objects.only("pk", "code"):
        kind = work_kind_of(category.code)
        if kind != "service":
            Category.objects.filter(pk=category.pk).update(work_kind=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0002_category_after_photo_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="work_kind",
            field=models.CharField(
                choices=[("service", "service"), ("management", "management"), ("enforcement", "enforcement")],
                default="service",
                help_text="Whether a case of this category is service, management or enforcement work (721).",
                max_length=16,
                verbose_name="kind of work",
            ),
        ),
        migrations.RunPython(set_work_kinds, migrations.RunPython.noop),
    ]
