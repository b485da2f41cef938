"""Privacy (DSGVO): the data export holds every field; deletion leaves nothing personal anywhere."""

import io
import json
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page
from wagtail.users.models import UserProfile

from community.members import privacy
from community.members.mfa import ensure_demo_totp
from community.members.models import Follow, Profile, User

from .conftest import PASSWORD, log_in, log_in_with_totp, make_user, recovery_code_for

pytestmark = pytest.mark.django_db

EMAIL = "wiebke.quast@example.org"
DISPLAY_NAME = "Wiebke Quast-Tannhäuser"
ORGANISATION = "Zukunftswerk Unstrut-Hainich"
BIO = "Ich koordiniere das Schülerforschungszentrum am Hainichrand seit 2019."
PERSONAL_STRINGS = [EMAIL, DISPLAY_NAME, ORGANISATION, BIO]


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (11, 92, 107)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def rich_member(db, django_user_model, roles, plain_member, editor):
    """A member with something in every place the platform keeps data about people."""
    user = make_user(django_user_model, EMAIL, first_name="Wiebke", last_name="Quast-Tannhäuser")
    profile = Profile.objects.create(
        user=user,
        display_name=DISPLAY_NAME,
        organisation=ORGANISATION,
        bio=BIO,
        role="coordinator",
        bundesland="TH",
        can_help_with="Kooperationsverträge mit Schulen",
        looking_for="Kontakte zu Hochschulen",
        visibility={"organisation": "public", "bio": "hidden"},
    )
    profile.avatar.save("wiebke.png", ContentFile(png_bytes()), save=True)
    profile.topics.add("Mädchen in MINT", "Finanzierung")
    user_type = ContentType.objects.get_for_model(User)
    Follow.objects.create(user=user, content_type=user_type, object_id=plain_member.pk)
    Follow.objects.create(user=plain_member, content_type=user_type, object_id=user.pk)
    Follow.objects.create(
        user=plain_member, content_type=ContentType.objects.get_for_model(Profile), object_id=profile.pk
    )
    ensure_demo_totp(user)
    UserProfile.get_for_user(user)
    # Admin histories that name the account.
    log(instance=user, action="wagtail.edit", user=editor)
    LogEntry.objects.create(
        user=editor,
        content_type=user_type,
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
        change_message=f"E-Mail geändert in {EMAIL}",
    )
    return user


def database_hits(needles: list[str]) -> list[tuple[str, str, str]]:
    """Every (table, column, needle) where a needle occurs in any column of any table, in any case.
    JSON columns may store non-ASCII characters escaped, so the escaped spelling is searched too."""
    variants = {}
    for needle in needles:
        for spelling in {needle, json.dumps(needle)[1:-1]}:
            variants[spelling.lower()] = needle
    hits = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                expression = f"LOWER(CAST({quote(column.name)} AS TEXT))"
                for spelling, needle in variants.items():
                    cursor.execute(
                        f"SELECT 1 FROM {quote(table)} WHERE {expression} LIKE %s LIMIT 1",  # noqa: S608
                        [f"%{spelling}%"],
                    )
                    if cursor.fetchone():
                        hits.append((table, column.name, needle))
    return hits


# --- Export -------------------------------------------------------------------------------------------------


def test_export_contains_every_field(rich_member, plain_member):
    data = json.loads(json.dumps(privacy.export_user_data(rich_member), cls=_encoder()))

    assert data["format"] == privacy.EXPORT_FORMAT
    user_fields = {field.name for field in User._meta.concrete_fields} - {"password"}
    assert user_fields <= set(data["account"]["user"]), user_fields - set(data["account"]["user"])
    assert data["account"]["user"]["email"] == EMAIL
    assert "password" not in data["account"]["user"]
    assert data["account"]["has_password"] is True
    assert data["account"]["email_addresses"] == [{"email": EMAIL, "verified": True, "primary": True}]
    assert data["account"]["groups"] == []
    assert sorted(a["type"] for a in data["account"]["two_factor"]) == ["recovery_codes", "totp"]

    # The profile: every field of the model, so a field added later cannot be forgotten.
    profile = data["members"]["profile"]
    model_fields = {
        field.name
        for field in Profile._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.name not in ("id", "user")
    }
    assert model_fields <= set(profile), model_fields - set(profile)
    assert profile["display_name"] == DISPLAY_NAME and profile["organisation"] == ORGANISATION
    assert profile["bio"] == BIO
    assert profile["bundesland_label"] == "Thüringen"
    assert profile["topics"] == ["Finanzierung", "Mädchen in MINT"]
    assert set(profile["visibility"]) == set(Profile.VISIBILITY_FIELDS)
    assert profile["visibility"]["organisation"] == "public" and profile["visibility"]["bio"] == "hidden"
    assert profile["visibility"]["region"] == "members"  # the default where the member chose nothing
    assert profile["avatar"]["name"].startswith("avatars/")
    assert data["members"]["follows"] == [
        {
            "type": "members.user",
            "id": plain_member.pk,
            "name": str(plain_member),
            "since": data["members"]["follows"][0]["since"],
        }
    ]

    # Every app that registered with the privacy registry is in the export.
    assert {handler.name for handler in privacy.handlers()} <= set(data)


