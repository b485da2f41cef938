"""German is the default; English on request; the committed translations are complete and compiled."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@pytest.mark.django_db
def test_german_is_the_default_even_for_english_browsers(client, site_shell):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "de"
    assert "Anmelden" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_to_english(client, site_shell):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ueber-uns/"})
    assert response.status_code == 302 and response["Location"] == "/ueber-uns/"
    html = client.get("/ueber-uns/").content.decode()
    assert "Log in" in html and '<html lang="en">' in html


def test_translations_are_complete():
    catalogue = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated strings in {PO.name}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy strings in {PO.name}: {fuzzy[:10]}"


def test_compiled_catalogue_matches_the_po_file():
    po = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO)).translated_entries()}
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO)) if e.msgid}
    assert mo == po, "locale/de/LC_MESSAGES/django.mo is out of date: run `make messages`"


def test_every_source_string_is_in_the_catalogue(tmp_path):
    """makemessages on a copy of the sources finds no string that the committed catalogue lacks."""
    if shutil.which("xgettext") is None:
        message = "xgettext (Debian package gettext) is needed to extract strings"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", "var", ".git", "tests", "bench", "__pycache__", "node_modules")
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "de", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/de/LC_MESSAGES/django.po"))}
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    missing = sorted(msgid for _ctx, msgid in extracted - committed)
    assert not missing, f"strings missing from the catalogue, run `make messages`: {missing[:10]}"
