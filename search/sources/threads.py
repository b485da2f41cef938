"""The discussion threads under practice posts and community calls: one document per discussion.

One document holds the text of every visible post, so a search finds what was written and the hit leads to the
discussion, instead of listing each post of a lively discussion as a result of its own (the page's title in
every post's title would push them all above the page itself). A discussion is found by whoever may read its
page: only discussions under live pages without a view restriction are indexed, for everyone ("public").
Deleted and hidden posts never are. Author names are left out (they follow each member's profile visibility,
which a public document cannot).
"""

from django.utils.translation import gettext_lazy as _

from home.text import plain_text
from search.engines.base import PUBLIC, IndexDocument

from . import Source

DOC_TYPE = "discussion"


class ThreadSource(Source):
    name = "thread"
    model_label = "threads.Thread"
    doc_types = {DOC_TYPE: (_("Discussion"), _("Discussions"), 50)}

    def queryset(self):
        from community.threads.models import Thread

        return Thread.objects.filter(last_number__gt=0).order_by("pk")

    def documents(self, thread) -> list[IndexDocument]:
        from community.threads.models import Post

        page = _public_page(thread)
        if page is None:
            return []
        posts = Post.objects.filter(thread=thread, deleted_at__isnull=True, hidden_at__isnull=True).order_by(
            "number"
        )
        texts = [text for text in (plain_text(post.body) for post in posts.only("body")) if text]
        if not texts:
            return []
        tags = sorted(page.tags.all(), key=lambda tag: tag.name.casefold()) if hasattr(page, "tags") else []
        url = page.get_url() or page.url_path
        return [
            IndexDocument(
                key=self.key(thread.pk),
                doc_type=DOC_TYPE,
                object_model=self.object_model,
                object_id=thread.pk,
                audiences=(PUBLIC,),
                title=str(_("Discussion: %(title)s") % {"title": page.title}),
                url=f"{url}#diskussion",
                body="\n".join(texts),
                tags=tuple(tag.name for tag in tags),
                tag_slugs=tuple(tag.slug for tag in tags),
                bundesland=getattr(page, "bundesland", "") or "",
                date=thread.last_post_at,
            )
        ]

    def ids_for_pages(self, page_ids) -> list[int]:
        """Discussions under these pages: they follow their page (published, unpublished, restricted, moved)."""
        from wagtail.models import Page

        from community.threads.models import Thread

        page_ids = list(page_ids)
        if not page_ids:
            return []
        page_types = Page.objects.filter(pk__in=page_ids).values_list("content_type_id", flat=True).distinct()
        return list(
            Thread.objects.filter(content_type_id__in=list(page_types), object_id__in=page_ids).values_list(
                "pk", flat=True
            )
        )

    def ids_with_tags(self, tag_ids: list[int]) -> list[int]:
        """Discussions whose page carries one of these tags (their documents show the page's tags)."""
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

    pages = Page.objects.live().filter(pk=thread.object_id, content_type_id=thread.content_type_id)
    return exclude_restricted(pages).specific().first()
