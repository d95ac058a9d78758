import pytest


@pytest.fixture
def make_user(django_user_model):
    def make(username="user", password="pw-for-tests-1", **extra):
        return django_user_model.objects.create_user(username=username, password=password, **extra)

    return make
