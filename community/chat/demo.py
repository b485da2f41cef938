"""Demo channels with a German history of a few hundred messages between the demo members (idempotent).

Everything here is invented for this project. Conversations are composed from sets of sentences written for
it: each channel has questions, answers and short follow-ups, combined with a fixed random seed, so every run
produces the same history. A channel that already has messages is left as it is; a second run adds nothing.
Messages are stored with bulk_create, so the whole history costs a few dozen queries.
"""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import rendering
from .models import (
    Channel,
    ChannelKind,
    Membership,
    MembershipRole,
    Mention,
    Message,
    MessageRevision,
    ModerationAction,
    ModerationActionKind,
    Report,
)

APP = "community.chat"
DEMO_MEMBER = "mitglied@netzwerkstatt.example"
MODERATOR = "moderation@netzwerkstatt.example"
EDITOR = "redaktion@netzwerkstatt.example"
HISTORY_DAYS = 24

FOLLOW_UPS = [
    "Danke, das hilft mir gerade sehr weiter!",
    "Spannend. Magst du die Unterlagen dazu teilen?",
    "Das notiere ich mir für unseren nächsten Steuerkreis.",
    "Genau das Problem haben wir auch – ich bin gespannt auf weitere Antworten.",
    "Kurze Rückfrage: Wie lange hat das bei euch ungefähr gedauert?",
    "Sehr gut zu wissen. Ich melde mich dazu noch mal per Direktnachricht, wenn das okay ist.",
    "Das deckt sich mit unseren Erfahrungen, vor allem der Punkt mit den festen Ansprechpersonen.",
    "Ich hätte nicht gedacht, dass das so einfach geht. Probieren wir im Frühjahr aus.",
    "Gibt es dazu schon etwas im Leitfaden? Sonst wäre das ein schönes Praxisbeispiel.",
    "Super, danke euch allen für die schnellen Antworten.",
    "Bei uns hat es im zweiten Anlauf geklappt, der erste war zu ambitioniert.",
    "Das würde ich gern im nächsten Community Call vertiefen.",
    "Ich schicke das direkt an unsere Schulleitungen weiter.",
    "Könnt ihr sagen, wer bei euch den ersten Schritt gemacht hat – Schule oder Netzwerk?",
    "Klingt gut. Wir haben ähnlich angefangen und dann nach einem Jahr nachgeschärft.",
]

OPENERS = [
    "",
    "Moin zusammen! ",
    "Hallo in die Runde, ",
    "Kurze Frage: ",
    "Ich hänge gerade an einem Punkt: ",
]

