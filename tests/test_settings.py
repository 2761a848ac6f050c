"""Production settings: the deploy checklist is clean, and secrets are required."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-" + "9Xq!z" * 8,
    "DJANGO_ALLOWED_HOSTS": "maturity.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://maturity.example.com",
}
SMTP = {"DJANGO_EMAIL_HOST": "smtp.example.com"}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py as on a server: no DJANGO_ variable but `env`, and no .env file."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {"DJANGO_ENV_FILE": "", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )


def setting(name: str, **env: str) -> str:
    """A setting's repr as a server started with `env` sees it."""
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_check_deploy_reports_no_issue_under_production_settings() -> None:
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION, **SMTP)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_with_smtp_mail_is_sent_over_smtp() -> None:
    mailer = setting("MAILERS['default']['BACKEND']", **PRODUCTION, **SMTP)
    assert mailer == "'django.core.mail.backends.smtp.EmailBackend'"


def test_without_smtp_check_deploy_is_clean_and_mail_goes_to_the_log() -> None:
    """A documented choice (README "Configuration"): mail is written to the server's output."""
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)" in result.stdout
    mailer = setting("MAILERS['default']['BACKEND']", **PRODUCTION)
    assert mailer == "'django.core.mail.backends.console.EmailBackend'"


def test_the_number_of_trusted_proxies_is_a_setting() -> None:
    assert setting("TRUSTED_PROXIES", **PRODUCTION, DJANGO_TRUSTED_PROXIES="2") == "2"
    assert setting("TRUSTED_PROXIES", **PRODUCTION) == "0"
    assert setting("AXES_CLIENT_IP_CALLABLE", **PRODUCTION) == "'config.client.client_address'"


def test_without_debug_a_secret_key_is_required() -> None:
    result = manage("check", DJANGO_ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_set() -> None:
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = manage("shell", "-c", code, **PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_a_local_env_file_is_enough_to_run_commands(tmp_path: Path) -> None:
    """What `make` writes: with it, README's commands run with nothing set by hand."""
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=local-test-key\n")
    result = manage("check", DJANGO_ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_real_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\n")
    result = manage("check", DJANGO_ENV_FILE=str(env_file), DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
