"""The happy path of both kinds: draft, preview, submit, review in Wagtail's workflow, the member told."""

import pytest
from django.core import mail
from wagtail.models import Page, TaskState, WorkflowState

from community.notifications.models import Notification
from knowledge.practice.models import BestPracticePage, FailureStoryPage
from knowledge.submissions.models import Submission, SubmissionState
from knowledge.submissions.workflow import TASK_NAME, WORKFLOW_NAME

from .conftest import best_practice_data, failure_story_data

pytestmark = pytest.mark.django_db

NEW_FAILURE = "/beitraege/neu/story-of-failure/"
NEW_BEST_PRACTICE = "/beitraege/neu/best-practice/"


def admin_action(client, page, action, comment=""):
    """What the admin's "Approve" / "Request changes" buttons post."""
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/", {"comment": comment}
    )


def test_the_form_is_german_and_prefills_the_byline(member_client, practice_index, regions):
    response = member_client.get(NEW_FAILURE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Neue Story of Failure" in html
    assert 'value="Jana Beispiel"' in html
    assert "Technikland Allgäu" in html and "MINT.Bergisch" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "data-tag-autocomplete" in html


def test_failure_story_from_draft_to_publication(
    member_client, coordinator, editor_client, practice_index, regions, django_capture_on_commit_callbacks
):
    region = regions[0]
    response = member_client.post(NEW_FAILURE, failure_story_data(region=str(region.pk)))
    submission = Submission.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/beitraege/{submission.pk}/bearbeiten/"
    assert submission.state == SubmissionState.DRAFT
    assert submission.page is None
    assert submission.data["title"] == "Der Technik-Sommer, zu dem niemand kam"
    assert submission.data["tags"] == ["Veranstaltungsformate", "Ländlicher Raum"]
    assert submission.data["region"] == region.pk

    # Preview: the page template with the member's text, nothing stored.
    response = member_client.post(
        f"/beitraege/{submission.pk}/bearbeiten/", failure_story_data(region=str(region.pk), action="preview")
    )
    assert response["Location"] == f"/beitraege/{submission.pk}/vorschau/"
    pages_before = Page.objects.count()
    response = member_client.get(f"/beitraege/{submission.pk}/vorschau/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der Technik-Sommer, zu dem niemand kam" in html
    assert "<strong>Erntezeit</strong>" in html
    assert "Jana Beispiel, MINT-Region Allgäu" in html
    assert f'action="/beitraege/{submission.pk}/einreichen/"' in html
    assert Page.objects.count() == pages_before
    assert response["Cache-Control"] == "private, no-store"

    # Submit from the preview: a draft page in the editors' workflow.
    response = member_client.post(f"/beitraege/{submission.pk}/einreichen/")
    assert response["Location"] == "/beitraege/"
    submission.refresh_from_db()
    assert submission.state == SubmissionState.IN_REVIEW
    page = submission.page.specific
    assert isinstance(page, FailureStoryPage)
    assert not page.live
    assert page.get_parent().pk == practice_index.pk
    assert page.author == coordinator and page.owner == coordinator
    assert page.byline == "Jana Beispiel, MINT-Region Allgäu" and not page.anonymous
    assert page.region_id == region.pk and page.bundesland == "BY"
    assert page.what_went_wrong == "Nur acht Anmeldungen: Die Termine lagen in der **Erntezeit**."
    assert sorted(page.tags.names()) == ["Ländlicher Raum", "Veranstaltungsformate"]
    assert page.body[0].block_type == "paragraph"
    assert "<h3>Zum Nachlesen</h3>" in page.body[0].value.source
    workflow_state = page.current_workflow_state
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert workflow_state.workflow.name == WORKFLOW_NAME
    assert workflow_state.current_task_state.task.name == TASK_NAME
    assert workflow_state.requested_by == coordinator

    # An editor of the group Redaktion approves in the admin: published, the member told in the site and by mail.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(editor_client, page, "approve", comment="Danke, sehr lehrreich!")
    assert response.status_code == 302
    page.refresh_from_db()
    submission.refresh_from_db()
    assert page.live
    assert submission.state == SubmissionState.PUBLISHED
    notification = Notification.objects.get(recipient=coordinator)
    assert notification.kind == "submission_decision"
    assert notification.title == "Dein Beitrag „Der Technik-Sommer, zu dem niemand kam“ ist veröffentlicht"
    assert "Danke, sehr lehrreich!" in notification.body
    assert notification.url == page.get_url()
    member_mails = [message for message in mail.outbox if coordinator.email in message.to]
    assert len(member_mails) == 1, [m.subject for m in member_mails]  # ours only, not Wagtail's English one
    assert "veröffentlicht" in member_mails[0].subject

    # The published story is on the site.
    response = editor_client.get(page.get_url())
    assert response.status_code == 200
    assert "Der Technik-Sommer, zu dem niemand kam" in response.content.decode()

    # Meine Beiträge links to it.
    listing = member_client.get("/beitraege/").content.decode()
    assert "Veröffentlicht" in listing
    assert f'href="{page.get_url()}"' in listing


def test_best_practice_changes_requested_then_resubmitted(
    member_client, coordinator, editor_client, redaktion, practice_index, django_capture_on_commit_callbacks
):
    response = member_client.post(NEW_BEST_PRACTICE, best_practice_data(action="submit"))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.state == SubmissionState.IN_REVIEW
    page = submission.page.specific
    assert isinstance(page, BestPracticePage)
    assert page.transferability == "teilweise"
    assert page.partners == "Kreissparkasse (Finanzierung)\nHandwerkskammer"

    # The editor fixes a typo in the summary meanwhile, then asks for changes.
    draft = page.get_latest_revision_as_object()
    draft.summary = "Ein Koffer voller Material und eine Patenschaft mit einem Betrieb je Schule."
    draft.save_revision(user=redaktion)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(editor_client, page, "reject", comment="Bitte ergänzt, was die Koffer enthalten.")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.CHANGES_REQUESTED
    assert submission.editor_comment == "Bitte ergänzt, was die Koffer enthalten."
    notification = Notification.objects.get(recipient=coordinator)
    assert (
        notification.title == "Die Redaktion bittet um Änderungen an „Tüftelwerkstatt in jeder Grundschule“"
    )
    assert "Bitte ergänzt, was die Koffer enthalten." in notification.body
    assert notification.url == f"/beitraege/{submission.pk}/bearbeiten/"
    member_mails = [message for message in mail.outbox if coordinator.email in message.to]
    assert len(member_mails) == 1
    assert "Bitte ergänzt, was die Koffer enthalten." in member_mails[0].body

    # Meine Beiträge shows the state and the comment; the form too.
    listing = member_client.get("/beitraege/").content.decode()
    assert "Änderungen erbeten" in listing and "Bitte ergänzt, was die Koffer enthalten." in listing
    form_html = member_client.get(f"/beitraege/{submission.pk}/bearbeiten/").content.decode()
    assert "Bitte ergänzt, was die Koffer enthalten." in form_html
    assert "Erneut einreichen" in form_html

    # The member edits and resubmits: the draft revision is updated and the review resumes.
    response = member_client.post(
        f"/beitraege/{submission.pk}/bearbeiten/",
        best_practice_data(
            body="Jede Schule bekommt einen Koffer mit Lötstation, Sensoren und Bauplänen.", action="submit"
        ),
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.IN_REVIEW
    page = BestPracticePage.objects.get(pk=page.pk)
    latest = page.get_latest_revision_as_object()
    assert "Lötstation" in latest.body[0].value.source
    # The editor's correction of a field the member did not touch survives.
    assert latest.summary.endswith("je Schule.")
    workflow_state = page.current_workflow_state
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1  # resumed, not a new one

    with django_capture_on_commit_callbacks(execute=True):
        admin_action(editor_client, page, "approve")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.PUBLISHED
    assert BestPracticePage.objects.live().filter(pk=page.pk).exists()


def test_the_workflow_is_assigned_to_the_practice_index(practice_index):
    from knowledge.submissions.workflow import ensure_review_workflow

    workflow = ensure_review_workflow()
    ensure_review_workflow()  # idempotent
    assert practice_index.get_workflow() == workflow
    assert list(workflow.tasks.values_list("name", flat=True)) == [TASK_NAME]
    task = workflow.tasks.first().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Redaktion"]