# Each channel: slug, name, kind, description, federal states, topics, questions, answers.
TOPIC_CHANNELS = [
    {
        "slug": "allgemein",
        "name": "Allgemein",
        "kind": ChannelKind.OPEN,
        "description": "Der Treffpunkt für alles, was keinen eigenen Kanal hat: kurze Fragen, Hinweise, "
        "Kennenlernen. Bitte bleib freundlich und beim Du.",
        "tags": ["Netzwerkaufbau"],
        "questions": [
            "ich bin neu in der Koordination und suche eine Übersicht, welche Gremien ein MINT-Netzwerk "
            "typischerweise hat. Steuerkreis, Beirat, Arbeitsgruppen – was davon braucht man wirklich?",
            "wie haltet ihr eure Partnerliste aktuell? Bei uns veraltet die Tabelle schneller, als ich sie "
            "pflegen kann.",
            "hat jemand eine gute Vorlage für eine Kooperationsvereinbarung mit Schulen? Gern auch eine, "
            "die kurz ist.",
            "welche Tools nutzt ihr für die Terminabstimmung mit vielen Partnern? Wir landen immer wieder "
            "bei endlosen Mailketten.",
            "wie stellt ihr euch bei neuen Schulleitungen vor? Ich habe zehn Minuten in der "
            "Dienstbesprechung und will die gut nutzen.",
            "plant jemand, zum MINT:Barcamp nach Hamburg zu fahren? Ich würde gern eine Session zu "
            "Ehrenamtlichen anbieten.",
            "wie viel Zeit pro Woche geht bei euch eigentlich für Verwaltung drauf? Bei mir ist es gefühlt "
            "die Hälfte.",
            "gibt es eine Übersicht, welche Regionen schon einen Newsletter machen? Ich überlege, ob sich "
            "das für uns lohnt.",
        ],
        "answers": [
            "Wir haben mit einem kleinen Steuerkreis angefangen: Landkreis, zwei Schulen, Kammer, eine "
            "Hochschule. Der Beirat kam erst im dritten Jahr dazu.",
            "Ehrlich gesagt: eine einfache geteilte Tabelle mit einer verantwortlichen Person pro Zeile. "
            "Einmal im Halbjahr rufe ich alle kurz an.",
            "Unsere Vereinbarung ist zwei Seiten lang: Ziele, Ansprechpersonen, was jede Seite beiträgt, "
            "Laufzeit. Mehr liest ohnehin niemand.",
            "Wir nutzen eine datenschutzfreundliche Terminumfrage auf dem Server des Landkreises. Klappt "
            "auch mit Betrieben gut.",
            "Ich bringe immer ein konkretes Angebot mit, das im nächsten Halbjahr startet. Abstrakte "
            "Netzwerkideen verfangen in Dienstbesprechungen selten.",
            "Bin dabei! Eine Session zu Ehrenamtlichen würde ich sofort besuchen.",
            "Bei mir sind es eher ein Drittel. Geholfen hat, Förderberichte und Jahresbericht aus denselben "
            "Bausteinen zu bauen.",
            "Wir verschicken viermal im Jahr einen kurzen Rundbrief. Die Öffnungsrate ist bei Lehrkräften "
            "erstaunlich hoch, wenn konkrete Termine drinstehen.",
            "Schau mal in den Gründungsleitfaden, Phase zwei. Da steht eine Checkliste für die ersten "
            "Gremien drin.",
            "Wichtig ist, dass der Steuerkreis entscheiden darf. Sonst wird er zum Informationstermin.",
            "Wir haben die Arbeitsgruppen nach einem Jahr wieder aufgelöst und arbeiten jetzt in "
            "Projektteams auf Zeit. Das passt besser zu den Kapazitäten der Schulen.",
            "Ich würde mit dem anfangen, was die Partner ohnehin tun, und es sichtbar machen. Neue Formate "
            "kommen dann fast von selbst.",
        ],
    },
    {
        "slug": "finanzierung",
        "name": "Finanzierung",
        "kind": ChannelKind.OPEN,
        "description": "Koordinierungsstellen verstetigen: Fördermittel, Kofinanzierung durch Kommunen, "
        "Stiftungen und Unternehmen.",
        "tags": ["Finanzierung", "Verstetigung"],
        "questions": [
            "unsere Projektförderung läuft in vierzehn Monaten aus. Wann habt ihr angefangen, mit dem "
            "Landkreis über eine Anschlussfinanzierung zu sprechen?",
            "hat jemand Erfahrung mit einem Förderverein als Träger der Koordinierungsstelle? Wir wägen "
            "gerade Verein gegen kommunale Anbindung ab.",
            "wie rechnet ihr gegenüber Unternehmen ab, die Geld geben? Sponsoring oder Spende – und was "
            "bedeutet das steuerlich für uns?",
            "welche Stiftungen fördern aktuell Personalstellen und nicht nur Projekte? Ich finde fast "
            "nur Ausschreibungen für Sachkosten.",
            "wie überzeugt man einen Kreistag, der MINT für Schulsache hält? Ich brauche Argumente für "
            "die Haushaltsberatung im Herbst.",
            "teilt ihr die Kosten der Koordination zwischen mehreren Kommunen auf? Nach welchem Schlüssel?",
            "lohnt sich der Aufwand für EU-Mittel bei einem kleinen Netzwerk? Mir graut vor der Verwaltung.",
        ],
        "answers": [
            "Wir haben zwei Jahre vor Ende angefangen, und selbst das war knapp. Haushalte werden früh "
            "geplant, also lieber zu früh als zu spät.",
            "Der Förderverein gibt uns Freiheit, aber jede Vertretung im Krankheitsfall wird schwierig. Die "
            "kommunale Anbindung ist stabiler, dafür langsamer.",
            "Bei uns läuft es als Spende mit Zuwendungsbestätigung. Sobald der Betrieb Gegenleistungen wie "
            "Logos auf Plakaten erwartet, wird es Sponsoring – das solltet ihr mit eurer Steuerberatung "
            "klären.",
            "Ein paar Landesstiftungen fördern inzwischen Stellenanteile, meist für drei Jahre und mit "
            "Eigenanteil. Fragt am besten direkt bei den Ansprechpersonen nach.",
            "Was bei uns gezogen hat: Zahlen zum Fachkräftebedarf aus der Region und zwei Betriebe, die im "
            "Ausschuss selbst gesprochen haben.",
            "Wir teilen nach Einwohnerzahl, mit einem Sockelbetrag für die kleinen Gemeinden. So fühlt sich "
            "niemand übervorteilt.",
            "Für uns war die Verwaltung zu groß. Wir sind jetzt Partner in einem größeren Projekt und "
            "tragen nur einen Teil bei.",
            "Die Kreisverwaltung wollte eine Wirkungsübersicht sehen, bevor sie zusagt. Ohne die hätten wir "
            "keine Chance gehabt.",
            "Unser Tipp: Die Stelle nicht als Projekt, sondern als Infrastruktur beschreiben – wie die "
            "Volkshochschule auch.",
            "Wir haben die Kofinanzierung in drei Schritten erhöht: erst 20 Prozent, dann 50, dann 80. Das "
            "war für den Haushalt leichter zu schlucken.",
        ],
    },
    {
        "slug": "qualitaet-und-wirkung",
        "name": "Qualität und Wirkung",
        "kind": ChannelKind.OPEN,
        "description": "Wirkung messen ohne Fragebogen-Marathon: Indikatoren, Evaluation, Berichte für "
        "Geldgeber und Partner.",
        "tags": ["Wirkungsmessung", "Evaluation"],
        "questions": [
            "welche drei Kennzahlen berichtet ihr jedes Jahr? Ich möchte weg von reinen Teilnahmezahlen.",
            "wie bekommt ihr Rückmeldungen von Schülerinnen und Schülern, ohne die Schulen mit Fragebögen "
            "zu überfordern?",
            "hat jemand ein Wirkungsmodell, das auf eine Seite passt? Unser aktuelles versteht außer mir "
            "niemand.",
            "wie geht ihr damit um, dass Wirkung in der Berufsorientierung erst Jahre später sichtbar wird?",
            "arbeitet jemand mit einer Hochschule bei der Evaluation zusammen? Wie habt ihr das finanziert?",
            "wie oft trefft ihr euch im Netzwerk, um Ergebnisse gemeinsam auszuwerten?",
        ],
        "answers": [
            "Bei uns sind es: Anteil der Schulen mit festem Angebot, Anteil Mädchen in den Kursen und wie "
            "viele Partner sich mehr als einmal im Jahr beteiligen.",
            "Drei Fragen auf einer Karte am Ende des Angebots, anonym, in zwei Minuten ausgefüllt. Die "
            "Rücklaufquote liegt bei fast neunzig Prozent.",
            "Wir haben eine Wirkungstreppe mit fünf Stufen: erreicht, begeistert, kann etwas, tut etwas, "
            "bleibt dran. Das verstehen auch Kreistagsmitglieder.",
            "Wir fragen ehemalige Teilnehmende über die Schulen nach ihrem Ausbildungsweg. Nicht "
            "repräsentativ, aber die Geschichten überzeugen.",
            "Eine Masterarbeit hat unsere Evaluation übernommen – kostet nichts außer Betreuungszeit und "
            "liefert erstaunlich viel.",
            "Einmal im Jahr eine Auswertungswerkstatt mit allen Partnern. Die Zahlen liegen vorher auf dem "
            "Tisch, diskutiert werden nur die Schlüsse.",
            "Wichtig war für uns, vorher festzulegen, was wir mit den Ergebnissen machen. Sonst sammelt man "
            "Daten, die niemand nutzt.",
            "Beobachtung statt Fragebogen: Eine Lehrkraft notiert pro Angebot drei Auffälligkeiten. Klingt "
            "weich, ist aber sehr aufschlussreich.",
            "Wir berichten den Geldgebern inzwischen mit einer Seite Zahlen und einer Seite Geschichten. "
            "Die Rückmeldungen sind deutlich besser als früher.",
        ],
    },
    {
        "slug": "maedchen-in-mint",
        "name": "Mädchen in MINT",
        "kind": ChannelKind.OPEN,
        "description": "Wie erreichen wir Mädchen und junge Frauen? Formate, Vorbilder, Elternarbeit – "
        "und was nicht funktioniert hat.",
        "tags": ["Mädchen in MINT", "Berufsorientierung"],
        "questions": [
            "wir planen einen Technik-Tag nur für Mädchen. Wie habt ihr die Betriebe überzeugt, dafür "
            "Ausbilderinnen freizustellen?",
            "wie erreicht ihr die Eltern? Die Entscheidung für eine Ausbildung fällt oft am Küchentisch.",
            "habt ihr Erfahrungen mit reinen Mädchengruppen gegenüber gemischten Gruppen? Bei uns gehen "
            "die Meinungen im Kollegium auseinander.",
            "sucht jemand auch Vorbilder aus Handwerk und Technik? Ich würde gern eine gemeinsame Liste "
            "aufbauen.",
            "was macht ihr, wenn sich zu einem Mädchen-Angebot kaum jemand anmeldet?",
            "wie bindet ihr Grundschulen ein? Ich habe den Eindruck, in Klasse sieben ist es schon spät.",
        ],
        "answers": [
            "Wir haben den Betrieben angeboten, dass die Ausbilderinnen den Tag als Fortbildung verbuchen "
            "können. Plötzlich ging es.",
            "Elternabende in der Schule laufen schlecht. Besser: ein Familiennachmittag im Betrieb mit "
            "Kaffee und Werkstattführung.",
            "In Klasse fünf bis sieben sind reine Mädchengruppen bei uns deutlich erfolgreicher, danach "
            "gemischt mit bewusster Rollenverteilung.",
            "Gern! Wir haben sechs Ingenieurinnen und zwei Elektronikerinnen, die regelmäßig in Schulen "
            "gehen.",
            "Bei uns lag es am Titel. Aus Mädchen-Technik-Tag wurde Erfinderinnenwerkstatt – doppelt so "
            "viele Anmeldungen.",
            "Die Grundschulen erreichen wir über Forscherkisten, die Lehrkräfte ausleihen. Da sind "
            "ausdrücklich Mädchen auf den Anleitungskarten abgebildet.",
            "Wichtig: Die Vorbilder sollten nicht zu weit weg sein. Eine Auszubildende im zweiten Jahr "
            "wirkt oft mehr als die Professorin.",
            "Wir kooperieren mit dem Jugendzentrum und bieten die Kurse am Nachmittag dort an. So kommen "
            "auch Mädchen, die in der Schule wenig Zugang zu MINT finden.",
            "Bei uns hat eine Story of Failure geholfen: Unser erstes Camp war leer, weil es in den "
            "Zeugnisferien lag. Seitdem fragen wir vorher die Schülerinnen.",
        ],
    },
]

