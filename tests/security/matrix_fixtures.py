"""The fixture world of the authorization matrix and the accessibility sweep (tests/security/test_authz_matrix.py,
test_ws_matrix.py, test_accessibility.py).

One world per test module: the demo content (every page type, channels, calls, discussions, submissions,
notifications) plus a few objects whose owners and visibility the matrix must know exactly:

- member A ("mitglied", the demo member) with a profile whose fields are public, members-only and hidden,
  each carrying a marker string; a message in the open channel; a private channel whose only member is A;
  a registration for a call with a video link; a submission in review; a discussion post; a notification.
- member B (a fresh verified member): the "other member" who must never reach A's private things.
- "chanmod": a plain member who moderates the open channel (a channel moderator, not a site moderator).
- the demo moderator (role Moderation) and the demo editor (Redaktion, superuser), both with TOTP.

The roles log in once per world; each test gets a fresh client carrying the role's session cookie.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.management import call_command

ROLES = ("anonymous", "member", "other", "chanmod", "moderator", "editor")
PASSWORD = "Matrix-Passwort-fuer-Tests-2026"

# Marker strings: each one may appear only where its audience is allowed to see it.
PROFILE_PUBLIC = "Organisation-Oeffentlich-Q7X"
PROFILE_MEMBERS = "Bio-Nur-Mitglieder-Q7X"
PROFILE_HIDDEN = "Suche-Nur-Ich-Q7X"
PRIVATE_SEARCH_WORD = "Zebrastreifenplanung"
PRIVATE_MESSAGE = f"{PRIVATE_SEARCH_WORD} Vertrauliche-Kanalnachricht-Q7X"
PRIVATE_CHANNEL_NAME = "Matrix Vertraulich"
OPEN_MESSAGE = "Offene-Kanalnachricht-von-A-Q7X"
VIDEO_URL = "https://konferenz.netzwerkstatt.example/raum/matrix-q7x"
NOTIFICATION_TITLE = "Benachrichtigung-nur-fuer-A-Q7X"
SUBMISSION_TITLE = "Einreichung-von-A-Q7X"
THREAD_POST = "Diskussionsbeitrag-von-A-Q7X"
HIDDEN_POST = "Ausgeblendeter-Beitrag-Q7X"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> user (None for anonymous)
    sessions: dict = field(default_factory=dict)  # role -> session key
    ids: dict = field(default_factory=dict)  # name -> id, slug or path used to fill URL parameters

    def user(self, role):
        return self.users.get(role)


def _quiet():
    return open(os.devnull, "w")


def _verified_member(email: str, name: str, password: str = PASSWORD):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from community.members.models import Profile
    from community.members.roles import MEMBERS, add_to_role

    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=password, first_name=name
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name=f"{name} Beispiel", terms_accepted_at=user.date_joined)
    add_to_role(user, MEMBERS)
    return user


def build_world() -> World:
    """Create the world in the current database (inside whatever transaction the caller holds)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from community.calls.models import CommunityCallPage, Registration, RegistrationStatus
    from community.chat import posting
    from community.chat.models import Channel, ChannelKind, Membership, MembershipRole
    from community.members.mfa import ensure_demo_totp
    from community.members.roles import sync_roles
    from community.notifications.api import notify
    from community.notifications.models import Notification
    from community.threads import services as thread_services
    from community.threads.models import Post
    from knowledge.practice.models import BestPracticePage
    from knowledge.submissions.models import Submission, SubmissionState

    call_command("load_demo_content", quiet_credentials=True, stdout=_quiet())
    sync_roles()  # a database flushed by an earlier transactional test lost the groups' page permissions

    users = get_user_model().objects
    world = World()
    member = users.get(email="mitglied@netzwerkstatt.example")
    moderator = users.get(email="moderation@netzwerkstatt.example")
    editor = users.get(email="redaktion@netzwerkstatt.example")
    for user in (member, moderator, editor):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    other = _verified_member("bruno.beispiel@example.org", "Bruno")
    chanmod = _verified_member("clara.kanal@example.org", "Clara")
    world.users = {
        "anonymous": None,
        "member": member,
        "chanmod": chanmod,
        "other": other,
        "moderator": moderator,
        "editor": editor,
    }
    for user in (moderator, editor):
        ensure_demo_totp(user)

    profile = member.profile
    profile.organisation = PROFILE_PUBLIC
    profile.bio = PROFILE_MEMBERS
    profile.looking_for = PROFILE_HIDDEN
    profile.visibility = {
        **(profile.visibility or {}),
        "display_name": "public",
        "organisation": "public",
        "bio": "members",
        "looking_for": "hidden",
    }
    profile.save()

    # Chat: A's message in the open channel, and a private channel with A as its only member.
    open_channel = Channel.objects.get(slug="allgemein")
    Membership.objects.update_or_create(
        channel=open_channel, user=chanmod, defaults={"role": MembershipRole.MODERATOR, "joined": True}
    )
    open_message = posting.post_message(member, open_channel, OPEN_MESSAGE, uuid.uuid4().hex).message
    other_message = posting.post_message(other, open_channel, "Nachricht von Bruno", uuid.uuid4().hex).message
    private = Channel.objects.create(
        slug="matrix-vertraulich", name=PRIVATE_CHANNEL_NAME, kind=ChannelKind.PRIVATE, description="Nur A."
    )
    Membership.objects.create(channel=private, user=member, role=MembershipRole.MEMBER)
    private_message = posting.post_message(member, private, PRIVATE_MESSAGE, uuid.uuid4().hex).message
    announcements = Channel.objects.get(kind=ChannelKind.ANNOUNCEMENTS)
    announcement = announcements.messages.order_by("-seq").first()

    # A call in the future with a video link, A registered, B not.
    call = (
        CommunityCallPage.objects.live()
        .filter(start_at__gt=timezone.now() + timedelta(hours=2))
        .order_by("start_at")
        .first()
    )
    call.video_url = VIDEO_URL
    call.save_revision().publish()
    call.refresh_from_db()
    Registration.objects.filter(call=call, user__in=[member, other]).delete()
    from community.calls import registration

    registration.register(member, call)
    assert Registration.objects.get(call=call, user=member).status == RegistrationStatus.REGISTERED

    # Discussions: A's post under a best-practice post, and a hidden post (the demo has one).
    practice = BestPracticePage.objects.live().order_by("pk").first()
    thread_post = thread_services.post(member, practice, THREAD_POST, uuid.uuid4().hex).post
    hidden = Post.objects.filter(hidden_at__isnull=False).select_related("thread").first()

    # A's notification, submission in review and draft page.
    notify(member, Notification._meta.get_field("kind").choices[0][0], NOTIFICATION_TITLE, url="/")
    notification = Notification.objects.filter(recipient=member, title=NOTIFICATION_TITLE).get()
    submission = Submission.objects.filter(author=member).order_by("pk").first()
    document = _private_upload(member, submission)
    in_review = Submission.objects.filter(state=SubmissionState.IN_REVIEW, page__isnull=False).first()
    draft_page = in_review.page.specific

    from community.regions.models import RegionPage
    from knowledge.guide.models import GuideChapterPage

    region = RegionPage.objects.live().order_by("pk").first()
    chapter = GuideChapterPage.objects.live().order_by("pk").first()

    from community.chat.models import Report
    from community.threads.models import Flag

    report = Report.objects.order_by("pk").first()
    flag = Flag.objects.order_by("pk").first()
    from community.chat.models import ModerationAction  # noqa: F401 - the log exists in the demo
    from community.regions.models import RegionChangeProposal

    proposal = RegionChangeProposal.objects.order_by("pk").first()
    from taggit.models import Tag

    tag = Tag.objects.filter(slug="netzwerkaufbau").first() or Tag.objects.order_by("pk").first()

    world.ids = {
        "member_id": member.pk,
        "other_id": other.pk,
        "open_slug": open_channel.slug,
        "open_seq": open_message.seq,
        "other_seq": other_message.seq,
        "private_slug": private.slug,
        "private_seq": private_message.seq,
        "announce_slug": announcements.slug,
        "announce_seq": announcement.seq,
        "call_id": call.pk,
        "call_url": call.url,
        "practice_id": practice.pk,
        "practice_url": practice.url,
        "thread_id": thread_post.thread_id,
        "post_id": thread_post.pk,
        "hidden_post_id": hidden.pk,
        "hidden_post_body": hidden.body,
        "hidden_thread_id": hidden.thread_id,
        "notification_id": notification.pk,
        "submission_id": submission.pk,
        "submission_title": submission.title,
        "private_document_url": document.url,
        "draft_page_id": draft_page.pk,
        "draft_url": draft_page.get_url(),
        "region_url": region.url,
        "chapter_id": chapter.pk,
        "report_id": report.pk if report else 0,
        "flag_id": flag.pk if flag else 0,
        "proposal_id": proposal.pk if proposal else 0,
        "tag_id": tag.pk,
        "tag_slug": tag.slug,
    }
    world.sessions = log_in_roles(world)
    return world


