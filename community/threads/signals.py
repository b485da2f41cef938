"""Signals the threads send for changes that bypass Model.save() (bulk updates), so that listeners such as the
search index (which content apps never import) can follow them."""

from django.dispatch import Signal

# Sent with `post_ids` after posts were emptied in bulk (a member's erasure), inside the transaction.
posts_emptied = Signal()
