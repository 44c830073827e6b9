"""The front page's summary: cached, and dropped when the registry changes."""

import subprocess
import sys

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from registry import summary
from registry.models import AIModel
from tests.factories import AIModelFactory, CompanyFactory, LicenseFactory, ReleaseEventFactory
from tests.servers import ROOT

pytestmark = pytest.mark.django_db
HOME = reverse("registry:home")
REDIS_URL = "redis://127.0.0.1:6379/15"


def models_on_home(client) -> int:
    return client.get(HOME).context["counts"]["models"]


def test_a_second_visit_reads_the_summary_from_the_cache(client, django_assert_num_queries):
    AIModelFactory()
    client.get(HOME)
    with django_assert_num_queries(1):  # the latest events only
        response = client.get(HOME)
    assert response.context["counts"]["models"] == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda: AIModelFactory(),
        lambda: AIModel.objects.first().delete(),
        lambda: CompanyFactory(),
        lambda: LicenseFactory(),
        lambda: ReleaseEventFactory(),
    ],
    ids=["model saved", "model deleted", "company saved", "license saved", "event saved"],
)
def test_any_change_to_the_registry_drops_the_summary(client, change):
    AIModelFactory()
    before = client.get(HOME).context["counts"]
    change()
    after = client.get(HOME).context["counts"]
    assert after != before


def test_figures_are_kept_no_longer_than_the_setting_says(client, settings):
    settings.REGISTRY_SUMMARY_SECONDS = 0  # Django's cache: a timeout of 0 keeps nothing
    AIModelFactory()
    assert models_on_home(client) == 1
    # A bulk insert sends no signal; only the expiry shows it.
    copy = AIModel.objects.get()
    copy.pk, copy.slug, copy.name = None, f"{copy.slug}-copy", f"{copy.name} copy"
    AIModel.objects.bulk_create([copy])
    assert models_on_home(client) == 2


def test_redis_url_selects_a_shared_redis_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {"DJANGO_SETTINGS_MODULE": "registry.settings", "REDIS_URL": REDIS_URL, "PATH": ""}
    shown = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shown == "django.core.cache.backends.redis.RedisCache"


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as error:
        pytest.skip(f"Redis is not running at {REDIS_URL}: {error}")
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    with override_settings(CACHES={"default": backend}):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


def test_with_redis_a_change_seen_by_one_process_drops_the_summary_for_all(client, redis_cache):
    AIModelFactory()
    assert models_on_home(client) == 1
    assert redis_cache.get(summary.CACHE_KEY)["counts"]["models"] == 1
    AIModelFactory()
    assert redis_cache.get(summary.CACHE_KEY) is None  # dropped where every worker reads
    assert models_on_home(client) == 2
