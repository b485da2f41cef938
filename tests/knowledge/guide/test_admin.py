"""Editors work on the guide in the Wagtail admin: the chapter form offers the checklist block, and a new
chapter can be added only below a guide."""

import pytest

from .conftest import checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    from community.members.mfa import ensure_demo_totp

    ensure_demo_totp(editor)
    client.force_login(editor)
    return client


def test_editor_opens_a_chapter_with_a_checklist(editor_client, make_chapter):
    chapter = make_chapter("Partner gewinnen", body=[checklist("Vor dem Treffen", "Partner auflisten")])
    response = editor_client.get(f"/admin/pages/{chapter.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vor dem Treffen" in html and "Partner auflisten" in html
    assert "checklist" in html


def test_chapters_are_added_below_the_guide_only(editor_client, guide, home):
    assert editor_client.get(f"/admin/pages/add/guide/guidechapterpage/{guide.pk}/").status_code == 200
    # Wagtail refuses a page type its parent does not allow and sends the editor back to the dashboard.
    for path in (
        f"/admin/pages/add/guide/guidechapterpage/{home.pk}/",
        f"/admin/pages/add/guide/guidepage/{guide.pk}/",
    ):
        response = editor_client.get(path)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
