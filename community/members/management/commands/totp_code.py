"""Print the current two-factor code of an account, so a developer running `make run` can log into the admin.

Refuses unless settings.DEBUG is on: on a real installation codes come from the member's own app only.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from community.members.mfa import current_totp_code


class Command(BaseCommand):
    help = "Print the current TOTP code of an account (development only, needs DEBUG=True)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="email address of the account")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError(
                "totp_code läuft nur mit DEBUG=True (Entwicklung). Auf echten Installationen kommt der Code "
                "ausschließlich aus der Authenticator-App des Mitglieds."
            )
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Kein Konto mit der E-Mail-Adresse {email}.")
        code = current_totp_code(user)
        if code is None:
            raise CommandError(f"{email} hat keine Authenticator-App eingerichtet.")
        self.stdout.write(code)
