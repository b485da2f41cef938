#!/usr/bin/env python
"""Search benchmark: indexing throughput and query latency of the PostgreSQL search engine at scale.

    .venv/bin/python bench/search.py --scale 100000          # make bench-search
    .venv/bin/python bench/search.py --scale 10000 --rounds 5 --keep

Creates a PostgreSQL database of its own (BENCH_SEARCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/nw_bench_search; the name must contain "bench"), migrates only the search
tables into it, generates `--scale` realistic German documents (guide chapters, practice posts, Stories of
Failure, regions, profiles and channel messages with tags, Bundesländer, dates and audiences; deterministic),
then measures

- indexing throughput: engine.rebuild() of all documents (tsvectors, compound parts, vocabulary), in
  documents per second (goal: at least 2,000);
- query latency: 20 representative German queries with facets (total, tag, type and Bundesland counts,
  highlighted snippets, some with filters, one sorted by date, one a typo with "Meinten Sie"), each run
  `--rounds` times after one warm-up; p50 and p95 over all samples (goal: p95 under 30 ms at 100,000).

It prints a Markdown table and PASS/FAIL per goal and writes the figures to var/reports/search-<scale>.json
(and var/reports/search-latest.json). The database is dropped at the end unless --keep.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import common
from common import BenchError

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/nw_bench_search"
REPORT_DIR = common.PROJECT_ROOT / "var" / "reports"
GOAL_DOCS_PER_SECOND = 2000
GOAL_P95_MS = 30.0
GOAL_SCALE = 100_000

TAGS = [
    "Netzwerkarbeit", "Mädchen in MINT", "Berufsorientierung", "Fördermittel", "Schülerlabore",
    "Partnergewinnung", "Wirkungsmessung", "Öffentlichkeitsarbeit", "Ehrenamt", "Verstetigung",
    "Ländlicher Raum", "Kita", "Grundschule", "Lehrkräftefortbildung", "Unternehmenskooperation",
    "Politische Unterstützung", "Digitale Bildung", "Robotik", "Informatik", "Klimabildung",
    "Außerschulische Lernorte", "Elternarbeit", "Ganztag", "Hochschulkooperation", "Wettbewerbe",
    "Veranstaltungsformate", "Datenschutz", "Steuerungsgruppe", "Qualitätsentwicklung", "Transfer",
]  # fmt: skip
BUNDESLAENDER = [
    "BW",
    "BY",
    "BE",
    "BB",
    "HB",
    "HH",
    "HE",
    "MV",
    "NI",
    "NW",
    "RP",
    "SL",
    "SN",
    "ST",
    "SH",
    "TH",
]
ROLES = [
    "Netzwerkkoordination",
    "Landeskoordinierungsstelle",
    "Stiftung",
    "Lehrerin",
    "Unternehmen",
    "Hochschule",
]
FIRST_NAMES = ["Jana", "Ole", "Mira", "Kai", "Lena", "Noah", "Ida", "Timo", "Rike", "Jonas", "Paula", "Emil"]
LAST_NAMES = ["Beispiel", "Muster", "Probe", "Vorlage", "Entwurf", "Skizze", "Modell", "Schema"]

# Text is composed from sentence templates and slot vocabularies (all invented for this benchmark), so that
# words are spread over the documents roughly as in real text: a common topic word is in a few per cent of
# the documents, a rare one in a handful, and no sentence repeats across the corpus as a whole.
SLOTS = {
    "ort": [
        "Musterstadt",
        "Beispielkreis",
        "Nordheide",
        "Talau",
        "Seenplatte",
        "Hügelland",
        "Flussbogen",
        "Waldmark",
        "Küstenland",
        "Bergstraße",
        "Altmarkt",
        "Neuweiler",
        "Rebenhang",
        "Moorfeld",
        "Lindenau",
        "Kreuzberg-Süd",
        "Oberhain",
        "Sandbach",
        "Eichenried",
        "Weidenau",
        "Kleinholz",
        "Auenfeld",
        "Steinbrück",
        "Grünwalde",
    ],
    "format": [
        "Forschertag",
        "Ferienakademie",
        "Robotik-AG",
        "Programmierkurs",
        "Technik-Sommercamp",
        "Experimentiertag",
        "MINT-Messe",
        "Hackathon",
        "Girls' Day",
        "Mathe-Olympiade",
        "Schülerlabor-Besuch",
        "Lötkurs",
        "Mentoringprogramm",
        "Berufsinfoabend",
        "Elternabend",
        "Lehrkräftefortbildung",
        "Zukunftswerkstatt",
        "Planspiel",
        "Stadtrallye",
        "Bienen-Projekt",
        "Wetterstation",
        "Drohnenkurs",
        "Upcycling-Werkstatt",
        "Chemie-Show",
        "Sternwartenabend",
    ],
    "gruppe": [
        "Grundschulkinder",
        "Schülerinnen der Oberstufe",
        "Kita-Kinder",
        "Jugendliche",
        "Auszubildende",
        "Lehrkräfte",
        "Eltern",
        "Studierende",
        "Mädchen ab zehn Jahren",
        "Schulklassen der Sekundarstufe",
        "Erzieherinnen und Erzieher",
        "Seniorinnen und Senioren",
        "Ehrenamtliche",
    ],
    "partner": [
        "der Kreissparkasse",
        "dem Landkreis",
        "der Hochschule",
        "der Handwerkskammer",
        "der IHK",
        "einem Maschinenbauer",
        "den Stadtwerken",
        "der Agentur für Arbeit",
        "der Volkshochschule",
        "dem Technikmuseum",
        "einer Stiftung",
        "dem Förderverein",
        "der Kommune",
        "einem Softwarehaus",
        "dem Schulamt",
        "der Bibliothek",
        "einem Energieversorger",
        "dem Jugendzentrum",
    ],
    "thema": [
        "Robotik",
        "Programmieren",
        "erneuerbare Energien",
        "Klimaschutz",
        "Bionik",
        "Optik",
        "Elektronik",
        "Wasser",
        "Mathematik im Alltag",
        "künstliche Intelligenz",
        "Chemie in der Küche",
        "Astronomie",
        "Brückenbau",
        "Mikroskopie",
        "Nachhaltigkeit",
        "Mobilität",
        "Wetter",
        "Bodenkunde",
    ],
    "aufgabe": [
        "die Koordination der Termine",
        "die Öffentlichkeitsarbeit",
        "die Netzwerkkoordination",
        "die Abrechnung mit dem Fördergeber",
        "die Gewinnung neuer Partner",
        "die Betreuung der Ehrenamtlichen",
        "die Evaluation",
        "den Kontakt zu den Schulleitungen",
        "die Materialbeschaffung",
        "die Steuerungsgruppe",
    ],
    "problem": [
        "die Busverbindung am Nachmittag",
        "die Finanzierung der Personalstelle",
        "der Datenschutz bei Fotos",
        "die Terminabsprache mit den Schulen",
        "das fehlende Material",
        "die geringe Zahl an Anmeldungen",
        "die Verstetigung nach dem Pilotjahr",
        "die Raumsuche",
        "die Versicherung der Teilnehmenden",
        "der Wechsel in der Schulleitung",
        "die Abstimmung im Netzwerk",
    ],
    "geld": [
        "ein Förderprogramm des Landes",
        "Spenden aus der Wirtschaft",
        "den Kreishaushalt",
        "Mittel einer Stiftung",
        "Teilnahmebeiträge",
        "ein Bundesprogramm",
        "den Förderverein",
    ],
    "zahl": ["zwölf", "zwanzig", "vierzig", "sechzig", "über hundert", "acht", "dreißig", "fünfzehn"],
    "monat": ["Januar", "März", "Mai", "Juni", "September", "Oktober", "November"],
}
TEMPLATES = [
    "Im {monat} startete in {ort} ein {format} für {gruppe}.",
    "Gemeinsam mit {partner} haben wir einen {format} zum Thema {thema} entwickelt.",
    "{zahl} {gruppe} nahmen am {format} teil.",
    "Finanziert wurde das Vorhaben durch {geld}.",
    "Am schwierigsten war {problem}.",
    "Die Netzwerkkoordinatorin übernahm {aufgabe}.",
    "Ohne {partner} wäre der {format} nicht zustande gekommen.",
    "Wir wollten {gruppe} für {thema} begeistern.",
    "Nach dem ersten Jahr klärten wir {problem} mit {partner}.",
    "Für {aufgabe} fehlte uns anfangs die Zeit.",
    "Beim {format} in {ort} halfen Ehrenamtliche aus dem Technikverein.",
    "Wir fördern seitdem gezielt {gruppe}, die bisher kaum Zugang zu {thema} hatten.",
    "Die Förderung durch {geld} lief nach zwei Jahren aus.",
    "Die Kooperationsvereinbarung mit {partner} regelt Räume, Material und Ansprechpersonen.",
    "Im Netzwerk tauschen sich inzwischen {zahl} Partner regelmäßig aus.",
    "Die Wirkung messen wir mit einer kurzen Befragung vor und nach dem {format}.",
    "Für die Grundschulen entstanden Experimentierkisten zum Thema {thema}.",
    "Die Lehrkräfte wünschten sich eine Fortbildung zu {thema}.",
    "Seit dem Beschluss des Kreistags ist die Stelle für {aufgabe} verstetigt.",
    "Der Elternabend zum {format} war schlecht besucht, bis wir {partner} dazuholten.",
    "Im ländlichen Raum rund um {ort} war {problem} das größte Hindernis.",
    "Mädchen meldeten sich häufiger an, seit Frauen den {format} leiten.",
    "Unternehmen aus {ort} stellen Auszubildende als Mentorinnen und Mentoren.",
    "Die Berufsorientierung beginnt bei uns schon in Klasse sieben mit einem {format}.",
    "Das Schülerlabor in {ort} ist jetzt an drei Tagen pro Woche geöffnet.",
    "Die Steuerungsgruppe trifft sich viermal im Jahr, zuletzt im {monat}.",
    "Im {monat} besuchten {zahl} {gruppe} die Werkstatt von {partner}.",
    "Das Thema {thema} kam bei {gruppe} besonders gut an.",
    "Eine Schulleiterin aus {ort} brachte die Idee für den {format} mit.",
    "Die Räume stellte {partner} kostenlos zur Verfügung.",
    "Zum Abschluss präsentierten {gruppe} ihre Ergebnisse im Rathaus von {ort}.",
    "Die Materialkosten lagen unter dem, was wir befürchtet hatten.",
    "Beim zweiten Durchgang meldeten sich {zahl} {gruppe} an.",
    "Ein Zeitungsartikel über den {format} brachte neue Anfragen aus {ort}.",
    "{partner} möchte im nächsten Jahr wieder dabei sein.",
    "Wir dokumentieren jeden {format} mit Fotos und einem kurzen Bericht.",
    "Die Anmeldung lief über die Schulen, nicht über die Eltern.",
    "Für {thema} haben wir eine kleine Ausleihbibliothek aufgebaut.",
    "Studierende der Hochschule betreuten die Gruppen beim {format}.",
    "Im Herbst folgte ein Treffen mit {partner} zur Planung.",
    "Nicht alles klappte: {problem} kostete uns viel Zeit.",
    "Die Idee kam aus einem Gespräch mit {partner} im {monat}.",
    "Seitdem gibt es den {format} in {ort} jedes Jahr.",
    "Wir haben die Abläufe in einer Checkliste festgehalten.",
    "Zwei Lehrkräfte aus {ort} übernehmen inzwischen die Leitung.",
    "Die Kinder bauten Modelle zum Thema {thema}.",
    "Ein Videoclip über den {format} lief auf der Website der Stadt.",
    "Für die Fahrt nach {ort} organisierten wir Fahrgemeinschaften.",
    "Die Rückmeldungen der {gruppe} waren fast durchweg positiv.",
    "Geplant ist eine Fortsetzung mit Schwerpunkt {thema}.",
    "Die Ausstattung finanzierten wir über {geld}.",
    "Eine Praktikantin half bei {aufgabe}.",
    "Der {format} fand in den Herbstferien statt.",
    "Auch {partner} hat davon profitiert.",
    "Im Frühjahr stellen wir das Projekt in {ort} vor.",
]  # fmt: skip
MESSAGES = [
    "Hat jemand Erfahrung mit einem {format} für {gruppe}?",
    "Wir suchen für {monat} noch Partner in {ort}, gern {partner}.",
    "Danke für den Tipp mit {geld}, das probieren wir aus!",
    "Bei uns hakt es gerade an {problem}. Wie löst ihr das?",
    "Kurze Info: Der {format} in {ort} ist ausgebucht.",
    "Kennt jemand gutes Material zu {thema} für {gruppe}?",
    "Wer übernimmt bei euch {aufgabe}?",
    "Super Idee! Das würde ich gern im nächsten Community Call vorstellen.",
    "Wir haben {zahl} Anmeldungen für den {format}, mehr als erwartet.",
]  # fmt: skip
SUBJECTS = [
    "Netzwerkkoordination", "Förderung von Mädchen", "Berufsorientierung", "Schülerlabor", "Robotik-AG",
    "Kooperationsvereinbarung", "Lehrkräftefortbildung", "Elternabend", "Ferienakademie", "Forschertag",
    "Steuerungsgruppe", "Wirkungsmessung", "Finanzierung der Koordinierungsstelle", "Programmierkurs",
    "Technik-Sommercamp", "Experimentierkiste", "MINT-Messe", "Mentoringprogramm", "Bildungskette",
    "Unternehmenspartnerschaft", "Stadtrallye", "Zukunftswerkstatt", "Drohnenkurs", "Wetterstation",
]  # fmt: skip
ASPECTS = [
    "wie wir angefangen haben", "was funktioniert hat", "was wir anders machen würden", "ein Erfahrungsbericht",
    "Schritt für Schritt", "mit wenig Geld", "im ländlichen Raum", "gemeinsam mit der Kommune",
    "für die Grundschule", "mit Unternehmen aus der Region", "nach dem Pilotjahr", "ohne eigene Räume",
]  # fmt: skip
# (doc_type, share of the documents, audiences)
KINDS = [
    ("guide", 0.02, ("public",)),
    ("best_practice", 0.25, ("public",)),
    ("failure_story", 0.10, ("public",)),
    ("region", 0.03, ("public",)),
    ("state_office", 0.005, ("public",)),
    ("profile", 0.095, None),  # a public and a members variant
    ("message", 0.50, None),  # open channels (members) and some private ones
]

QUERIES = [
    ("Netzwerk", {}),
    ("Netzwerkkoordination", {}),
    ("Förderung Mädchen", {}),
    ("fördern", {}),
    ("Schülerlabor", {}),
    ("Berufsorientierung Unternehmen", {}),
    ("Koordination", {"audiences": ("public", "members")}),
    ("Elternabend", {}),
    ("Robotik", {"doc_types": ("best_practice", "failure_story")}),
    ("Finanzierung", {"bundesland": "BY"}),
    ("Lehrkräfte Fortbildung", {}),
    ("Verstetigung Kreistag", {}),
    ("ländlicher Raum", {"audiences": ("public", "members")}),
    ("Experimentierkiste Grundschule", {}),
    ("Wirkung messen", {}),
    ("Steuerungsgruppe", {"sort": "date"}),
    ("Ehrenamtliche", {"tag": "Ehrenamt"}),
    ("", {"tag": "Mädchen in MINT"}),
    ("Netzwerkkordination", {}),  # a typo: "Meinten Sie …?"
    ("Ferienakademie", {"audiences": ("public", "members", "channel:3")}),
]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=GOAL_SCALE, help="Number of documents (default 100000).")
    parser.add_argument("--rounds", type=int, default=10, help="Runs of each query after the warm-up.")
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database afterwards.")
    parser.add_argument("--seed", type=int, default=20261121)
    return parser.parse_args(argv)


def bench_url() -> str:
    return os.environ.get("BENCH_SEARCH_DATABASE_URL", "").strip() or DEFAULT_URL


# --- Data -------------------------------------------------------------------------------------------------


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name, allow_unicode=True)


def _fill(rng, template: str) -> str:
    return template.format(**{slot: rng.choice(values) for slot, values in SLOTS.items()})


def generate(scale: int, seed: int):
    from search.engines.base import IndexDocument

    rng = random.Random(seed)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    documents = []
    weights = [share for _kind, share, _aud in KINDS]
    for number in range(scale):
        kind, _share, audiences = rng.choices(KINDS, weights=weights)[0]
        tags = rng.sample(TAGS, rng.randint(0, 4))
        place = rng.choice(SLOTS["ort"])
        with_land = kind in ("best_practice", "failure_story", "region", "state_office") or rng.random() < 0.3
        land = rng.choice(BUNDESLAENDER) if with_land else ""
        date = now - timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60))
        if kind == "message":
            channel = rng.randint(1, 40)
            audiences = (f"channel:{channel}", "moderators") if channel <= 4 else ("members",)
            title = f"#Austausch {place}"
            summary = ""
            body = _fill(rng, rng.choice(MESSAGES))
        elif kind == "profile":
            audiences = ("anonymous",) if number % 2 else ("members",)
            title = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            summary = f"{rng.choice(ROLES)} · MINT-Region {place}"
            body = _fill(rng, "Ich koordiniere den {format} in {ort} und interessiere mich für {thema}.")
            date = None
        else:
            if kind == "region":
                title = f"MINT-Region {place} {number}"
            else:
                title = f"{rng.choice(SUBJECTS)} in {place}: {rng.choice(ASPECTS)}"
            summary = _fill(rng, rng.choice(TEMPLATES))
            body = " ".join(_fill(rng, template) for template in rng.sample(TEMPLATES, rng.randint(3, 8)))
        documents.append(
            IndexDocument(
                key=f"bench:{number}",
                doc_type=kind,
                object_model="bench.document",
                object_id=number,
                audiences=audiences,
                title=title,
                url=f"/bench/{number}/",
                summary=summary,
                body=body,
                tags=tuple(tags),
                tag_slugs=tuple(_slug(tag) for tag in tags),
                bundesland=land,
                date=date,
            )
        )
    return documents


# --- Measuring --------------------------------------------------------------------------------------------


def measure_indexing(engine, documents) -> dict:
    started = time.perf_counter()
    written = engine.rebuild(documents)
    seconds = time.perf_counter() - started
    return {
        "documents": written,
        "seconds": round(seconds, 2),
        "documents_per_second": round(written / seconds, 1),
    }


def build_query(text, options):
    from search.engines.base import SearchQuery

    return SearchQuery(
        text=text,
        audiences=frozenset(options.get("audiences", ("public", "anonymous"))),
        doc_types=frozenset(options.get("doc_types", ())),
        tag_slugs=(_slug(options["tag"]),) if options.get("tag") else (),
        bundesland=options.get("bundesland", ""),
        sort=options.get("sort", "relevance"),
        limit=20,
    )


def _filters(options: dict) -> str:
    parts = []
    for key, value in options.items():
        if key == "audiences":
            continue
        parts.append(f"{key}={'+'.join(value) if isinstance(value, tuple) else value}")
    return "; ".join(parts)


def measure_queries(engine, site_engine, rounds: int) -> tuple[list[dict], list[float], list[float]]:
    """Each query `rounds` times on the engine itself (every run computed), then `rounds` times as the site
    searches (through the result cache, which the first run fills)."""
    from django.core.cache import cache

    rows, engine_samples, site_samples = [], [], []
    for text, options in QUERIES:
        query = build_query(text, options)
        first = engine.search(query)  # warm-up (and the figures for the report)
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            engine.search(query)
            timings.append((time.perf_counter() - started) * 1000)
        engine_samples.extend(timings)
        cache.clear()
        site_timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            site_engine.search(query)
            site_timings.append((time.perf_counter() - started) * 1000)
        site_samples.extend(site_timings)
        rows.append(
            {
                "query": text or "(nur Thema)",
                "filters": _filters(options),
                "audiences": ",".join(sorted(query.audiences)),
                "total": first.total,
                "suggestion": first.suggestion,
                "tag_facets": len(first.facets.get("tags", [])),
                **common.summarize_ms(timings),
                "site_median_ms": round(common.percentile(site_timings, 0.5), 2),
                "site_p95_ms": round(common.percentile(site_timings, 0.95), 2),
            }
        )
    return rows, engine_samples, site_samples


def create_search_tables() -> None:
    """Only the search engine's tables (the migrations' SQL): the rest of the schema is not needed here."""
    from importlib import import_module

    from django.db import connection

    migration = import_module("search.migrations.0001_postgresql_index")
    head_vector = import_module("search.migrations.0002_head_vector")
    filter_lexemes = import_module("search.migrations.0003_filter_lexemes")
    with connection.cursor() as cursor:
        for statement in migration.CREATE.split(";\n"):
            if statement.strip():
                cursor.execute(statement)
        cursor.execute(head_vector.ADD)
        for statement in filter_lexemes.FORWARD:
            cursor.execute(statement)


def run(args) -> int:
    url = bench_url()
    name = url.rsplit("/", 1)[-1]
    if "bench" not in name:
        raise BenchError(f"The benchmark database must have 'bench' in its name, not {name!r}.")
    database = common.BenchDatabase(url=url, vendor="postgresql", name=name)
    common.reset_database(database, reuse=False)
    common.setup_django(database)
    from search.engines import CachedEngine
    from search.engines.postgres import PostgresEngine

    try:
        create_search_tables()
        engine = PostgresEngine()
        print(f"Generating {args.scale:,} documents …".replace(",", "."), file=sys.stderr)
        documents = generate(args.scale, args.seed)
        print("Indexing …", file=sys.stderr)
        indexing = measure_indexing(engine, documents)
        del documents
        print("Querying …", file=sys.stderr)
        rows, samples, site_samples = measure_queries(engine, CachedEngine(engine, engine), args.rounds)
        figures = {
            "engine": {
                "p50_ms": round(common.percentile(samples, 0.5), 2),
                "p95_ms": round(common.percentile(samples, 0.95), 2),
            },
            "site": {
                "p50_ms": round(common.percentile(site_samples, 0.5), 2),
                "p95_ms": round(common.percentile(site_samples, 0.95), 2),
            },
        }
        scale_note = "" if args.scale >= GOAL_SCALE else " (the goal is set for 100,000 documents)"
        goals = [
            ("indexing at least 2,000 documents/s", indexing["documents_per_second"] >= GOAL_DOCS_PER_SECOND),
            (
                f"query p95 under 30 ms, every query computed by the engine{scale_note}",
                figures["engine"]["p95_ms"] < GOAL_P95_MS,
            ),
            (
                f"query p95 under 30 ms as the site searches (result cache between index changes){scale_note}",
                figures["site"]["p95_ms"] < GOAL_P95_MS,
            ),
        ]
        print_report(args, indexing, rows, figures, goals)
        payload = common.report_header(database, scale=args.scale, rounds=args.rounds)
        payload.update(
            {
                "indexing": indexing,
                "queries": rows,
                "query_latency_ms": figures,
                "goals": {label: ("PASS" if passed else "FAIL") for label, passed in goals},
            }
        )
        for path in (REPORT_DIR / f"search-{args.scale}.json", REPORT_DIR / "search-latest.json"):
            common.write_json(path, payload)
        print(f"\nReport: {common.display_path(REPORT_DIR / f'search-{args.scale}.json')}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop(database)
    return 0


def drop(database) -> None:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    maintenance = urlunsplit(urlsplit(database.url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database.name))
        )


def print_report(args, indexing, rows, figures, goals) -> None:
    print(f"\n## Search benchmark: PostgreSQL, {args.scale:,} documents".replace(",", "."))
    rate = f"{indexing['documents_per_second']:,.0f}".replace(",", ".")
    count = f"{indexing['documents']:,}".replace(",", ".")
    print(f"\nIndexing (rebuild): {count} documents in {indexing['seconds']} s = **{rate} documents/s**")
    print(
        f"\nQueries: {args.rounds} runs each after a warm-up; every answer has the total, the tag, type and "
        "Bundesland facets over all matches and highlighted snippets. Engine = every run computed; site = as "
        "/suche/ asks, through the result cache (the first run computes, the rest are served until the index "
        "changes).\n"
    )
    print("| query | filters | hits | engine p50 ms | engine p95 ms | site p50 ms | site p95 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        query = row["query"] + (f" → „{row['suggestion']}“" if row["suggestion"] else "")
        total = f"{row['total']:,}".replace(",", ".")
        print(
            f"| {query} | {row['filters'] or '–'} | {total} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['site_median_ms']:.1f} | {row['site_p95_ms']:.1f} |"
        )
    engine, site = figures["engine"], figures["site"]
    print(
        f"| **all queries** | | | **{engine['p50_ms']:.1f}** | **{engine['p95_ms']:.1f}** | "
        f"**{site['p50_ms']:.1f}** | **{site['p95_ms']:.1f}** |"
    )
    print()
    for label, passed in goals:
        print(f"{'PASS' if passed else 'FAIL'}  {label}")


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except BenchError as error:
        print(f"\nBenchmark aborted: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
