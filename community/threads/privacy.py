"""Export and erasure of what the discussions store about a member (registered in apps.py).

Erasure with "keep my contributions": posts stay, shown as by "ehemaliges Mitglied" (the account row stays,
anonymised by the members app). Without: every post of the member is emptied the way a deletion works (the
place stays as "Beitrag gelöscht", so replies keep their context), with its earlier versions, and no longer
names its author. Reactions, last visits and flags the member made go in both cases; earlier versions the
member edited keep the text but not the editor.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import cache, targets
from .models import Flag, LastVisit, Post, PostReaction, PostRevision, Thread
from .signals import posts_emptied


def _iso(value):
    return value.isoformat() if value else None


def _thread_names(thread_ids) -> dict[int, dict]:
    names = {}
    for thread in Thread.objects.filter(pk__in=set(thread_ids)).prefetch_related("target"):
        target = thread.target
        names[thread.pk] = {
            "title": targets.title_of(target) if target is not None else None,
            "url": targets.url_of(target) if target is not None else None,
        }
    return names


def export(user) -> dict:
    posts = list(
        Post.objects.filter(author=user).prefetch_related("revisions").order_by("thread_id", "number")
    )
    reactions = list(
        PostReaction.objects.filter(user=user).select_related("post").order_by("created_at", "pk")
    )
    visits = list(LastVisit.objects.filter(user=user).order_by("thread_id"))
    names = _thread_names(
        [post.thread_id for post in posts]
        + [reaction.post.thread_id for reaction in reactions]
        + [visit.thread_id for visit in visits]
    )
    return {
        "posts": [
            {
                "discussion": names.get(post.thread_id),
                "number": post.number,
                "reply_to": post.reply_to_id,
                "text": post.body,
                "written_at": _iso(post.created_at),
                "edited_at": _iso(post.edited_at),
                "deleted_at": _iso(post.deleted_at),
                "hidden_at": _iso(post.hidden_at),
                "hidden_reason": post.hidden_reason,
                "earlier_versions": [
                    {"text": revision.body, "written_at": _iso(revision.written_at)}
                    for revision in post.revisions.all()
                ],
            }
            for post in posts
        ],
        "reactions": [
            {
                "discussion": names.get(reaction.post.thread_id),
                "number": reaction.post.number,
                "reaction": reaction.kind,
                "at": _iso(reaction.created_at),
            }
            for reaction in reactions
        ],
        "last_visits": [
            {
                "discussion": names.get(visit.thread_id),
                "seen_up_to": visit.last_seen_number,
                "at": _iso(visit.visited_at),
            }
            for visit in visits
        ],
        "flags": [
            {
                "reason": flag.reason,
                "note": flag.note,
                "flagged_at": _iso(flag.created_at),
                "status": flag.status,
            }
            for flag in Flag.objects.filter(reporter=user).order_by("created_at")
        ],
    }


def erase(user, keep_content: bool = True) -> None:
    from .services import recount_reactions

    with transaction.atomic():
        reacted = list(PostReaction.objects.filter(user=user).values_list("post_id", flat=True).distinct())
        PostReaction.objects.filter(user=user).delete()
        recount_reactions(reacted)
        LastVisit.objects.filter(user=user).delete()
        Flag.objects.filter(reporter=user).update(reporter=None, note="")
        PostRevision.objects.filter(editor=user).update(editor=None)
        touched = set(Post.objects.filter(pk__in=reacted).values_list("thread_id", flat=True))
        touched |= set(Post.objects.filter(author=user).values_list("thread_id", flat=True).distinct())
        if not keep_content:
            _empty_posts(user)
        for thread in Thread.objects.filter(pk__in=touched):
            cache.bump_thread(thread)


def _empty_posts(user) -> None:
    now = timezone.now()
    thread_ids = Post.objects.filter(author=user).order_by().values_list("thread_id", flat=True).distinct()
    for thread_id in list(thread_ids):
        ids = list(Post.objects.filter(thread_id=thread_id, author=user).values_list("pk", flat=True))
        PostRevision.objects.filter(post_id__in=ids).delete()
        PostReaction.objects.filter(post_id__in=ids).delete()
        # One new change number for all of them: pages that sync afterwards get the emptied state.
        Thread.objects.filter(pk=thread_id).update(last_change=F("last_change") + 1)
        change = Thread.objects.filter(pk=thread_id).values_list("last_change", flat=True).get()
        Post.objects.filter(pk__in=ids, deleted_at__isnull=True).update(deleted_at=now)
        posts_emptied.send(sender=Post, post_ids=ids)
        Post.objects.filter(pk__in=ids).update(
            body="", body_html="", mention_ids=[], reaction_counts={}, change=change, author=None
        )
