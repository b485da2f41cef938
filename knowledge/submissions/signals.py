"""Signals other apps listen to (knowledge/ does not know who tells the member; community/integrations does).

submission_decided
    Sent when the editors decide on a submission. Arguments:
    - submission: the Submission (its state already updated)
    - decision: "published", "changes_requested" or "declined"
    - comment: the editors' comment ("" when there is none)
    - url: a path on this site where the member sees the result (the post, or their submission)
    - actor: the editor who decided, or None
"""

from django.dispatch import Signal

PUBLISHED = "published"
CHANGES_REQUESTED = "changes_requested"
DECLINED = "declined"

submission_decided = Signal()
