"""Delete old notifications: read ones after NOTIFICATION_RETENTION_DAYS, unread ones after twice as long.

Run it once a day or once a week from the scheduler; it is safe to run at any time.
"""

from django.core.management.base import BaseCommand

from community.notifications.inbox import prune


class Command(BaseCommand):
    help = "Delete old notifications (read: after NOTIFICATION_RETENTION_DAYS; unread: after twice as long)."

    def handle(self, *args, **options):
        deleted = prune()
        self.stdout.write(f"{deleted} alte Benachrichtigungen gelöscht.")
