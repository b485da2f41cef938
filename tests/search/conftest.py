"""Fixtures for the search tests: a fresh index per test, the engines of the contract suite, a small site.

The contract suite (test_contract.py) runs the same cases against every engine available here:
- "sqlite": SQLite FTS5, always;
- "postgresql": when the main database is PostgreSQL (DATABASE_URL=postgres://…, as in CI);
- "elasticsearch": when ELASTICSEARCH_URL is set. Otherwise those cases are skipped, and the terminal summary
  says so in a line of its own.
"""

import itertools
import os
import uuid

import pytest

_numbers = itertools.count(1)
PASSWORD = "ein-sicheres-passwort"
_skipped_engines: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for engine, reason in sorted(_skipped_engines.items()):
        terminalreporter.write_line(f"{engine} contract tests skipped: {reason}", yellow=True, bold=True)


@pytest.fixture(autouse=True)
def _fresh_search_index(settings, tmp_path, request):
    """Every test gets an empty index: its own SQLite file, and on PostgreSQL empty search tables where the test's
    transaction does not roll them back (transactional tests, browser tests)."""
    from search import engines

    settings.SEARCH_SQLITE_PATH = tmp_path / "search.sqlite3"
    engines.reset()
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in request.fixturenames
        or "live_site" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )
    if transactional:
        _empty_postgres_tables()
    yield
    engines.reset()
    if transactional:
        _empty_postgres_tables()


def _empty_postgres_tables():
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_document")
        cursor.execute("DELETE FROM search_term")


ENGINES = ["sqlite", "postgresql", "elasticsearch"]


@pytest.fixture(params=ENGINES)
def engine(request, tmp_path):
    """An empty engine of each kind available (see the module docstring)."""
    name = request.param
    if name == "sqlite":
        from search.engines.sqlite_fts import SqliteFtsEngine

        engine = SqliteFtsEngine(tmp_path / "contract.sqlite3")
        yield engine
        engine.close()
        return
    if name == "postgresql":
        request.getfixturevalue("db")
        from django.db import connection

        if connection.vendor != "postgresql":
            reason = "the main database is not PostgreSQL (set DATABASE_URL=postgres://…)"
            _skipped_engines["PostgreSQL"] = reason
            pytest.skip(f"PostgreSQL engine: {reason}")
        from search.engines.postgres import PostgresEngine

        yield PostgresEngine()
        return
    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if not url:
        reason = "ELASTICSEARCH_URL not set"
        _skipped_engines["Elasticsearch"] = reason
        pytest.skip(f"Elasticsearch engine: {reason}")
    from search.engines.elastic import ElasticsearchEngine

    engine = ElasticsearchEngine(url, f"nwcontract{uuid.uuid4().hex[:10]}", refresh=True)
    yield engine
    engine.drop()


# --- A small site: pages, members, channels -----------------------------------------------------------------


@pytest.fixture
def home(db):
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage, SiteSettings

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _created = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    SiteSettings.for_site(site)
    return home


@pytest.fixture
def guide(home):
    from knowledge.guide.models import GuidePage

    guide = GuidePage(title="Auf dem Weg zur MINT-Region", slug="gruendungsleitfaden", intro="Der Leitfaden.")
    home.add_child(instance=guide)
    guide.save_revision().publish()
    return guide


@pytest.fixture
def make_chapter(guide):
    from knowledge.guide.models import GuideChapterPage

    def make(title, summary="Worum es geht.", body=(), tags=(), parent=None, publish=True, **fields):
        chapter = GuideChapterPage(
            title=title, slug=f"kapitel-{next(_numbers)}", summary=summary, body=list(body), **fields
        )
        (parent or guide).add_child(instance=chapter)
        if tags:
            chapter.tags.add(*tags)
        revision = chapter.save_revision()
        if publish:
            revision.publish()
        return GuideChapterPage.objects.get(pk=chapter.pk)

    return make


@pytest.fixture
def practice_index(home):
    from knowledge.practice.models import PracticeIndexPage

    index = PracticeIndexPage(title="Praxis & Erfahrungen", slug="praxis", intro="Aus den Regionen.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_post(practice_index):
    from knowledge.practice.models import BestPracticePage, FailureStoryPage

    def make(kind="bp", title=None, *, tags=(), publish=True, **fields):
        number = next(_numbers)
        fields.setdefault("slug", f"beitrag-{number}")
        fields.setdefault("summary", f"Zusammenfassung von Beitrag {number}.")
        if kind == "bp":
            model = BestPracticePage
            fields.setdefault("transferability", "ja")
        else:
            model = FailureStoryPage
            fields.setdefault("goal", "Wir wollten viel erreichen.")
            fields.setdefault("what_went_wrong", "Es kam anders.")
            fields.setdefault("lessons_learned", "Wir haben dazugelernt.")
        page = model(title=title or f"Beitrag {number}", live=False, **fields)
        practice_index.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return model.objects.get(pk=page.pk)

    return make


@pytest.fixture
def directory(home):
    from community.regions.models import RegionIndexPage

    index = RegionIndexPage(title="MINT-Regionen", slug="regionen")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_region(directory):
    from community.regions.models import RegionPage

    def make(title, bundesland="BY", tags=(), **fields):
        region = RegionPage(title=title, slug=f"region-{next(_numbers)}", bundesland=bundesland, **fields)
        directory.add_child(instance=region)
        if tags:
            region.tags.add(*tags)
        region.save_revision().publish()
        return RegionPage.objects.get(pk=region.pk)

    return make


@pytest.fixture
def make_member(db, django_user_model):
    """make_member("Jana Beispiel", visibility={...}, **profile fields) -> an active member with a profile."""
    from allauth.account.models import EmailAddress

    from community.members.models import Profile

    def make(display_name="Mitglied Beispiel", visibility=None, topics=(), **fields):
        number = next(_numbers)
        user = django_user_model.objects.create_user(
            username=f"mitglied-{number}",
            email=f"mitglied-{number}@netzwerkstatt.example",
            password=PASSWORD,
            first_name=display_name.split()[0],
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        profile = Profile.objects.create(
            user=user, display_name=display_name, visibility=visibility or {}, **fields
        )
        if topics:
            profile.topics.add(*topics)
        return user

    return make


@pytest.fixture
def make_channel(db):
    from community.chat.models import Channel

    def make(slug, **fields):
        fields.setdefault("name", slug.replace("-", " ").title())
        return Channel.objects.create(slug=slug, **fields)

    return make


@pytest.fixture
def send(db):
    """send(user, channel, body) -> the stored message (through the chat's own posting service)."""
    from community.chat import posting

    def send_message(user, channel, body):
        return posting.post_message(user, channel, body, uuid.uuid4().hex).message

    return send_message


@pytest.fixture
def site_engine():
    """The engine the site searches with (the database engine, with a fresh index per test)."""
    from search.engines import get_engine

    return get_engine()


def search_keys(text="", audiences=("public", "anonymous"), **query_fields):
    from search.engines import get_engine
    from search.engines.base import SearchQuery

    results = get_engine().search(
        SearchQuery(text=text, audiences=frozenset(audiences), limit=100, **query_fields)
    )
    return [hit.key for hit in results.hits]
