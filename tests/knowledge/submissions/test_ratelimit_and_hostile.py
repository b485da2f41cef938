"""Rate limits (a German answer, nothing typed lost, nothing stored) and hostile input in every field, rendered
harmlessly in the form, the preview, "Meine Beiträge", the published page and the admin."""

from html.parser import HTMLParser

import pytest
from wagtail.models import TaskState

from knowledge.submissions import actions, views
from knowledge.submissions.models import Submission, SubmissionState

from .conftest import best_practice_data, failure_story_data, png_bytes, upload

pytestmark = pytest.mark.django_db

NEW_FAILURE = "/beitraege/neu/story-of-failure/"


def test_saving_too_often_is_refused_without_losing_anything(member_client, coordinator, practice_index):
    for _ in range(views.SAVE_LIMIT.limit):
        views.SAVE_LIMIT.hit(coordinator.pk)
    data = failure_story_data(title="Mein Titel, der nicht verloren gehen darf")
    data["new_images"] = [upload("bild.png", png_bytes())]
    response = member_client.post(NEW_FAILURE, data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Du hast in kurzer Zeit sehr oft gespeichert." in html
    assert "Nichts von dem, was du geschrieben hast, geht verloren" in html
    assert "Mein Titel, der nicht verloren gehen darf" in html
    assert "Deine Dateien sind noch nicht gespeichert. Bitte wähle sie noch einmal aus." in html
    assert not Submission.objects.exists()


def test_starting_too_many_posts_a_day_is_refused(member_client, coordinator, practice_index):
    for _ in range(views.NEW_DRAFT_LIMIT.limit):
        views.NEW_DRAFT_LIMIT.hit(coordinator.pk)
    response = member_client.post(NEW_FAILURE, failure_story_data())
    assert response.status_code == 429
    assert "Du hast heute schon viele neue Beiträge angefangen." in response.content.decode()
    assert not Submission.objects.exists()


def test_submitting_too_often_is_refused_and_the_draft_kept(member_client, coordinator, practice_index):
    for _ in range(views.SUBMIT_LIMIT.limit):
        views.SUBMIT_LIMIT.hit(coordinator.pk)
    response = member_client.post(NEW_FAILURE, failure_story_data(action="submit"))
    assert response.status_code == 429
    assert "Du hast in kurzer Zeit mehrere Beiträge eingereicht." in response.content.decode()
    submission = Submission.objects.get()
    assert submission.state == SubmissionState.DRAFT
    assert submission.data["goal"].startswith("Zwei Wochen")


def test_failed_validation_does_not_use_up_the_submission_limit(member_client, practice_index):
    for _ in range(views.SUBMIT_LIMIT.limit + 2):
        response = member_client.post(NEW_FAILURE, failure_story_data(summary="", action="submit"))
        assert response.status_code == 200
    submission = Submission.objects.first()
    response = member_client.post(
        f"/beitraege/{submission.pk}/bearbeiten/", failure_story_data(action="submit")
    )
    assert response.status_code == 302


# --- Hostile input ------------------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "[klick](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "\u202egpj.exe",
    "Z\u0351\u0364a\u036dl\u0310g\u0364o 👩🏽‍🔬 \u200b\u00ad",
]
HOSTILE = " ".join(PAYLOADS)


