""" "Aus der Praxis": the live best-practice posts and Stories of Failure that share topics with a chapter.

One query: the posts carrying at least one of the chapter's tags, ranked by how many they share, then by how
recently they were published. Only `public_byline` is read for the author, so anonymous posts stay anonymous.
"""

from dataclasses import dataclass

from django.db.models import Count

from home.chrome import exclude_restricted, relative_url
from knowledge.practice.models import PracticeKind, PracticePage

RELATED_PRACTICE_LIMIT = 6


@dataclass(frozen=True)
class PracticeCard:
    title: str
    url: str
    summary: str
    kind: str
    kind_label: str
    byline: str
    shared_tags: int

    @property
    def is_failure_story(self) -> bool:
        return self.kind == PracticeKind.FAILURE


def related_practice(tag_ids, site, limit: int = RELATED_PRACTICE_LIMIT) -> list[PracticeCard]:
    tag_ids = list(tag_ids)
    if not tag_ids or site is None:
        return []
    posts = (
        exclude_restricted(PracticePage.objects.live().filter(tagged_items__tag_id__in=tag_ids))
        # Counted over the join the filter made: the number of the chapter's tags each post carries.
        .annotate(shared_tags=Count("tagged_items", distinct=True))
        .order_by("-shared_tags", "-first_published_at", "pk")
        .only("id", "path", "depth", "url_path", "title", "kind", "summary", "byline", "anonymous")[:limit]
    )
    labels = dict(PracticeKind.choices)
    cards = []
    for post in posts:
        url = relative_url(post, site)
        if not url:
            continue
        cards.append(
            PracticeCard(
                title=post.title,
                url=url,
                summary=post.summary,
                kind=post.kind,
                kind_label=str(labels.get(post.kind, "")),
                byline=post.public_byline,
                shared_tags=post.shared_tags,
            )
        )
    return cards
