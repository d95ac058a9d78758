"""The default rule sets are the seed's texts with its scanning and conversion errors corrected (see
chengguan/conduct/defaults.py), and loading them again changes nothing."""

import pytest

from chengguan.conduct.defaults import load_default_rules
from chengguan.conduct.models import Rule, RuleSet, Sanction

pytestmark = pytest.mark.django_db


def test_the_default_sets_hold_the_seed_texts_corrected():
    names = list(RuleSet.objects.values_list("name", flat=True))
    assert names == ["五个严禁", "五个不准", "五个注意", "五个提倡", "四个做到"]
    assert Rule.objects.count() == 24
    first = Rule.objects.get(rule_set__code="wu-yanjin", number=1)
    assert first.text == "严禁酒后驾驶机动车辆。"
    assert Rule.objects.get(rule_set__code="wu-buzhun", number=5).text == (
        "不准执勤时脱岗或有违规着装、仪容不整、吸烟、玩手机、聊天、吃零食等行为。"
    )
    assert Rule.objects.get(rule_set__code="wu-zhuyi", number=4).text.startswith(
        "服务举措要细致。要统一服务理念"
    )
    texts = "".join(Rule.objects.values_list("text", flat=True))
    for scanning_error in ("效劳", "〞", " 、", "闪现", "畸型"):
        assert scanning_error not in texts
    assert "“人精神、物整洁、队团结”" in texts and "“两率一度”" in texts
    assert Rule.objects.get(rule_set__code="si-zuodao", number=4).text == "做到执法实行全过程记录"
    assert first.sanctions() == [Sanction.DISCIPLINARY, Sanction.DISMISSAL]
    buzhun = Rule.objects.get(rule_set__code="wu-buzhun", number=1)
    assert buzhun.sanctions() == [
        Sanction.CRITICISM,
        Sanction.ADMONISHING_TALK,
        Sanction.CIRCULATED_CRITICISM,
    ]
    assert Rule.objects.get(rule_set__code="wu-tichang", number=1).sanctions() == []


def test_loading_again_keeps_a_bureaus_edits():
    rule = Rule.objects.get(rule_set__code="wu-buzhun", number=1)
    rule.deduction = 8
    rule.save()
    assert load_default_rules() == 0
    rule.refresh_from_db()
    assert rule.deduction == 8


def test_a_bureau_adds_its_own_rule_set_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/conduct/ruleset/add/",
        {
            "code": "shi-yanjin",
            "name": "十严禁",
            "source": "西安市城市管理执法人员“十严禁”",
            "sort_order": 10,
            "is_active": "on",
            "rules-TOTAL_FORMS": 1,
            "rules-INITIAL_FORMS": 0,
            "rules-0-number": 1,
            "rules-0-text": "严禁无证执法。",
            "rules-0-severity": "grave",
            "rules-0-allowed_sanctions": ["dismissal", "disciplinary"],
            "rules-0-deduction": 20,
            "rules-0-is_active": "on",
        },
    )
    assert response.status_code == 302
    rule = Rule.objects.get(rule_set__code="shi-yanjin")
    assert rule.allowed_sanctions == [Sanction.DISCIPLINARY, Sanction.DISMISSAL]
    assert admin_client.get("/admin/conduct/ruleset/").status_code == 200
