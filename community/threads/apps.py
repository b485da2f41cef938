from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The pages that get a discussion, by label: knowledge/ and the calls app are never imported from here.
DISCUSSED_PAGES = ("practice.BestPracticePage", "practice.FailureStoryPage", "calls.CommunityCallPage")


class ThreadsConfig(AppConfig):
    name = "community.threads"
    label = "threads"
    verbose_name = _("Discussion threads")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_published, page_unpublished

        from community.members import privacy
        from community.members.follow import register_followable
        from home.page_extras import register_page_extra

        from . import privacy as thread_privacy
        from .admin_views import ModeratorsOnlyPolicy
        from .models import Flag, ModerationEntry, Thread
        from .section import render_section
        from .targets import register_thread_target

        for label in DISCUSSED_PAGES:
            register_thread_target(label)
            # A deleted page takes its discussion with it (the sender may be a lazy "app_label.Model").
            post_delete.connect(
                _delete_thread_of, sender=label, weak=False, dispatch_uid=f"threads-target-deleted-{label}"
            )
        register_page_extra("discussion", DISCUSSED_PAGES, render_section, order=50)
        page_unpublished.connect(_close_live_pages, dispatch_uid="threads-page-unpublished")
        page_published.connect(_open_discussion, dispatch_uid="threads-page-published")
        for model in (Flag, ModerationEntry):
            # Before the admin viewsets ask, or Wagtail would create its model-permission default.
            register_permission_policy(model, ModeratorsOnlyPolicy(model))
        privacy.register("threads", export=thread_privacy.export, erase=thread_privacy.erase)
        register_followable(
            Thread,
            _("Discussions"),
            title=_thread_title,
            url=_thread_url,
            queryset=lambda model: model.objects.prefetch_related("target"),
            can_follow=_can_follow,
        )


def _delete_thread_of(sender, instance, **kwargs):
    from django.contrib.contenttypes.models import ContentType

    from .models import Thread

    content_type = ContentType.objects.get_for_model(sender)
    Thread.objects.filter(content_type=content_type, object_id=instance.pk).delete()


def _open_discussion(sender, instance, **kwargs):
    """A published page that gets a discussion has its thread from then on (empty until the first post), so
    readers of the empty discussion are connected and see the first post arrive live."""
    from . import cache, services
    from .targets import key_of

    if key_of(instance) is None:
        return
    if services.thread_for(instance) is None:
        cache.bump_thread(services.thread_for(instance, create=True))


def _close_live_pages(sender, instance, **kwargs):
    """Open pages of a discussion whose page was unpublished re-read their rights (and stop receiving)."""
    from .broadcast import Outbox, publish_sync
    from .models import Thread
    from .targets import content_type_of, key_of

    if key_of(instance) is None:
        return
    thread = Thread.objects.filter(content_type=content_type_of(instance), object_id=instance.pk).first()
    if thread is not None:
        outbox = Outbox()
        outbox.rights_changed(thread.pk)
        publish_sync(outbox)


def _thread_title(thread) -> str:
    from django.utils.translation import gettext

    from .targets import title_of

    target = thread.target
    return gettext("Discussion on “%(title)s”") % {"title": title_of(target) if target is not None else "–"}


def _thread_url(thread, request=None) -> str | None:
    from .targets import url_of

    target = thread.target
    return url_of(target, request) + "#diskussion" if target is not None else None


def _can_follow(user, thread) -> bool:
    from .targets import can_read

    target = thread.target
    return target is not None and can_read(user, target)
