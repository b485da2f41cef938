"""Background work, run by the task backend in settings.TASKS (django-tasks).

`send_call_reminders` does what the management command of the same name does; a project with a worker-based
backend and a scheduler can enqueue it every five minutes instead of running the command from cron.
"""

from django_tasks import task


@task()
def send_call_reminders() -> dict:
    from .reminders import send_due_reminders

    run = send_due_reminders()
    return {"sent": run.sent, "skipped": run.skipped, "failed": run.failed}
