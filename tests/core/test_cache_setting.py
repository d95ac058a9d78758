"""CACHE_URL: one cache shared by every process (Redis), so that rate limits count across processes."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

from chengguan.settings.base import cache_from_env

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_without_cache_url_each_process_counts_in_memory(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)
    assert cache_from_env()["BACKEND"].endswith("LocMemCache")


def test_a_redis_url_selects_the_shared_cache(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://cache.internal:6379/2")
    assert cache_from_env() == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
    }


def test_anything_else_is_refused_with_a_sentence(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "memcached://127.0.0.1")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must be a redis://"):
        cache_from_env()


def test_two_processes_count_on_one_counter_through_redis():
    """Two cache clients, as two worker processes would hold, see one counter."""
    first, second = (RedisCache(REDIS_URL, {}) for _ in range(2))
    key = f"test-rate-{uuid.uuid4().hex}"
    try:
        first.add(key, 0, timeout=60)
    except Exception as exc:  # noqa: BLE001 - any connection failure means no server here
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} is needed in CI: {exc}")
        pytest.skip(f"!!! no Redis server at {REDIS_URL}: shared-cache test skipped !!!")
    try:
        first.incr(key)
        second.incr(key)
        assert first.get(key) == second.get(key) == 2
    finally:
        first.delete(key)
