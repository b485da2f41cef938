"""Member submissions meet the community services: the member is told about each decision (in the site and by
email, through the notification service), and their submissions join the data export and account erasure.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from knowledge.submissions import signals as submission_signals

TITLES = {
    submission_signals.PUBLISHED: _("Your post “%(title)s” has been published"),
    submission_signals.CHANGES_REQUESTED: _("The editors ask for changes to “%(title)s”"),
    submission_signals.DECLINED: _("The editors have not accepted “%(title)s”"),
}
BODIES = {
    submission_signals.PUBLISHED: _("Thank you for sharing your experience with the other regions!"),
    submission_signals.CHANGES_REQUESTED: _(
        "Open the post under “My posts”, change it and submit it again. Everything you wrote is still there."
    ),
    submission_signals.DECLINED: _(
        "Your text and files are kept under “My posts”. If you have questions, reply to the editors."
    ),
}
COMMENT_INTRO = _("The editors write:")


def decision_message(submission, decision: str, comment: str = "") -> tuple[str, str]:
    """The notification's title and body, in German (the site's language), whatever language the deciding
    editor uses."""
    with translation.override(settings.LANGUAGE_CODE):
        title = str(TITLES[decision]) % {"title": submission.display_title}
        parts = []
        if comment.strip():
            parts.append(f"{COMMENT_INTRO}\n\n{comment.strip()}")
        parts.append(str(BODIES[decision]))
        return title, "\n\n".join(parts)


def on_submission_decided(sender, submission, decision, comment="", url="", actor=None, **kwargs):
    from community.notifications.api import NotificationKind, notify

    if decision not in TITLES:
        return
    title, body = decision_message(submission, decision, comment or "")
    notify(
        submission.author,
        NotificationKind.SUBMISSION_DECISION,
        title,
        body=body,
        url=url,
        actor=actor,
        target=submission,
    )


def connect() -> None:
    from community.members import privacy
    from knowledge.submissions.privacy import erase_submissions, export_submissions

    submission_signals.submission_decided.connect(
        on_submission_decided, dispatch_uid="integrations-submission-decided"
    )
    privacy.register("submissions", export=export_submissions, erase=erase_submissions)
