"""Authorization matrix over HTTP (issue #8): every URL of the project and every page route, for anonymous
visitors, member A, another member B, a moderator and an editor; GET and each POST action. Only what each role
may see or do succeeds.

How to read a test id: `test_http_matrix[<role>-<METHOD>-<path template>-<note>]`. The outcome of a request is
classified (`ok`: 2xx or a redirect to where the action leads; `login`: a redirect to the login page; `refused`:
the admin's redirect of a member to the home page; or the status code: `401`, `403`, `404`, `400`, `405`) and
compared with the outcomes the matrix allows for that role. Requests run with Django's test client, which skips
CSRF checks, so what is checked is the permission, not the token.

`test_every_url_pattern_is_in_the_matrix` fails when a URL pattern appears that the matrix does not list (or
that is skipped without a reason), and `test_every_page_route_is_in_the_matrix` does the same for page types and
the sub-routes of routable pages.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from .matrix_fixtures import (
    HIDDEN_POST,
    NOTIFICATION_TITLE,
    OPEN_MESSAGE,
    PRIVATE_CHANNEL_NAME,
    PRIVATE_MESSAGE,
    PRIVATE_SEARCH_WORD,
    PROFILE_HIDDEN,
    PROFILE_MEMBERS,
    PROFILE_PUBLIC,
    ROLES,
    VIDEO_URL,
    client_for,
    rolled_back_world,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db

# --- Outcomes -------------------------------------------------------------------------------------------------

OK = frozenset({"ok"})
INVALID = frozenset({"400"})  # the permission check passed; the (deliberately empty) form did not
DENIED_ANON = frozenset({"login", "401", "403", "404"})
DENIED = frozenset({"403", "404", "login", "refused", "no-effect"})
NOT_FOUND = frozenset({"404"})
STAFF = ("moderator", "editor")
# Who moderates the open channel: the site's moderators and editors, and its own channel moderator.
OPEN_MODERATORS = ("chanmod", *STAFF)


def classify(path: str, response) -> str:
    status = response.status_code
    if 300 <= status < 400:
        target = urlsplit(response["Location"]).path
        if target.startswith(("/konto/login/", "/admin/login/", "/django-admin/login/", "/_util/login/")):
            return "login"
        if target.startswith("/konto/2fa/totp/activate/"):
            return "mfa-setup"
        if path.startswith(("/admin/", "/django-admin/")) and target == "/":
            return "refused"  # community.members.mfa: members without admin rights are sent home
        if path.startswith("/admin/") and path != "/admin/" and target == "/admin/":
            return "refused"  # Wagtail: no permission for this admin view, back to the dashboard
        return "ok"
    if 200 <= status < 300:
        return "ok"
    return str(status)


def expect(
    anonymous=DENIED_ANON, member=DENIED, other=DENIED, chanmod=DENIED, moderator=DENIED, editor=DENIED
) -> dict:
    return {
        "anonymous": anonymous,
        "member": member,
        "chanmod": chanmod,
        "other": other,
        "moderator": moderator,
        "editor": editor,
    }


def everyone() -> dict:
    return dict.fromkeys(ROLES, OK)


def logged_in() -> dict:
    return expect(member=OK, other=OK, chanmod=OK, moderator=OK, editor=OK)


def only(*roles: str) -> dict:
    result = expect()
    for role in roles:
        result[role] = OK
    return result


def _with(expected: dict, outcome: frozenset) -> dict:
    """The roles allowed by `expected` get `outcome` instead of "ok" (say, a 400 for an empty form)."""
    return {role: (outcome if allowed == OK else allowed) for role, allowed in expected.items()}


def _without_totp_404() -> dict:
    return expect(member=NOT_FOUND, other=NOT_FOUND, chanmod=NOT_FOUND, moderator=OK, editor=OK)


def nobody(outcome=NOT_FOUND) -> dict:
    return dict.fromkeys(ROLES, outcome)


@dataclass(frozen=True)
class Case:
    name: str  # URL pattern name ("namespace:name") or page route ("page:<Model>[:<route>]")
    method: str
    path: str  # a template filled from World.ids
    expected: dict
    note: str = ""
    data: dict = field(default_factory=dict)
    # For actions that answer a refusal with a redirect and a message (the chat's no-JavaScript forms): a probe
    # of the state the action changes, probe(ids, user) -> value. "ok" needs the value to have changed;
    # otherwise the outcome is "no-effect".
    probe: object = None

    def label(self) -> str:
        return f"{self.method}-{self.path}" + (f"-{self.note}" if self.note else "")


def _uid() -> str:
    return uuid.uuid4().hex


# --- The matrix -------------------------------------------------------------------------------------------------
# Paths are templates: {name} is filled from World.ids (see matrix_fixtures.build_world).


def _message_state(slug_key: str, seq_key: str):
    def probe(ids, user):
        from community.chat.models import Message

        message = Message.objects.get(channel__slug=ids[slug_key], seq=ids[seq_key])
        return message.change, message.deleted_at, message.pinned_at, message.edited_at

    return probe


def _channel_state(slug_key: str):
    def probe(ids, user):
        from community.chat.models import Channel, Report

        channel = Channel.objects.get(slug=ids[slug_key])
        return channel.last_seq, channel.locked, Report.objects.filter(message__channel=channel).count()

    return probe


def _membership(slug_key: str):
    def probe(ids, user):
        from community.chat.models import Membership

        return Membership.objects.filter(channel__slug=ids[slug_key], user=user).values_list("joined").first()

    return probe


def _post_state(post_key: str):
    def probe(ids, user):
        from community.threads.models import Post

        post = Post.objects.select_related("thread").get(pk=ids[post_key])
        return post.change, post.hidden_at, post.thread.locked, post.thread.last_number

    return probe


def _follows(ids, user):
    from community.members.models import Follow

    return Follow.objects.filter(user=user).count() if user else 0


PRACTICE_TARGET = {"target_type": "practice.bestpracticepage", "target_id": "{practice_id}"}

CASES: list[Case] = [
    # Site shell
    Case("healthz", "GET", "/healthz", everyone()),
    Case("set_language", "POST", "/i18n/setlang/", everyone(), data={"language": "de", "next": "/"}),
    Case("tag_autocomplete", "GET", "/api/tags/?q=netz", everyone(), "tags-are-public"),
    # Own account (/konto/): logged-in only, always the requester's own data
    Case("accounts:overview", "GET", "/konto/", logged_in()),
    Case("accounts:privacy", "GET", "/konto/daten/", logged_in()),
    Case("accounts:export", "GET", "/konto/daten/export/", logged_in(), note="own"),
    Case("accounts:delete", "GET", "/konto/daten/loeschen/", logged_in()),
    Case(
        "accounts:delete", "POST", "/konto/daten/loeschen/", _with(logged_in(), INVALID), note="unconfirmed"
    ),
    Case("accounts:deleted", "GET", "/konto/geloescht/", everyone()),
    # allauth: public forms, and the logged-in account pages
    Case("account_login", "GET", "/konto/login/", everyone()),
    Case("account_logout", "GET", "/konto/logout/", everyone()),
    Case("account_inactive", "GET", "/konto/inactive/", everyone()),
    Case("account_signup", "GET", "/konto/signup/", everyone()),
    Case("account_reauthenticate", "GET", "/konto/reauthenticate/", logged_in()),
    Case("account_email", "GET", "/konto/email/", logged_in()),
    Case("account_email_verification_sent", "GET", "/konto/confirm-email/", everyone()),
    Case("account_change_password", "GET", "/konto/password/change/", logged_in()),
    Case("account_set_password", "GET", "/konto/password/set/", logged_in()),
    Case("account_reset_password", "GET", "/konto/password/reset/", everyone()),
    Case("account_reset_password_done", "GET", "/konto/password/reset/done/", everyone()),
    Case(
        "account_reset_password_from_key", "GET", "/konto/password/reset/key/1-falsch/", everyone(), "bad-key"
    ),
    Case("account_reset_password_from_key_done", "GET", "/konto/password/reset/key/done/", everyone()),
    Case("account_confirm_email", "GET", "/konto/confirm-email/falscher-schluessel/", everyone(), "bad-key"),
    Case("account_request_login_code", "GET", "/konto/login/code/", everyone()),
    Case(
        "account_confirm_login_code",
        "GET",
        "/konto/login/code/confirm/",
        {**everyone(), "anonymous": frozenset({"login"})},
        "no-pending-login",
    ),
    Case("mfa_index", "GET", "/konto/2fa/", logged_in()),
    Case(
        "mfa_authenticate",
        "GET",
        "/konto/2fa/authenticate/",
        {**everyone(), "anonymous": frozenset({"login"})},
        "no-pending-login",
    ),
    Case("mfa_reauthenticate", "GET", "/konto/2fa/reauthenticate/", logged_in()),
    Case("mfa_activate_totp", "GET", "/konto/2fa/totp/activate/", logged_in()),
    # Without an authenticator (members B and A here) there is nothing to deactivate or view: 404.
    Case("mfa_deactivate_totp", "GET", "/konto/2fa/totp/deactivate/", _without_totp_404()),
    Case("mfa_view_recovery_codes", "GET", "/konto/2fa/recovery-codes/", _without_totp_404()),
    Case("mfa_generate_recovery_codes", "GET", "/konto/2fa/recovery-codes/generate/", logged_in()),
    Case("mfa_download_recovery_codes", "GET", "/konto/2fa/recovery-codes/download/", _without_totp_404()),
    # Members: profiles, directory, following
    Case("members:directory", "GET", "/mitglieder/", logged_in()),
    Case("members:profile", "GET", "/mitglieder/{member_id}/", everyone(), "public-display-name"),
    Case("members:profile", "GET", "/mitglieder/{other_id}/", logged_in(), "members-only-display-name"),
    Case("members:profile_edit", "GET", "/konto/profil/", logged_in()),
    Case("members:profile_edit", "POST", "/konto/profil/", _with(logged_in(), INVALID), "empty-form"),
    Case("members:profile_preview", "GET", "/konto/profil/vorschau/?als=alle", logged_in()),
    Case("members:subscriptions", "GET", "/konto/abos/", logged_in()),
    Case(
        "members:follow",
        "POST",
        "/folgen/",
        logged_in(),
        "open-channel",
        data={"type": "chat.channel", "id": "{open_channel_id}", "operation": "follow"},
        probe=_follows,
    ),
    Case(
        "members:follow",
        "POST",
        "/folgen/",
        only("member", "moderator", "editor"),
        "private-channel",
        data={"type": "chat.channel", "id": "{private_channel_id}", "operation": "follow"},
        probe=_follows,
    ),
    Case("members:api_directory", "GET", "/api/mitglieder/", logged_in()),
    Case("members:api_profile", "GET", "/api/mitglieder/{member_id}/", everyone(), "public-display-name"),
    Case(
        "members:api_profile", "GET", "/api/mitglieder/{other_id}/", logged_in(), "members-only-display-name"
    ),
    # Notifications: A's notification is A's alone
    Case("notifications:list", "GET", "/benachrichtigungen/", logged_in()),
    Case("notifications:mark_all_read", "POST", "/benachrichtigungen/alle-gelesen/", logged_in()),
    Case("notifications:open", "GET", "/benachrichtigungen/{notification_id}/", only("member"), "of-A"),
    Case(
        "notifications:mark", "POST", "/benachrichtigungen/{notification_id}/status/", only("member"), "of-A"
    ),
    Case("notifications:preferences", "GET", "/konto/benachrichtigungen/", logged_in()),
    Case("notifications:preferences", "POST", "/konto/benachrichtigungen/", logged_in()),
    Case(
        "notifications:unsubscribe", "GET", "/abmelden/gefaelscht/", nobody(frozenset({"400"})), "bad-token"
    ),
    Case(
        "notifications:unsubscribe", "POST", "/abmelden/gefaelscht/", nobody(frozenset({"400"})), "bad-token"
    ),
    # Live channels: open, announcements, and a private channel whose only member is A
    Case("chat:list", "GET", "/kanaele/", logged_in()),
    Case("chat:channel", "GET", "/kanaele/{open_slug}/", logged_in(), "open"),
    Case("chat:channel", "GET", "/kanaele/{announce_slug}/", logged_in(), "announcements"),
    Case("chat:channel", "GET", "/kanaele/{private_slug}/", only("member", *STAFF), "private"),
    Case(
        "chat:post",
        "POST",
        "/kanaele/{open_slug}/senden/",
        logged_in(),
        "open",
        {"body": "Hallo", "client_id": ""},
        _channel_state("open_slug"),
    ),
    Case(
        "chat:post",
        "POST",
        "/kanaele/{announce_slug}/senden/",
        only(*STAFF),
        "announcements",
        {"body": "Hallo", "client_id": ""},
        _channel_state("announce_slug"),
    ),
    Case(
        "chat:post",
        "POST",
        "/kanaele/{private_slug}/senden/",
        only("member", *STAFF),
        "private",
        {"body": "Hallo", "client_id": ""},
        _channel_state("private_slug"),
    ),
    Case("chat:join", "POST", "/kanaele/{open_slug}/beitreten/", logged_in(), "open"),
    Case("chat:join", "POST", "/kanaele/{private_slug}/beitreten/", only("member", *STAFF), "private"),
    # Leaving is an action of channel members; for everyone else it changes nothing.
    Case(
        "chat:leave",
        "POST",
        "/kanaele/{open_slug}/verlassen/",
        _with(logged_in(), frozenset({"ok", "no-effect"})),
        "open",
        probe=_membership("open_slug"),
    ),
    Case(
        "chat:leave",
        "POST",
        "/kanaele/{private_slug}/verlassen/",
        only("member"),
        "private",
        probe=_membership("private_slug"),
    ),
    Case("chat:older", "GET", "/kanaele/{open_slug}/aeltere/?vor={open_seq}", logged_in(), "open"),
    Case("chat:older", "GET", "/kanaele/{private_slug}/aeltere/?vor=2", only("member", *STAFF), "private"),
    Case("chat:changes", "GET", "/kanaele/{open_slug}/aenderungen/?nach=0", logged_in(), "open"),
    Case(
        "chat:changes",
        "GET",
        "/kanaele/{private_slug}/aenderungen/?nach=0",
        only("member", *STAFF),
        "private",
    ),
    Case("chat:moderation", "GET", "/kanaele/{open_slug}/moderation/", only(*OPEN_MODERATORS), "open"),
    Case("chat:moderation", "GET", "/kanaele/{private_slug}/moderation/", only(*STAFF), "private"),
    Case(
        "chat:moderation",
        "POST",
        "/kanaele/{open_slug}/moderation/",
        only(*OPEN_MODERATORS),
        "lock",
        {"aktion": "sperren"},
        _channel_state("open_slug"),
    ),
    Case(
        "chat:edit",
        "GET",
        "/kanaele/{open_slug}/nachrichten/{open_seq}/bearbeiten/",
        only("member"),
        "own-by-A",
    ),
    Case(
        "chat:edit",
        "POST",
        "/kanaele/{open_slug}/nachrichten/{open_seq}/bearbeiten/",
        only("member"),
        "own-by-A",
        {"body": "Geändert"},
    ),
    Case(
        "chat:delete",
        "POST",
        "/kanaele/{open_slug}/nachrichten/{open_seq}/loeschen/",
        only("member", *OPEN_MODERATORS),
        "by-A",
        probe=_message_state("open_slug", "open_seq"),
    ),
    Case(
        "chat:delete",
        "POST",
        "/kanaele/{private_slug}/nachrichten/{private_seq}/loeschen/",
        only("member", *STAFF),
        "private-by-A",
        probe=_message_state("private_slug", "private_seq"),
    ),
    Case(
        "chat:react",
        "POST",
        "/kanaele/{open_slug}/nachrichten/{open_seq}/reaktion/",
        logged_in(),
        "open",
        {"emoji": "👍"},
        _message_state("open_slug", "open_seq"),
    ),
    Case(
        "chat:react",
        "POST",
        "/kanaele/{private_slug}/nachrichten/{private_seq}/reaktion/",
        only("member", *STAFF),
        "private",
        {"emoji": "👍"},
        _message_state("private_slug", "private_seq"),
    ),
    Case(
        "chat:pin",
        "POST",
        "/kanaele/{open_slug}/nachrichten/{open_seq}/anheften/",
        only(*OPEN_MODERATORS),
        "open",
        probe=_message_state("open_slug", "open_seq"),
    ),
    # A message's earlier versions are shown to everyone who reads the channel (as the "bearbeitet" mark is).
    Case(
        "chat:revisions", "GET", "/kanaele/{open_slug}/nachrichten/{open_seq}/verlauf/", logged_in(), "open"
    ),
    Case(
        "chat:revisions",
        "GET",
        "/kanaele/{private_slug}/nachrichten/{private_seq}/verlauf/",
        only("member", *STAFF),
        "private",
    ),
    # Reporting: anyone who reads the channel, except the author of the message (400).
    Case(
        "chat:report",
        "POST",
        "/kanaele/{open_slug}/nachrichten/{open_seq}/melden/",
        {**logged_in(), "member": INVALID},
        "by-A",
        {"reason": "spam", "note": ""},
        _channel_state("open_slug"),
    ),
    Case(
        "chat:report",
        "POST",
        "/kanaele/{private_slug}/nachrichten/{private_seq}/melden/",
        {**only(*STAFF), "member": INVALID},
        "private-by-A",
        {"reason": "spam", "note": ""},
        _channel_state("private_slug"),
    ),
    # Discussions under pages (A's post under a best-practice post; a hidden post from the demo)
    Case(
        "threads:post_create",
        "POST",
        "/diskussionen/schreiben/",
        logged_in(),
        "practice",
        {**PRACTICE_TARGET, "body": "Ein Beitrag", "client_id": ""},
        _post_state("post_id"),
    ),
    Case(
        "threads:follow",
        "POST",
        "/diskussionen/folgen/",
        logged_in(),
        "",
        {**PRACTICE_TARGET, "operation": "follow"},
        _follows,
    ),
    Case(
        "threads:lock",
        "POST",
        "/diskussionen/sperren/",
        only(*STAFF),
        "",
        {**PRACTICE_TARGET, "operation": "lock", "reason": "Test"},
        _post_state("post_id"),
    ),
    Case("threads:changes", "GET", "/diskussionen/{thread_id}/aenderungen/?nach=0", everyone()),
    Case("threads:post", "GET", "/diskussionen/beitraege/{post_id}/", everyone(), "by-A"),
    Case("threads:post", "GET", "/diskussionen/beitraege/{hidden_post_id}/", everyone(), "hidden"),
    Case("threads:edit", "GET", "/diskussionen/beitraege/{post_id}/bearbeiten/", only("member"), "by-A"),
    Case(
        "threads:edit",
        "POST",
        "/diskussionen/beitraege/{post_id}/bearbeiten/",
        only("member"),
        "by-A",
        {"body": "Geändert"},
    ),
    # Only the author deletes a post; moderators hide it instead.
    Case(
        "threads:delete",
        "POST",
        "/diskussionen/beitraege/{post_id}/loeschen/",
        only("member"),
        "by-A",
        probe=_post_state("post_id"),
    ),
    Case(
        "threads:react",
        "POST",
        "/diskussionen/beitraege/{post_id}/reaktion/",
        logged_in(),
        "by-A",
        {"kind": "danke"},
        _post_state("post_id"),
    ),
    Case(
        "threads:flag",
        "POST",
        "/diskussionen/beitraege/{post_id}/melden/",
        only("other", "chanmod", *STAFF),
        "by-A",
        {"reason": "spam", "note": ""},
    ),
    Case(
        "threads:hide",
        "POST",
        "/diskussionen/beitraege/{post_id}/ausblenden/",
        only(*STAFF),
        "by-A",
        {"reason": "Test"},
    ),
    Case(
        "threads:unhide",
        "POST",
        "/diskussionen/beitraege/{hidden_post_id}/einblenden/",
        only(*STAFF),
        "hidden",
        probe=_post_state("hidden_post_id"),
    ),
    Case("threads:revisions", "GET", "/diskussionen/beitraege/{post_id}/versionen/", only(*STAFF), "by-A"),
    # Community calls (views outside the page)
    Case("calls:feed", "GET", "/community-calls/kalender.ics", everyone()),
    Case(
        "calls:personal_feed", "GET", "/community-calls/kalender/{fake_token}.ics", nobody(), "unknown-token"
    ),
    Case("calls:mine", "GET", "/community-calls/meine/", logged_in()),
    Case("calls:renew_token", "POST", "/community-calls/meine/kalender-adresse/", logged_in()),
    # Guide progress (per member)
    Case(
        "guide:checklist",
        "POST",
        "/leitfaden/kapitel/{chapter_id}/checkliste/",
        logged_in(),
        data={"block": ""},
    ),
    Case(
        "guide:mark_read", "POST", "/leitfaden/kapitel/{chapter_id}/gelesen/", logged_in(), data={"read": "1"}
    ),
    # Topics and feeds: public
    Case("topics:overview", "GET", "/themen/", everyone()),
    Case("topics:topic", "GET", "/themen/{tag_slug}/", everyone()),
    Case("topics:topic_rss", "GET", "/themen/{tag_slug}/rss/", everyone()),
    Case("topics:topic_atom", "GET", "/themen/{tag_slug}/atom/", everyone()),
    Case("topics:knowledge_rss", "GET", "/feeds/wissen/rss/", everyone()),
    Case("topics:knowledge_atom", "GET", "/feeds/wissen/atom/", everyone()),
    # Submissions: A's submission is reachable by A only (editors review the draft page in the admin)
    Case("submissions:list", "GET", "/beitraege/", logged_in()),
    Case("submissions:choose_kind", "GET", "/beitraege/neu/", logged_in()),
    Case("submissions:create", "GET", "/beitraege/neu/{kind_slug}/", logged_in()),
    Case("submissions:edit", "GET", "/beitraege/{submission_id}/bearbeiten/", only("member"), "of-A"),
    Case("submissions:preview", "GET", "/beitraege/{submission_id}/vorschau/", only("member"), "of-A"),
    Case("submissions:submit", "POST", "/beitraege/{submission_id}/einreichen/", only("member"), "of-A"),
    Case("submissions:withdraw", "POST", "/beitraege/{submission_id}/zurueckziehen/", only("member"), "of-A"),
    Case(
        "submissions:reopen", "POST", "/beitraege/{submission_id}/wieder-aufnehmen/", only("member"), "of-A"
    ),
    Case("submissions:delete", "GET", "/beitraege/{submission_id}/loeschen/", only("member"), "of-A"),
    Case("submissions:delete", "POST", "/beitraege/{submission_id}/loeschen/", only("member"), "of-A"),
    # Search
    Case("search:search", "GET", "/suche/?q=Netzwerk", everyone()),
    Case("search:suggestions", "GET", "/suche/vorschlaege/?q=Netz", everyone()),
    # Read-only API: live pages only
    Case("wagtailapi:pages:listing", "GET", "/api/v2/pages/", everyone()),
    Case("wagtailapi:pages:detail", "GET", "/api/v2/pages/{practice_id}/", everyone(), "live"),
    Case("wagtailapi:pages:detail", "GET", "/api/v2/pages/{draft_page_id}/", nobody(), "draft"),
    Case("wagtailapi:pages:find", "GET", "/api/v2/pages/find/?html_path={draft_url}", nobody(), "draft"),
    # Wagtail's front-end helpers: the site has no password-protected pages or documents
    Case("wagtailcore_authenticate_with_password", "GET", "/_util/authenticate_with_password/1/1/", nobody()),
    # Restriction 1 is the private collection of submission uploads (groups, no password): the form shows, but a
    # password can never pass a groups restriction (wagtaildocs_serve checks the groups).
    Case(
        "wagtaildocs_authenticate_with_password",
        "GET",
        "/dokumente/authenticate_with_password/{doc_restriction_id}/",
        everyone(),
        "groups-restriction",
    ),
    Case("wagtaildocs_serve", "GET", "/dokumente/999999/nicht-da.pdf", nobody(), "unknown"),
    # A's upload under review: A (the uploader) and the editors (group Redaktion) only; moderators are not editors.
    Case(
        "wagtaildocs_serve", "GET", "{private_document_url}", only("member", "editor"), "private-upload-of-A"
    ),
    # Wagtail's own password login would skip the second factor: it must lead to the site's login.
    Case("frontend_login", "GET", "/_util/login/", nobody(frozenset({"login"}))),
    Case("frontend_login", "POST", "/_util/login/", nobody(frozenset({"login"})), "password-only"),
    # Drafts: 404 for everyone on the site; editors see them through the admin preview
    Case("wagtail_serve", "GET", "{draft_url}", nobody(), "draft"),
    # Admin: staff only (members are sent home, anonymous visitors to the login)
    Case("wagtailadmin_home", "GET", "/admin/", only(*STAFF)),
    Case("wagtailadmin_explore_root", "GET", "/admin/pages/", only("editor")),
    Case("wagtailadmin_pages:edit", "GET", "/admin/pages/{draft_page_id}/edit/", only("editor"), "draft"),
    Case(
        "wagtailadmin_pages:preview_on_edit",
        "GET",
        "/admin/pages/{draft_page_id}/edit/preview/",
        only("editor"),
    ),
    Case("wagtailadmin_workflows:index", "GET", "/admin/workflows/list/", only("editor")),
    Case("wagtailadmin_reports:workflow", "GET", "/admin/reports/workflow/", only("editor")),
    Case("wagtailusers_users:index", "GET", "/admin/users/", only("editor")),
    Case("admin:index", "GET", "/django-admin/", only("editor")),
    Case("calls_admin:index", "GET", "/admin/community-calls/", only("editor")),
    Case("calls_admin:participants", "GET", "/admin/community-calls/{call_id}/teilnehmende/", only("editor")),
    Case(
        "calls_admin:participants_csv",
        "GET",
        "/admin/community-calls/{call_id}/teilnehmende/csv/",
        only("editor"),
    ),
    Case("chat_channels:index", "GET", "/admin/kanaele/", only(*STAFF)),
    Case("chat_channels:index_results", "GET", "/admin/kanaele/results/", only(*STAFF)),
    Case("chat_channels:add", "GET", "/admin/kanaele/new/", only(*STAFF)),
    Case("chat_channels:edit", "GET", "/admin/kanaele/edit/{private_channel_id}/", only(*STAFF)),
    Case("chat_reports:index", "GET", "/admin/kanaele/meldungen/", only(*STAFF)),
    Case("chat_reports:index_results", "GET", "/admin/kanaele/meldungen/results/", only(*STAFF)),
    Case("chat_reports:inspect", "GET", "/admin/kanaele/meldungen/pruefen/{report_id}/", only(*STAFF)),
    Case("chat_moderation_log:index", "GET", "/admin/kanaele/protokoll/", only(*STAFF)),
    Case("chat_moderation_log:index_results", "GET", "/admin/kanaele/protokoll/results/", only(*STAFF)),
    Case("threads_flags:index", "GET", "/admin/diskussionen/meldungen/", only(*STAFF)),
    Case("threads_flags:index_results", "GET", "/admin/diskussionen/meldungen/results/", only(*STAFF)),
    Case("threads_flags:inspect", "GET", "/admin/diskussionen/meldungen/pruefen/{flag_id}/", only(*STAFF)),
    Case("threads_moderation_log:index", "GET", "/admin/diskussionen/protokoll/", only(*STAFF)),
    Case(
        "threads_moderation_log:index_results", "GET", "/admin/diskussionen/protokoll/results/", only(*STAFF)
    ),
    Case("region_proposals:index", "GET", "/admin/aenderungsvorschlaege/", only("editor")),
    Case("region_proposals:index_results", "GET", "/admin/aenderungsvorschlaege/results/", only("editor")),
    Case(
        "region_proposals:inspect",
        "GET",
        "/admin/aenderungsvorschlaege/review/{proposal_id}/",
        only("editor"),
    ),
    Case("topics_admin:index", "GET", "/admin/themen/", only("editor")),
    Case("topics_admin:merge", "GET", "/admin/themen/zusammenfuehren/", only("editor")),
    Case("topics_admin:rename", "GET", "/admin/themen/{tag_id}/umbenennen/", only("editor")),
]

# Page routes: one live instance of every page type, and the sub-routes of routable pages.
PAGE_CASES: list[Case] = [
    Case("page:home.HomePage", "GET", "/", everyone()),
    Case("page:home.StandardPage", "GET", "{standard_url}", everyone()),
    Case("page:home.SectionIndexPage", "GET", "{section_url}", everyone()),
    Case("page:guide.GuidePage", "GET", "{guide_url}", everyone()),
    Case("page:guide.GuidePage:print", "GET", "{guide_print_url}", everyone()),
    Case("page:guide.GuideChapterPage", "GET", "{chapter_url}", everyone()),
    Case("page:practice.PracticeIndexPage", "GET", "{practice_index_url}", everyone()),
    Case(
        "page:practice.PracticeIndexPage:transferable", "GET", "{practice_index_url}uebertragbar/", everyone()
    ),
    Case(
        "page:practice.PracticeIndexPage:transferable_csv",
        "GET",
        "{practice_index_url}uebertragbar/csv/",
        everyone(),
    ),
    Case("page:practice.BestPracticePage", "GET", "{practice_url}", everyone()),
    Case("page:practice.FailureStoryPage", "GET", "{failure_url}", everyone()),
    Case("page:practice.PracticePage", "GET", "{practice_url}", everyone(), "served-as-best-practice"),
    Case("page:calls.CommunityCallIndexPage", "GET", "{call_index_url}", everyone()),
    Case("page:calls.CommunityCallPage", "GET", "{call_url}", everyone()),
    Case(
        "page:calls.CommunityCallPage:register",
        "POST",
        "{call_url}anmelden/",
        logged_in(),
        "other-members-too",
    ),
    Case("page:calls.CommunityCallPage:register", "GET", "{call_url}anmelden/", nobody(frozenset({"405"}))),
    Case("page:calls.CommunityCallPage:cancel", "POST", "{call_url}abmelden/", logged_in()),
    Case("page:calls.CommunityCallPage:ics", "GET", "{call_url}kalender/", everyone()),
    Case("page:regions.RegionIndexPage", "GET", "{region_index_url}", everyone()),
    Case("page:regions.RegionPage", "GET", "{region_url}", everyone()),
    Case("page:regions.RegionPage:propose", "GET", "{region_url}vorschlag/", expect(), "not-a-coordinator"),
    Case("page:regions.StateOfficePage", "GET", "{state_office_url}", everyone()),
]

# URL patterns the matrix leaves out, each with the reason. Matched by name, or by a prefix of the callback's
# module for Wagtail's and Django's own admin views (samples of those are in CASES).
SKIPPED_NAMES = {
    "wagtailcore_login": "shadowed by frontend_login (config/urls.py), which sends every visitor to the site login",
}
SKIPPED_ROUTE_PREFIXES = {
    "admin/": "Wagtail's own admin views (not the project's, which are never skipped): each one passes the "
    "admin's access_admin check and the two-factor middleware; samples in CASES",
    "django-admin/": "Django's admin: staff only, behind the two-factor middleware; sample admin:index in CASES",
}


def _fill(template: str, ids: dict) -> str:
    return template.format(**ids) if "{" in template else template


def _fill_data(data: dict, ids: dict) -> dict:
    filled = {}
    for key, value in data.items():
        value = _fill(value, ids) if isinstance(value, str) else value
        if key == "client_id" and not value:
            value = _uid()
        filled[key] = value
    return filled


def _page_ids(ids: dict) -> dict:
    """URLs of one live page of every type, added to the world's ids on first use."""
    if "standard_url" in ids:
        return ids
    from community.calls.models import CommunityCallIndexPage
    from community.regions.models import RegionIndexPage, StateOfficePage
    from home.models import SectionIndexPage, StandardPage
    from knowledge.guide.models import GuideChapterPage, GuidePage
    from knowledge.practice.models import FailureStoryPage, PracticeIndexPage

    def url(model):
        return model.objects.live().order_by("pk").first().url

    guide_url = url(GuidePage)
    from knowledge.guide.models import PRINT_ROUTE

    ids.update(
        standard_url=url(StandardPage),
        section_url=url(SectionIndexPage),
        guide_url=guide_url,
        guide_print_url=f"{guide_url}{PRINT_ROUTE}/",
        chapter_url=url(GuideChapterPage),
        practice_index_url=url(PracticeIndexPage),
        failure_url=url(FailureStoryPage),
        call_index_url=url(CommunityCallIndexPage),
        region_index_url=url(RegionIndexPage),
        state_office_url=url(StateOfficePage),
    )
    return ids


