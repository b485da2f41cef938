"""Posts of the discussion threads under practice posts and community calls.

A post is found by whoever may read its page: only posts under live pages without a view restriction are
indexed, for everyone ("public"). Deleted and hidden posts never are. Author names are left out (they follow
each member's profile visibility, which a public document cannot).
"""

from django.utils.translation import gettext_lazy as _

from home.text import plain_text
from search.engines.base import PUBLIC, IndexDocument

from . import Source

DOC_TYPE = "thread_post"


class ThreadPostSource(Source):
    name = "thread_post"
    model_label = "threads.Post"
    doc_types = {DOC_TYPE: (_("Discussion post"), _("Discussion posts"), 50)}

    def queryset(self):
        from community.threads.models import Post

        return (
            Post.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True)
            .select_related("thread")
            .order_by("pk")
        )

    def documents(self, post) -> list[IndexDocument]:
        if post.deleted_at is not None or post.hidden_at is not None:
            return []
        text = plain_text(post.body)
        if not text:
            return []
        page = _public_page(post.thread)
        if page is None:
            return []
        tags = sorted(page.tags.all(), key=lambda tag: tag.name.casefold()) if hasattr(page, "tags") else []
        return [
            IndexDocument(
                key=self.key(post.pk),
                doc_type=DOC_TYPE,
                object_model=self.object_model,
                object_id=post.pk,
                audiences=(PUBLIC,),
                title=str(_("Discussion: %(title)s") % {"title": page.title}),
                url=post.get_absolute_url(),
                body=text,
                tags=tuple(tag.name for tag in tags),
                tag_slugs=tuple(tag.slug for tag in tags),
                bundesland=getattr(page, "bundesland", "") or "",
                date=post.created_at,
            )
        ]

    def ids_for_pages(self, page_ids) -> list[int]:
        """Posts under these pages: they follow their page (published, unpublished, restricted, moved)."""
        from wagtail.models import Page

        from community.threads.models import Post

        page_ids = list(page_ids)
        if not page_ids:
            return []
        page_types = Page.objects.filter(pk__in=page_ids).values_list("content_type_id", flat=True).distinct()
        return list(
            Post.objects.filter(
                thread__content_type_id__in=list(page_types), thread__object_id__in=page_ids
            ).values_list("pk", flat=True)
        )

    def ids_with_tags(self, tag_ids: list[int]) -> list[int]:
        """Posts whose page carries one of these tags (their documents show the page's tags)."""
        from . import all_sources
        from .pages import PageSource

        page_ids = set()
        for source in all_sources():
            if isinstance(source, PageSource):
                page_ids.update(source.ids_with_tags(tag_ids))
        return self.ids_for_pages(page_ids)


def _public_page(thread):
    """The thread's page, specific, if it is live and has no view restriction (on it or an ancestor)."""
    from wagtail.models import Page

    from home.chrome import exclude_restricted

    page = (
        exclude_restricted(
            Page.objects.live().filter(pk=thread.object_id, content_type_id=thread.content_type_id)
        )
        .specific()
        .first()
    )
    return page
