"""The signals search/ listens to (connected in SearchConfig.ready(); no content app imports search/).

Pages (every PageSource): page_published, page_unpublished, the deletion of a page row, post_page_move and a
slug change (the URLs of the whole subtree change), a view restriction added, changed or removed (the subtree).
Members: profile saved or deleted, its topics changed, the account changed (deactivated, erased).
Chat: message saved (not for reactions and pins) or deleted, a channel's kind, name or topics changed.
Threads: a post saved (not for reactions), deleted or emptied by an erasure (its discussion's document is
rebuilt), a thread deleted; discussions follow their page.
Topics: a tag renamed, deleted or merged into another (knowledge.topics.merge.tags_merging).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import indexing, sources
from .sources.pages import PageSource

# Message fields whose change does not touch its document.
_MESSAGE_META_FIELDS = frozenset({"reactions", "change", "pinned_at", "pinned_by"})
_USER_META_FIELDS = frozenset({"last_login", "password"})


def _page_sources() -> list[PageSource]:
    return [source for source in sources.all_sources() if isinstance(source, PageSource)]


def _source_for_page(page):
    page_class = type(page)
    for source in _page_sources():
        if source.handles(page_class):
            return source
    return None


def page_changed(sender, instance, **kwargs):
    page = instance
    source = _source_for_page(page)
    if source is not None:
        indexing.schedule(source.name, page.pk)
        if source.name == "region":
            _schedule_profiles(region_id=page.pk)
    _schedule_dependents([page.pk])


def _schedule_dependents(page_ids) -> None:
    """What depends on these pages (discussion posts under them) follows them."""
    for source in sources.all_sources():
        ids = source.ids_for_pages(page_ids)
        if ids:
            indexing.schedule(source.name, *ids)


def page_tree_changed(sender, instance, **kwargs):
    indexing.schedule_page_tree(instance.pk)


def page_deleted(sender, instance, **kwargs):
    for source in _page_sources():
        indexing.schedule_delete(source.name, instance.pk)


# --- Discussion threads -------------------------------------------------------------------------------------

# Post fields whose change does not touch its document.
_POST_META_FIELDS = frozenset({"reaction_counts", "change"})


def thread_post_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= _POST_META_FIELDS:
        return
    indexing.schedule("thread", instance.thread_id)


def thread_post_deleted(sender, instance, **kwargs):
    indexing.schedule("thread", instance.thread_id)


def thread_deleted(sender, instance, **kwargs):
    indexing.schedule_delete("thread", instance.pk)


def thread_posts_emptied(sender, post_ids=(), **kwargs):
    from community.threads.models import Post

    thread_ids = set(Post.objects.filter(pk__in=list(post_ids)).values_list("thread_id", flat=True))
    indexing.schedule("thread", *thread_ids)


def restriction_changed(sender, instance, **kwargs):
    if instance.page_id:
        indexing.schedule_page_tree(instance.page_id)


# --- Members ----------------------------------------------------------------------------------------------


def _schedule_profiles(**filters):
    from community.members.models import Profile

    pks = list(Profile.objects.filter(**filters).values_list("pk", flat=True))
    if pks:
        indexing.schedule("profile", *pks)


def profile_saved(sender, instance, **kwargs):
    indexing.schedule("profile", instance.pk)


def profile_deleted(sender, instance, **kwargs):
    indexing.schedule_delete("profile", instance.pk)


def profile_topics_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # from the tag's side: every profile concerned
        if pk_set:
            indexing.schedule("profile", *pk_set)
        return
    indexing.schedule("profile", instance.pk)


def user_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if created or (update_fields is not None and set(update_fields) <= _USER_META_FIELDS):
        return  # a login or a new password changes nothing a profile shows
    _schedule_profiles(user_id=instance.pk)


# --- Chat -------------------------------------------------------------------------------------------------


def message_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= _MESSAGE_META_FIELDS:
        return
    indexing.schedule("message", instance.pk)


def message_deleted(sender, instance, **kwargs):
    indexing.schedule_delete("message", instance.pk)


_CHANNEL_INDEXED_FIELDS = frozenset({"kind", "name", "bundeslaender"})


def channel_before_save(sender, instance, update_fields=None, **kwargs):
    instance._search_previous = None
    if not instance.pk or (update_fields is not None and not set(update_fields) & _CHANNEL_INDEXED_FIELDS):
        return  # new, or a save that cannot change what the messages' documents show (no query then)
    instance._search_previous = (
        sender.objects.filter(pk=instance.pk).values("kind", "name", "bundeslaender").first()
    )


def channel_saved(sender, instance, created=False, update_fields=None, **kwargs):
    previous = getattr(instance, "_search_previous", None)
    if created or previous is None:
        return
    current = {"kind": instance.kind, "name": instance.name, "bundeslaender": instance.bundeslaender}
    if any(previous.get(field) != value for field, value in current.items()):
        indexing.schedule_channel(instance.pk)


def channel_topics_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        for channel_id in pk_set or ():
            indexing.schedule_channel(channel_id)
    else:
        indexing.schedule_channel(instance.pk)


# --- Topics -----------------------------------------------------------------------------------------------


def tag_saved(sender, instance, created=False, **kwargs):
    if not created:
        indexing.schedule_tag(instance.pk)


def tag_before_delete(sender, instance, **kwargs):
    # The taggings go with the tag: note now who carries it, re-index them after the commit.
    for source in sources.all_sources():
        ids = source.ids_with_tags([instance.pk])
        if ids:
            indexing.schedule(source.name, *ids)


def tags_merged(sender, sources=None, target=None, dry_run=False, **kwargs):
    # Sent inside the merge, after the taggings moved to the target: re-index everything carrying it.
    if not dry_run and target is not None:
        indexing.schedule_tag(target.pk)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from taggit.models import Tag
    from wagtail.models import Page, PageViewRestriction

    from community.chat.models import Channel, Message
    from community.members.models import Profile
    from community.threads.models import Post, Thread
    from community.threads.signals import posts_emptied
    from knowledge.topics.merge import tags_merging

    page_published.connect(page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(page_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(page_tree_changed, dispatch_uid="search-page-moved")
    page_slug_changed.connect(page_tree_changed, dispatch_uid="search-page-slug")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="search-page-deleted")
    post_save.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-saved"
    )
    post_delete.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-del"
    )

    post_save.connect(profile_saved, sender=Profile, dispatch_uid="search-profile-saved")
    post_delete.connect(profile_deleted, sender=Profile, dispatch_uid="search-profile-deleted")
    m2m_changed.connect(
        profile_topics_changed, sender=Profile.topics.through, dispatch_uid="search-profile-topics"
    )
    post_save.connect(user_saved, sender=get_user_model(), dispatch_uid="search-user-saved")

    post_save.connect(message_saved, sender=Message, dispatch_uid="search-message-saved")
    post_delete.connect(message_deleted, sender=Message, dispatch_uid="search-message-deleted")
    pre_save.connect(channel_before_save, sender=Channel, dispatch_uid="search-channel-before-save")
    post_save.connect(channel_saved, sender=Channel, dispatch_uid="search-channel-saved")
    m2m_changed.connect(
        channel_topics_changed, sender=Channel.tags.through, dispatch_uid="search-channel-topics"
    )

    post_save.connect(thread_post_saved, sender=Post, dispatch_uid="search-thread-post-saved")
    post_delete.connect(thread_post_deleted, sender=Post, dispatch_uid="search-thread-post-deleted")
    post_delete.connect(thread_deleted, sender=Thread, dispatch_uid="search-thread-deleted")
    posts_emptied.connect(thread_posts_emptied, dispatch_uid="search-thread-posts-emptied")

    post_save.connect(tag_saved, sender=Tag, dispatch_uid="search-tag-saved")
    pre_delete.connect(tag_before_delete, sender=Tag, dispatch_uid="search-tag-before-delete")
    tags_merging.connect(tags_merged, dispatch_uid="search-tags-merged")

    for source in sources.all_sources():
        source.connect(indexing)
