"""Reading a discussion: one page of it (20 top-level posts with all their replies), and what a page missed
since a change number. Each costs one query, however long the discussion."""

from dataclasses import dataclass

from django.db.models import Q

from .models import POSTS_PER_PAGE, Post, Thread

SYNC_BATCH = 200


def posts_of(thread: Thread):
    return Post.objects.filter(thread=thread).select_related("author__profile", "reply_to__author__profile")


def clamp_page(thread: Thread | None, number) -> int:
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    last = thread.page_count if thread is not None else 1
    return min(max(1, number), last)


@dataclass
class Item:
    post: Post
    replies: list


def page_posts(thread: Thread, page: int) -> list[Item]:
    """The top-level posts of page `page` in order, each with its replies in order (one query: the page's
    top-level posts are a subquery)."""
    start = (page - 1) * POSTS_PER_PAGE
    top_ids = (
        Post.objects.filter(thread=thread, parent__isnull=True)
        .order_by("number")
        .values("pk")[start : start + POSTS_PER_PAGE]
    )
    rows = list(posts_of(thread).filter(Q(pk__in=top_ids) | Q(parent_id__in=top_ids)).order_by("number"))
    items: dict[int, Item] = {}
    for post in rows:
        if post.parent_id is None:
            items[post.pk] = Item(post=post, replies=[])
    for post in rows:
        if post.parent_id is not None and post.parent_id in items:
            items[post.parent_id].replies.append(post)
    return list(items.values())


@dataclass
class SyncBatch:
    posts: list  # in number order
    cursor: int  # every change up to here is in this batch or was before
    complete: bool
    locked: bool
    lock_reason: str
    last_number: int


def changes_after(thread: Thread, after: int, limit: int = SYNC_BATCH) -> SyncBatch:
    """The current state of every post changed after change number `after`.

    The thread's counters are read first: every change up to them is committed (numbers are handed out under
    the thread lock and committed with the change), so a complete batch covers everything up to the counter.
    Posts changed meanwhile come along with their newer state; applying a post's state twice does no harm.
    """
    state = (
        Thread.objects.filter(pk=thread.pk)
        .values_list("last_change", "locked", "lock_reason", "last_number")
        .first()
    ) or (0, False, "", 0)
    last_change, locked, lock_reason, last_number = state
    rows = list(posts_of(thread).filter(change__gt=after).order_by("change")[: limit + 1])
    complete = len(rows) <= limit
    rows = rows[:limit]
    cursor = rows[-1].change if not complete else max(last_change, after)
    return SyncBatch(
        posts=sorted(rows, key=lambda post: post.number),
        cursor=cursor,
        complete=complete,
        locked=locked,
        lock_reason=lock_reason,
        last_number=last_number,
    )