def _private_upload(member, submission):
    """A document A uploaded with a submission: in the private collection until the editors approve it."""
    from knowledge.submissions.models import SubmissionDocument
    from knowledge.submissions.uploads import private_collection, store_document

    content = b"%PDF-1.4\n% Netzwerkstatt matrix\n%%EOF\n"
    document = store_document(
        content, original_name="plan.pdf", title="Plan von A", user=member, collection=private_collection()
    )
    SubmissionDocument.objects.create(submission=submission, document=document, original_name="plan.pdf")
    return document


def log_in_roles(world: World) -> dict:
    """One session per role. The editor and the moderator log in through the real pages with password and TOTP
    (the admin requires the second factor); members are logged in directly."""
    from django.test import Client

    from community.members.mfa import current_totp_code

    sessions = {}
    for role, user in world.users.items():
        if user is None:
            continue
        client = Client()
        if role in ("editor", "moderator"):
            response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
            assert response.status_code == 302 and "/konto/2fa/authenticate/" in response["Location"], (
                response
            )
            response = client.post("/konto/2fa/authenticate/", {"code": current_totp_code(user)})
            assert response.status_code == 302, response.content[:500]
        else:
            client.force_login(user)
        sessions[role] = client.cookies["sessionid"].value
    return sessions


def client_for(world: World, role: str):
    from django.test import Client

    client = Client()
    if role != "anonymous":
        client.cookies["sessionid"] = world.sessions[role]
    return client


