"""Send the daily and weekly notification summaries that are due, and retry failed immediate emails.

Run it every hour from one scheduler (cron or a systemd timer) on one machine. It is idempotent: running it
twice, or after a missed hour, sends every summary once and every notification at most once.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from community.notifications.digests import send_due_digests


class Command(BaseCommand):
    help = "Send due daily/weekly notification summaries and retry immediate emails that failed (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Pretend it is this moment (ISO 8601, e.g. 2025-03-03T07:30+01:00); for tests and catch-up runs.",
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
        done = 0

        def progress(count: int) -> None:
            nonlocal done
            done += count
            if options["verbosity"] >= 2:
                self.stdout.write(f"  … {done} Mitglieder geprüft")

        report = send_due_digests(now=now, progress=progress)
        self.stdout.write(
            f"Zusammenfassungen: {report.summaries_sent} gesendet an {report.members_due} fällige Mitglieder; "
            f"nachgeholte Einzel-E-Mails: {report.retried_sent}."
        )
        if report.failed_members:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(report.failed_members)} E-Mails konnten nicht gesendet werden; "
                    "der nächste Lauf versucht es erneut."
                )
            )
