"""Admin login brute-force protection: lockout by (username, address) and by address, never
permanent."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

LOGIN = "/admin/login/?next=/admin/"
ATTACKER = "127.0.0.2"
EDITOR_ELSEWHERE = "127.0.0.3"


def attempt(client, password, address, **headers):
    return client.post(
        LOGIN, {"username": "editor", "password": password}, REMOTE_ADDR=address, headers=headers
    )


def lock_out(client, settings, address=ATTACKER, **headers):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "guess", address, **headers)
    assert response.status_code == 429
    return response


@pytest.fixture
def locked(client, editor, settings):
    return lock_out(client, settings)


def test_failed_logins_lock_that_username_from_that_address(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "guess", ATTACKER)
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()
    response = attempt(client, "guess", ATTACKER)
    assert response.status_code == 429
    assert "too many login attempts" in response.content.decode()
    # Even the right password is refused from there until the cool-off ends.
    assert attempt(client, "editor-pass", ATTACKER).status_code == 429


def test_the_editor_still_logs_in_from_another_address(locked, client):
    response = attempt(client, "editor-pass", EDITOR_ELSEWHERE)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_lock_holds_during_the_cool_off(locked, client, settings):
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    with time_machine.travel(datetime.timedelta(minutes=14), tick=False):
        assert attempt(client, "editor-pass", ATTACKER).status_code == 429


def test_the_lock_lifts_by_itself_after_the_cool_off(locked, client):
    with time_machine.travel(datetime.timedelta(minutes=16), tick=False):
        assert attempt(client, "editor-pass", ATTACKER).status_code == 302


def test_axes_reset_lifts_every_lock_at_once(locked, client):
    call_command("axes_reset", verbosity=0)
    assert attempt(client, "editor-pass", ATTACKER).status_code == 302


def test_a_spoofed_forwarded_for_does_not_change_the_address(client, editor, settings):
    assert settings.NUM_PROXIES == 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "guess", ATTACKER, x_forwarded_for=f"127.0.0.{100 + n}")
    assert attempt(client, "editor-pass", ATTACKER, x_forwarded_for="127.0.0.99").status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_counts(client, editor, settings):
    settings.NUM_PROXIES = 1
    proxy = "127.0.0.10"
    lock_out(client, settings, proxy, x_forwarded_for=f"1.2.3.4, {ATTACKER}")
    # Same client behind the proxy, whatever it puts in front: still locked.
    assert (
        attempt(client, "editor-pass", proxy, x_forwarded_for=f"9.9.9.9, {ATTACKER}").status_code
        == 429
    )
    # The editor, arriving through the same proxy from elsewhere, is not.
    ok = attempt(client, "editor-pass", proxy, x_forwarded_for=EDITOR_ELSEWHERE)
    assert ok.status_code == 302


def test_logins_without_a_request_bypass_the_lockout_check(editor):
    from django.contrib.auth import authenticate

    assert authenticate(username="editor", password="editor-pass") == editor


def test_failures_on_different_usernames_from_one_address_add_up(client, editor, settings):
    """Without a per-address count, an address could try a few passwords on every username."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            LOGIN, {"username": f"someone-{number}", "password": "guess"}, REMOTE_ADDR=ATTACKER
        )
    assert response.status_code == 429
    # Locked for every username from there, the editor's right password included...
    assert attempt(client, "editor-pass", ATTACKER).status_code == 429
    # ...and from nowhere else.
    assert attempt(client, "editor-pass", EDITOR_ELSEWHERE).status_code == 302


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_a_refused_or_missing_next_lands_on_the_admin_index(client, editor, next_url):
    response = client.post(
        f"/admin/login/?next={next_url}",
        {"username": "editor", "password": "editor-pass"},
        REMOTE_ADDR=EDITOR_ELSEWHERE,
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
