"""API throttling: one count per client whichever worker answers, refused tokens counted."""

import concurrent.futures

import pytest
from django.core.cache import cache

from tests.servers import app_env, gunicorn, http, manage

RATE = 10


@pytest.fixture
def throttled(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    yield
    cache.clear()


@pytest.mark.django_db
def test_requests_with_a_refused_token_are_throttled_like_anonymous_ones(api_client, throttled):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    for _ in range(3):
        assert api_client.get("/api/models/").status_code == 401
    response = api_client.get("/api/models/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    # The same address without a token shares that count.
    api_client.credentials()
    assert api_client.get("/api/models/").status_code == 429


def test_production_workers_share_one_throttle_count(tmp_path, static_root):
    """The recipe of docs/operations.md without Redis: several gunicorn workers, DEBUG off.
    Each worker counting alone would let through up to workers x the rate."""
    env = app_env(
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(static_root),
        API_THROTTLE_ANON=f"{RATE}/min",
    )
    manage("migrate", "--no-input", env=env)
    workers, requests = 4, 120
    with gunicorn(env, tmp_path, workers=workers) as server:

        def get(_):
            return http("GET", server.url + "/api/licenses/")[0]

        with concurrent.futures.ThreadPoolExecutor(max_workers=2 * workers) as pool:
            statuses = list(pool.map(get, range(requests)))
    allowed = statuses.count(200)
    assert statuses.count(429) == requests - allowed
    assert allowed <= RATE
