"""Sixteen clients create the same new item at once: one 201, the rest a clean 400/409.

On PostgreSQL the requests race through the live server's threads, each with its own database
connection; on SQLite (where the test database is in memory and shared by those threads)
through a gunicorn with several workers on a database file.
"""

import json
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from rest_framework.authtoken.models import Token

from registry.models import Company
from tests.servers import app_env, gunicorn, http, manage

CLIENTS = 16
TOKEN_SCRIPT = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
user = User.objects.create_user("racer", is_staff=True)
user.groups.add(Group.objects.get(name="Editors"))
print(Token.objects.create(user=user).key)
"""


def race(url: str, token: str) -> list[tuple[int, dict]]:
    """POSTs the same company from CLIENTS threads released together."""
    barrier = threading.Barrier(CLIENTS)
    payload = {"slug": "same", "name": "Same Co", "country": "FR"}
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def post(_):
        barrier.wait(timeout=30)
        status, _headers, body = http("POST", url + "/api/companies/", payload, headers, 60)
        return status, json.loads(body)

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(post, range(CLIENTS)))


def assert_one_winner(answers):
    statuses = sorted(status for status, _ in answers)
    assert statuses.count(201) == 1, statuses
    for status, body in answers:
        if status != 201:
            assert status in (400, 409), (status, body)
            assert set(body) == {"detail", "code", "errors"}
            assert body["code"] in ("invalid", "conflict")


def test_parallel_creates_of_one_slug_give_one_201_and_no_500(
    request, tmp_path, transactional_db, django_user_model
):
    if connection.vendor == "postgresql":
        live_server = request.getfixturevalue("live_server")
        # A superuser: earlier transactional tests flush the Editors group away.
        racer = django_user_model.objects.create_superuser("racer")
        token = Token.objects.create(user=racer).key
        assert_one_winner(race(live_server.url, token))
        assert Company.objects.filter(slug="same").count() == 1
        return

    database = tmp_path / "db.sqlite3"
    env = app_env(f"sqlite:///{database}", API_THROTTLE_USER="off")
    manage("migrate", "--no-input", env=env)
    token = manage("shell", "-c", TOKEN_SCRIPT, env=env).strip().splitlines()[-1]
    with gunicorn(env, tmp_path, 4, "--threads", "4") as server:
        answers = race(server.url, token)
    assert_one_winner(answers)
    with sqlite3.connect(database) as db:
        count = db.execute("SELECT count(*) FROM registry_company WHERE slug = 'same'")
        assert count.fetchone()[0] == 1
