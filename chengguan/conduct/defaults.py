"""The packaged default rule sets: 五个严禁, 五个不准, 五个注意, 五个提倡 (seed 000) and 四个做到 (seed 004),
verbatim from the policy texts. Loading is idempotent: sets and rules are matched by code and number and
created when missing; a bureau's own edits of existing rows are kept."""

import json
from pathlib import Path

DEFAULT_RULES_FILE = Path(__file__).resolve().parent / "data" / "default_rules.json"


def default_rule_sets() -> list[dict]:
    return json.loads(DEFAULT_RULES_FILE.read_text(encoding="utf-8"))


def load_default_rules(rule_set_model=None, rule_model=None) -> int:
    """Create the missing default rule sets and rules; returns how many rules were created. The models
    may be passed in (a data migration's historical models)."""
    if rule_set_model is None or rule_model is None:
        from .models import Rule, RuleSet

        rule_set_model, rule_model = RuleSet, Rule
    created = 0
    for order, data in enumerate(default_rule_sets(), start=1):
        rule_set, _ = rule_set_model.objects.get_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "source": data["source"],
                "is_default": True,
                "sort_order": order,
            },
        )
        for number, text in enumerate(data["rules"], start=1):
            _, made = rule_model.objects.get_or_create(
                rule_set=rule_set,
                number=number,
                defaults={
                    "text": text,
                    "severity": data["severity"],
                    "allowed_sanctions": data["sanctions"],
                    "deduction": data["deduction"],
                },
            )
            created += made
    return created