REGIONAL_CHANNELS = [
    ("nord", "Nord: Schleswig-Holstein, Hamburg, Bremen", ["SH", "HH", "HB"]),
    ("nordost", "Nordost: Mecklenburg-Vorpommern, Brandenburg, Berlin", ["MV", "BB", "BE"]),
    ("mitte-ost", "Mitte-Ost: Sachsen, Sachsen-Anhalt, Thüringen", ["SN", "ST", "TH"]),
    ("west", "West: Nordrhein-Westfalen, Niedersachsen", ["NW", "NI"]),
    ("mitte-west", "Mitte-West: Hessen, Rheinland-Pfalz, Saarland", ["HE", "RP", "SL"]),
    ("sued", "Süd: Bayern, Baden-Württemberg", ["BY", "BW"]),
]

REGIONAL_QUESTIONS = [
    "gibt es in {land} schon jemanden, der mit dem Landesprogramm für außerschulische Lernorte "
    "gearbeitet hat? Ich verstehe die Antragsfristen nicht ganz.",
    "wer von euch fährt zum Regionaltreffen nach {stadt}? Wir könnten eine Fahrgemeinschaft bilden.",
    "kennt jemand gute Ansprechpersonen beim Kultusministerium in {land}, die für Kooperationen mit "
    "Betrieben zuständig sind?",
    "wir suchen für die Herbstferien einen Standort für ein Robotik-Camp in der Nähe von {stadt}. "
    "Hat jemand Räume oder Kontakte?",
    "plant jemand einen gemeinsamen Stand auf der Bildungsmesse in {stadt}? Allein lohnt sich das für "
    "uns nicht.",
]
REGIONAL_ANSWERS = [
    "Ja, wir! Schreib mir, dann schicke ich dir unsere Zeitplanung vom letzten Jahr.",
    "Ich fahre mit dem Zug und habe noch Platz für Unterlagen, aber nicht für Personen. 😄",
    "Die Landeskoordinierungsstelle hat dazu eine Übersicht. Frag am besten dort direkt nach.",
    "Das Schülerlabor an der Hochschule vermietet in den Ferien Räume, recht günstig sogar.",
    "Wir wären beim Messestand dabei, wenn wir uns die Standbetreuung teilen.",
    "Die Fristen verschieben sich dieses Jahr um vier Wochen nach hinten, stand im letzten Rundschreiben.",
    "Ich vermittle gern den Kontakt, wir arbeiten seit zwei Jahren mit der Kollegin zusammen.",
    "Bei uns im Kreis gibt es einen Makerspace in der Stadtbibliothek, der solche Camps schon "
    "ausgerichtet hat.",
]
REGIONAL_TOWNS = {
    "nord": ("Schleswig-Holstein", "Kiel"),
    "nordost": ("Brandenburg", "Potsdam"),
    "mitte-ost": ("Sachsen", "Leipzig"),
    "west": ("Nordrhein-Westfalen", "Dortmund"),
    "mitte-west": ("Hessen", "Gießen"),
    "sued": ("Bayern", "Nürnberg"),
}