def _ids(world) -> dict:
    ids = world.ids
    if "open_channel_id" not in ids:
        from community.chat.models import Channel

        ids["open_channel_id"] = Channel.objects.get(slug=ids["open_slug"]).pk
        ids["private_channel_id"] = Channel.objects.get(slug=ids["private_slug"]).pk
        ids["fake_token"] = "x" * 32
        ids["kind_slug"] = "best-practice"
        from wagtail.models import CollectionViewRestriction

        restriction = CollectionViewRestriction.objects.order_by("pk").first()
        ids["doc_restriction_id"] = restriction.pk if restriction else 999999
    return _page_ids(ids)


def _all_cases():
    for case in CASES + PAGE_CASES:
        for role in ROLES:
            yield pytest.param(case, role, id=f"{role}-{case.label()}")


@pytest.mark.parametrize(("case", "role"), list(_all_cases()))
def test_http_matrix(rolled_back_world, case, role):  # noqa: F811 - the fixture imported above
    world = rolled_back_world
    ids = _ids(world)
    path = _fill(case.path, ids)
    client = client_for(world, role)
    user = world.user(role)
    before = case.probe(ids, user) if case.probe else None
    send = client.get if case.method == "GET" else partial(client.post, data=_fill_data(case.data, ids))
    response = send(path)
    outcome = classify(path, response)
    if outcome == "ok" and case.probe and case.probe(ids, user) == before:
        outcome = "no-effect"
    allowed = case.expected[role]
    assert outcome in allowed, (
        f"{role} {case.method} {path}: got {outcome} (HTTP {response.status_code}"
        f"{', to ' + response['Location'] if response.has_header('Location') else ''}), "
        f"the matrix allows {sorted(allowed)}"
    )


