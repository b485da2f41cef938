"""Withdraw, reopen, delete; the editors declining; publishing by other paths; the email the member (does not)
get from Wagtail; the number of queries of "Meine Beiträge"."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, WorkflowState

from community.notifications.models import Notification
from knowledge.practice.models import PracticeIndexPage, PracticePage
from knowledge.submissions import actions
from knowledge.submissions.models import Submission, SubmissionState

from .conftest import best_practice_data, failure_story_data, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def make_submission(author, kind="failure", *, submit=False, **overrides):
    data = (
        failure_story_data(action=None, **overrides)
        if kind == "failure"
        else best_practice_data(action=None, **overrides)
    )
    data["tags"] = [name.strip() for name in data.get("tags", "").split(",") if name.strip()]
    submission = Submission.objects.create(author=author, kind=kind, title=data["title"], data=data)
    if submit:
        submission = actions.submit(submission, author)
        submission.refresh_from_db()
    return submission


def test_withdraw_cancels_the_review_and_removes_the_draft_page(member_client, coordinator, practice_index):
    submission = make_submission(coordinator, submit=True)
    page_id = submission.page_id
    assert member_client.get(f"/beitraege/{submission.pk}/zurueckziehen/").status_code == 200
    response = member_client.post(f"/beitraege/{submission.pk}/zurueckziehen/")
    assert response["Location"] == "/beitraege/"
    submission.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN
    assert submission.page is None
    assert not Page.objects.filter(pk=page_id).exists()
    assert not WorkflowState.objects.active().exists()
    assert not Notification.objects.exists()  # the member's own action: nothing to tell them

    # Reopened as a draft and submitted again: a new page, a new review.
    member_client.post(f"/beitraege/{submission.pk}/wieder-aufnehmen/")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT
    member_client.post(f"/beitraege/{submission.pk}/einreichen/")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.IN_REVIEW and submission.page_id not in (None, page_id)


def test_deleting_a_draft_deletes_its_files(member_client, practice_index):
    member_client.post(
        "/beitraege/neu/story-of-failure/",
        {
            **failure_story_data(),
            "new_images": [upload("a.png", png_bytes())],
            "new_documents": [upload("b.pdf", pdf_bytes())],
        },
    )
    submission = Submission.objects.get()
    assert Image.objects.count() == 1 and Document.objects.count() == 1
    assert member_client.get(f"/beitraege/{submission.pk}/loeschen/").status_code == 200
    member_client.post(f"/beitraege/{submission.pk}/loeschen/")
    assert not Submission.objects.exists()
    assert not Image.objects.exists() and not Document.objects.exists()


def test_a_submission_under_review_cannot_be_deleted(member_client, coordinator, practice_index):
    submission = make_submission(coordinator, submit=True)
    response = member_client.post(f"/beitraege/{submission.pk}/loeschen/")
    assert response["Location"] == "/beitraege/"
    assert Submission.objects.filter(pk=submission.pk).exists()


def test_editors_cancelling_the_review_declines_the_submission(
    coordinator, redaktion, practice_index, django_capture_on_commit_callbacks
):
    submission = make_submission(coordinator, submit=True)
    with django_capture_on_commit_callbacks(execute=True):
        submission.page.current_workflow_state.cancel(user=redaktion)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DECLINED
    notification = Notification.objects.get(recipient=coordinator)
    assert notification.title == "Die Redaktion hat „Der Technik-Sommer, zu dem niemand kam“ nicht angenommen"


def test_editors_deleting_the_draft_page_declines_the_submission(coordinator, practice_index):
    submission = make_submission(coordinator, submit=True)
    submission.page.specific.delete()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DECLINED and submission.page is None
    assert Notification.objects.filter(recipient=coordinator, kind="submission_decision").count() == 1


def test_editors_publishing_directly_counts_as_approval(
    coordinator, redaktion, practice_index, django_capture_on_commit_callbacks
):
    submission = make_submission(coordinator, submit=True)
    page = submission.page.specific
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish(user=redaktion)
    submission.refresh_from_db()
    assert (
        submission.state == SubmissionState.PUBLISHED
    )  # not "declined", although publishing cancels the review
    assert [n.title for n in Notification.objects.filter(recipient=coordinator)] == [
        "Dein Beitrag „Der Technik-Sommer, zu dem niemand kam“ ist veröffentlicht"
    ]


def test_an_unpublished_post_is_shown_as_offline(member_client, coordinator, redaktion, practice_index):
    submission = make_submission(coordinator, submit=True)
    page = submission.page.specific
    page.get_latest_revision().publish(user=redaktion)
    page.refresh_from_db()
    page.unpublish()
    assert "Dieser Beitrag ist zurzeit nicht online." in member_client.get("/beitraege/").content.decode()


def test_the_editors_are_emailed_about_a_new_submission_and_the_member_only_by_us(
    coordinator, redaktion, practice_index, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    submission = make_submission(coordinator, submit=True)
    assert [message.to for message in mail.outbox] == [[redaktion.email]]  # Wagtail's "awaiting review"
    mail.outbox.clear()
    task_state = submission.page.specific.current_workflow_task_state
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, redaktion, "reject", comment="Bitte kürzen.")
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    assert mail.outbox[0].subject == (
        "[Netzwerkstatt] Die Redaktion bittet um Änderungen an „Der Technik-Sommer, zu dem niemand kam“"
    )
    assert "Bitte kürzen." in mail.outbox[0].body


def test_without_a_practice_index_nothing_is_lost(member_client, home):
    response = member_client.post("/beitraege/neu/story-of-failure/", failure_story_data(action="submit"))
    assert response.status_code == 503
    assert "Dein Entwurf ist gespeichert" in response.content.decode()
    assert Submission.objects.get().state == SubmissionState.DRAFT
    assert not PracticeIndexPage.objects.exists()


def test_a_submission_never_lands_outside_the_review(coordinator, practice_index):
    """Even if an editor assigned no workflow anywhere, the submission is reviewed."""
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.all().delete()
    submission = make_submission(coordinator, submit=True)
    assert submission.page.current_workflow_state is not None
    assert not PracticePage.objects.live().exists()


def test_my_posts_needs_the_same_queries_for_three_or_thirty(
    member_client, coordinator, redaktion, practice_index, django_assert_max_num_queries
):
    def populate(count):
        for number in range(count):
            submission = make_submission(coordinator, title=f"Beitrag {number}", submit=number % 3 != 0)
            if number % 3 == 2:
                page = submission.page.specific
                page.get_latest_revision().publish(user=redaktion)

    member_client.get("/beitraege/")  # warm the site chrome's cache
    populate(3)
    with django_assert_max_num_queries(12) as few:
        response = member_client.get("/beitraege/")
    assert response.content.decode().count("submission-card--") == 3
    populate(27)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = member_client.get("/beitraege/")
    assert response.content.decode().count("submission-card--") == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_another_browser_sees_the_published_post_only(coordinator, redaktion, practice_index):
    submission = make_submission(coordinator, submit=True)
    page = submission.page.specific
    visitor = Client()
    assert visitor.get(page.get_url() or f"/praxis/{page.slug}/").status_code == 404
    page.get_latest_revision().publish(user=redaktion)
    page.refresh_from_db()
    assert visitor.get(page.get_url()).status_code == 200
