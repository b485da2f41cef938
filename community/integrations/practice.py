"""Practice posts in the community: followers hear of new posts, region pages list their region's posts.

Anonymity: for an anonymous post the notification names no actor and its title and body hold nothing about
the author (only the post's title and summary); the author is excluded from the recipients either way, so
being notified of one's own post cannot give it away.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from knowledge.practice.models import BestPracticePage, FailureStoryPage, PracticeKind
from knowledge.practice.sections import region_posts

FOLLOW_KIND = "followed_content"
TITLES = {
    PracticeKind.BEST_PRACTICE: _("New best practice: %(title)s"),
    PracticeKind.FAILURE: _("New Story of Failure: %(title)s"),
}


def is_first_publication(page) -> bool:
    return page.first_published_at is not None and page.first_published_at == page.last_published_at


def announce_post(sender, instance, revision=None, **kwargs) -> None:
    """On a post's first publication, tell the followers of its topics and of its region."""
    page = instance
    if not page.live or not is_first_publication(page):  # scheduled for later, or an update
        return
    from community.notifications.api import notify_followers

    targets = list(page.tags.all())
    if page.region_id:
        targets.append(page.region)
    if not targets:
        return
    author = None if page.anonymous else page.author
    # Whoever saved the published revision (the author of a submission, or an editor publishing their own
    # edit) knows of the post already.
    revision_user = getattr(revision, "user", None) if revision is not None else None
    excluded = [user for user in (page.author, revision_user) if user is not None]
    with translation.override(settings.LANGUAGE_CODE):  # German, whichever language the editor browses in
        title = str(TITLES[page.kind]) % {"title": page.title}
    notify_followers(
        targets,
        FOLLOW_KIND,
        title,
        body=page.summary,
        url=page.get_url() or page.url_path,
        actor=author,
        exclude=excluded,
    )


def best_practice_section(region, request):
    return region_posts(region, request, PracticeKind.BEST_PRACTICE)


def failure_stories_section(region, request):
    return region_posts(region, request, PracticeKind.FAILURE)


def connect() -> None:
    from community.regions.sections import region_sections

    for model in (BestPracticePage, FailureStoryPage):
        page_published.connect(
            announce_post, sender=model, dispatch_uid=f"practice-announce-{model.__name__}"
        )
    region_sections.provide("best_practice", best_practice_section)
    region_sections.provide("stories_of_failure", failure_stories_section)
