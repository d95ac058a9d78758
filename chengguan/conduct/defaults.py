"""The packaged default rule sets: 五个严禁, 五个不准, 五个注意, 五个提倡 (seed 000) and 四个做到 (seed 004),
from the policy texts. Loading is idempotent: sets and rules are matched by code and number and created
when missing; a bureau's own edits of existing rows are kept.

Seed 000 reached us through a scan and a machine traditional→simplified conversion that left errors in
the text; the data file carries the wording as the bureau wrote it, corrected as follows:
- 五个不准 5: "吸烟、玩 、聊天" lost a word in the scan (a blank before the enumeration comma); the list is
  the usual one of conduct codes, "吸烟、玩手机、聊天、吃零食" (seed 004 names the phone among the things
  staff use), so it reads "玩手机".
- 五个注意 4: "效劳举措 … 效劳理念 … 效劳范围 … 效劳手段" is the converter's rendering of 服務 (the same
  error runs through the whole seed, e.g. "为民效劳"); it is "服务" everywhere.
- The closing quote mark "〞" (a vertical double prime the converter put for ”) is a proper ” after “.
- 五个提倡 1 and 5: "真实闪现" → "真实展现", "坚决抵抗 … 畸型消费" → "坚决抵制 … 畸形消费" (same
  converter, same kind of word swap; "畸型" is a misspelling).
- The source's title "创立文明城管实施方案" is 创建“文明城管”实施方案: the seed calls the campaign
  创建"文明城管" in its own headings before conversion swapped 创建 for 创立.
A database loaded before these corrections keeps its old rows (loading never overwrites); the bureau
edits them in the admin."""

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


DEFAULT_CHECKLISTS_FILE = Path(__file__).resolve().parent / "data" / "default_checklists.json"


def default_checklists() -> list[dict]:
    """The 三查 of seed 000's second text (“三查三评”活动实施方案): 查作风, 查效能 and 查廉洁, each with the
    points the seed names (the same converter errors corrected: 效劳 → 服务, 改良作风 → 改进作风). An item may
    name the rule (set code and number) a finding against a person under it breaks by default."""
    return json.loads(DEFAULT_CHECKLISTS_FILE.read_text(encoding="utf-8"))


def load_default_checklists(checklist_model=None, item_model=None, rule_model=None) -> int:
    """Create the missing default checklists and items; returns how many items were created. Idempotent
    like `load_default_rules`: a bureau's edits of existing rows are kept. Load the rules first."""
    if checklist_model is None or item_model is None or rule_model is None:
        from .models import Checklist, ChecklistItem, Rule

        checklist_model, item_model, rule_model = Checklist, ChecklistItem, Rule
    created = 0
    for order, data in enumerate(default_checklists(), start=1):
        checklist, _ = checklist_model.objects.get_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "source": data["source"],
                "is_default": True,
                "sort_order": order,
            },
        )
        for number, item in enumerate(data["items"], start=1):
            rule = None
            if item.get("rule"):
                set_code, rule_number = item["rule"].split(":")
                rule = rule_model.objects.filter(rule_set__code=set_code, number=int(rule_number)).first()
            _, made = item_model.objects.get_or_create(
                checklist=checklist, number=number, defaults={"text": item["text"], "rule": rule}
            )
            created += made
    return created
