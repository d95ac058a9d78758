"""One client address for every limit: REMOTE_ADDR unless proxies are configured, then the address the
nearest trusted proxy saw."""

from django.test import RequestFactory

from chengguan.core.audit import client_ip as audit_client_ip
from chengguan.core.net import client_ip


def _request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_a_forged_header_is_ignored(settings):
    settings.CHENGGUAN_NUM_PROXIES = 0
    assert client_ip(_request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"


def test_behind_one_proxy_the_address_it_saw_is_the_client(settings):
    settings.CHENGGUAN_NUM_PROXIES = 1
    # The client forged "1.2.3.4"; nginx appended the real address it received the request from.
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies(settings):
    settings.CHENGGUAN_NUM_PROXIES = 2
    assert client_ip(_request("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.3")) == "198.51.100.7"


def test_a_request_that_skipped_the_proxies_counts_as_the_nearest_hop(settings):
    settings.CHENGGUAN_NUM_PROXIES = 1
    assert client_ip(_request("192.0.2.4")) == "192.0.2.4"


def test_ports_and_brackets_are_removed_and_none_is_empty(settings):
    settings.CHENGGUAN_NUM_PROXIES = 1
    assert client_ip(_request("127.0.0.1", "[2001:db8::1]:443")) == "2001:db8::1"
    assert client_ip(_request("127.0.0.1", "203.0.113.9:5123")) == "203.0.113.9"
    assert client_ip(None) == ""


def test_the_audit_module_still_offers_the_same_function():
    assert audit_client_ip is client_ip
