"""Bad input, field by field: a clear German message next to the field, and nothing the member wrote lost."""

import pytest

from knowledge.submissions.models import Submission, SubmissionState
from knowledge.submissions.text import clean_text, markdown_to_rich_text

from .conftest import best_practice_data, failure_story_data

pytestmark = pytest.mark.django_db

NEW_FAILURE = "/beitraege/neu/story-of-failure/"
NEW_BEST_PRACTICE = "/beitraege/neu/best-practice/"


def errors_of(response) -> dict:
    form = response.context["form"]
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def test_submitting_an_incomplete_story_names_every_missing_field_and_keeps_the_rest(
    member_client, practice_index
):
    data = failure_story_data(
        summary="", goal="", what_went_wrong="", lessons_learned="", byline="", action="submit"
    )
    response = member_client.post(NEW_FAILURE, data)
    assert response.status_code == 200
    errors = errors_of(response)
    for name in ("summary", "goal", "what_went_wrong", "lessons_learned", "byline"):
        assert errors[name] == ["Bitte fülle dieses Feld aus."], name
    html = response.content.decode()
    assert "Deine Eingaben sind im Entwurf gespeichert" in html
    assert "Der Technik-Sommer, zu dem niemand kam" in html
    assert "Wir würden die Jugendlichen selbst mitplanen lassen." in html
    # The draft holds everything typed, and the form now posts to it.
    submission = Submission.objects.get()
    assert submission.state == SubmissionState.DRAFT
    assert submission.data["do_differently"] == "Wir würden die Jugendlichen selbst mitplanen lassen."
    assert f'action="/beitraege/{submission.pk}/bearbeiten/"' in html
    assert submission.page is None


def test_a_draft_may_be_incomplete_but_needs_a_title(member_client, practice_index):
    response = member_client.post(
        NEW_FAILURE, {"title": "", "goal": "Nur eine erste Idee.", "action": "save"}
    )
    assert response.status_code == 200
    assert errors_of(response) == {"title": ["Bitte fülle dieses Feld aus."]}
    assert Submission.objects.get().data["goal"] == "Nur eine erste Idee."
    response = member_client.post(
        f"/beitraege/{Submission.objects.get().pk}/bearbeiten/",
        {"title": "Erste Idee", "goal": "Nur eine erste Idee.", "action": "save"},
    )
    assert response.status_code == 302
    assert Submission.objects.get().title == "Erste Idee"


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("title", 120),
        ("summary", 600),
        ("goal", 4000),
        ("what_went_wrong", 6000),
        ("lessons_learned", 6000),
        ("do_differently", 4000),
        ("who_benefits", 2000),
        ("body", 20000),
        ("byline", 120),
    ],
)
def test_too_long_failure_story_fields(member_client, practice_index, field, limit):
    text = "ä" * (limit + 1)
    response = member_client.post(NEW_FAILURE, failure_story_data(**{field: text}))
    assert response.status_code == 200
    assert errors_of(response)[field] == [
        f"Bitte kürze das auf höchstens {limit} Zeichen (jetzt sind es {limit + 1})."
    ]
    assert text in response.content.decode()
    assert Submission.objects.get().data[field] == text


@pytest.mark.parametrize(
    ("field", "limit"),
    [("partners", 2000), ("resources", 4000), ("transfer_conditions", 2000), ("contact", 500)],
)
def test_too_long_best_practice_fields(member_client, practice_index, field, limit):
    response = member_client.post(NEW_BEST_PRACTICE, best_practice_data(**{field: "x" * (limit + 1)}))
    assert response.status_code == 200
    assert field in errors_of(response)


def test_a_huge_text_is_refused_and_kept_in_part(member_client, practice_index):
    huge = "Sehr lang. " * 100_000  # 1.1 million characters
    response = member_client.post(NEW_FAILURE, failure_story_data(body=huge))
    assert response.status_code == 200
    assert "body" in errors_of(response)
    stored = Submission.objects.get().data["body"]
    assert (
        len(stored) == 60_000
    )  # three times the limit: enough to rescue the text, not enough to fill a disk


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"bundesland": "XX"}, "bundesland", "Bitte wähle ein Bundesland aus der Liste."),
        ({"stages": ["kita", "universum"]}, "stages", "Bitte wähle nur aus den aufgeführten Stufen."),
        ({"target_groups": ["aliens"]}, "target_groups", "Bitte wähle nur aus den aufgeführten Zielgruppen."),
        ({"region": "999999"}, "region", "Bitte wähle eine Region aus der Liste."),
        ({"region": "kein-id"}, "region", "Bitte wähle eine Region aus der Liste."),
        (
            {"tags": ", ".join(f"Thema {n}" for n in range(9))},
            "tags",
            "Bitte wähle höchstens 8 Themen.",
        ),
    ],
)
def test_invalid_choices(member_client, practice_index, regions, overrides, field, message):
    response = member_client.post(NEW_FAILURE, failure_story_data(**overrides))
    assert response.status_code == 200
    assert errors_of(response)[field] == [message]


