"""Demo content of the community calls: the index at /community-calls/ and seven calls, three of them past with
complete minutes, four ahead with registrations (one fully booked with a waiting list, one after the next change
of the clocks).

Everything here is invented for Netzwerkstatt: topics, people, numbers and links (on .example domains). Hosts
are demo members (looked up by email) or invented guests. Dates are relative to today, so upcoming calls stay
upcoming. Loading the demo announces nothing: each call's announcements are marked as made before it is
published. The past call on impact measurement takes over the live channel the chat demo prepared for it.
Idempotent: calls that exist (by slug) are left as they are.
"""

import contextlib
import io
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from home.models import HomePage

from .models import (
    BERLIN,
    CallHost,
    CallState,
    CommunityCallIndexPage,
    CommunityCallPage,
    Registration,
    RegistrationStatus,
)

APP = "community.calls"
DEMO_MEMBER = "mitglied@netzwerkstatt.example"
CHAT_CALL_CHANNEL = "call-wirkung-messen"

INDEX = {
    "slug": "community-calls",
    "title": "Community Calls",
    "intro": (
        "Einmal im Monat treffen sich Koordinator:innen aus den MINT-Regionen online zu einem Thema, das gerade "
        "viele bewegt. Melde dich an, bring deine Fragen mit – und lies im Protokoll nach, was andere Regionen "
        "ausprobiert haben."
    ),
}


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _agenda(*items) -> list[dict]:
    return [
        {
            "type": "item",
            "value": {"title": title, "minutes": minutes, "speaker": speaker, "description": text},
        }
        for title, minutes, speaker, text in items
    ]