@pytest.fixture(scope="module")
def rolled_back_world(django_db_setup, django_db_blocker):
    """The world inside one transaction that is rolled back after the module; each test runs in a savepoint
    inside it (the `db` fixture), so what one test changes never reaches the next."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# Modules using committed_world carry this marker: pytest-django sets up the test database only for modules
# whose tests are marked; each test's own transaction stays empty.
COMMITTED_WORLD_MARK = pytest.mark.django_db


@pytest.fixture(scope="module")
def committed_world(django_db_setup, django_db_blocker):
    """The world committed, for code that reads the database from other threads (WebSocket consumers, the live
    server). Flushed afterwards, exactly as after the suite's transactional tests (post_migrate runs again, so
    the permissions and role groups come back; fixtures that need a page tree create their root themselves)."""
    with django_db_blocker.unblock():
        try:
            yield build_world()
        finally:
            call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
            _empty_search_tables()


def _empty_search_tables():
    """flush empties the models' tables only; PostgreSQL's search tables (search/migrations) hold the world's
    documents until emptied here, and later tests would find them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document")
            cursor.execute("DELETE FROM search_term")
            cursor.execute("DELETE FROM search_tag")


@pytest.fixture(scope="module")
def world_live_server(committed_world):
    """The full ASGI application on a free port for the whole module, serving the committed world (the suite's
    live_site is per test and needs a transactional database, which would flush the world after each test)."""
    from tests.browser.conftest import serve_application

    with serve_application("uvicorn-matrix-server") as server:
        yield server
