"""Production settings: `check --deploy` passes, and every answer carries the security headers."""

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import django
import pytest
import simple_history
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "registry.example.org",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "DJANGO_NUM_PROXIES": "1",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_documented_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_without_a_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_are_https_only():
    script = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.NUM_PROXIES)"
    )
    result = manage("shell", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    out = result.stdout.strip().splitlines()[-1]
    assert out == ("True True True True True Lax 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') 1")


def test_hsts_can_be_tuned_but_defaults_to_over_six_months():
    assert settings.SECURE_HSTS_SECONDS >= 15_768_000
    env = {**PRODUCTION_ENV, "DJANGO_SECURE_HSTS_SECONDS": "63072000"}
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS)",
        env=env,
    )
    assert result.stdout.strip().splitlines()[-1] == "63072000"


def test_local_development_still_works_with_debug_on():
    result = manage("check", env={"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/healthz", "/no-such-page/", "/models/no-such-model/", "/openness/"]
)
@pytest.mark.django_db
def test_every_answer_carries_a_strict_content_security_policy(client, path):
    response = client.get(path, secure=True)
    directives = csp_directives(response)
    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    policy = dict(part.strip().split("=") for part in response["Permissions-Policy"].split(","))
    assert policy["camera"] == policy["geolocation"] == policy["microphone"] == "()"


def test_plain_http_is_redirected_to_https_except_the_health_probe(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/admin/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200


def test_https_behind_the_proxy_is_recognised(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/admin/login/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def installed_templates():
    for package in (django.contrib.admin, simple_history):
        yield from Path(package.__file__).parent.joinpath("templates").rglob("*.html")


def test_every_inline_style_in_the_admin_templates_is_allowed_by_hash():
    """The admin must work under the policy: each inline <style> element and style=""
    attribute in Django's and django-simple-history's templates has its hash listed, so an
    upgrade that changes one fails here rather than in an editor's browser."""
    style_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    found = 0
    for template in installed_templates():
        text = template.read_text()
        for block in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S):
            assert sha256_source(block) in style_src, template
            found += 1
        for attribute in re.findall(r'\sstyle="([^"]*)"', text):
            assert "{" not in attribute, f"templated style attribute in {template}"
            assert sha256_source(attribute) in style_src, template
            assert "'unsafe-hashes'" in style_src
            found += 1
    assert found == 2


def test_no_inline_script_in_the_admin_templates():
    """script-src is 'self' alone: every <script> in the admin templates must load a file,
    and no element may carry an on* event handler."""
    for template in installed_templates():
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag, f"inline script in {template}: {tag}"
        assert not re.search(r"\son[a-z]+=\"", text), template
