"""Rebuild the search index from the content, with a progress line, resumable after an interruption.

    manage.py search_reindex                      # every source; continues an interrupted run if there is one
    manage.py search_reindex --fresh              # start over, ignoring checkpoints
    manage.py search_reindex --source practice --source profile
    manage.py search_reindex --atomic             # one complete new index swapped in at once (not resumable)

See search/reindex.py for how checkpoints (VAR_DIR/search-reindex/) and the removal of stale documents work.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search import reindex, sources
from search.engines import get_engine


class Command(BaseCommand):
    help = "Rebuild the site search index from the content (resumable; see --fresh, --source, --atomic)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            action="append",
            dest="sources",
            choices=sources.names(),
            help="Only this source (repeatable). Default: all.",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--resume",
            action="store_true",
            help="Continue an interrupted run from its checkpoints (the default when one exists).",
        )
        mode.add_argument("--fresh", action="store_true", help="Ignore checkpoints and start over.")
        mode.add_argument(
            "--atomic",
            action="store_true",
            help="Build a complete new index and swap it in at once (all sources; not resumable).",
        )
        parser.add_argument("--batch-size", type=int, default=reindex.BATCH_SIZE, help="Objects per batch.")

    def handle(self, *args, **options):
        engine = get_engine()
        self.interactive_progress = sys.stderr.isatty()
        if options["atomic"]:
            if options["sources"]:
                raise CommandError("--atomic rebuilds every source; leave out --source.")
            return self._atomic(engine)
        names = options["sources"] or sources.names()
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        run, resumed = reindex.current_run(names, fresh=options["fresh"])
        if resumed:
            self.stdout.write("Continuing the interrupted run from its checkpoints.")
        elif options["resume"]:
            self.stdout.write("No interrupted run found; starting a new one.")
        self.stdout.write(f"Search engine: {engine.name}")
        reports = []
        started = time.monotonic()
        for name in names:
            report = reindex.reindex_source(
                sources.get(name), run, batch_size=options["batch_size"], progress=self._progress
            )
            self._end_line()
            reports.append(report)
            if report.skipped:
                self.stdout.write(f"  {name}: already done in this run ({report.written} documents)")
            else:
                self.stdout.write(
                    f"  {name}: {report.objects} objects, {report.written} documents, "
                    f"{report.removed} stale removed, {report.seconds:.1f} s"
                )
        reindex.finish_run()
        total = sum(report.written for report in reports)
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {total} documents in {time.monotonic() - started:.1f} s."
            )
        )

    def _atomic(self, engine):
        started = time.monotonic()

        def progress(done):
            self._write_progress(f"all sources: {done} documents")

        written = reindex.rebuild_all(progress)
        self._end_line()
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index replaced: {written} documents in {time.monotonic() - started:.1f} s."
            )
        )

    def _progress(self, source, done, total, per_second):
        percent = 100 * done // total if total else 100
        width = 24
        filled = width * percent // 100
        bar = "#" * filled + "-" * (width - filled)
        self._write_progress(
            f"{source:<14} [{bar}] {done}/{total} ({percent} %), {per_second:.0f} documents/s"
        )

    def _write_progress(self, text):
        # One line, rewritten in place on a terminal; one line per batch in a log.
        if self.interactive_progress:
            self.stderr.write("\r" + text.ljust(90), ending="")
        else:
            self.stderr.write(text)
        self.stderr.flush()

    def _end_line(self):
        if self.interactive_progress:
            self.stderr.write("")