class ActiveContentFinder(HTMLParser):
    """Everything in a page that a browser would run: inline scripts, event handler attributes, javascript:
    URLs. The site's own scripts are external modules (CSP forbids inline ones), so any inline script counts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") and attributes.get("type") != "application/json":
            self.found.append(f"inline <script> {attrs}")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                value or ""
            ).strip().lower().replace("\t", "").startswith(("javascript:", "data:text", "vbscript:")):
                self.found.append(f"<{tag} {name}={value!r}>")


def assert_harmless(html: str, where: str) -> None:
    finder = ActiveContentFinder()
    finder.feed(html)
    assert finder.found == [], f"active content in {where}: {finder.found}"
    assert "\u202e" not in html, f"right-to-left override in {where}"


def hostile_fields(kind: str) -> dict:
    base = failure_story_data() if kind == "failure" else best_practice_data()
    text_fields = [
        "title", "summary", "body", "byline", "goal", "what_went_wrong", "lessons_learned", "do_differently",
        "who_benefits", "partners", "resources", "transfer_conditions", "contact",
    ]  # fmt: skip
    for name in text_fields:
        if name in base:
            base[name] = HOSTILE[:110] if name in ("title", "byline") else HOSTILE
    base["tags"] = "<b>fett</b>, \u202eevil, javascript:alert(1)"
    return base


@pytest.mark.parametrize("kind", ["failure", "best_practice"])
def test_hostile_input_in_every_field_renders_harmlessly(
    kind,
    member_client,
    coordinator,
    editor_client,
    redaktion,
    practice_index,
    django_capture_on_commit_callbacks,
):
    url = "/beitraege/neu/story-of-failure/" if kind == "failure" else "/beitraege/neu/best-practice/"
    data = hostile_fields(kind)
    data["new_images"] = [upload("<img src=x onerror=alert(1)>.png", png_bytes())]
    response = member_client.post(url, data)
    assert response.status_code == 302
    submission = Submission.objects.get()
    stored = submission.data["title"]
    assert "\u202e" not in stored and "<script>" in stored  # stored as typed (cleaned), escaped on output
    image = submission.images.get()
    data[f"image-{image.pk}-alt"] = HOSTILE[:240]
    data[f"image-{image.pk}-caption"] = HOSTILE[:240]
    data[f"image-{image.pk}-credit"] = HOSTILE[:110]
    data.pop("new_images")
    member_client.post(f"/beitraege/{submission.pk}/bearbeiten/", data)

    form_html = member_client.get(f"/beitraege/{submission.pk}/bearbeiten/").content.decode()
    assert_harmless(form_html, "the form")
    preview_html = member_client.get(f"/beitraege/{submission.pk}/vorschau/").content.decode()
    assert_harmless(preview_html, "the preview")
    assert "&lt;script&gt;" in preview_html

    response = member_client.post(f"/beitraege/{submission.pk}/einreichen/")
    assert response.status_code == 302, response.content.decode()[:2000]
    submission.refresh_from_db()
    page = submission.page.specific
    listing_html = member_client.get("/beitraege/").content.decode()
    assert_harmless(listing_html, "Meine Beiträge")

    # The admin (its own templates and JSON for the editor) escapes what the member wrote.
    for admin_url in (f"/admin/pages/{page.pk}/edit/", f"/admin/pages/{practice_index.pk}/", "/admin/"):
        response = editor_client.get(admin_url)
        assert response.status_code == 200, admin_url
        admin_html = response.content.decode()
        for payload in ("<script>alert('xss')", "<img src=x onerror", "<svg onload", '<a href="javascript:'):
            assert payload not in admin_html, (payload, admin_url)

    task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, redaktion, "approve")
    page.refresh_from_db()
    assert page.live
    published_html = member_client.get(page.get_url()).content.decode()
    assert_harmless(published_html, "the published page")
    assert "&lt;script&gt;" in published_html


def test_hostile_editor_comment_is_shown_as_text(member_client, coordinator, redaktion, practice_index):
    submission = Submission.objects.create(
        author=coordinator,
        kind="failure",
        title="Titel",
        data={**failure_story_data(action=None), "tags": []},
    )
    actions.submit(submission, coordinator)
    submission.refresh_from_db()
    task_state = submission.page.specific.current_workflow_task_state
    task_state.task.specific.on_action(task_state, redaktion, "reject", comment=HOSTILE)
    assert_harmless(member_client.get("/beitraege/").content.decode(), "Meine Beiträge")
    assert_harmless(member_client.get(f"/beitraege/{submission.pk}/bearbeiten/").content.decode(), "the form")