ANNOUNCEMENTS = [
    "**Willkommen in den Live-Kanälen!** Hier kündigen wir Community Calls, neue Kapitel des "
    "Gründungsleitfadens und Termine an. Folge dem Kanal, um bei neuen Ankündigungen benachrichtigt zu werden.",
    "Der nächste **Community Call** zum Thema *Wirkung messen* findet am Donnerstag um 10 Uhr statt. "
    "Während des Calls ist der Kanal „Community Call: Wirkung messen“ für Fragen geöffnet.",
    "Neu im Gründungsleitfaden: eine Checkliste für das erste Treffen des Steuerkreises.",
    "Die Anmeldung für das **MINT:Barcamp** in Hamburg ist offen. Sessions schlagt ihr wie immer vor Ort vor.",
    "Erinnerung: Stories of Failure sind ausdrücklich willkommen. Schickt uns eure Geschichte über das "
    "Formular unter „Beitrag einreichen“.",
]

PRIVATE_CHANNEL = {
    "slug": "landeskoordinierungsstellen",
    "name": "Landeskoordinierungsstellen",
    "description": "Abstimmung der Landeskoordinierungsstellen untereinander. Nur auf Einladung.",
    "tags": ["Strategieentwicklung"],
    "messages": [
        "Wie geht ihr mit Regionen um, die sich gründen wollen, obwohl es im Nachbarkreis schon ein "
        "Netzwerk gibt? Wir wollen keine Parallelstrukturen fördern.",
        "Wir laden beide an einen Tisch, bevor wir beraten. Oft ergibt sich eine gemeinsame Region mit "
        "zwei Standorten.",
        "Bei uns gibt es eine Bestandsaufnahme als Pflichtschritt vor jeder Gründungsberatung.",
        "Können wir uns auf ein gemeinsames Format für die Jahresberichte an die Ministerien einigen? "
        "Das würde Vergleiche leichter machen.",
        "Gute Idee. Ich schlage vor, wir nehmen die fünf Kennzahlen aus dem letzten Community Call als "
        "Grundlage.",
        "Einverstanden. Ich bereite einen Entwurf vor und teile ihn hier bis Ende des Monats.",
        "Kurze Info: Unser Ministerium plant für nächstes Jahr eine Ausschreibung für zwei neue "
        "Regionen. Details dürfen wir noch nicht nennen.",
        "Danke für den Hinweis, das ist für die Regionen an unserer Landesgrenze interessant.",
        "Der Entwurf für das Berichtsformat liegt jetzt im gemeinsamen Ordner. Kommentare bitte bis Freitag.",
        "Sehr übersichtlich! Ich würde nur den Teil zu Partnern nach Bildungskette gliedern.",
        "Guter Punkt, ist eingearbeitet.",
        "Sollen wir das Format im nächsten Community Call vorstellen oder erst intern testen?",
        "Erst ein Jahr testen, dann vorstellen. Sonst ändern wir es dreimal öffentlich.",
    ],
}

