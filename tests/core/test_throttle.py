"""API throttles count atomically: concurrent requests from one caller never pass the limit."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from rest_framework.test import APIRequestFactory

from chengguan.core.api import AnonThrottle, UserThrottle


@pytest.fixture(autouse=True)
def rates(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/min", "user": "7/min"},
    }


def _request(user=None, address="10.0.0.8"):
    request = APIRequestFactory().get("/api/v1/grid/locate", REMOTE_ADDR=address)
    request.user = user or AnonymousUser()
    return request


def test_concurrent_anonymous_requests_pass_the_limit_exactly():
    allowed = []

    def attempt():
        allowed.append(AnonThrottle().allow_request(_request(), None))

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 5
    assert AnonThrottle().allow_request(_request(address="10.0.0.9"), None)  # another caller


@pytest.mark.django_db
def test_signed_in_users_count_under_their_own_limit(django_user_model):
    user = django_user_model.objects.create_user("throttled")
    throttle = UserThrottle()
    assert [throttle.allow_request(_request(user), None) for _ in range(9)].count(True) == 7
    assert throttle.wait() == 60
    assert AnonThrottle().allow_request(_request(user), None)  # the anonymous limit does not apply to them
