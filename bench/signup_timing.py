"""Benchmark: does the sign-up take as long for a taken address as for a new one?

    uv run --frozen python bench/signup_timing.py [--tries 30] [--without-fix]

With ACCOUNT_PREVENT_ENUMERATION both get the same page; the time must not tell them apart
either. The script migrates a temporary SQLite database (the test settings: mail in memory,
tasks run at once), creates the platform operator and one account, and then signs up through
Django's test client with the production password hasher (Argon2), alternating a taken and a
new address, ``--tries`` times each. It prints the median and the quartiles of both paths and
their difference. ``--without-fix`` measures allauth's own form (no hashing for a taken
address) for comparison. Sign-up rate limits are off for the run (they would stop it).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
ARGON2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
PASSWORD = "Sommer-im-Rathaus-2026"


def _setup(database: Path) -> None:
    sys.path.insert(0, str(REPO / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mitwirken.config.settings_test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _signup(client, email: str) -> float:
    from django.urls import reverse

    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "",
        "language": "de",
        "accept_privacy": "on",
    }
    client.cookies.clear()
    started = time.perf_counter()
    response = client.post(reverse("account_signup"), data)
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"sign-up with {email} answered {response.status_code}")
    return elapsed * 1000


def _summary(name: str, times: list[float]) -> str:
    quartiles = statistics.quantiles(times, n=4)
    return (
        f"{name:<14} median {statistics.median(times):7.1f} ms   "
        f"quartiles {quartiles[0]:7.1f} – {quartiles[2]:7.1f} ms   (n={len(times)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=30)
    parser.add_argument("--without-fix", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mitwirken-signup-bench-") as folder:
        _setup(Path(folder) / "bench.sqlite3")
        from allauth.account.forms import SignupForm as AllauthSignupForm
        from allauth.account.models import EmailAddress
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.test.utils import override_settings

        from mitwirken.accounts.forms import SignupForm
        from mitwirken.portal.platform import init_platform

        init_platform("Landesbetrieb IT", slug="betrieb")
        taken = get_user_model().objects.create_user("vergeben@example.org", PASSWORD)
        EmailAddress.objects.create(user=taken, email=taken.email, verified=True, primary=True)

        patch = (
            mock.patch.object(SignupForm, "try_save", AllauthSignupForm.try_save)
            if args.without_fix
            else mock.patch.object(SignupForm, "try_save", SignupForm.try_save)
        )
        client = Client()
        times = {"taken address": [], "new address": []}
        overrides = {"PASSWORD_HASHERS": ARGON2, "ACCOUNT_RATE_LIMITS": False}
        with override_settings(ALLOWED_HOSTS=["testserver"], **overrides), patch:
            _signup(client, "aufwaermen@example.org")  # imports, template loading
            for i in range(args.tries):
                times["taken address"].append(_signup(client, "vergeben@example.org"))
                times["new address"].append(_signup(client, f"neu{i}@example.org"))

    print(f"Sign-up with Argon2, {'allauth alone' if args.without_fix else 'mitwirken'}:")
    for name, values in times.items():
        print("  " + _summary(name, values))
    difference = statistics.median(times["new address"]) - statistics.median(times["taken address"])
    print(f"  difference of the medians: {difference:+.1f} ms (new − taken)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
