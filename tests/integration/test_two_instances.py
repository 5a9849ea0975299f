"""Two app instances, one truth: two gunicorn processes on one PostgreSQL staff database and one
DynamoDB, as behind a load balancer. An account, a session, a lockout, a sign-out and a second
factor made through one are seen by the other; concurrent guesses are counted exactly."""

from __future__ import annotations

import concurrent.futures
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest

from tests.conftest import STAFF_PASSWORD
from tests.support.staff import code_for_secret
from truthbyte_admin.accounts import events

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies (Secure ones too: the app is behind TLS in production,
    plain HTTP here), no redirects followed."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, instance: Instance, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", instance.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        html = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value in ('""', ""):
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = cookie_value
        conn.close()
        return response.status, dict(response.getheaders()), html

    def get(self, instance, path):
        return self.request(instance, "GET", path)

    def post(self, instance, path, form, token_from="/login/"):
        _, _, page = self.get(instance, token_from)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(instance, "POST", path, {"csrfmiddlewaretoken": token, **form})

    def sign_in(self, instance, username, password=STAFF_PASSWORD):
        return self.post(instance, "/login/", {"username": username, "password": password})


class Instance:
    def __init__(self, name: str, env: dict[str, str]):
        self.name = name
        self.database_url = env["DATABASE_URL"]
        self.port = _free_port()
        self.log = open(Path(env["LOG_DIR"]) / f"{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "truthbyte_admin.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "8",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: see {self.log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} never became healthy: see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture
def instances(postgres_only, game_tables, settings, tmp_path):
    database_url = postgres_only.create_database(f"two_instances_{secrets.token_hex(4)}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",  # production settings, plain static files
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),  # one secret for every instance
        DATABASE_URL=database_url,
        DYNAMODB_ENDPOINT_URL=settings.DYNAMODB_ENDPOINT_URL,
        TRUTHBYTE_ENV=settings.TRUTHBYTE_ENV,
        LOGIN_FAILURE_LIMIT=str(LIMIT),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        LOG_DIR=str(tmp_path),
        PYTHONDONTWRITEBYTECODE="1",
    )
    # Deploy step: migrations once, then a one-off task creates the accounts.
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert migrate.returncode == 0, migrate.stderr
    for username, role in [("mona", "moderator"), ("eddie", "editor"), ("sam", "support")]:
        created = subprocess.run(
            [sys.executable, "manage.py", "create_staff", username, "--role", role, "--noinput"],
            cwd=ROOT,
            env={**env, "DJANGO_STAFF_PASSWORD": STAFF_PASSWORD},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert created.returncode == 0, created.stderr
    started = [Instance("a", env), Instance("b", env)]
    try:
        for instance in started:
            instance.wait_until_healthy()
        yield started
    finally:
        for instance in started:
            instance.stop()


def test_sessions_and_sign_out_are_shared(instances):
    a, b = instances
    browser = Browser()

    status, headers, _ = browser.sign_in(a, "mona")
    assert status == 302
    assert headers["Location"] == "/"

    status, _, html = browser.get(b, "/")  # the session made on A
    assert status == 200
    assert '<span class="username">mona</span>' in html  # the header's signed-in name

    status, _, _ = browser.post(b, "/logout/", {}, token_from="/")  # signed out on B
    assert status == 302
    status, headers, _ = browser.get(a, "/")
    assert status == 302
    assert headers["Location"].startswith("/login/")


def test_a_lockout_on_one_instance_holds_on_the_other(instances):
    a, b = instances
    attacker = Browser()
    statuses = [attacker.sign_in(a, "eddie", "wrong-password")[0] for _ in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]

    status, _, html = Browser().sign_in(b, "eddie")  # right password, other instance

    assert status == 429
    assert "Try again in 15 minutes" in html
    audited = [e.action for e in events.history("eddie")]  # written by A, through the data layer
    assert audited[:2] == ["locked_out", "sign_in_failed"]


def test_an_account_change_on_one_instance_holds_on_the_other(instances):
    a, b = instances
    browser = Browser()
    browser.sign_in(a, "mona")
    _, _, page = browser.get(a, "/account/security/setup/")
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    status, headers, _ = browser.post(
        a,
        "/account/security/setup/",
        {"token": code_for_secret(secret, real_clock=True), "password": STAFF_PASSWORD},
        token_from="/",
    )
    assert status == 302  # enrolled on A: on to the backup codes page
    assert headers["Location"] == "/account/security/backup-codes/"

    status, headers, _ = Browser().sign_in(b, "mona")

    assert status == 302
    assert headers["Location"].startswith("/login/verify/")  # B asks for the new factor


def test_concurrent_guesses_across_instances_are_counted_exactly(instances):
    a, b = instances
    browsers = [Browser() for _ in range(20)]
    for browser in browsers:  # CSRF cookies first, so the guesses themselves go out together
        browser.get(a, "/login/")

    def guess(n: int):
        browser = browsers[n]
        instance = (a, b)[n % 2]
        _, _, page = browser.get(instance, "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": "sam", "password": f"guess-{n}"}
        return browser.request(instance, "POST", "/login/", form)[0]

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(guess, range(20)))

    # Only LIMIT guesses were checked against the password: LIMIT - 1 ordinary failures, the
    # one that filled the count (answered with the lockout), and every other one refused.
    assert statuses.count(200) == LIMIT - 1
    assert statuses.count(429) == 20 - (LIMIT - 1)
    with psycopg.connect(a.database_url) as conn:
        counted = conn.execute(
            "SELECT sum(failures_since_start) FROM axes_accessattempt WHERE username = 'sam'"
        ).fetchone()[0]
    assert counted == LIMIT