def test_a_too_long_topic(member_client, practice_index):
    response = member_client.post(NEW_FAILURE, failure_story_data(tags="Finanzierung, " + "x" * 101))
    assert response.status_code == 200
    assert errors_of(response)["tags"][0].startswith("Ein Thema darf höchstens 100 Zeichen lang sein")


def test_the_federal_state_must_match_the_region(member_client, practice_index, regions):
    response = member_client.post(NEW_FAILURE, failure_story_data(region=str(regions[0].pk), bundesland="NW"))
    assert response.status_code == 200
    assert errors_of(response)["bundesland"] == [
        "Technikland Allgäu liegt in Bayern. Bitte wähle dieses Bundesland oder lass das Feld leer."
    ]
    response = member_client.post(NEW_FAILURE, failure_story_data(region=str(regions[0].pk), bundesland=""))
    assert response.status_code == 302


def test_best_practice_needs_conditions_unless_fully_transferable(member_client, practice_index):
    data = best_practice_data(transfer_conditions="", transferability="teilweise")
    assert member_client.post(NEW_BEST_PRACTICE, data).status_code == 302  # a draft may leave it open
    submission = Submission.objects.get()
    response = member_client.post(f"/beitraege/{submission.pk}/bearbeiten/", {**data, "action": "submit"})
    assert response.status_code == 200
    assert errors_of(response)["transfer_conditions"] == [
        "Bitte beschreibe, unter welchen Bedingungen sich das übertragen lässt (oder nicht)."
    ]
    for bad in ("vielleicht", ""):
        response = member_client.post(
            f"/beitraege/{submission.pk}/bearbeiten/", {**data, "transferability": bad, "action": "submit"}
        )
        assert "transferability" in errors_of(response)
    response = member_client.post(
        f"/beitraege/{submission.pk}/bearbeiten/", {**data, "transferability": "ja", "action": "submit"}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.IN_REVIEW


def test_an_invalid_effort(member_client, practice_index):
    response = member_client.post(NEW_BEST_PRACTICE, best_practice_data(effort="riesig"))
    assert errors_of(response)["effort"] == ["Bitte wähle den Aufwand aus der Liste."]


def test_submitting_from_the_preview_validates_the_stored_draft(member_client, practice_index):
    member_client.post(NEW_FAILURE, failure_story_data(lessons_learned=""))
    submission = Submission.objects.get()
    preview = member_client.get(f"/beitraege/{submission.pk}/vorschau/").content.decode()
    assert "Bevor du einreichen kannst, fülle bitte noch aus: Was wir gelernt haben" in preview
    assert f"/beitraege/{submission.pk}/einreichen/" not in preview
    response = member_client.post(f"/beitraege/{submission.pk}/einreichen/")
    assert response.status_code == 200
    assert errors_of(response)["lessons_learned"] == ["Bitte fülle dieses Feld aus."]
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT


def test_an_unknown_action_only_saves(member_client, practice_index):
    response = member_client.post(NEW_FAILURE, failure_story_data(action="publish-now"))
    assert response.status_code == 302
    assert Submission.objects.get().state == SubmissionState.DRAFT


def test_unknown_kind_is_not_found(member_client):
    assert member_client.get("/beitraege/neu/erfolgsgeschichte/").status_code == 404


def test_control_and_bidi_characters_are_removed():
    assert clean_text("Ab\u202egpj.exe\x00\x07 \ufeff") == "Abgpj.exe"
    assert clean_text("  Zeile 1\r\nZeile 2\u2028Zeile 3  ") == "Zeile 1\nZeile 2\nZeile 3"
    assert clean_text("Ma\u0308dchen", multiline=False) == "Mädchen"  # NFC
    assert clean_text("Viel   Platz\n\n hier", multiline=False) == "Viel Platz hier"
    assert clean_text("Emoji 👩🏽‍🔬 bleibt") == "Emoji 👩🏽‍🔬 bleibt"


def test_markdown_becomes_rich_text_the_admin_can_edit():
    html = markdown_to_rich_text(
        "# Titel\n\n**fett** und *kursiv* mit [Link](https://example.org)\n\n> Zitat\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n\n[böse](javascript:alert(1))"
    )
    assert "<h3>Titel</h3>" in html
    assert "<strong>fett</strong>" in html and "<em>kursiv</em>" in html
    assert '<a href="https://example.org">Link</a>' in html
    assert "<blockquote" not in html and "<table" not in html and "Zitat" in html
    assert "<script" not in html and "&lt;script&gt;" in html  # shown as text, never run
    assert 'href="javascript:' not in html
    assert markdown_to_rich_text("   ") == ""
