"""Checklist items name the kind of unit they apply to (the 五进 campaign's school items are not scored
against a building site), and the 五进 campaigns launched before now get their template-derived texts in
simplified characters. Only a text that is the template's own (its simplified form is a text of the
template) is converted: anything a user typed stays as typed."""

from django.db import migrations, models

# The 五进 checklist groups, as launched before (traditional) and now (simplified), and the kind of unit.
GROUP_KINDS = {
    "進學校": "school",
    "进学校": "school",
    "進社區": "community",
    "进社区": "community",
    "進機關": "organ",
    "进机关": "organ",
    "進工地": "building_site",
    "进工地": "building_site",
    "進店鋪": "shop",
    "进店铺": "shop",
}


def _template_texts() -> set[str]:
    from chengguan.campaigns import blueprints

    plan = blueprints.load("wujin")
    texts = {plan["name"], plan["description"], plan["title"], plan["awards"], plan["inspection_plan"]}
    texts |= {phase["name"] for phase in plan["phases"]}
    for item in plan["standards"]:
        texts |= {item["group"], item["title"], item["method"]}
    texts |= set(plan["vetoes"])
    texts |= {text for texts_ in plan["tasks"].values() for text in texts_}
    return texts


def forwards(apps, schema_editor):
    from chengguan.core.text import to_simplified

    Campaign = apps.get_model("campaigns", "Campaign")
    template = _template_texts()

    def converted(value: str) -> str:
        simplified = to_simplified(value)
        return simplified if simplified in template else value

    def fix(row, *fields):
        changed = [f for f in fields if converted(getattr(row, f)) != getattr(row, f)]
        for field in changed:
            setattr(row, field, converted(getattr(row, field)))
        if changed:
            row.save(update_fields=changed)

    for campaign in Campaign.objects.filter(blueprint="wujin"):
        fix(campaign, "description", "title", "awards", "inspection_plan")
        name = campaign.name
        if name.endswith("）") and "（" in name:
            stem, year = name.rsplit("（", 1)
            if to_simplified(stem) in template and to_simplified(stem) != stem:
                campaign.name = f"{to_simplified(stem)}（{year}"
                campaign.save(update_fields=["name"])
        for phase in campaign.phases.all():
            fix(phase, "name")
        for item in campaign.standards.all():
            item.unit_kind = GROUP_KINDS.get(item.group, item.unit_kind)
            item.save(update_fields=["unit_kind"])
            fix(item, "group", "title", "method")
        for veto in campaign.veto_conditions.all():
            fix(veto, "text")
        for task in campaign.tasks.all():
            fix(task, "text")


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_campaign_event_timeline"),
    ]

    operations = [
        migrations.AddField(
            model_name="standarditem",
            name="unit_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("school", "school"),
                    ("community", "community"),
                    ("organ", "government organ"),
                    ("building_site", "building site"),
                    ("shop", "shop"),
                    ("department", "department"),
                    ("town", "market town"),
                    ("enterprise", "enterprise or institution"),
                ],
                help_text="The kind of unit scored against this item; blank for every kind.",
                max_length=20,
                verbose_name="kind of unit",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
