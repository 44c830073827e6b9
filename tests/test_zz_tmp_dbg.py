import pytest


@pytest.fixture
def grp(django_user_model):
    from django.contrib.auth.models import Group
    from django.db import connection

    print("fixture B", Group.objects.count(), hasattr(connection, "_test_serialized_contents"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_b(live_server, grp):
    from django.contrib.auth.models import Group

    print("B", Group.objects.count())