def test_export_never_contains_secrets(rich_member):
    body = json.dumps(privacy.export_user_data(rich_member), cls=_encoder())
    assert rich_member.password not in body
    for authenticator in Authenticator.objects.filter(user=rich_member):
        for value in authenticator.data.values():
            if isinstance(value, str) and len(value) > 8:
                assert value not in body


def test_export_download(client, rich_member, plain_member):
    client.force_login(rich_member)
    response = client.get("/konto/daten/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="netzwerkstatt-meine-daten-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["user"]["email"] == EMAIL
    # Only the member's own data: not the address of the member they follow.
    assert plain_member.email not in response.content.decode()


def test_export_needs_login(client):
    response = client.get("/konto/daten/export/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


def test_export_is_rate_limited(client, plain_member):
    client.force_login(plain_member)
    for _download in range(5):
        assert client.get("/konto/daten/export/").status_code == 200
    response = client.get("/konto/daten/export/", follow=True)
    assert response.redirect_chain[-1][0] == "/konto/daten/"
    assert "innerhalb einer Stunde schon mehrmals" in response.content.decode()


def test_privacy_page(client, plain_member):
    client.force_login(plain_member)
    html = client.get("/konto/daten/").content.decode()
    assert "Meine Daten (JSON)" in html
    assert 'href="/konto/daten/export/"' in html and 'href="/konto/daten/loeschen/"' in html


# --- Deletion -----------------------------------------------------------------------------------------------


def test_deletion_page_needs_login(client):
    assert client.get("/konto/daten/loeschen/")["Location"].startswith("/konto/login/")
    assert client.post("/konto/daten/loeschen/", {"password": PASSWORD})["Location"].startswith(
        "/konto/login/"
    )


def test_wrong_password_deletes_nothing_and_keeps_the_choice(client, rich_member):
    client.force_login(rich_member)
    response = client.post(
        "/konto/daten/loeschen/", {"password": "falsch", "contributions": "keep", "confirm": "on"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Das Passwort ist nicht korrekt." in html
    assert 'value="keep" required id="id_contributions_0" checked' in html or (
        'value="keep"' in html and "checked" in html
    )
    assert User.objects.filter(pk=rich_member.pk, is_active=True).exists()
    assert Profile.objects.filter(user=rich_member).exists()


def test_choice_and_confirmation_are_required(client, rich_member):
    client.force_login(rich_member)
    response = client.post("/konto/daten/loeschen/", {"password": PASSWORD})
    html = response.content.decode()
    assert "Bitte wähle, was mit deinen Beiträgen passieren soll." in html
    assert "Bitte bestätige, dass du dein Konto löschen möchtest." in html
    assert Profile.objects.filter(user=rich_member).exists()


def test_deletion_attempts_are_rate_limited(client, rich_member):
    client.force_login(rich_member)
    for _attempt in range(5):
        client.post(
            "/konto/daten/loeschen/", {"password": "falsch", "contributions": "keep", "confirm": "on"}
        )
    response = client.post(
        "/konto/daten/loeschen/", {"password": PASSWORD, "contributions": "keep", "confirm": "on"}
    )
    assert response.status_code == 429
    assert "Zu viele Versuche." in response.content.decode()
    assert Profile.objects.filter(user=rich_member).exists()


def test_deletion_needs_csrf_token(rich_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(rich_member)
    response = client.post(
        "/konto/daten/loeschen/", {"password": PASSWORD, "contributions": "keep", "confirm": "on"}
    )
    assert response.status_code == 403


def delete_account(client, member, mode, django_capture_on_commit_callbacks):
    log_in_with_totp(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/konto/daten/loeschen/", {"password": PASSWORD, "contributions": mode, "confirm": "on"}
        )
    assert response.status_code == 302 and response["Location"] == "/konto/geloescht/"
    return response


def assert_nothing_personal_left(avatar_path: Path):
    assert not avatar_path.exists()
    hits = database_hits(PERSONAL_STRINGS)
    assert hits == [], f"personal data left behind: {hits}"


def test_keep_contributions_anonymises_the_account(client, rich_member, django_capture_on_commit_callbacks):
    avatar_path = Path(settings.MEDIA_ROOT) / rich_member.profile.avatar.name
    assert avatar_path.exists()
    # The scan finds the member's data before, so an empty result afterwards means something.
    assert {hit[2] for hit in database_hits(PERSONAL_STRINGS)} == set(PERSONAL_STRINGS)
    root = Page.get_first_root_node()
    contribution = root.add_child(
        instance=Page(title="Praxisbeispiel Forscherferien", slug="forscherferien", owner=rich_member)
    )
    other_device = Client()
    log_in_with_totp(other_device, rich_member, code=recovery_code_for(rich_member))
    assert other_device.get("/konto/").status_code == 200

    delete_account(client, rich_member, "keep", django_capture_on_commit_callbacks)

    former = User.objects.get(pk=rich_member.pk)
    assert privacy.is_former_member(former)
    assert not former.is_active and not former.has_usable_password()
    assert former.first_name == former.last_name == ""
    assert not former.groups.exists()
    assert not Profile.objects.filter(user=former).exists()
    assert not EmailAddress.objects.filter(user=former).exists()
    assert not Authenticator.objects.filter(user=former).exists()
    assert not Follow.objects.filter(user=former).exists()
    assert not Follow.objects.filter(object_id=rich_member.pk, content_type__model="user").exists()
    assert not UserProfile.objects.filter(user=former).exists()
    # Content keeps its author: the foreign key still resolves.
    contribution.refresh_from_db()
    assert contribution.owner_id == former.pk
    assert ModelLogEntry.objects.filter(object_id=str(former.pk)).get().label == "ehemaliges Mitglied"

    # Logged out here and on every other device; the old address no longer logs in.
    assert "_auth_user_id" not in client.session
    assert other_device.get("/konto/").status_code == 302
    assert "_auth_user_id" not in Client().session
    assert log_in(Client(), EMAIL).status_code == 200

    page = client.get("/konto/geloescht/").content.decode()
    assert "Dein Konto wurde gelöscht" in page and "ehemaliges Mitglied" in page
    assert client.get("/konto/geloescht/")["Location"] == "/"  # shown once

    assert_nothing_personal_left(avatar_path)


def test_delete_contributions_removes_the_account(client, rich_member, django_capture_on_commit_callbacks):
    avatar_path = Path(settings.MEDIA_ROOT) / rich_member.profile.avatar.name
    root = Page.get_first_root_node()
    contribution = root.add_child(
        instance=Page(title="Praxisbeispiel Forscherferien", slug="forscherferien", owner=rich_member)
    )

    delete_account(client, rich_member, "delete", django_capture_on_commit_callbacks)

    assert not User.objects.filter(pk=rich_member.pk).exists()
    contribution.refresh_from_db()
    assert contribution.owner_id is None
    page = client.get("/konto/geloescht/").content.decode()
    assert "Was du geschrieben hast, wurde ebenfalls gelöscht." in page

    assert_nothing_personal_left(avatar_path)


def test_sessions_of_the_member_are_found_and_ended(rich_member, plain_member):
    mine, theirs = Client(), Client()
    mine.force_login(rich_member)
    theirs.force_login(plain_member)
    assert privacy.delete_sessions_of(rich_member) == 1
    assert "_auth_user_id" in theirs.session
    assert mine.get("/konto/").status_code == 302


def _encoder():
    from django.core.serializers.json import DjangoJSONEncoder

    return DjangoJSONEncoder