CALL_CHANNEL = {
    "slug": "call-wirkung-messen",
    "name": "Community Call: Wirkung messen",
    "description": "Der Kanal zum Community Call „Wirkung messen ohne Fragebogen-Marathon“. Während des "
    "Calls für Fragen geöffnet, danach zum Nachlesen.",
    "tags": ["Wirkungsmessung"],
    "messages": [
        "Hallo zusammen, der Call beginnt in fünf Minuten. Fragen gern schon hier sammeln!",
        "Wie viele Kennzahlen sind zu viele?",
        "Gibt es die Folien hinterher?",
        "Ja, die Folien kommen nach dem Call hier in den Kanal.",
        "Die Wirkungstreppe finde ich super anschaulich.",
        "Frage an die Referentin: Wie überzeugt man Schulen, bei der Befragung mitzumachen?",
        "Bei uns hilft, dass die Schulen die Ergebnisse für ihren eigenen Bericht nutzen dürfen.",
        "Wie anonym müssen Rückmeldekarten sein, wenn die Gruppen sehr klein sind?",
        "Ab weniger als fünf Personen fassen wir Gruppen zusammen, sonst erkennt man Einzelne.",
        "Danke für den tollen Call! Ich nehme viel mit.",
        "Hier wie versprochen die Folien: siehe Materialsammlung im Leitfaden, Kapitel Wirkung.",
        "Danke euch allen, bis zum nächsten Call!",
    ],
}

REACTION_CHOICES = list(rendering.REACTIONS)