# Keys: slug, title, summary, description, tags, when (see _start), minutes (length), capacity, video, agenda,
# hosts (member emails or (name, role) for guests), registrations (number of demo members), materials,
# recording, and for past calls "protocol".
CALLS = [
    {
        "slug": "wirkung-messen-ohne-fragebogen-marathon",
        "title": "Wirkung messen ohne Fragebogen-Marathon",
        "summary": (
            "Wie zeigt ein MINT-Netzwerk, was seine Angebote bewirken – ohne Schulen und Betriebe mit Fragebögen "
            "zu überhäufen? Wir sammeln schlanke Methoden, die sich in den Regionen bewährt haben."
        ),
        "description": _p(
            "Förderer und Kreistage fragen nach Wirkung, die Schulen stöhnen über Befragungen. Zwei Regionen "
            "zeigen, wie sie mit wenigen Kennzahlen, kurzen Rückmeldekarten und Gesprächsrunden auskommen.",
            "Bring gern mit, was ihr schon erhebt – und wo es hakt.",
        ),
        "tags": ["Wirkungsmessung", "Qualitätsentwicklung"],
        "when": ("chat-channel",),
        "minutes": 60,
        "capacity": None,
        "video": "https://konferenz.netzwerkstatt.example/raum/wirkung-7k2p",
        "agenda": _agenda(
            ("Begrüßung und Vorstellungsrunde im Chat", 10, "Rieke Redaktion", ""),
            ("Impuls: Die Wirkungstreppe in fünf Minuten", 15, "Laura Pfisterer", ""),
            (
                "Zwei Regionen berichten",
                20,
                "",
                "Rückmeldekarten in Kraichgau-Neckar, Gesprächsrunden in Börde-Süd.",
            ),
            ("Kleingruppen: Welche drei Kennzahlen reichen?", 10, "", ""),
            ("Ergebnisse und Ausblick", 5, "", ""),
        ),
        "hosts": [
            "laura.pfisterer@mint-kraichgau.example",
            ("Dr. Konstanze Werle", "Institut für Bildungsevaluation Musterstadt (Demo)"),
        ],
        "registrations": 18,
        "materials": [("folien-wirkungstreppe", "slides")],
        "recording": "",
        "protocol": {
            "place": "Online (Videokonferenz)",
            "minute_taker": "Rieke Redaktion",
            "participants": 17,
            "topics": [
                (
                    "Begrüßung und Ziele des Calls",
                    _p(
                        "17 Teilnehmende aus elf Regionen und drei Landeskoordinierungsstellen. Ziel des Calls: "
                        "eine Handvoll Methoden sammeln, die mit wenig Aufwand belastbare Aussagen liefern."
                    ),
                    _p(
                        "Gewünscht wird eine gemeinsame Liste von Kennzahlen, die alle Regionen vergleichbar "
                        "erheben können."
                    ),
                ),
                (
                    "Impuls: Die Wirkungstreppe",
                    _p(
                        "Laura Pfisterer erklärt die Stufen von „Angebot findet statt“ bis „Gesellschaft "
                        "verändert sich“. Für Netzwerke sind meist die Stufen drei bis fünf erreichbar: "
                        "Zielgruppen werden erreicht, sind zufrieden und lernen etwas dazu."
                    )
                    + _ul(
                        "Nicht jede Stufe muss jedes Jahr gemessen werden.",
                        "Qualitative Rückmeldungen zählen, wenn sie systematisch gesammelt werden.",
                    ),
                    _p("Die Wirkungstreppe taugt als gemeinsame Sprache gegenüber Förderern und Politik."),
                ),
                (
                    "Zwei Regionen berichten",
                    _p(
                        "Kraichgau-Neckar verteilt nach jedem Angebot Rückmeldekarten mit drei Fragen und wertet "
                        "sie einmal im Halbjahr aus. Börde-Süd führt jährlich zwei Gesprächsrunden mit Lehrkräften "
                        "statt einer Online-Umfrage. Beide Regionen berichten, dass die Rückläufe deutlich "
                        "gestiegen sind, seit die Schulen ihre eigenen Ergebnisse zurückbekommen."
                    ),
                    _p("Gruppen mit weniger als fünf Personen werden bei der Auswertung zusammengefasst."),
                ),
                (
                    "Kleingruppen: Welche drei Kennzahlen reichen?",
                    _p(
                        "Am häufigsten genannt: erreichte Schüler:innen nach Bildungsstufe, Anteil der Mädchen, "
                        "Zahl der aktiven Partner mit fester Ansprechperson."
                    ),
                    "",
                ),
            ],
            "decisions": [
                (
                    "Die Redaktion stellt eine Vorlage für Rückmeldekarten mit drei Fragen im Leitfaden bereit.",
                    3,
                ),
                ("Die drei Kennzahlen aus TOP 4 werden im nächsten Jahresbericht probeweise erhoben.", 4),
            ],
            "actions": [
                ("Folien und Methodenliste im Kanal teilen", "Laura Pfisterer", 2, "erledigt"),
                ("Vorlage für Rückmeldekarten im Leitfaden veröffentlichen", "Redaktion", 14, "in_arbeit"),
                (
                    "Erfahrungen mit Gesprächsrunden für Lehrkräfte aufschreiben",
                    "Mehmet Karaoğlu",
                    30,
                    "offen",
                ),
            ],
            "next_steps": _p(
                "In einem kurzen Folgetermin im Frühjahr vergleichen wir, wie sich die drei Kennzahlen in der "
                "Praxis bewährt haben. Fragen bis dahin gern in den Live-Kanal dieses Calls."
            ),
            "attachments": ["methodenliste-wirkung"],
        },
    },
    {
        "slug": "foerdermittel-koordinierungsstelle-verstetigen",
        "title": "Fördermittel für die Koordinierungsstelle: Wege in die Verstetigung",
        "summary": (
            "Die Projektförderung läuft aus – und dann? Koordinator:innen berichten, wie sie Kommunen, Stiftungen "
            "und Unternehmen für eine dauerhafte Finanzierung der Koordinierungsstelle gewonnen haben."
        ),
        "description": _p(
            "Kaum ein Thema beschäftigt die Regionen so sehr wie die Finanzierung der Koordination. In diesem "
            "Call geht es um den Finanzierungsmix: Was tragen Landkreise, was Stiftungen, was Betriebe?",
            "Eine Stiftung erzählt, worauf sie bei Anträgen für Personalstellen achtet.",
        ),
        "tags": ["Fördermittel", "Finanzierung", "Verstetigung"],
        "when": ("days", -37, 1, 14, 0),
        "minutes": 90,
        "capacity": 30,
        "video": "https://konferenz.netzwerkstatt.example/raum/foerdermittel-q8d3",
        "agenda": _agenda(
            ("Begrüßung", 10, "Rieke Redaktion", ""),
            ("Input: Finanzierungsmix aus drei Regionen", 25, "Mehmet Karaoğlu", ""),
            ("Die Sicht einer Stiftung", 20, "Georg Lindqvist", ""),
            ("Offene Fragerunde", 30, "", ""),
            ("Verabredungen", 5, "", ""),
        ),
        "hosts": [
            "mehmet.karaoglu@zukunftsnetz-boerde.example",
            "georg.lindqvist@stiftung-zukunftsbildung.example",
        ],
        "registrations": 24,
        "materials": [("folien-finanzierungsmix", "slides")],
        "recording": "",
        "protocol": {
            "place": "Online (Videokonferenz)",
            "minute_taker": "Rieke Redaktion",
            "participants": 23,
            "topics": [
                ("Begrüßung", _p("23 Teilnehmende, davon vier aus Regionen in der Gründungsphase."), ""),
                (
                    "Finanzierungsmix aus drei Regionen",
                    _p(
                        "Börde-Süd: Der Landkreis trägt seit diesem Jahr die Hälfte der Stelle, nach gut zwei "
                        "Jahren Vorlauf mit Ausschussbesuchen. Kraichgau-Neckar: Ein Förderverein ist Träger, drei "
                        "Kommunen teilen den Eigenanteil nach Einwohnerzahl mit einem Sockelbetrag für die kleinen "
                        "Gemeinden."
                    ),
                    _ul(
                        "Mindestens zwei Jahre vor Förderende mit der Kommune sprechen.",
                        "Wirkung belegen, bevor man nach Geld fragt.",
                        "Betriebe als Fürsprecher im Ausschuss sind überzeugender als jede Präsentation.",
                    ),
                ),
                (
                    "Die Sicht einer Stiftung",
                    _p(
                        "Georg Lindqvist: Stiftungen fördern Personalstellen selten dauerhaft, wohl aber eine "
                        "Anschubphase mit sinkendem Anteil. Entscheidend ist, dass die Kommune von Anfang an "
                        "verbindlich im Boot ist."
                    ),
                    _p(
                        "Anträge mit einem Plan für die Zeit nach der Förderung haben deutlich bessere Chancen."
                    ),
                ),
                (
                    "Offene Fragerunde",
                    _p(
                        "Fragen zu Spende und Sponsoring (Gegenleistungen machen aus einer Spende Sponsoring; "
                        "steuerlich klären lassen) und zu EU-Mitteln, die sich für einzelne Netzwerke meist nur "
                        "im Verbund lohnen."
                    ),
                    "",
                ),
            ],
            "decisions": [
                ("Es wird eine Sammlung anonymisierter Beschlüsse kommunaler Gremien angelegt.", 2),
                ("Ein Folgecall zu EU-Mitteln im Verbund wird geplant.", 4),
            ],
            "actions": [
                ("Beschlüsse aus drei Kreistagen anonymisiert sammeln", "Mehmet Karaoğlu", 21, "erledigt"),
                (
                    "Übersicht der Stiftungen mit Stellenförderung aktualisieren",
                    "Georg Lindqvist",
                    45,
                    "in_arbeit",
                ),
                ("Termin für den Folgecall zu EU-Mitteln finden", "Redaktion", 60, "offen"),
            ],
            "next_steps": _p(
                "Die gesammelten Beschlüsse liegen als Anhang bei. Wer einen weiteren beisteuern kann, schickt ihn "
                "bitte an die Redaktion."
            ),
            "attachments": ["beschluesse-kofinanzierung"],
        },
    },
    {
        "slug": "ehrenamtliche-in-schuelerlaboren",
        "title": "Ehrenamtliche gewinnen und halten: Schülerlabore im ländlichen Raum",
        "summary": (
            "Viele kleine Schülerlabore leben vom Engagement pensionierter Fachleute. Wie findet man sie, wie "
            "bindet man sie – und was gilt bei Versicherung und Aufwandsentschädigung?"
        ),
        "description": _p(
            "Ehrenamtliche aus der Industrie sind für Schülerlabore ein Glücksfall – und eine "
            "Verantwortung. Wir sprechen über Ansprache, Einarbeitung, Anerkennung und die rechtlichen Fragen."
        ),
        "tags": ["Ehrenamt", "Schülerlabore", "Ländlicher Raum"],
        "when": ("days", -65, 3, 10, 0),
        "minutes": 60,
        "capacity": None,
        "video": "https://konferenz.netzwerkstatt.example/raum/ehrenamt-m4v9",
        "agenda": _agenda(
            ("Begrüßung", 5, "", ""),
            ("Erfahrungsbericht aus dem Erzgebirgsvorland", 20, "Sabine Oelschläger", ""),
            ("Versicherung und Aufwandsentschädigung: Was gilt?", 15, "Jörg Amsel", ""),
            ("Austausch", 15, "", ""),
            ("Abschluss", 5, "", ""),
        ),
        "hosts": [
            "sabine.oelschlaeger@mint-erzgebirgsvorland.example",
            ("Jörg Amsel", "Ehrenamtsagentur Musterkreis (Demo)"),
        ],
        "registrations": 15,
        "materials": [("checkliste-ehrenamt", "document")],
        "recording": "https://medien.netzwerkstatt.example/aufzeichnungen/ehrenamt-schuelerlabore",
        "protocol": {
            "place": "Online (Videokonferenz)",
            "minute_taker": "Moritz Moderation",
            "participants": 14,
            "topics": [
                ("Begrüßung", _p("14 Teilnehmende, die meisten aus Flächenlandkreisen."), ""),
                (
                    "Erfahrungsbericht aus dem Erzgebirgsvorland",
                    _p(
                        "Zwei Schülerlabore mit zusammen 19 Ehrenamtlichen. Gewonnen werden sie vor allem über "
                        "persönliche Ansprache in Betrieben kurz vor dem Ruhestand und über Vereine. Feste "
                        "Tandems aus erfahrenen und neuen Ehrenamtlichen erleichtern den Einstieg."
                    ),
                    _p("Anerkennung wirkt: ein jährliches Dankeschön-Treffen und Namen auf der Website."),
                ),
                (
                    "Versicherung und Aufwandsentschädigung",
                    _p(
                        "Jörg Amsel erläutert, dass Ehrenamtliche über die Sammelversicherungen der Länder oft "
                        "nur nachrangig versichert sind. Eine eigene Haftpflicht- und Unfallversicherung des "
                        "Trägers ist ratsam. Aufwandsentschädigungen sind bis zur Ehrenamtspauschale steuerfrei."
                    ),
                    "",
                ),
                (
                    "Austausch",
                    _p("Wunsch nach einer Mustervereinbarung für Ehrenamtliche im Labor."),
                    _p("Die Checkliste aus dem Erzgebirgsvorland wird um Versicherungsfragen ergänzt."),
                ),
            ],
            "decisions": [("Die Checkliste Ehrenamt wird um einen Abschnitt zur Versicherung ergänzt.", 4)],
            "actions": [
                ("Checkliste um Versicherungsfragen ergänzen", "Sabine Oelschläger", 20, "erledigt"),
                ("Mustervereinbarung für Ehrenamtliche entwerfen", "Jörg Amsel", 40, "erledigt"),
            ],
            "next_steps": _p("Die Aufzeichnung und die ergänzte Checkliste stehen auf dieser Seite bereit."),
            "attachments": ["checkliste-ehrenamt"],
        },
    },
    {
        "slug": "sprechstunde-gruendungsleitfaden",
        "title": "Sprechstunde Gründungsleitfaden: Deine Fragen zur ersten Phase",
        "summary": (
            "Eine kurze Mittagssprechstunde für Regionen in der Gründung: Bestandsaufnahme, erste Partner, "
            "Steuerkreis. Bring deine Fragen mit."
        ),
        "description": _p(
            "Ihr überlegt, eine MINT-Region zu gründen, oder steckt mitten in der ersten Phase? In der "
            "Sprechstunde beantworten erfahrene Koordinator:innen eure Fragen zum Gründungsleitfaden."
        ),
        "tags": ["Netzwerkkoordination", "Bestandsaufnahme"],
        "when": ("days", 3, None, 12, 30),
        "minutes": 45,
        "capacity": None,
        "video": "https://konferenz.netzwerkstatt.example/raum/sprechstunde-c7w1",
        "agenda": _agenda(
            ("Kurze Vorstellung", 5, "", ""),
            ("Eure Fragen", 35, "Torben Asmussen", "Gesammelt vorab und im Call."),
            ("Hinweise zum Weiterlesen", 5, "", ""),
        ),
        "hosts": ["torben.asmussen@lks-mint-sh.example"],
        "registrations": 4,
        "demo_member": RegistrationStatus.REGISTERED,
        "materials": [],
        "recording": "",
    },
    {
        "slug": "schulkooperationen-verstetigen",
        "title": "Schulkooperationen verstetigen: Vom Projekttag zur Kooperationsvereinbarung",
        "summary": (
            "Ein gelungener Projekttag ist schnell organisiert – eine Kooperation, die einen Wechsel in der "
            "Schulleitung übersteht, nicht. Wir schauen auf schlanke Vereinbarungen und feste Planungsgespräche."
        ),
        "description": _p(
            "Zwei Seiten, Namen statt Funktionen, ein jährliches Gespräch: So sehen Kooperationen aus, die "
            "halten. Eine Kammer und eine Region berichten, was sie in Vereinbarungen schreiben und was nicht.",
            "Danach tauschen wir uns in Kleingruppen nach Schulform aus.",
        ),
        "tags": ["Kooperationsvereinbarung", "Unternehmenskooperation", "Berufsorientierung"],
        "when": ("days", 8, 1, 10, 0),
        "minutes": 90,
        "capacity": 40,
        "video": "https://konferenz.netzwerkstatt.example/raum/schulkooperation-h2x5",
        "agenda": _agenda(
            ("Begrüßung", 10, "", ""),
            ("Impuls: Was eine gute Vereinbarung enthält", 20, "Kai-Uwe Hollenbach", ""),
            ("Praxis: Patenschaften mit jährlichem Planungsgespräch", 20, "Jana Vollmering", ""),
            ("Kleingruppen nach Schulform", 30, "", ""),
            ("Zusammenfassung", 10, "", ""),
        ),
        "hosts": ["kai-uwe.hollenbach@ihk-musterland.example", "jana.vollmering@mint-talsperrenland.example"],
        "registrations": 11,
        "demo_member": RegistrationStatus.REGISTERED,
        "materials": [("vorlage-kooperation", "document")],
        "recording": "",
    },
    {
        "slug": "maedchen-in-mint-rollenvorbilder",
        "title": "Mädchen in MINT: Rollenvorbilder, die wirklich wirken",
        "summary": (
            "Ein kleines Werkstattgespräch: Wie gewinnen Regionen Ingenieurinnen, Informatikerinnen und "
            "Auszubildende als Vorbilder – und wie wirken die Begegnungen bei Schülerinnen nach?"
        ),
        "description": _p(
            "Bewusst eine kleine Runde mit acht Plätzen, damit alle zu Wort kommen. Wer keinen Platz bekommt, "
            "steht auf der Warteliste und rückt automatisch nach, wenn jemand absagt."
        ),
        "tags": ["Mädchen in MINT", "Berufsorientierung"],
        "when": ("days", 15, 2, 16, 0),
        "minutes": 60,
        "capacity": 8,
        "video": "https://konferenz.netzwerkstatt.example/raum/vorbilder-r5t8",
        "agenda": _agenda(
            ("Ankommen", 5, "", ""),
            ("Zwei Formate im Vergleich: Mentoring und Werkstatttage", 20, "Jana Vollmering", ""),
            ("Was nachwirkt: Rückmeldungen von Schülerinnen", 15, "Miriam Okafor", ""),
            ("Offenes Gespräch", 20, "", ""),
        ),
        "hosts": [
            "jana.vollmering@mint-talsperrenland.example",
            "miriam.okafor@mint-rhein-main-sued.example",
        ],
        "registrations": 10,  # eight places: two wait, then the demo member
        "demo_member": RegistrationStatus.WAITLISTED,
        "materials": [],
        "recording": "",
    },
    {
        "slug": "politische-rueckendeckung-kreistag",
        "title": "Politische Rückendeckung: Den Kreistag als Partner gewinnen",
        "summary": (
            "Wie wird aus einem wohlwollenden Grußwort ein Beschluss im Haushalt? Koordinator:innen und eine "
            "frühere Landrätin sprechen über Timing, Verbündete und die richtige Vorlage."
        ),
        "description": _p(
            "Ohne politische Rückendeckung bleibt die Koordination ein Projekt auf Zeit. Wir sprechen darüber, "
            "wann man Fraktionen anspricht, welche Zahlen überzeugen und wie Betriebe und Schulen dabei helfen."
        ),
        "tags": ["Politische Unterstützung", "Verstetigung"],
        "when": ("after-clock-change", 10, 3, 10, 0),
        "minutes": 75,
        "capacity": None,
        "video": "https://konferenz.netzwerkstatt.example/raum/kreistag-p3n6",
        "agenda": _agenda(
            ("Begrüßung", 5, "", ""),
            ("Aus Sicht einer Landrätin: Was überzeugt die Politik?", 20, "Gudrun Hesselbach", ""),
            ("Eine Kreistagsvorlage, Schritt für Schritt", 20, "Mehmet Karaoğlu", ""),
            ("Austausch", 25, "", ""),
            ("Verabredungen", 5, "", ""),
        ),
        "hosts": [
            "mehmet.karaoglu@zukunftsnetz-boerde.example",
            ("Gudrun Hesselbach", "Landrätin a. D. (Demo)"),
        ],
        "registrations": 6,
        "materials": [],
        "recording": "",
    },
]

