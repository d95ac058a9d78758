"""GET services and service definitions, in XML and JSON."""

import pytest

from chengguan.open311.models import ServiceAttribute
from chengguan.taxonomy.models import Category
from tests.cases.conftest import GARBAGE

from .conftest import BASE, parse

pytestmark = pytest.mark.django_db

FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]


def test_services_in_xml_list_public_subclasses(client, world):
    Category.objects.filter(code="S0103").update(is_public=False)
    response = client.get(f"{BASE}services.xml")
    assert response.status_code == 200
    root = parse(response)
    assert root.tag == "services"
    services = root.findall("service")
    assert services and all(s.tag == "service" for s in root)
    assert all([child.tag for child in s] == FIELDS for s in services)
    codes = [s.findtext("service_code") for s in services]
    assert GARBAGE in codes and "S0103" not in codes
    assert not any(len(code) == 3 for code in codes)  # major classes are groups, not services
    garbage = services[codes.index(GARBAGE)]
    assert garbage.findtext("service_name") == world[GARBAGE].name
    assert garbage.findtext("group") == world[GARBAGE].parent.name
    assert garbage.findtext("metadata") == "false"
    assert garbage.findtext("type") == "realtime"


def test_services_in_json_are_an_array_with_attributes_flagged(client, world):
    ServiceAttribute.objects.create(category=world[GARBAGE], code="size", description="How big?")
    response = client.get(f"{BASE}services.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = parse(response)
    assert isinstance(services, list)
    assert all(list(s) == FIELDS for s in services)
    garbage = next(s for s in services if s["service_code"] == GARBAGE)
    assert garbage["metadata"] is True
    assert "," not in garbage["keywords"] or " " not in garbage["keywords"]


def test_service_definition_lists_its_questions(client, world):
    values = [{"key": "s", "name": "small"}, {"key": "l", "name": "large"}]
    ServiceAttribute.objects.create(
        category=world[GARBAGE],
        code="size",
        datatype="singlevaluelist",
        required=True,
        description="How big is it?",
        values=values,
        order=2,
    )
    ServiceAttribute.objects.create(category=world[GARBAGE], code="note", description="Anything else?")
    root = parse(client.get(f"{BASE}services/{GARBAGE}.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == GARBAGE
    attributes = root.findall("attributes/attribute")
    assert [a.findtext("code") for a in attributes] == ["note", "size"]
    size = attributes[1]
    assert size.findtext("datatype") == "singlevaluelist"
    assert size.findtext("required") == "true" and size.findtext("variable") == "true"
    assert [(v.findtext("key"), v.findtext("name")) for v in size.findall("values/value")] == [
        ("s", "small"),
        ("l", "large"),
    ]
    data = parse(client.get(f"{BASE}services/{GARBAGE.lower()}.json"))
    assert data["service_code"] == GARBAGE
    assert data["attributes"][1]["values"] == values
    assert data["attributes"][1]["required"] is True


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_unknown_or_private_service_is_404_with_the_error_list(client, world, fmt):
    Category.objects.filter(code="S0103").update(is_public=False)
    for code in ("X9999", "S0103", "S01"):
        response = client.get(f"{BASE}services/{code}.{fmt}")
        assert response.status_code == 404
        body = parse(response)
        if fmt == "xml":
            assert body.tag == "errors"
            assert body.find("error/code").text == "404"
            assert code in body.find("error/description").text
        else:
            assert body[0]["code"] == 404 and code in body[0]["description"]


def test_other_suffixes_are_not_served(client, world):
    assert client.get(f"{BASE}services.html").status_code == 404
    assert client.get(f"{BASE}services").status_code == 404
