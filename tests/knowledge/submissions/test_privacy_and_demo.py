"""The member's submissions in the data export and at erasure; the demo submissions; the wiring."""

import io

import pytest
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, WorkflowState

from community.members import privacy, roles
from community.notifications.models import Notification
from knowledge.practice.models import PracticePage
from knowledge.submissions import actions, uploads
from knowledge.submissions.models import Submission, SubmissionState

from .conftest import pdf_bytes, png_bytes, upload
from .test_lifecycle import make_submission

pytestmark = pytest.mark.django_db


def test_the_knowledge_side_names_the_editors_group_of_the_roles():
    assert uploads.EDITORS_GROUP == roles.EDITORS


def test_the_export_holds_texts_and_states(coordinator, practice_index, member_client):
    member_client.post(
        "/beitraege/neu/story-of-failure/",
        {
            "title": "Mein Entwurf",
            "goal": "Ein Ziel",
            "action": "save",
            "new_images": [upload("bild.png", png_bytes())],
            "new_documents": [upload("plan.pdf", pdf_bytes())],
        },
    )
    make_submission(coordinator, "best_practice", submit=True)
    exported = privacy.export_user_data(coordinator)["submissions"]
    assert [(item["title"], item["state"]) for item in exported] == [
        ("Mein Entwurf", "draft"),
        ("Tüftelwerkstatt in jeder Grundschule", "in_review"),
    ]
    assert exported[0]["text"]["goal"] == "Ein Ziel"
    assert exported[0]["images"][0]["file_name"] == "bild.png"
    assert exported[0]["documents"][0]["file_name"] == "plan.pdf"
    assert exported[1]["state_label"] == "In Prüfung"
    assert exported[1]["page"]["live"] is False


@pytest.mark.parametrize("keep_content", [True, False])
def test_erasure(
    keep_content, coordinator, redaktion, practice_index, member_client, django_capture_on_commit_callbacks
):
    member_client.post(
        "/beitraege/neu/story-of-failure/",
        {"title": "Entwurf", "action": "save", "new_images": [upload("bild.png", png_bytes())]},
    )
    draft = Submission.objects.get()
    draft_image_id = draft.images.get().image_id
    withdrawn = make_submission(coordinator, submit=True, title="Zurückgezogen")
    actions.withdraw(withdrawn, coordinator)
    in_review = make_submission(coordinator, submit=True, title="In Prüfung")
    in_review_page_id = in_review.page_id
    published = make_submission(coordinator, "best_practice", submit=True)
    page = published.page.specific
    page.get_latest_revision().publish(user=redaktion)
    published_page_id = page.pk
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(coordinator, keep_content=keep_content)

    assert not Submission.objects.exists()
    assert not Image.objects.filter(pk=draft_image_id).exists()
    assert not Page.objects.filter(pk=in_review_page_id).exists()
    assert not WorkflowState.objects.active().exists()
    # The published post stays, without any link to its author.
    post = PracticePage.objects.get(pk=published_page_id).specific
    assert post.live
    assert post.author_id is None and post.byline == "" and post.anonymous
    assert post.owner_id is None
    for revision in post.revisions.all():
        assert revision.content["author"] is None and revision.content["byline"] == ""
        assert revision.content["anonymous"] is True
        assert revision.user_id is None
    assert not Notification.objects.exists()  # nobody is told about decisions on erased submissions


def test_demo_submissions(practice_index, django_user_model):
    from home.demo_support import DemoContext
    from knowledge.submissions import demo

    class Quiet:
        def write(self, *args):
            pass

    for email, first in (
        ("henrike.warnecke@mint-weserbergland.example", "Henrike"),
        ("mitglied@netzwerkstatt.example", "Mika"),
        ("redaktion@netzwerkstatt.example", "Rieke"),
    ):
        django_user_model.objects.create_user(
            username=email.split("@")[0], email=email, first_name=first, is_superuser=first == "Rieke"
        )
    context = DemoContext(stdout=Quiet(), style=None)
    demo.load(context)
    states = dict(Submission.objects.values_list("title", "state"))
    assert states == {
        "Die Pressemappe, die keiner las": SubmissionState.IN_REVIEW,
        "Betriebspatenschaften für Grundschul-AGs": SubmissionState.CHANGES_REQUESTED,
        "Unser Roboter-Wettbewerb ohne Mädchen": SubmissionState.DRAFT,
    }
    sent_back = Submission.objects.get(state=SubmissionState.CHANGES_REQUESTED)
    assert sent_back.editor_comment.startswith("Danke für den tollen Beitrag!")
    assert not PracticePage.objects.live().exists()
    demo.load(context)  # idempotent
    assert Submission.objects.count() == 3
    assert context.counts["knowledge.submissions"] == {"Einreichungen neu": 3, "Einreichungen vorhanden": 3}


def test_demo_without_the_practice_index_creates_nothing(home):
    from home.demo_support import DemoContext
    from knowledge.submissions import demo

    demo.load(DemoContext(stdout=io.StringIO(), style=None))
    assert not Submission.objects.exists()


def test_workflow_and_collections_survive_a_second_migrate(practice_index):
    from wagtail.models import Collection, CollectionViewRestriction, Workflow

    call_command("migrate", verbosity=0)
    assert Workflow.objects.filter(name="Redaktionelle Prüfung").count() == 1
    assert Collection.objects.filter(name=uploads.PRIVATE_COLLECTION_NAME).count() == 1
    assert Collection.objects.filter(name=uploads.PUBLIC_COLLECTION_NAME).count() == 1
    restriction = CollectionViewRestriction.objects.get(collection__name=uploads.PRIVATE_COLLECTION_NAME)
    assert list(restriction.groups.values_list("name", flat=True)) == ["Redaktion"]
    assert Document.objects.count() == 0
