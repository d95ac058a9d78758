"""API keys: the command, the admin, and each key's own rate limit."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chengguan.core.actors import SystemActor
from chengguan.core.models import AuditEntry
from chengguan.open311.models import ApiKey
from chengguan.open311.selectors import active_key, hash_key
from chengguan.open311.services import create_key

from .conftest import BASE, parse, post_request

SYSTEM = SystemActor("test")

pytestmark = pytest.mark.django_db


def test_command_prints_a_working_key_and_stores_only_its_hash(client, world):
    out = StringIO()
    call_command("create_open311_key", "城市随手拍", "--rate", "10/min", stdout=out, stderr=StringIO())
    raw = out.getvalue().strip()
    key = ApiKey.objects.get()
    assert (key.name, key.rate, key.is_active) == ("城市随手拍", "10/min", True)
    assert key.key_hash == hash_key(raw) and raw not in key.key_hash and key.prefix == raw[:8]
    assert AuditEntry.objects.filter(action="open311.key_created", target_id=str(key.pk)).exists()
    assert post_request(client, raw).status_code == 201
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_command_refuses_a_bad_rate(db):
    with pytest.raises(CommandError, match="100/min"):
        call_command("create_open311_key", "app", "--rate", "lots", stdout=StringIO(), stderr=StringIO())
    assert not ApiKey.objects.exists()


def test_admin_makes_a_key_and_shows_it_once(admin_client):
    response = admin_client.post(
        "/admin/open311/apikey/add/", {"name": "WeChat page", "rate": "", "is_active": "on"}, follow=True
    )
    assert response.status_code == 200
    key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    raw = next(word for m in shown for word in m.split() if word.startswith(key.prefix))
    assert active_key(raw) == key


def test_each_key_has_its_own_rate_limit(client, world, settings):
    settings.CHENGGUAN_OPEN311_RATE = "100/min"
    _, slow = create_key(name="slow", rate="2/min", actor=SYSTEM)
    _, other = create_key(name="other", actor=SYSTEM)
    assert [post_request(client, slow).status_code for _ in range(2)] == [201, 201]
    refused = post_request(client, slow, fmt="xml")
    assert refused.status_code == 429
    assert refused["Retry-After"]
    root = parse(refused)
    assert root.tag == "errors" and root.findtext("error/code") == "429"
    assert client.get(f"{BASE}services.json", {"api_key": slow}).status_code == 429  # the key's budget
    assert post_request(client, other).status_code == 201
    assert client.get(f"{BASE}services.json").status_code == 200  # no key: the address's own budget


def test_clients_without_a_key_share_the_default_rate_per_address(client, world, settings):
    settings.CHENGGUAN_OPEN311_RATE = "3/min"
    codes = [client.get(f"{BASE}services.json").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert parse(client.get(f"{BASE}requests.json"))[0]["code"] == 429
    other = client.get(f"{BASE}services.json", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_a_wrong_key_on_a_read_is_refused(client, world):
    response = client.get(f"{BASE}services.xml", {"api_key": "wrong"})
    assert response.status_code == 403
    assert parse(response).findtext("error/code") == "403"


def test_admin_pages_open(admin_client, world, api_key, client):
    post_request(client, api_key)
    for path in ("apikey/", "apikey/add/", "serviceattribute/", "serviceattribute/add/", "submission/"):
        assert admin_client.get(f"/admin/open311/{path}").status_code == 200, path
    key = ApiKey.objects.get()
    assert admin_client.get(f"/admin/open311/apikey/{key.pk}/change/").status_code == 200
