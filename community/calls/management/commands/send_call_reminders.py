"""Send the due reminder emails of community calls (24 hours and 1 hour before). Meant to run every five
minutes, e.g. from cron (`*/5 * * * * … manage.py send_call_reminders`) or a systemd timer; each reminder goes
out once, however often or concurrently it runs."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from community.calls.reminders import send_due_reminders

LABELS = {"day": "24 Stunden vorher", "hour": "1 Stunde vorher"}


class Command(BaseCommand):
    help = "Send the due reminder emails of community calls (run every five minutes; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Pretend it is this moment (ISO 8601, e.g. 2026-03-03T09:10+01:00); for tests and catch-up runs.",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError as error:
                raise CommandError(f"--now: not an ISO 8601 time: {options['now']!r}") from error
            if timezone.is_naive(now):
                now = timezone.make_aware(now)

        def progress(kind, title, count):
            self.stdout.write(f"  {title}: {count} × {LABELS[kind.key]}")

        run = send_due_reminders(now=now, progress=progress)
        summary = f"Erinnerungen verschickt: {run.sent['day']} × 24 Stunden vorher, {run.sent['hour']} × 1 Stunde vorher"
        if run.skipped:
            summary += f"; {run.skipped} ohne E-Mail (abbestellt oder keine bestätigte Adresse)"
        self.stdout.write(self.style.SUCCESS(summary))
        if run.failed:
            self.stderr.write(
                self.style.WARNING(
                    f"{run.failed} Erinnerungen fehlgeschlagen; der nächste Lauf versucht es erneut."
                )
            )
