"""Background work, run by the task backend in settings.TASKS (django-tasks).

With the default ImmediateBackend the task runs right after the notifying transaction commits. A project
that switches to a worker-based backend gets the sending off the request for free; whatever a failed or lost
task leaves pending is picked up by the hourly `send_notification_digests` run.
"""

from django_tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    from .emails import send_immediate

    return send_immediate(notification_ids)