DOCUMENTS = {
    "folien-wirkungstreppe": (
        "Folien: Die Wirkungstreppe (Demo)",
        "wirkungstreppe-folien.pdf",
        ["Die Wirkungstreppe", "Stufe 1-3: Angebote finden statt, erreichen ihre Zielgruppen",
         "Stufe 4-5: Zielgruppen sind zufrieden und lernen dazu", "Stufe 6-7: Verhalten und Umfeld ändern sich"],
    ),
    "methodenliste-wirkung": (
        "Methodenliste Wirkungsmessung (Demo)",
        "methodenliste-wirkungsmessung.pdf",
        ["Methodenliste Wirkungsmessung", "1. Rückmeldekarten mit drei Fragen", "2. Gesprächsrunden mit Lehrkräften",
         "3. Drei gemeinsame Kennzahlen", "Auswertung: Gruppen unter fünf Personen zusammenfassen"],
    ),
    "folien-finanzierungsmix": (
        "Folien: Finanzierungsmix aus drei Regionen (Demo)",
        "finanzierungsmix-folien.pdf",
        ["Finanzierungsmix der Koordinierungsstelle", "Landkreis: 50 Prozent ab dem dritten Jahr",
         "Kommunen nach Einwohnerschluessel", "Stiftung: Anschub mit sinkendem Anteil"],
    ),
    "beschluesse-kofinanzierung": (
        "Beschlüsse zur Kofinanzierung, anonymisiert (Demo)",
        "beschluesse-kofinanzierung.pdf",
        ["Beschluesse kommunaler Gremien (anonymisiert)", "Kreistag A: Uebernahme von 50 Prozent der Stelle",
         "Kreistag B: Sockelbetrag plus Anteil nach Einwohnerzahl", "Kreistag C: Befristet auf fuenf Jahre"],
    ),
    "checkliste-ehrenamt": (
        "Checkliste Ehrenamt im Schülerlabor (Demo)",
        "checkliste-ehrenamt.pdf",
        ["Checkliste Ehrenamt im Schuelerlabor", "Ansprache und Einarbeitung im Tandem",
         "Versicherung: Haftpflicht und Unfall des Traegers", "Aufwandsentschaedigung und Anerkennung"],
    ),
    "vorlage-kooperation": (
        "Vorlage Kooperationsvereinbarung Schule–Betrieb (Demo)",
        "vorlage-kooperationsvereinbarung.pdf",
        ["Kooperationsvereinbarung (Vorlage)", "Ziele der Zusammenarbeit", "Ansprechpersonen und Vertretungen",
         "Bausteine fuer das Schuljahr", "Jaehrliches Planungsgespraech im Juni"],
    ),
}  # fmt: skip


