"""A best-practice post and a Story of Failure show every field and block; anonymity holds in their HTML."""

import io
import re

import pytest
from django.core.files.base import ContentFile

from .conftest import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(db):
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), "#0b5c6b").save(buffer, format="PNG")
    image = get_image_model()(title="Forscherkiste")
    image.file.save("forscherkiste.png", ContentFile(buffer.getvalue()), save=False)
    image.width, image.height = 40, 20
    image.save()
    return image


@pytest.fixture
def document(db):
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Vorlage Kooperationsvereinbarung")
    document.file.save("vorlage.txt", ContentFile(b"Vorlage"), save=False)
    document.save()
    return document


def every_block(image, document) -> list[dict]:
    return [
        {"type": "heading", "value": {"text": "So lief es ab", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Ein Absatz mit <b>Fettdruck</b>.</p>"},
        {"type": "callout", "value": {"kind": "tip", "title": "Unser Tipp", "text": "<p>Früh anfangen.</p>"}},
        {
            "type": "quote",
            "value": {"text": "Ohne Kümmerin geht es nicht.", "attribution": "Eine Schulleiterin"},
        },
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "Kinder an der Forscherkiste", "decorative": False},
                "caption": "Die Forscherkiste im Einsatz",
                "credit": "Kita Sonnenschein",
            },
        },
        {
            "type": "document",
            "value": {"document": document.pk, "title": "Unsere Vorlage", "description": "Zum Anpassen."},
        },
    ]


