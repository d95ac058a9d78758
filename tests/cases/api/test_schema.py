"""Every cases endpoint is described in the OpenAPI schema, with its request and response shapes."""

import pytest
import yaml
from django.core.management import call_command

from chengguan.cases.api.actions import ACTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))  # warnings fail
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _ref(operation, status: str) -> str:
    return operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]


def test_every_action_has_its_own_operation_with_request_and_responses(schema):
    for action in ACTIONS:
        operation = schema["paths"][f"/api/v1/cases/{{number}}/{action}/"]["post"]
        assert operation["operationId"] == f"cases_{action}"
        assert "requestBody" in operation, action
        assert _ref(operation, "200").endswith("/CaseDetail")
        assert {"400", "404", "409"} <= set(operation["responses"])


def test_list_intake_detail_reveal_and_exports_are_described(schema):
    paths = schema["paths"]
    listing = paths["/api/v1/cases/"]["get"]
    assert _ref(listing, "200").endswith("/PaginatedCaseList")
    assert {"state", "department", "overdue", "q", "page", "page_size"} <= {
        p["name"] for p in listing["parameters"]
    }
    intake = paths["/api/v1/cases/"]["post"]
    assert "multipart/form-data" in intake["requestBody"]["content"]
    assert "Idempotency-Key" in {p["name"] for p in intake["parameters"]}
    assert {"200", "201", "400"} <= set(intake["responses"])
    assert _ref(paths["/api/v1/cases/{number}/"]["get"], "200").endswith("/CaseDetail")
    assert _ref(paths["/api/v1/cases/{number}/reveal/"]["post"], "200").endswith("/Reveal")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    for path, types in (
        ("/api/v1/cases/export.csv", {"text/csv"}),
        ("/api/v1/cases/export.xlsx", {xlsx}),
        ("/api/v1/cases/export/", {"text/csv", xlsx}),
    ):
        assert set(paths[path]["get"]["responses"]["200"]["content"]) == types
    masked = schema["components"]["schemas"]["CaseDetail"]["properties"]["reporter_phone"]
    assert masked["readOnly"] is True


def test_duplicate_proposals_are_described(schema):
    operation = schema["paths"]["/api/v1/cases/{number}/duplicates/"]["get"]
    assert operation["operationId"] == "cases_duplicates"
    item = operation["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"]
    assert item.endswith("/Duplicate")
    assert {"merged_into", "merged_duplicates"} <= set(
        schema["components"]["schemas"]["CaseDetail"]["properties"]
    )
    assert "merge_chain" in str(schema["paths"]["/api/v1/cases/{number}/merge/"]["post"]["responses"]["409"])
