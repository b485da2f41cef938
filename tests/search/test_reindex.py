"""`manage.py search_reindex`: rebuilds from the content with a progress line, resumes after an interruption,
removes stale documents; the demo content leaves a filled index."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from search import indexing, reindex, sources
from search.engines import get_engine
from search.engines.base import IndexDocument

from .conftest import search_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_content(make_post, make_region, make_member):
    """Content created while indexing is suspended, as after a bulk import: the index knows nothing of it."""
    with indexing.suspended():
        posts = [make_post(title=f"Brückenbau-Wettbewerb {number}") for number in range(7)]
        region = make_region("MINT-Region Brückenland")
        member = make_member("Bruno Brücke", visibility={"display_name": "public"})
    return {"posts": posts, "region": region, "member": member}


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("search_reindex", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_reindex_fills_the_index_with_progress(silent_content):
    assert search_keys("Brückenbau") == []
    out, err = run()
    assert len(search_keys("Brückenbau")) == 7
    assert search_keys("Brückenland") == [f"region:{silent_content['region'].pk}"]
    assert search_keys("Bruno")
    assert "practice" in err and "7/7 (100 %)" in err  # the progress line
    assert "Search index rebuilt" in out
    assert not reindex.checkpoint_dir().exists()  # a finished run leaves no checkpoints


def test_reindex_resumes_after_an_interruption(silent_content):
    names = sources.names()
    run_id, resumed = reindex.current_run(names, fresh=True)
    assert not resumed

    class Interrupted(Exception):
        pass

    def stop_after_first_batch(source, done, total, per_second):
        raise Interrupted

    with pytest.raises(Interrupted):
        reindex.reindex_source(sources.get("practice"), run_id, batch_size=3, progress=stop_after_first_batch)
    checkpoint = reindex.Checkpoint.load("practice", run_id)
    assert checkpoint.done_objects == 3 and not checkpoint.finished
    assert len(search_keys("Brückenbau")) == 3

    out, _err = run("--resume", "--batch-size", "3")
    assert "Continuing the interrupted run" in out
    assert len(search_keys("Brückenbau")) == 7
    assert "practice: 7 objects" in out  # counted from the checkpoint on, not from the start


def test_fresh_ignores_checkpoints(silent_content):
    run_id, _resumed = reindex.current_run(sources.names(), fresh=True)
    checkpoint = reindex.Checkpoint(
        source="practice", run=run_id, last_pk=10**9, done_objects=99, finished=True
    )
    checkpoint.save()
    out, _err = run("--fresh")
    assert "Continuing" not in out
    assert len(search_keys("Brückenbau")) == 7


def test_single_source_and_stale_documents_are_removed(silent_content):
    engine = get_engine()
    engine.index(
        [
            IndexDocument(
                key="practice:999999",
                doc_type="best_practice",
                object_model="practice.practicepage",
                object_id=999999,
                audiences=("public",),
                title="Ein längst gelöschter Brückenbau-Beitrag",
                url="/weg/",
            ),
            IndexDocument(
                key="region:999999",
                doc_type="region",
                object_model="regions.regionpage",
                object_id=999999,
                audiences=("public",),
                title="Eine gelöschte Brückenbau-Region",
                url="/weg/",
            ),
        ]
    )
    out, _err = run("--source", "practice")
    found = search_keys("Brückenbau")
    assert "practice:999999" not in found and len(found) == 8  # seven posts and the stale region
    assert "1 stale removed" in out
    assert "region:999999" in found  # other sources were not touched


def test_atomic_rebuild(silent_content):
    out, _err = run("--atomic")
    assert "Search index replaced" in out
    assert len(search_keys("Brückenbau")) == 7


def test_bad_options():
    with pytest.raises(CommandError):
        run("--atomic", "--source", "practice")
    with pytest.raises(CommandError):
        run("--batch-size", "0")
    with pytest.raises(CommandError):
        run("--source", "erfunden")


def test_checkpoints_are_written_atomically(settings):
    run_id, _resumed = reindex.current_run(["practice"], fresh=True)
    reindex.Checkpoint(source="practice", run=run_id, last_pk=5, done_objects=5).save()
    data = json.loads(reindex.Checkpoint.path_for("practice").read_text())
    assert data["last_pk"] == 5 and data["run"] == run_id
    assert not list(reindex.checkpoint_dir().glob("*.tmp"))
    reindex.finish_run()


def test_demo_content_leaves_a_filled_index(demo_site):
    engine = get_engine()
    assert engine.count() > 100
    assert search_keys("Netzwerk")
    assert search_keys("Mädchen")
    # Demo channels are members-only: visitors find none of their messages, members do.
    assert not [key for key in search_keys("zusammen") if key.startswith("message:")]
    assert [
        key for key in search_keys("zusammen", audiences=("public", "members")) if key.startswith("message:")
    ]