def test_best_practice_page_shows_every_field_and_block(client, make_post, aachen, image, document):
    make_post(
        "bp",
        "Forscherkisten aus der Bibliothek",
        slug="forscherkisten",
        summary="Kitas leihen **Forscherkisten** aus.",
        region=aachen,
        stages=["kita", "grundschule"],
        target_groups=["kinder", "fachkraefte"],
        tags=["Frühe MINT-Bildung", "Ehrenamt"],
        partners="Kreisbibliothek\nKita-Fachberatung",
        effort="mittel",
        resources="Rund *400 Euro* je Kiste.",
        transferability="teilweise",
        transfer_conditions="Eine Bibliothek, die mitmacht.",
        contact="Koordination, kisten@example.org",
        byline="Bea Beispiel, MINT-Netzwerk Aachener Revier",
        body=every_block(image, document),
    )
    response = client.get("/praxis/forscherkisten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Forscherkisten aus der Bibliothek" in html
    assert "Kitas leihen <strong>Forscherkisten</strong> aus." in html  # summary as Markdown
    assert '<a href="/regionen/aachener-revier/">MINT-Netzwerk Aachener Revier</a>' in html
    assert 'href="/praxis/?land=NW"' in html and "Nordrhein-Westfalen" in html
    for label in ("Kita", "Grundschule", "Kinder", "Lehr- und pädagogische Fachkräfte"):
        assert label in html
    assert "<li>Kreisbibliothek</li>" in html and "<li>Kita-Fachberatung</li>" in html
    assert "Mittel" in html and "Rund <em>400 Euro</em> je Kiste." in html
    assert "Teilweise übertragbar" in html and "Eine Bibliothek, die mitmacht." in html
    assert "Koordination, kisten@example.org" in html
    assert "Von Bea Beispiel, MINT-Netzwerk Aachener Revier" in html
    assert re.search(r"Veröffentlicht am\s*<time datetime=", html)
    assert 'href="/themen/frühe-mint-bildung/"' in html and 'href="/themen/ehrenamt/"' in html
    # Every block of the body.
    assert "So lief es ab" in html
    assert "<b>Fettdruck</b>" in html
    assert "Unser Tipp" in html and "Früh anfangen." in html
    assert "Ohne Kümmerin geht es nicht." in html and "Eine Schulleiterin" in html
    assert 'alt="Kinder an der Forscherkiste"' in html and "Die Forscherkiste im Einsatz" in html
    assert "Kita Sonnenschein" in html
    assert "Unsere Vorlage" in html and document.url in html and "Zum Anpassen." in html
    assert 'href="/static/css/practice.css"' in html


def test_failure_story_page_shows_its_five_sections(client, make_post):
    make_post(
        "sof",
        "Der Aktionstag, zu dem keiner kam",
        slug="aktionstag",
        bundesland="SN",
        goal="Ein großer Tag für Familien.",
        what_went_wrong="Der Termin lag auf dem Stadtfest.",
        lessons_learned="- Über die Schulen einladen\n- Termine abstimmen",
        do_differently="Kleiner anfangen.",
        who_benefits="Neue Netzwerke.",
        tags=["Veranstaltungsformate"],
        byline="Team Vogtland",
    )
    html = client.get("/praxis/aktionstag/").content.decode()
    for heading, text in [
        ("Was wir vorhatten", "Ein großer Tag für Familien."),
        ("Was schiefging", "Der Termin lag auf dem Stadtfest."),
        ("Was wir gelernt haben", "<li>Über die Schulen einladen</li>"),
        ("Was wir heute anders machen würden", "Kleiner anfangen."),
        ("Wer davon profitieren kann", "Neue Netzwerke."),
    ]:
        assert heading in html and text in html
    assert (
        html.index("Was wir vorhatten") < html.index("Was schiefging") < html.index("Was wir gelernt haben")
    )
    assert "Story of Failure" in html and "Sachsen" in html
    assert "Von Team Vogtland" in html


def test_member_text_is_sanitised(client, make_post):
    make_post(
        "sof",
        "Sicher dargestellt",
        slug="sicher",
        summary='<script>alert("x")</script> Zusammenfassung',
        goal='<img src=x onerror="alert(1)"> [Link](javascript:alert(1))',
        what_went_wrong="<iframe src='https://example.org'></iframe>",
        lessons_learned="**fett**",
    )
    html = client.get("/praxis/sicher/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    # The only script is the discussion's own module (static, same origin); nothing from the member's text.
    scripts = [part.split(">", 1)[0] for part in main.split("<script")[1:]]
    assert scripts == [' type="module" src="/static/js/threads/thread.js"'], scripts
    assert "<img src=x" not in main and "<iframe" not in main
    assert 'href="javascript:' not in main
    # Shown as text, never as markup.
    assert "&lt;script&gt;" in main and "&lt;img src=x" in main and "&lt;iframe" in main
    assert "<strong>fett</strong>" in main


def test_anonymous_story_names_its_author_nowhere(client, make_post, make_user):
    author = make_user("Pia Pseudonym", email="pia.pseudonym@example.org")
    make_post(
        "sof",
        "Was nicht klappte",
        slug="anonym",
        author=author,
        byline="Pia Pseudonym, MINT-Region Musterland",
        anonymous=True,
        user=author,  # the revision is the author's: submitted by them, published by an editor
    )
    html = client.get("/praxis/anonym/").content.decode()
    assert "Anonym veröffentlicht" in html
    for trace in ("Pia", "Pseudonym", "pia.pseudonym", "Musterland", f"/mitglieder/{author.pk}/"):
        assert trace not in html
    # The listing, the table and the home page do not name the author either.
    for path in ("/praxis/", "/praxis/?art=story-of-failure", "/"):
        page = client.get(path).content.decode()
        assert "Pia" not in page and "Pseudonym" not in page


def test_related_posts_share_topics_and_cost_one_query(client, make_post):
    make_post("bp", "Hauptbeitrag", slug="haupt", tags=["Ehrenamt", "Schülerlabore", "Verstetigung"])
    make_post("bp", "Zwei gemeinsame Themen", tags=["Ehrenamt", "Schülerlabore"], days_ago=30)
    make_post("sof", "Ein gemeinsames Thema", tags=["Verstetigung"], days_ago=1)
    make_post("bp", "Kein gemeinsames Thema", tags=["Datenschutz"])
    make_post("bp", "Nicht veröffentlicht", tags=["Ehrenamt"], publish=False)
    html = client.get("/praxis/haupt/").content.decode()
    related = html[html.index('id="related-heading"') :]
    assert related.index("Zwei gemeinsame Themen") < related.index("Ein gemeinsames Thema")
    assert "2 gemeinsame Themen" in related and "1 gemeinsames Thema" in related
    assert "Kein gemeinsames Thema" not in related and "Nicht veröffentlicht" not in related
    assert "Hauptbeitrag" not in related


def test_a_post_page_costs_the_same_however_many_related_posts(client, make_post):
    make_post("bp", "Hauptbeitrag", slug="haupt", tags=["Ehrenamt", "Verstetigung"])
    make_post("bp", tags=["Ehrenamt"])
    few = count_queries(client, "/praxis/haupt/")
    for _ in range(5):
        make_post("sof", tags=["Ehrenamt", "Verstetigung"])
    assert count_queries(client, "/praxis/haupt/") == few
    assert few <= 14


def test_unpublished_posts_are_not_served(client, make_post):
    make_post("bp", slug="entwurf", publish=False)
    assert client.get("/praxis/entwurf/").status_code == 404


@pytest.fixture
def editor_user(make_user):
    """A member of the group Redaktion with an authenticator app (the admin requires two factors)."""
    from django.contrib.auth.models import Group

    from community.members.mfa import ensure_demo_totp
    from community.members.roles import sync_roles

    sync_roles()
    user = make_user("Rieke Redaktion")
    user.groups.add(Group.objects.get(name="Redaktion"))
    ensure_demo_totp(user)
    return user


def test_editors_create_and_edit_both_kinds_in_the_admin(client, practice_index, make_post, editor_user):
    client.force_login(editor_user)
    for model in ("bestpracticepage", "failurestorypage"):
        response = client.get(f"/admin/pages/add/practice/{model}/{practice_index.pk}/")
        assert response.status_code == 200, model
    html = client.get(f"/admin/pages/{make_post('bp').pk}/edit/").content.decode()
    assert 'name="stages" value="kita"' in html and 'name="transferability"' in html
    assert 'name="anonymous"' in html and 'name="author"' in html  # editors see who wrote a post
    html = client.get(f"/admin/pages/{make_post('sof').pk}/edit/").content.decode()
    assert 'name="what_went_wrong"' in html and 'name="who_benefits"' in html


def test_a_preview_of_an_unsaved_post_renders(practice_index):
    from knowledge.practice.models import FailureStoryPage

    page = FailureStoryPage(
        title="Noch nicht gespeichert",
        slug="entwurf",
        summary="Eine Vorschau.",
        goal="Ziel.",
        what_went_wrong="Fehler.",
        lessons_learned="Gelernt.",
    )
    page.set_url_path(practice_index)
    page.depth = practice_index.depth + 1
    page.path = practice_index.path + "9999"
    page.tags.add("Ehrenamt")
    response = page.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Noch nicht gespeichert" in html and "Noch nicht veröffentlicht" in html


def test_a_preview_of_the_listing_renders(practice_index, make_post):
    make_post("bp", "Sichtbar in der Vorschau")
    response = practice_index.make_preview_request()
    assert response.status_code == 200
    assert "Sichtbar in der Vorschau" in response.content.decode()
