"""Helpers for the demo content loaders (see the load_demo_content command)."""

import json
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model


@dataclass
class DemoAccount:
    role: str
    email: str


@dataclass
class DemoContext:
    stdout: object
    style: object
    accounts: list[DemoAccount] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, app: str, what: str, created: bool) -> None:
        bucket = self.counts.setdefault(app, {})
        key = f"{what} neu" if created else f"{what} vorhanden"
        bucket[key] = bucket.get(key, 0) + 1

    def summary_for(self, app: str) -> str:
        bucket = self.counts.get(app)
        if not bucket:
            return "nichts zu tun"
        return ", ".join(f"{number} {what}" for what, number in sorted(bucket.items()))

    @property
    def password(self) -> str:
        """One random password for all demo accounts of this installation, kept under var/."""
        path = settings.VAR_DIR / "demo-credentials.json"
        if path.exists():
            return json.loads(path.read_text())["password"]
        password = secrets.token_urlsafe(12)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"password": password}))
        path.chmod(0o600)
        return password

    def ensure_account(self, app: str, role: str, email: str, first_name: str, last_name: str, **flags):
        """Create (or repair) a demo account whose email address is verified, so it can log in at once."""
        from allauth.account.models import EmailAddress

        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            email=email,
            defaults={
                "username": email.split("@")[0],
                "first_name": first_name,
                "last_name": last_name,
                **flags,
            },
        )
        if created or not user.check_password(self.password):
            user.set_password(self.password)
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        self.count(app, "Konten", created)
        self.accounts.append(DemoAccount(role=role, email=email))
        return user

    def print_credentials(self) -> None:
        if not self.accounts:
            return
        self.stdout.write(self.style.SUCCESS("\nDemo-Zugänge (nur für diese lokale Installation):"))
        for account in self.accounts:
            self.stdout.write(f"  {account.role:<28} {account.email:<46} Passwort: {self.password}")
        self.stdout.write("  Redaktion im Wagtail-Admin: /admin/")
        for note in self.notes:
            self.stdout.write(f"  {note}")
        self.stdout.write("")
