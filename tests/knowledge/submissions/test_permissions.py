"""Who may do what: anonymous visitors log in first, unconfirmed addresses are refused, members see only their
own submissions, and only the group Redaktion decides in the admin."""

import pytest
from django.test import Client
from wagtail.models import TaskState

from knowledge.submissions import actions
from knowledge.submissions.models import Submission, SubmissionState

from .conftest import best_practice_data, failure_story_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(coordinator):
    return Submission.objects.create(
        author=coordinator, kind="failure", title="Mein Entwurf", data=failure_story_data(action=None)
    )


@pytest.fixture
def submitted(coordinator, practice_index):
    data = {**best_practice_data(action=None), "tags": ["Finanzierung"]}
    submission = Submission.objects.create(
        author=coordinator, kind="best_practice", title=data["title"], data=data
    )
    return actions.submit(submission, coordinator)


def member_urls(pk):
    return [
        ("get", "/beitraege/"),
        ("get", "/beitraege/neu/"),
        ("get", "/beitraege/neu/story-of-failure/"),
        ("post", "/beitraege/neu/best-practice/"),
        ("get", f"/beitraege/{pk}/bearbeiten/"),
        ("post", f"/beitraege/{pk}/bearbeiten/"),
        ("get", f"/beitraege/{pk}/vorschau/"),
        ("post", f"/beitraege/{pk}/einreichen/"),
        ("get", f"/beitraege/{pk}/zurueckziehen/"),
        ("post", f"/beitraege/{pk}/wieder-aufnehmen/"),
        ("get", f"/beitraege/{pk}/loeschen/"),
        ("post", f"/beitraege/{pk}/loeschen/"),
    ]


def test_anonymous_visitors_are_sent_to_the_login(client, draft):
    for method, url in member_urls(draft.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/konto/login/?next="), url
    assert Submission.objects.count() == 1


def test_members_without_a_confirmed_address_are_refused(client, unverified_member, practice_index):
    client.force_login(unverified_member)
    response = client.get("/beitraege/neu/story-of-failure/")
    assert "E-Mail-Adresse" in response.content.decode()
    assert 'name="title"' not in response.content.decode()
    client.post("/beitraege/neu/story-of-failure/", failure_story_data(action="submit"))
    assert not Submission.objects.exists()


def test_others_submissions_do_not_exist_for_a_member(client, other_member, draft, submitted):
    client.force_login(other_member)
    for submission in (draft, submitted):
        for method, url in member_urls(submission.pk)[4:]:
            response = getattr(client, method)(url)
            assert response.status_code == 404, url
    listing = client.get("/beitraege/").content.decode()
    assert "Mein Entwurf" not in listing and submitted.title not in listing
    draft.refresh_from_db()
    assert draft.state == SubmissionState.DRAFT and Submission.objects.count() == 2


def test_a_submission_under_review_cannot_be_edited(member_client, submitted):
    response = member_client.get(f"/beitraege/{submitted.pk}/bearbeiten/")
    assert response.status_code == 302 and response["Location"] == "/beitraege/"
    response = member_client.post(f"/beitraege/{submitted.pk}/bearbeiten/", best_practice_data(title="Neu"))
    submitted.refresh_from_db()
    assert submitted.title != "Neu"
    response = member_client.post(f"/beitraege/{submitted.pk}/einreichen/")
    assert response["Location"] == "/beitraege/"


def test_posts_need_the_csrf_token(coordinator, practice_index):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)
    response = browser.post("/beitraege/neu/story-of-failure/", failure_story_data())
    assert response.status_code == 403
    assert not Submission.objects.exists()


def _task_state(page):
    return TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)


def test_only_the_editors_can_approve(submitted, coordinator, redaktion, django_user_model):
    from django.contrib.auth.models import Group

    from community.members.mfa import ensure_demo_totp

    page = submitted.page
    task = _task_state(page).task.specific
    moderator = django_user_model.objects.create_user(username="moritz", email="moritz@example.org")
    moderator.groups.add(Group.objects.get(name="Moderation"))
    ensure_demo_totp(moderator)
    assert task.get_actions(page, coordinator) == []
    assert task.get_actions(page, moderator) == []
    assert [name for name, _label, _modal in task.get_actions(page, redaktion)] == [
        "reject",
        "approve",
        "approve",
    ]

    # The member who wrote it cannot reach the admin at all; a moderator reaches it but may not decide.
    for user in (coordinator, moderator):
        browser = Client()
        browser.force_login(user)
        response = browser.post(
            f"/admin/pages/workflow/action/{page.pk}/approve/{_task_state(page).pk}/", {"comment": ""}
        )
        assert response.status_code in (302, 403)
        page.refresh_from_db()
        assert not page.live
    submitted.refresh_from_db()
    assert submitted.state == SubmissionState.IN_REVIEW


def test_the_member_cannot_open_the_draft_page_in_the_admin(client, coordinator, submitted):
    client.force_login(coordinator)
    response = client.get(f"/admin/pages/{submitted.page_id}/edit/")
    assert response.status_code == 302
    assert response["Location"] == "/"