# --- Completeness: a new URL or page route must be added to the matrix -------------------------------------------


def _url_patterns(patterns=None, namespace="", prefix=""):
    """(name, callback module) of every URL pattern, names qualified with their namespaces."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_patterns(entry.url_patterns, inner, f"{prefix}{entry.pattern}")
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            module = getattr(callback, "__module__", "") or ""
            wrapped = getattr(callback, "__wrapped__", None)
            if wrapped is not None:  # decorators (allauth's verified_email_required) hide the view's module
                module = getattr(wrapped, "__module__", module) or module
            yield f"{namespace}{entry.name or ''}", f"{prefix}{entry.pattern}", module


PROJECT_MODULES = ("home.", "community.", "knowledge.", "search.", "config.")


def _is_covered(name: str, route: str, module: str, matrix_names: set) -> bool:
    if name in matrix_names or name in SKIPPED_NAMES:
        return True
    if module.startswith(PROJECT_MODULES):
        return False  # the project's own views are never skipped by their address
    return route.startswith(tuple(SKIPPED_ROUTE_PREFIXES))


def test_every_url_pattern_is_in_the_matrix():
    matrix_names = {case.name for case in CASES}
    missing = [
        f"{name or '(unnamed)'} {pattern} ({module})"
        for name, pattern, module in _url_patterns()
        if not _is_covered(name, pattern, module, matrix_names)
    ]
    assert not missing, (
        "URL patterns missing from the authorization matrix (add them to CASES):\n" + "\n".join(missing)
    )


def test_every_matrix_entry_names_an_existing_url_pattern():
    known = {name for name, _pattern, _module in _url_patterns()}
    stale = sorted({case.name for case in CASES} - known)
    assert not stale, f"matrix entries for URL patterns that no longer exist: {stale}"


def _page_routes() -> set[str]:
    from wagtail.contrib.routable_page.models import RoutablePageMixin
    from wagtail.models import Page, get_page_models

    routes = set()
    for model in get_page_models():
        if model is Page:
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        routes.add(f"page:{label}")
        if issubclass(model, RoutablePageMixin):
            for pattern in model.get_subpage_urls():
                if pattern.name and str(pattern.pattern) not in ("", "^$"):
                    routes.add(f"page:{label}:{pattern.name}")
    return routes


def test_every_page_route_is_in_the_matrix():
    covered = {case.name for case in PAGE_CASES}
    missing = sorted(_page_routes() - covered)
    stale = sorted(covered - _page_routes())
    assert not missing, (
        f"page types or routes missing from the authorization matrix (add to PAGE_CASES): {missing}"
    )
    assert not stale, f"PAGE_CASES names routes that no longer exist: {stale}"


# --- Content: what a role may reach must not show what it may not see ---------------------------------------------


def _get(world, role, path):
    response = client_for(world, role).get(path)
    assert response.status_code == 200, (role, path, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_call_video_link_only_for_registered_members_and_editors(rolled_back_world, role):  # noqa: F811
    ids = _ids(rolled_back_world)
    sees = role in ("member", "editor")  # A is registered; editors see every link
    page = _get(rolled_back_world, role, ids["call_url"])
    calendar = _get(rolled_back_world, role, ids["call_url"] + "kalender/")
    feed = _get(rolled_back_world, role, "/community-calls/kalender.ics")
    assert (VIDEO_URL in page) is sees, f"{role}: call page"
    assert (VIDEO_URL in calendar) is sees, f"{role}: the call's calendar file"
    assert VIDEO_URL not in feed, f"{role}: the public calendar feed"
    api = client_for(rolled_back_world, role).get(f"/api/v2/pages/{ids['call_id']}/?fields=*")
    assert VIDEO_URL not in api.content.decode(), f"{role}: API"
    search = _get(rolled_back_world, role, "/suche/?q=konferenz")
    assert VIDEO_URL not in search, f"{role}: search"


@pytest.mark.parametrize("role", ROLES)
def test_profile_fields_by_visibility(rolled_back_world, role):  # noqa: F811
    ids = _ids(rolled_back_world)
    html = _get(rolled_back_world, role, f"/mitglieder/{ids['member_id']}/")
    api = client_for(rolled_back_world, role).get(f"/api/mitglieder/{ids['member_id']}/").content.decode()
    for text in (html, api):
        assert PROFILE_PUBLIC in text
        assert (PROFILE_MEMBERS in text) is (role != "anonymous"), role
        assert (PROFILE_HIDDEN in text) is (role == "member"), role  # "only me": not even editors


@pytest.mark.parametrize("role", ROLES)
def test_private_channel_content_only_for_its_members(rolled_back_world, role):  # noqa: F811
    reads = role in ("member", "moderator", "editor")
    client = client_for(rolled_back_world, role)
    pages = {
        "channel list": client.get("/kanaele/"),
        "search": client.get("/suche/", {"q": PRIVATE_SEARCH_WORD}),
        "search for the name": client.get("/suche/", {"q": PRIVATE_CHANNEL_NAME}),
        "suggestions": client.get("/suche/vorschlaege/", {"q": PRIVATE_SEARCH_WORD[:8]}),
        "home page": client.get("/"),
        "topics": client.get("/themen/"),
    }
    for where, response in pages.items():
        text = response.content.decode()
        assert PRIVATE_MESSAGE not in text or reads, f"{role}: the private message in {where}"
    listing = pages["channel list"]
    if role != "anonymous":
        assert (PRIVATE_CHANNEL_NAME in listing.content.decode()) is reads, f"{role}: channel list"
    export = client.get("/konto/daten/export/")
    if role != "anonymous":
        assert (PRIVATE_MESSAGE in export.content.decode()) is (role == "member"), f"{role}: data export"


@pytest.mark.parametrize("role", ["other", "chanmod", "moderator", "editor"])
def test_member_a_private_data_not_reachable_by_others(rolled_back_world, role):  # noqa: F811
    ids = _ids(rolled_back_world)
    client = client_for(rolled_back_world, role)
    export = client.get("/konto/daten/export/").content.decode()
    notifications = client.get("/benachrichtigungen/").content.decode()
    assert NOTIFICATION_TITLE not in export and NOTIFICATION_TITLE not in notifications
    assert PROFILE_HIDDEN not in export
    assert ids["submission_title"] not in export
    assert ids["submission_title"] not in client.get("/beitraege/").content.decode()
    # IDs swapped: A's notification and submission under someone else's session.
    assert client.get(f"/benachrichtigungen/{ids['notification_id']}/").status_code == 404
    assert client.post(f"/benachrichtigungen/{ids['notification_id']}/status/").status_code == 404
    assert client.get(f"/beitraege/{ids['submission_id']}/bearbeiten/").status_code == 404


def test_member_a_sees_own_private_data(rolled_back_world):  # noqa: F811
    ids = _ids(rolled_back_world)
    client = client_for(rolled_back_world, "member")
    export = client.get("/konto/daten/export/").content.decode()
    assert NOTIFICATION_TITLE in export and PROFILE_HIDDEN in export and OPEN_MESSAGE in export
    assert NOTIFICATION_TITLE in client.get("/benachrichtigungen/").content.decode()
    assert ids["submission_title"] in client.get("/beitraege/").content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_hidden_discussion_post_only_for_moderators(rolled_back_world, role):  # noqa: F811
    ids = _ids(rolled_back_world)
    body = ids["hidden_post_body"]
    html = client_for(rolled_back_world, role).get(f"/diskussionen/beitraege/{ids['hidden_post_id']}/")
    changes = client_for(rolled_back_world, role).get(
        f"/diskussionen/{ids['hidden_thread_id']}/aenderungen/?nach=0"
    )
    for response in (html, changes):
        text = response.content.decode()
        if role in STAFF:
            continue  # moderators see hidden posts to decide about them
        assert body not in text and HIDDEN_POST not in text, (
            f"{role}: hidden post visible at {response.request}"
        )


@pytest.mark.parametrize("role", ROLES)
def test_drafts_only_through_the_admin_preview(rolled_back_world, role):  # noqa: F811
    ids = _ids(rolled_back_world)
    client = client_for(rolled_back_world, role)
    assert client.get(ids["draft_url"]).status_code == 404
    assert client.get(f"/api/v2/pages/{ids['draft_page_id']}/").status_code == 404
    preview = client.get(f"/admin/pages/{ids['draft_page_id']}/edit/preview/")
    if role == "editor":
        assert preview.status_code == 200
    else:
        assert classify("/admin/pages/", preview) in DENIED | DENIED_ANON


def test_wagtail_password_login_cannot_skip_two_factor(rolled_back_world):  # noqa: F811
    """Wagtail's front-end login (/_util/login/) is a plain password form: it must not open a session that the
    admin accepts without the second factor."""
    from django.test import Client

    from .matrix_fixtures import PASSWORD

    editor = rolled_back_world.user("editor")
    client = Client()
    client.post("/_util/login/", {"username": editor.username, "password": PASSWORD})
    client.post("/_util/login/", {"username": editor.email, "password": PASSWORD})
    response = client.get("/admin/")
    assert classify("/admin/", response) == "login", "a password-only login reached the admin"


def test_login_by_code_still_asks_for_the_second_factor(rolled_back_world):  # noqa: F811
    """Logging in with a mailed code replaces the password, not the authenticator app."""
    import re

    from django.core import mail
    from django.test import Client

    editor = rolled_back_world.user("editor")
    client = Client()
    mail.outbox.clear()
    response = client.post("/konto/login/code/", {"email": editor.email})
    assert response.status_code == 302, response.status_code
    code = re.search(r"^\s*([A-Z0-9][A-Z0-9-]{4,14})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    response = client.post("/konto/login/code/confirm/", {"code": code})
    assert response.status_code == 302 and response["Location"].startswith("/konto/2fa/authenticate/"), (
        response.status_code,
        response.get("Location"),
    )
    assert classify("/admin/", client.get("/admin/")) == "login"


def test_a_deleted_message_leaves_no_readable_history(rolled_back_world):  # noqa: F811
    """Readers of a channel see the earlier versions of an edited message; once it is deleted, nobody does."""
    from community.chat import posting
    from community.chat.models import Channel

    ids = _ids(rolled_back_world)
    channel = Channel.objects.get(slug=ids["open_slug"])
    member = rolled_back_world.user("member")
    posting.edit_message(member, channel, ids["open_seq"], "Neue Fassung")
    path = f"/kanaele/{ids['open_slug']}/nachrichten/{ids['open_seq']}/verlauf/"
    assert OPEN_MESSAGE in _get(rolled_back_world, "other", path)
    posting.delete_message(member, channel, ids["open_seq"])
    for role in ("other", "chanmod", "moderator", "editor"):
        response = client_for(rolled_back_world, role).get(path)
        assert OPEN_MESSAGE not in response.content.decode(), role
        assert "Neue Fassung" not in response.content.decode(), role