WELCOME = (
    "**Willkommen in #Allgemein!** Ein paar Spielregeln für alle Kanäle: Wir duzen uns, bleiben freundlich "
    "und schreiben nichts über Dritte, was wir ihnen nicht auch direkt sagen würden. Namen von Schüler:innen "
    "gehören nicht in den Chat. Wenn dir etwas komisch vorkommt, melde die Nachricht über das Menü „…“ – "
    "die Moderation schaut sich jede Meldung an."
)


# --- Loading ---------------------------------------------------------------------------------------------------


def load(context) -> None:
    members = _demo_members()
    if len(members) < 6:
        context.count(APP, "Kanäle übersprungen (zu wenige Mitglieder)", created=False)
        return
    users = (
        get_user_model()
        .objects.filter(email__in=[MODERATOR, EDITOR, DEMO_MEMBER])
        .in_bulk(field_name="email")
    )
    moderator = users.get(MODERATOR) or members[0]
    demo_member = users.get(DEMO_MEMBER)
    everyone = members + ([demo_member] if demo_member else [])
    now = timezone.now()

    for spec in TOPIC_CHANNELS:
        channel, created = _channel(
            spec["slug"], spec["name"], spec["kind"], spec["description"], spec["tags"]
        )
        prelude = [(moderator, WELCOME, None, False)] if spec["slug"] == "allgemein" else []  # pinned below
        script = _conversation(spec["slug"], spec, everyone, moderator, prelude=prelude)
        _history(context, channel, created, script, now)
    for slug, name, laender in REGIONAL_CHANNELS:
        land, town = REGIONAL_TOWNS[slug]
        spec = {
            "questions": [q.format(land=land, stadt=town) for q in REGIONAL_QUESTIONS],
            "answers": REGIONAL_ANSWERS,
        }
        description = f"Austausch der MINT-Regionen in {', '.join(name.split(': ', 1)[1].split(', '))}: " + (
            "Termine, Landesprogramme, gemeinsame Aktionen."
        )
        channel, created = _channel(slug, name, ChannelKind.OPEN, description, ["Netzwerkaufbau"], laender)
        local = [m for m in everyone if getattr(m.profile, "bundesland", "") in laender] or everyone
        people = local + [m for m in everyone if m not in local][:4]
        _history(context, channel, created, _conversation(slug, spec, people, moderator, threads=3), now)

    channel, created = _channel(
        "ankuendigungen",
        "Ankündigungen",
        ChannelKind.ANNOUNCEMENTS,
        "Neuigkeiten der Redaktion: Community Calls, neue Kapitel, Termine. Nur die Moderation schreibt hier.",
        ["Netzwerkaufbau"],
    )
    _history(context, channel, created, [(moderator, text, None, False) for text in ANNOUNCEMENTS], now)

    state_offices = [m for m in members if getattr(m.profile, "role", "") == "state_office"] or members[:3]
    spec = PRIVATE_CHANNEL
    channel, created = _channel(
        spec["slug"], spec["name"], ChannelKind.PRIVATE, spec["description"], spec["tags"]
    )
    script = [
        (state_offices[i % len(state_offices)], text, None, False) for i, text in enumerate(spec["messages"])
    ]
    _history(context, channel, created, script, now, members=state_offices + [moderator])

    spec = CALL_CHANNEL
    channel, created = _channel(
        spec["slug"], spec["name"], ChannelKind.CALL, spec["description"], spec["tags"]
    )
    if created:
        channel.opens_at = now - timedelta(days=3, hours=1)
        channel.closes_at = now - timedelta(days=3) + timedelta(minutes=30)
        channel.save(update_fields=["opens_at", "closes_at"])
    rng = random.Random(spec["slug"])  # noqa: S311  # nosec B311: a fixed seed, the same demo every time; nothing secret
    script = [
        (moderator if i in (0, 3, 10, 11) else rng.choice(everyone), text, None, False)
        for i, text in enumerate(spec["messages"])
    ]
    _history(context, channel, created, script, channel.opens_at + timedelta(minutes=40), span_hours=1)

    _moderation_examples(context, moderator, everyone)


def _demo_members() -> list:
    from community.members.demo import DEMO_MEMBERS

    emails = [row[2] for row in DEMO_MEMBERS]
    by_email = (
        get_user_model()
        .objects.filter(email__in=emails, is_active=True)
        .select_related("profile")
        .in_bulk(field_name="email")
    )
    return [by_email[email] for email in emails if email in by_email and hasattr(by_email[email], "profile")]


def _channel(slug, name, kind, description, tags, laender=()):
    channel = Channel.objects.filter(slug=slug).first()
    if channel is not None:
        return channel, False
    channel = Channel.objects.create(
        slug=slug, name=name, kind=kind, description=description, bundeslaender=list(laender)
    )
    channel.tags.set(tags)
    return channel, True


