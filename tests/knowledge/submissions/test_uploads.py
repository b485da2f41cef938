"""Images and documents: checked by content, stored as Wagtail images and documents, private until approval."""

import io
import re

import pytest
from django.test import Client
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from knowledge.submissions import actions
from knowledge.submissions.models import Submission, SubmissionDocument, SubmissionImage, SubmissionState
from knowledge.submissions.uploads import PRIVATE_COLLECTION_NAME, PUBLIC_COLLECTION_NAME

from .conftest import (
    docx_bytes,
    failure_story_data,
    jpeg_with_gps,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

NEW_FAILURE = "/beitraege/neu/story-of-failure/"


def errors_of(response) -> dict:
    return {name: [str(m) for m in messages] for name, messages in response.context["form"].errors.items()}


def post_files(client, url=NEW_FAILURE, *, images=(), documents=(), **overrides):
    data = failure_story_data(**overrides)
    data["new_images"] = list(images)
    data["new_documents"] = list(documents)
    return client.post(url, data)


def test_valid_images_and_documents_are_stored_privately(member_client, coordinator, practice_index):
    response = post_files(
        member_client,
        images=[upload("Werkstatt.png", png_bytes(), "image/png"), upload("Sommer.jpg", jpeg_with_gps())],
        documents=[
            upload("Auswertung Sommer.pdf", pdf_bytes()),
            upload("Vorlage.docx", docx_bytes()),
            upload("Protokoll.odt", odt_bytes()),
        ],
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    images = list(submission.images.select_related("image__collection"))
    documents = list(submission.documents.select_related("document__collection"))
    assert [a.original_name for a in images] == ["Werkstatt.png", "Sommer.jpg"]
    assert [a.original_name for a in documents] == ["Auswertung Sommer.pdf", "Vorlage.docx", "Protokoll.odt"]
    for attachment in images:
        image = attachment.image
        assert image.collection.name == PRIVATE_COLLECTION_NAME
        assert image.uploaded_by_user == coordinator
        # A random name nobody can guess, no trace of the member's file name.
        assert re.fullmatch(r"original_images/[0-9a-f]{32}\.(png|jpg)", image.file.name), image.file.name
    for attachment in documents:
        assert attachment.document.collection.name == PRIVATE_COLLECTION_NAME
        assert re.fullmatch(r"documents/[0-9a-f]{32}/[\w-]+\.(pdf|docx|odt)", attachment.document.file.name)
    assert documents[0].document.file.name.endswith("/Auswertung-Sommer.pdf")

    # The photo's EXIF data (camera, GPS position) is gone.
    with images[1].image.open_file() as stored, PillowImage.open(stored) as photo:
        assert photo.format == "JPEG"
        assert not photo.getexif()

    # The form lists them, with fields for their description.
    html = member_client.get(f"/beitraege/{submission.pk}/bearbeiten/").content.decode()
    assert "Werkstatt.png" in html and "Protokoll.odt" in html
    assert f'name="image-{images[0].pk}-alt"' in html and f'name="document-{documents[0].pk}-title"' in html


@pytest.mark.parametrize(
    ("name", "content", "field", "message"),
    [
        ("foto.jpg", pdf_bytes(), "new_images", "„foto.jpg“ ist kein JPEG-, PNG- oder WebP-Bild."),
        (
            "bild.png",
            b"GIF89a" + b"\x00" * 200,
            "new_images",
            "„bild.png“ ist kein JPEG-, PNG- oder WebP-Bild.",
        ),
        ("leer.png", b"", "new_images", "„leer.png“ ist kein JPEG-, PNG- oder WebP-Bild."),
        (
            "kaputt.png",
            png_bytes()[:60],
            "new_images",
            "„kaputt.png“ ist beschädigt oder unvollständig. Bitte versuch es mit einer anderen Datei.",
        ),
        (
            "winzig.png",
            png_bytes(size=(40, 40)),
            "new_images",
            "„winzig.png“ ist zu klein. Bilder brauchen mindestens 200 × 200 Pixel.",
        ),
        (
            "bericht.pdf",
            png_bytes(),
            "new_documents",
            "„bericht.pdf“ ist in Wirklichkeit keine PDF-Datei. Bitte exportiere sie neu und lade diese Datei hoch.",
        ),
        (
            "tabelle.xlsx",
            docx_bytes(),
            "new_documents",
            "„tabelle.xlsx“ ist in Wirklichkeit keine XLSX-Datei. Bitte exportiere sie neu und lade diese Datei hoch.",
        ),
        (
            "text.odt",
            docx_bytes(),
            "new_documents",
            "„text.odt“ ist in Wirklichkeit keine ODT-Datei. Bitte exportiere sie neu und lade diese Datei hoch.",
        ),
        (
            "programm.pdf",
            b"MZ\x90\x00" + b"\x00" * 100,
            "new_documents",
            "„programm.pdf“ ist in Wirklichkeit keine PDF-Datei. Bitte exportiere sie neu und lade diese Datei hoch.",
        ),
        (
            "programm.exe",
            b"MZ\x90\x00",
            "new_documents",
            "„programm.exe“ hat einen Dateityp, den wir nicht annehmen. Erlaubt sind: PDF, DOCX, ODT, XLSX, ODS, PPTX.",
        ),
        (
            "seite.html",
            b"<script>alert(1)</script>",
            "new_documents",
            "„seite.html“ hat einen Dateityp, den wir nicht annehmen. Erlaubt sind: PDF, DOCX, ODT, XLSX, ODS, PPTX.",
        ),
        (
            "makro.docx",
            docx_bytes(macros=True),
            "new_documents",
            "„makro.docx“ enthält Makros. Bitte speichere die Datei ohne Makros und lade sie noch einmal hoch.",
        ),
        (
            "skript.pdf",
            pdf_bytes(b"3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj"),
            "new_documents",
            "„skript.pdf“ enthält Skripte, Anhänge oder andere aktive Inhalte. Bitte speichere sie als einfaches "
            "PDF (z. B. mit „Drucken als PDF“) und lade diese Datei hoch.",
        ),
        ("leer.pdf", b"", "new_documents", "„leer.pdf“ ist leer."),
    ],
)
def test_wrong_or_disguised_files_are_refused(member_client, practice_index, name, content, field, message):
    kwargs = (
        {"images": [upload(name, content)]}
        if field == "new_images"
        else {"documents": [upload(name, content)]}
    )
    response = post_files(member_client, **kwargs)
    assert response.status_code == 200
    assert errors_of(response)[field] == [message]
    assert not Image.objects.exists() and not Document.objects.exists()
    # The rest of what was typed is in the draft.
    assert Submission.objects.get().data["goal"].startswith("Zwei Wochen Technik-Workshops")


def test_too_large_files_are_refused_before_they_are_read(member_client, practice_index):
    response = post_files(
        member_client,
        images=[upload("riesig.jpg", b"\xff\xd8" + b"\x00" * (8 * 1024 * 1024))],
        documents=[upload("riesig.pdf", b"%PDF-1.4" + b"\x00" * (10 * 1024 * 1024))],
    )
    assert response.status_code == 200
    assert errors_of(response)["new_images"] == [
        "„riesig.jpg“ ist zu groß (8,0\xa0MB). Bilder dürfen höchstens 8,0\xa0MB groß sein."
    ]
    assert errors_of(response)["new_documents"][0].startswith("„riesig.pdf“ ist zu groß (10,0\xa0MB).")


def test_a_decompression_bomb_is_refused(member_client, practice_index):
    output = io.BytesIO()
    PillowImage.new("1", (20_000, 20_000)).save(output, "PNG")  # tiny file, 400 million pixels
    response = post_files(member_client, images=[upload("bombe.png", output.getvalue())])
    assert response.status_code == 200
    assert "zu viele Pixel" in errors_of(response)["new_images"][0]


def test_valid_files_stay_attached_when_something_else_is_wrong(member_client, practice_index):
    response = post_files(
        member_client,
        images=[upload("gut.png", png_bytes()), upload("falsch.png", pdf_bytes())],
        bundesland="XX",
    )
    assert response.status_code == 200
    submission = Submission.objects.get()
    assert [a.original_name for a in submission.images.all()] == ["gut.png"]
    html = response.content.decode()
    assert "gut.png" in html  # shown as attached in the form shown again
    assert f'action="/beitraege/{submission.pk}/bearbeiten/"' in html
    # Fixing the other field keeps the image.
    response = member_client.post(f"/beitraege/{submission.pk}/bearbeiten/", failure_story_data())
    assert response.status_code == 302
    assert submission.images.count() == 1


def test_at_most_six_images(member_client, practice_index):
    post_files(member_client, images=[upload(f"bild-{n}.png", png_bytes()) for n in range(5)])
    submission = Submission.objects.get()
    response = post_files(
        member_client,
        f"/beitraege/{submission.pk}/bearbeiten/",
        images=[upload("bild-6.png", png_bytes()), upload("bild-7.png", png_bytes())],
    )
    assert response.status_code == 200
    assert errors_of(response)["new_images"] == [
        "„bild-7.png“ wurde nicht hinzugefügt: Ein Beitrag kann höchstens 6 Bilder haben."
    ]
    assert submission.images.count() == 6


def test_descriptions_are_kept_and_removed_files_deleted(member_client, practice_index):
    post_files(
        member_client, images=[upload("a.png", png_bytes())], documents=[upload("plan.pdf", pdf_bytes())]
    )
    submission = Submission.objects.get()
    image = submission.images.get()
    document = submission.documents.get()
    data = failure_story_data(
        **{
            f"image-{image.pk}-alt": "Jugendliche löten an einem Werkstatttisch",
            f"image-{image.pk}-caption": "Die Werkstatt am ersten Tag",
            f"image-{image.pk}-credit": "Netzwerk Allgäu",
            f"document-{document.pk}-title": "Auswertung als PDF",
            f"document-{document.pk}-description": "Zahlen und Stimmen",
        }
    )
    assert member_client.post(f"/beitraege/{submission.pk}/bearbeiten/", data).status_code == 302
    image.refresh_from_db()
    document.refresh_from_db()
    assert image.alt_text == "Jugendliche löten an einem Werkstatttisch"
    assert image.image.description == "Jugendliche löten an einem Werkstatttisch"
    assert document.title == "Auswertung als PDF"

    data[f"image-{image.pk}-remove"] = "on"
    data[f"document-{document.pk}-remove"] = "on"
    assert member_client.post(f"/beitraege/{submission.pk}/bearbeiten/", data).status_code == 302
    assert not SubmissionImage.objects.exists() and not SubmissionDocument.objects.exists()
    assert not Image.objects.exists() and not Document.objects.exists()


def test_images_need_a_description_to_be_submitted(member_client, practice_index):
    post_files(member_client, images=[upload("a.png", png_bytes())])
    submission = Submission.objects.get()
    image = submission.images.get()
    response = member_client.post(
        f"/beitraege/{submission.pk}/bearbeiten/", failure_story_data(action="submit")
    )
    assert response.status_code == 200
    assert errors_of(response)[f"image-{image.pk}-alt"] == ["Bitte fülle dieses Feld aus."]


def test_files_are_private_until_the_post_is_approved(
    member_client, coordinator, other_member, redaktion, practice_index, django_capture_on_commit_callbacks
):
    post_files(
        member_client, images=[upload("a.png", png_bytes())], documents=[upload("plan.pdf", pdf_bytes())]
    )
    submission = Submission.objects.get()
    image_attachment = submission.images.get()
    image_attachment.alt_text = "Ein Plan"
    image_attachment.save()
    actions.submit(submission, coordinator)
    submission.refresh_from_db()
    document = submission.documents.get().document
    url = document.url

    # The page body carries both, as image and document blocks.
    page = submission.page.specific
    assert [block.block_type for block in page.body] == ["paragraph", "image", "document"]
    assert page.body[1].value["image"].pk == image_attachment.image_id
    assert page.body[1].value["image"].contextual_alt_text == "Ein Plan"

    anonymous = Client()
    response = anonymous.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    stranger = Client()
    stranger.force_login(other_member)
    assert stranger.get(url).status_code == 302
    own = member_client.get(url)
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment")
    assert own["Content-Security-Policy"] == "default-src 'none'"
    assert own["X-Content-Type-Options"] == "nosniff"
    assert own.content.startswith(b"%PDF-")
    editor = Client()
    editor.force_login(redaktion)
    assert editor.get(url).status_code == 200

    # Approved: both move to the public collection, and everyone may fetch the document.
    with django_capture_on_commit_callbacks(execute=True):
        page.current_workflow_task_state.task.specific.on_action(
            page.current_workflow_task_state, redaktion, "approve"
        )
    submission.refresh_from_db()
    assert submission.state == SubmissionState.PUBLISHED
    document.refresh_from_db()
    assert document.collection.name == PUBLIC_COLLECTION_NAME
    assert Image.objects.get(pk=image_attachment.image_id).collection.name == PUBLIC_COLLECTION_NAME
    assert anonymous.get(url).status_code == 200
