"""The admin for the classifier and auto-dispatch: a stored version is put back in use (the rollback) from
its list, and an auto-dispatch rule is saved through the service (checked and audited)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from chengguan.cases import classify
from chengguan.cases.models import AutoDispatchRule, ClassifierModel
from chengguan.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-1")
    )
    return client


def test_a_stored_version_is_put_back_in_use_from_the_admin(root, categories):
    classify.reset()
    for _ in range(2):
        call_command("classifier", "train", "--no-holdout", stdout=io.StringIO())
    first = ClassifierModel.objects.get(version=1)
    assert root.get(reverse("admin:cases_classifiermodel_changelist")).status_code == 200
    response = root.post(
        reverse("admin:cases_classifiermodel_changelist"),
        {"action": "put_back_in_use", "_selected_action": [first.pk]},
    )
    assert response.status_code == 302
    assert ClassifierModel.objects.get(is_active=True).version == 1
    assert AuditEntry.objects.filter(action="classifier.rollback").exists()
    classify.reset()


def test_a_rule_saved_in_the_admin_goes_through_the_service(root, categories):
    garbage = categories["S0102"]
    response = root.post(
        reverse("admin:cases_autodispatchrule_add"),
        {"category": garbage.pk, "enabled": "on", "threshold": "0.85"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    rule = AutoDispatchRule.objects.get()
    assert (rule.category, rule.enabled, str(rule.threshold), rule.updated_by) == (
        garbage,
        True,
        "0.85",
        "root",
    )
    assert AuditEntry.objects.filter(action="cases.auto_dispatch_rule").count() == 1
    response = root.post(
        reverse("admin:cases_autodispatchrule_add"),
        {"category": garbage.pk, "enabled": "on", "threshold": "1.5"},
    )
    assert response.status_code == 200  # the form's error, nothing saved
    assert AutoDispatchRule.objects.get().threshold == rule.threshold