# --- Helpers ----------------------------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localtime(timezone.now(), BERLIN).date()


def _berlin(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def _near_weekday(day: date, weekday: int | None) -> date:
    """The day itself, or the nearest `weekday` (0 = Monday) within three days of it."""
    if weekday is None:
        return day if day.weekday() < 5 else day + timedelta(days=7 - day.weekday())
    shift = weekday - day.weekday()
    if shift > 3:
        shift -= 7
    elif shift < -3:
        shift += 7
    return day + timedelta(days=shift)


def next_clock_change(after: date) -> date:
    """The first day after `after` on which Berlin's offset from UTC changes (the clocks go forward or back)."""
    day = after
    offset = _berlin(day, 12, 0).utcoffset()
    for _step in range(400):
        day += timedelta(days=1)
        current = _berlin(day, 12, 0).utcoffset()
        if current != offset:
            return day
    return after + timedelta(days=120)  # pragma: no cover - Germany changes its clocks twice a year


def _start(spec: dict, chat_channel) -> datetime:
    kind, *args = spec["when"]
    if kind == "chat-channel" and chat_channel is not None and chat_channel.opens_at:
        start = timezone.localtime(chat_channel.opens_at, BERLIN) + timedelta(minutes=15)
        return start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
    if kind == "chat-channel":
        return _berlin(_today() - timedelta(days=3), 10, 0)
    if kind == "after-clock-change":
        min_days, weekday, hour, minute = args
        change = next_clock_change(_today() + timedelta(days=min_days))
        return _berlin(_near_weekday(change + timedelta(days=4), weekday), hour, minute)
    days, weekday, hour, minute = args
    return _berlin(_near_weekday(_today() + timedelta(days=days), weekday), hour, minute)


def _pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF with a title line and text lines (Helvetica, WinAnsi)."""
    content = [
        "BT",
        "/F1 18 Tf",
        "56 770 Td",
        f"({_pdf_text(lines[0])}) Tj",
        "/F1 12 Tf",
        "0 -32 Td",
        "16 TL",
    ]
    content += [f"({_pdf_text(line)}) Tj T*" for line in lines[1:]]
    content.append("ET")
    stream = "\n".join(content).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    out.seek(0, io.SEEK_END)
    positions = []
    for number, body in enumerate(objects, start=1):
        positions.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    table = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % position for position in positions))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table))
    return out.getvalue()


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _document(key: str):
    from wagtail.documents import get_document_model

    title, filename, lines = DOCUMENTS[key]
    model = get_document_model()
    document = model.objects.filter(title=title).first()
    if document is None:
        document = model(title=title)
        document.file.save(filename, ContentFile(_pdf(lines)), save=False)
        document.save()
    return document


def _ensure_index(home) -> tuple[CommunityCallIndexPage, bool]:
    index = CommunityCallIndexPage.objects.child_of(home).first()
    if index is not None:
        return index, False
    index = CommunityCallIndexPage(show_in_menus=True, **INDEX)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


# --- Loading -------------------------------------------------------------------------------------------------------


def load(context) -> None:
    from community.chat.models import Channel
    from community.members.demo import DEMO_MEMBERS

    home = HomePage.objects.first()
    if home is None:
        return
    index, created = _ensure_index(home)
    context.count(APP, "Übersichtsseite", created=created)
    existing = set(CommunityCallPage.objects.child_of(index).values_list("slug", flat=True))
    missing = [spec for spec in CALLS if spec["slug"] not in existing]
    if not missing:
        context.count(APP, "Calls", created=False)
        return
    users = get_user_model().objects
    member_emails = [row[2] for row in DEMO_MEMBERS]
    people = {user.email: user for user in users.filter(email__in=member_emails, is_active=True)}
    pool = [people[email] for email in member_emails if email in people]
    demo_member = users.filter(email=DEMO_MEMBER).first()
    chat_channel = Channel.objects.filter(slug=CHAT_CALL_CHANNEL, call_object_id__isnull=True).first()
    for spec in missing:
        call = _create_call(index, spec, people, chat_channel if spec["when"][0] == "chat-channel" else None)
        _register(call, spec, pool, demo_member)
        context.count(APP, "Calls", created=True)


def _hosts(spec: dict, people: dict) -> list[CallHost]:
    hosts = []
    for host in spec["hosts"]:
        if isinstance(host, tuple):
            hosts.append(CallHost(name=host[0], role=host[1]))
        elif host in people:
            profile = getattr(people[host], "profile", None)
            hosts.append(CallHost(user=people[host], role=getattr(profile, "organisation", "") or ""))
    return hosts


def _protocol_fields(spec: dict, start: datetime) -> dict:
    protocol = spec.get("protocol")
    if not protocol:
        return {}
    day = start.date()
    return {
        "minutes_place": protocol["place"],
        "minute_taker": protocol["minute_taker"],
        "participant_count": protocol["participants"],
        "minutes_topics": [
            {"type": "topic", "value": {"title": title, "notes": notes, "results": results}}
            for title, notes, results in protocol["topics"]
        ],
        "minutes_decisions": [
            {"type": "decision", "value": {"text": text, "topic_number": topic}}
            for text, topic in protocol["decisions"]
        ],
        "minutes_action_items": [
            {
                "type": "action_item",
                "value": {
                    "task": task,
                    "owner": owner,
                    "due": (day + timedelta(days=days)).isoformat(),
                    "status": status,
                },
            }
            for task, owner, days, status in protocol["actions"]
        ],
        "minutes_next_steps": protocol["next_steps"],
        "minutes_attachments": [
            {"type": "document", "value": {"document": _document(key).pk, "title": ""}}
            for key in protocol["attachments"]
        ],
    }


def _create_call(index, spec: dict, people: dict, chat_channel) -> CommunityCallPage:
    start = _start(spec, chat_channel)
    end = start.astimezone(UTC) + timedelta(minutes=spec["minutes"])
    call = CommunityCallPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        description=spec["description"],
        start_at=start,
        end_at=end,
        capacity=spec["capacity"],
        video_url=spec["video"],
        agenda=spec["agenda"],
        recording_url=spec["recording"],
        materials=[
            {"type": "document", "value": {"document": _document(key).pk, "title": "", "kind": kind}}
            for key, kind in spec["materials"]
        ],
        live=False,
        **_protocol_fields(spec, start),
    )
    index.add_child(instance=call)
    call.tags.add(*spec["tags"])
    for host in _hosts(spec, people):
        call.hosts.add(host)
    # Loading the demo is no news: mark the announcements as made before publishing.
    now = timezone.now()
    CallState.objects.update_or_create(
        call_id=call.pk, defaults={"announced_at": now, "minutes_announced_at": now}
    )
    if chat_channel is not None:
        from django.contrib.contenttypes.models import ContentType

        chat_channel.call_content_type = ContentType.objects.get_for_model(CommunityCallPage)
        chat_channel.call_object_id = call.pk
        chat_channel.save(update_fields=["call_content_type", "call_object_id"])
    published_at = min(now, start - timedelta(days=21))
    call.first_published_at = published_at
    call.save_revision().publish()
    return CommunityCallPage.objects.get(pk=call.pk)


def _register(call: CommunityCallPage, spec: dict, pool: list, demo_member) -> None:
    from .registration import RegistrationError, recount, register

    count = min(spec["registrations"], len(pool))
    # A fixed, varied choice of people per call (the same on every installation).
    offset = sum(map(ord, spec["slug"])) % max(1, len(pool))
    chosen = [pool[(offset + step * 7) % len(pool)] for step in range(count)]
    chosen = list(dict.fromkeys(chosen))
    if call.is_past():
        before = call.start_at - timedelta(days=10)
        rows = [
            Registration(
                call=call,
                user=user,
                status=RegistrationStatus.REGISTERED,
                created_at=before + timedelta(hours=position * 5),
                requested_at=before + timedelta(hours=position * 5),
                reminder_day_sent_at=call.start_at - timedelta(hours=24),
                reminder_hour_sent_at=call.start_at - timedelta(hours=1),
            )
            for position, user in enumerate(chosen)
        ]
        if demo_member is not None and demo_member not in chosen and spec["slug"] == CALLS[0]["slug"]:
            rows.append(Registration(call=call, user=demo_member, status=RegistrationStatus.REGISTERED,
                                     created_at=before, requested_at=before))  # fmt: skip
        Registration.objects.bulk_create(rows, ignore_conflicts=True)
        recount(call.pk)
        return
    wanted = spec.get("demo_member")
    for user in chosen:
        if user != demo_member:
            try:
                register(user, call)
            except RegistrationError:
                continue
    if wanted and demo_member is not None:
        with contextlib.suppress(RegistrationError):
            register(demo_member, call)
