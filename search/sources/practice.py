"""Best-practice posts and Stories of Failure.

Anonymity: the only author information indexed is `public_byline` (empty for anonymous posts). Never `author`,
never `byline` directly, never the page owner (a submitted post has the member as its Wagtail owner).
"""

from django.utils.translation import gettext_lazy as _

from search.engines.base import PUBLIC, IndexDocument

from .pages import PageSource, join, stream_text

BEST_PRACTICE = "best_practice"
FAILURE_STORY = "failure_story"


class PracticeSource(PageSource):
    name = "practice"
    model_label = "practice.PracticePage"
    doc_types = {
        BEST_PRACTICE: (_("Best practice"), _("Best practice"), 20),
        FAILURE_STORY: (_("Story of Failure"), _("Stories of Failure"), 21),
    }

    def queryset(self):
        return (
            super()
            .queryset()
            .select_related("bestpracticepage", "failurestorypage", "region")
            .prefetch_related("tags")
        )

    def documents(self, post) -> list[IndexDocument]:
        from knowledge.practice.models import specific_post

        specific = specific_post(post)
        if specific is None:
            return []
        region = post.region.title if post.region_id and post.region and post.region.live else ""
        if specific.is_failure_story:
            doc_type = FAILURE_STORY
            details = join(
                specific.goal,
                specific.what_went_wrong,
                specific.lessons_learned,
                specific.do_differently,
                specific.who_benefits,
            )
        else:
            doc_type = BEST_PRACTICE
            details = join(
                specific.partners,
                specific.resources,
                specific.transfer_conditions,
                specific.contact,
            )
        tags, slugs = self.tags(post)
        return [
            IndexDocument(
                key=self.key(post.pk),
                doc_type=doc_type,
                object_model=self.object_model,
                object_id=post.pk,
                audiences=(PUBLIC,),
                title=post.title,
                url=self.url(post),
                summary=post.summary,
                body=join(
                    details,
                    stream_text(post.body),
                    ", ".join(specific.stage_labels),
                    ", ".join(specific.target_group_labels),
                    region,
                    specific.public_byline,  # empty for anonymous posts: the author is never indexed
                ),
                tags=tags,
                tag_slugs=slugs,
                bundesland=post.bundesland or "",
                date=post.first_published_at,
            )
        ]