def _conversation(seed, spec, people, moderator, threads=None, prelude=()) -> list[tuple]:
    """A list of (author, text, reply_to index or None, mention the replied-to author?) in order."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311: a fixed seed, the same demo every time; nothing secret
    questions = list(spec["questions"])
    rng.shuffle(questions)
    if threads is not None:
        questions = questions[:threads]
    answers = list(spec["answers"])
    script = list(prelude)
    for question in questions:
        asker = rng.choice(people)
        opener = rng.choice(OPENERS)
        text = (opener + question) if opener else question[0].upper() + question[1:]
        question_index = len(script)
        script.append((asker, text, None, False))
        for _ in range(rng.randint(2, 5)):
            answerer = rng.choice([p for p in people if p != asker])
            answer = answers[rng.randrange(len(answers))]
            replying = rng.random() < 0.45
            mention = not replying and rng.random() < 0.35
            script.append(
                (answerer, answer, question_index if replying else None, mention and question_index)
            )
            if rng.random() < 0.5:
                script.append((asker, rng.choice(FOLLOW_UPS), None, False))
    return script


def _history(context, channel, created, script, end, members=None, span_hours=None) -> None:
    if channel.last_seq:
        context.count(APP, "Kanäle", created=False)
        return
    context.count(APP, "Kanäle", created=True)
    rng = random.Random(f"{channel.slug}-history")  # noqa: S311  # nosec B311: a fixed seed, the same demo every time; nothing secret
    times = _timestamps(rng, len(script), end, span_hours)
    messages, mentions = [], []
    for index, (author, text, _reply_index, mention_of) in enumerate(script):
        body = text
        if mention_of is not False and mention_of is not None:
            replied_author = script[mention_of][0]
            body = f"@{replied_author.profile.display_name} {text}"
        rendered = rendering.render_body(body)
        messages.append(
            Message(
                channel=channel,
                seq=index + 1,
                change=index + 1,
                author=author,
                client_id=f"demo-{channel.slug}-{index + 1}",
                body=body,
                body_html=rendered.html,
                mention_ids=rendered.mention_ids,
                created_at=times[index],
            )
        )
    Message.objects.bulk_create(messages, batch_size=500)
    stored = {m.seq: m for m in Message.objects.filter(channel=channel)}
    replies = []
    for index, (_author, _text, reply_index, _mention) in enumerate(script):
        if reply_index is not None:
            message = stored[index + 1]
            message.reply_to = stored[reply_index + 1]
            replies.append(message)
    Message.objects.bulk_update(replies, ["reply_to"], batch_size=500)
    for message in stored.values():
        for user_id in message.mention_ids:
            mentions.append(Mention(message=message, channel=channel, user_id=user_id, seq=message.seq))
    Mention.objects.bulk_create(mentions, ignore_conflicts=True)

    # Reactions on about a third of the messages, by people in the conversation.
    authors = sorted({author.pk for author, *_rest in script})
    reacted = []
    for message in stored.values():
        if rng.random() < 0.35:
            reactions = {}
            for emoji in rng.sample(REACTION_CHOICES, rng.randint(1, 2)):
                reactions[emoji] = rng.sample(authors, min(len(authors), rng.randint(1, 4)))
            message.reactions = reactions
            reacted.append(message)
    Message.objects.bulk_update(reacted, ["reactions"], batch_size=500)

    last = stored[len(script)]
    Channel.objects.filter(pk=channel.pk).update(
        last_seq=len(script), last_change=len(script), last_message_at=last.created_at
    )
    channel.last_seq = channel.last_change = len(script)
    _memberships(channel, members if members is not None else [author for author, *_r in script])
    bucket = context.counts.setdefault(APP, {})
    bucket["Nachrichten neu"] = bucket.get("Nachrichten neu", 0) + len(script)


def _timestamps(rng, count, end, span_hours=None) -> list:
    """`count` ascending times ending shortly before `end`, during the day (8 to 20 Uhr)."""
    if span_hours:
        start = end - timedelta(hours=span_hours)
        step = (end - start) / max(count, 1)
        return [start + step * i for i in range(count)]
    minutes_back = HISTORY_DAYS * 24 * 60
    offsets = sorted(rng.randint(30, minutes_back) for _ in range(count))
    times = []
    for offset in reversed(offsets):
        moment = timezone.localtime(end - timedelta(minutes=offset))
        if not 8 <= moment.hour < 20:
            day = moment.date() + (timedelta(days=1) if moment.hour >= 20 else timedelta())
            moment = timezone.make_aware(datetime.combine(day, time(8, rng.randint(0, 59))))
        times.append(moment)
    return sorted(times)


def _memberships(channel, people) -> None:
    unique = {person.pk: person for person in people if person is not None}
    existing = set(Membership.objects.filter(channel=channel).values_list("user_id", flat=True))
    Membership.objects.bulk_create(
        [
            Membership(channel=channel, user_id=user_id, last_read_seq=channel.last_seq)
            for user_id in unique
            if user_id not in existing
        ]
    )


def _moderation_examples(context, moderator, everyone) -> None:
    """The demo member's unread messages and a mention badge, a pinned netiquette note, an edited and a deleted
    message, a channel moderator, and one open report in the review queue (each only once)."""
    demo_member = next((m for m in everyone if m.email == DEMO_MEMBER), None)
    general = Channel.objects.filter(slug="allgemein").first()
    if (
        general is None
        or ModerationAction.objects.filter(channel=general, action=ModerationActionKind.PIN).exists()
    ):
        return
    now = timezone.now()
    netiquette = Message.objects.filter(channel=general, seq=1).first()
    if netiquette is not None:
        Message.objects.filter(pk=netiquette.pk).update(
            pinned_at=now - timedelta(days=20), pinned_by=moderator
        )
        ModerationAction.objects.create(
            channel=general, channel_name=general.name, actor=moderator, action=ModerationActionKind.PIN,
            message=netiquette, target_user=netiquette.author, details=rendering.excerpt(netiquette.body, 200),
            created_at=now - timedelta(days=20),
        )  # fmt: skip

    # An edited message with its earlier wording.
    edited = Message.objects.filter(channel=general, seq=4).first()
    if edited is not None:
        # The author added the last sentence a minute later.
        earlier = edited.body.rsplit(". ", 1)[0] + "." if ". " in edited.body else edited.body + " …"
        MessageRevision.objects.create(
            message=edited,
            body=earlier,
            written_at=edited.created_at,
            replaced_at=edited.created_at + timedelta(minutes=2),
        )
        Message.objects.filter(pk=edited.pk).update(edited_at=edited.created_at + timedelta(minutes=2))

    finance = Channel.objects.filter(slug="finanzierung").first()
    if finance is not None and demo_member is not None:
        Membership.objects.update_or_create(
            channel=finance,
            user=demo_member,
            defaults={"joined": True, "last_read_seq": max(0, finance.last_seq - 6)},
        )
        mentioned = Message.objects.filter(channel=finance, seq=finance.last_seq - 2).first()
        if mentioned is not None:
            body = f"@{demo_member.profile.display_name} {mentioned.body}"
            rendered = rendering.render_body(body)
            Message.objects.filter(pk=mentioned.pk).update(
                body=body, body_html=rendered.html, mention_ids=rendered.mention_ids
            )
            Mention.objects.get_or_create(
                message=mentioned, user=demo_member, defaults={"channel": finance, "seq": mentioned.seq}
            )
    if demo_member is not None:
        Membership.objects.update_or_create(
            channel=general,
            user=demo_member,
            defaults={"joined": True, "last_read_seq": max(0, general.last_seq - 3)},
        )

    # A channel moderator of their own channel (not a site moderator).
    wirkung = Channel.objects.filter(slug="qualitaet-und-wirkung").first()
    if wirkung is not None:
        first = Membership.objects.filter(channel=wirkung).order_by("pk").first()
        if first is not None:
            Membership.objects.filter(pk=first.pk).update(role=MembershipRole.MODERATOR)

    # A message the author deleted, and a message waiting in the review queue.
    regional = Channel.objects.filter(slug="west").first()
    if regional is not None and regional.last_seq >= 3:
        Message.objects.filter(channel=regional, seq=2).update(
            body="", body_html="", reactions={}, mention_ids=[], deleted_at=now - timedelta(days=2)
        )
        Mention.objects.filter(channel=regional, seq=2).delete()
        suspicious = (
            Message.objects.filter(channel=regional, seq=regional.last_seq).select_related("author").first()
        )
        reporter = next((m for m in everyone if suspicious and m.pk != suspicious.author_id), None)
        if suspicious is not None and reporter is not None:
            text = (
                "Wer braucht noch Experimentierkästen? Wir haben eine Sammelbestellung laufen, 15 % Rabatt "
                "über meinen Händlerlink, bitte bis Freitag melden."
            )
            Message.objects.filter(pk=suspicious.pk).update(
                body=text, body_html=rendering.render_body(text).html
            )
            Report.objects.get_or_create(
                message=suspicious,
                reporter=reporter,
                defaults={
                    "reason": "spam",
                    "note": "Sieht nach Werbung mit Provision aus. Bitte einmal anschauen.",
                    "message_text": text,
                },
            )
    context.count(APP, "Moderationsbeispiele", created=True)
