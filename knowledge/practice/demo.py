"""Demo content of "Praxis & Erfahrungen": the index page at /praxis/, best-practice posts and Stories of Failure.

Every text here is written for Netzwerkstatt; the projects, numbers and people are invented, the structures
they refer to (zdi in NRW, Jungforscher Thüringen, Bavaria's MINT-Manager:innen, …) are public facts from the
domain brief. Posts link to the regions' demo pages where one fits (looked up by slug; knowledge/ never imports
the community apps) and to demo members as authors (looked up by email). Two Stories of Failure are anonymous:
their authors are stored for the editors only.

Posts get a first publication date spread over the last months and are published with it already set, so
loading the demo does not notify anybody of "new" posts. Idempotent: existing slugs are skipped.
"""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Page

from home.models import HomePage

from .models import BestPracticePage, FailureStoryPage, PracticeIndexPage, PracticePage

APP = "knowledge.practice"

INDEX = {
    "slug": "praxis",
    "title": "Praxis & Erfahrungen",
    "intro": (
        "Was in den MINT-Regionen funktioniert – und was nicht: Praxisbeispiele mit Aufwand und Bedingungen "
        "für die Übertragung, dazu ehrliche Stories of Failure. Filtere nach Thema, Bundesland, Bildungsstufe "
        "und Zielgruppe."
    ),
}


def _p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}]


def _heading(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h3"}}


def _callout(title: str, text: str, kind: str = "tip") -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": f"<p>{text}</p>"}}


def _quote(text: str, attribution: str) -> dict:
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


# Keys: kind ("bp"/"sof"), slug, title, region (slug of a demo region page or None), bundesland, stages,
# target_groups, tags, author (email of a demo member or None), byline, anonymous, days_ago, summary, body
# (list of blocks; "IMAGE" and "DOCUMENT:<key>" are placeholders filled in at load time) and the kind's fields.
POSTS = [
    {
        "kind": "bp",
        "slug": "schulpatenschaften-im-revier",
        "title": "Schulpatenschaften im Revier: Jede Schule hat ihren Betrieb",
        "region": "aachener-revier",
        "bundesland": "NW",
        "stages": ["sek1", "sek2", "beruf"],
        "target_groups": ["schueler", "unternehmen", "fachkraefte"],
        "tags": [
            "Unternehmenskooperation",
            "Kooperationsvereinbarung",
            "Berufsorientierung",
            "Partnergewinnung",
        ],
        "author": None,
        "byline": "Geschäftsstelle MINT-Netzwerk Aachener Revier",
        "days_ago": 9,
        "summary": (
            "Seit 2019 hat jede weiterführende Schule in der StädteRegion Aachen und im Kreis Düren einen festen "
            "Partnerbetrieb. Eine einseitige Vereinbarung, ein jährliches Planungsgespräch und eine Kümmerin im "
            "Netzwerk halten die 38 Patenschaften am Leben – auch wenn Ansprechpersonen wechseln."
        ),
        "partners": (
            "38 weiterführende Schulen aller Schulformen\n"
            "41 Betriebe aus Energie, Anlagenbau, Chemie und Handwerk\n"
            "IHK Aachen und Handwerkskammer (Ansprache der Betriebe)\n"
            "zdi-Netzwerk als Träger der Koordination\n"
            "Kommunales Bildungsbüro (Schulkontakte)"
        ),
        "effort": "mittel",
        "resources": (
            "Rund **zehn Wochenstunden** der Koordinatorin für Vermittlung, Erstgespräche und die jährliche "
            "Runde. Sachkosten gering: Druck der Vereinbarungen, ein Netzwerktreffen pro Jahr (ca. 1.500 Euro, "
            "vom Trägerverein getragen). Die Betriebe stellen Zeit ihrer Ausbilder:innen."
        ),
        "transferability": "ja",
        "transfer_conditions": (
            "Es braucht eine Person, die die Patenschaften **aktiv nachhält** – ohne jährlichen Anstoß schlafen "
            "sie ein. Hilfreich ist eine Kammer, die Betriebe anspricht. Die Vereinbarung selbst ist bewusst "
            "kurz und kann ohne Anpassung übernommen werden."
        ),
        "contact": "Geschäftsstelle MINT-Netzwerk Aachener Revier, patenschaften@example.org",
        "body": [
            _heading("So läuft eine Patenschaft"),
            *_p(
                "Am Anfang steht ein Gespräch zu dritt: Schulleitung oder MINT-Koordination der Schule, "
                "Ausbildungsleitung des Betriebs und die Koordinatorin des Netzwerks. Gemeinsam wählen sie "
                "aus einem Menü von zwölf Bausteinen höchstens vier für das Schuljahr aus – vom "
                "Betriebsrundgang für die 8. Klassen über Bewerbungstrainings bis zu Facharbeiten mit "
                "Fragestellungen aus der Produktion.",
                "Im Juni trifft sich die Runde wieder, schaut, was geklappt hat, und plant das nächste Jahr. "
                "Dieses Planungsgespräch ist der eigentliche Kern: Es übersteht auch den Wechsel von "
                "Ansprechpersonen, weil die Koordinatorin neue Leute einführt.",
            ),
            _quote(
                "Wir dachten, die Schulen wollen vor allem Praktikumsplätze. Am meisten gefragt sind aber "
                "Azubis, die im Unterricht erzählen, wie ihr Alltag aussieht.",
                "Ausbildungsleiter eines Anlagenbauers in Düren",
            ),
            "DOCUMENT:patenschaft",
        ],
    },
    {
        "kind": "bp",
        "slug": "betriebsrundgang-fuer-lehrkraefte",
        "title": "Betriebsrundgang für Lehrkräfte: Mittelständler öffnen ihre Werkhallen",
        "region": "westpfalz",
        "bundesland": "RP",
        "stages": ["sek1", "beruf"],
        "target_groups": ["fachkraefte", "unternehmen"],
        "tags": [
            "Lehrkräftefortbildung",
            "Unternehmenskooperation",
            "Ländlicher Raum",
            "Übergang Schule und Beruf",
        ],
        "author": "reinhard.kuebler@mint-westpfalz.example",
        "byline": "Reinhard Kübler, MINT-Region Westpfalz",
        "days_ago": 18,
        "summary": (
            "Zweimal im Jahr besuchen Lehrkräfte aus der Westpfalz an einem Nachmittag zwei Betriebe der "
            "Region. Das Format ist als Fortbildung anerkannt, kostet fast nichts und hat uns mehr neue "
            "Kooperationen gebracht als jede Messe."
        ),
        "partners": (
            "Mittelständische Betriebe aus Metall, Kunststoff und Nutzfahrzeugbau\n"
            "Pädagogisches Landesinstitut (Anerkennung als Fortbildung)\n"
            "Kreisverwaltung (Bus für die Anfahrt)"
        ),
        "effort": "gering",
        "resources": (
            "Pro Termin etwa **zwei Tage Vorbereitung**: Betriebe anfragen, Programm abstimmen, Anmeldungen "
            "sammeln. Die Betriebe übernehmen Führung und Imbiss, der Landkreis stellt einen Bus. Unsere "
            "Kosten: unter 200 Euro für Namensschilder und Material."
        ),
        "transferability": "ja",
        "transfer_conditions": (
            "Funktioniert überall, wo es produzierende Betriebe in Busnähe gibt. Die Anerkennung als "
            "Fortbildung erhöht die Teilnahme deutlich; sie sollte ein halbes Jahr vorher beantragt werden."
        ),
        "contact": "MINT-Region Westpfalz, Koordination, westpfalz-kontakt@example.org",
        "body": [
            *_p(
                "Lehrkräfte sollen Jugendliche bei der Berufswahl beraten, kennen aber die Betriebe vor der "
                "eigenen Haustür oft nur vom Vorbeifahren. Genau da setzt der Rundgang an: Jeweils 20 "
                "Lehrkräfte, zwei Betriebe, ein Nachmittag von 14 bis 18 Uhr.",
                "In jedem Betrieb gibt es drei Stationen: eine Führung durch die Produktion, ein Gespräch mit "
                "Auszubildenden ohne Vorgesetzte im Raum und zwanzig Minuten mit der Ausbildungsleitung über "
                "das, was Bewerber:innen heute mitbringen sollten. Auf der Busfahrt zwischen den Betrieben "
                "sammeln wir Ideen, was davon im Unterricht landen kann.",
            ),
            _callout(
                "Unser Tipp",
                "Bittet die Betriebe, ein echtes Werkstück mitzugeben. Eine gefräste Welle im Physikraum "
                "erklärt Toleranzen besser als jedes Arbeitsblatt.",
            ),
        ],
    },
    {
        "kind": "bp",
        "slug": "forschen-fuer-den-wettbewerb",
        "title": "Forschen für den Wettbewerb: Projektbetreuung im Schülerforschungszentrum",
        "region": "ostthueringen",
        "bundesland": "TH",
        "stages": ["sek1", "sek2", "ausserschulisch"],
        "target_groups": ["schueler", "fachkraefte"],
        "tags": ["Schülerlabore", "Wettbewerbe", "Außerschulische Lernorte", "Lehrkräftefortbildung"],
        "author": "matthias.gruenwald@sfz-ostthueringen.example",
        "byline": "Matthias Grünwald, Schülerforschungszentrum Ostthüringen",
        "days_ago": 27,
        "summary": (
            "Jugendliche kommen mit einer eigenen Frage ins Schülerforschungszentrum und arbeiten ein Schuljahr "
            "lang daran, betreut von Lehrkräften, Studierenden und Fachleuten aus Betrieben. Aus 14 Projekten "
            "im ersten Jahr sind inzwischen 40 geworden."
        ),
        "partners": (
            "Schülerforschungszentrum als Lernort (Teil des Netzes Jungforscher Thüringen)\n"
            "Sechs Gymnasien und zwei Regelschulen\n"
            "Hochschule mit Lehramtsstudierenden als Tutor:innen\n"
            "Zwei Betriebe aus Optik und Medizintechnik (Fachfragen, Messgeräte)"
        ),
        "effort": "hoch",
        "resources": (
            "Eine feste Stelle (0,5 VZÄ) für die Betreuung, dazu Abordnungsstunden für zwei Lehrkräfte. "
            "Sachmittel rund 8.000 Euro im Jahr für Verbrauchsmaterial und Wettbewerbsfahrten. Räume mit "
            "Laborausstattung sind Voraussetzung."
        ),
        "transferability": "teilweise",
        "transfer_conditions": (
            "Das Betreuungsmodell (Tandem aus Lehrkraft und Studierenden, feste Forschungsabende) lässt sich "
            "übertragen. Ohne einen Lernort mit Laborausstattung und verlässlich finanzierter Betreuung bleibt "
            "es aber bei Einzelprojekten. In Thüringen hilft das landesweite Netz der Schülerforschungszentren; "
            "anderswo lohnt die Frage an Hochschulen, ob ein Schülerlabor abends nutzbar ist."
        ),
        "contact": "Schülerforschungszentrum Ostthüringen, Projektbetreuung, sfz-projekte@example.org",
        "body": [
            *_p(
                "Jeden Dienstag und Donnerstag ist Forschungsabend. Wer ein Projekt hat, kommt, wer noch eine "
                "Idee sucht, auch. Im September stellen die Jugendlichen ihre Fragen vor, im Januar zeigen sie "
                "Zwischenstände, im Februar geht es zum Regionalwettbewerb.",
                "Wichtiger als die Preise ist uns, dass Jugendliche ein Jahr an einer Sache dranbleiben und "
                "dabei Rückschläge erleben dürfen. Die Studierenden sind dabei oft näher an den Jugendlichen "
                "als wir Erwachsenen – und lernen selbst viel über Betreuung.",
            ),
            "IMAGE",
        ],
    },
    {
        "kind": "bp",
        "slug": "lernmobil-vorpommern",
        "title": "Das Lernmobil: Experimente fahren zu den Schulen",
        "region": None,
        "bundesland": "MV",
        "stages": ["grundschule", "sek1"],
        "target_groups": ["kinder", "schueler", "fachkraefte"],
        "tags": ["Ländlicher Raum", "Außerschulische Lernorte", "Fördermittel", "Frühe MINT-Bildung"],
        "author": "friederike.anklam@mint-vorpommern.example",
        "byline": "Friederike Anklam, MINT-Netz Vorpommern-Küste",
        "days_ago": 39,
        "summary": (
            "Zwischen zwei Schulen liegen bei uns oft 40 Kilometer, Busse für Ausflüge ins Schülerlabor sind "
            "teuer. Also bringen wir das Labor zu den Schulen: Ein umgebauter Transporter mit sechs "
            "Experimentierstationen besucht seit einem Jahr 23 Grund- und Regionalschulen."
        ),
        "partners": (
            "Landkreis (Fahrzeughaltung und Versicherung)\n"
            "Stiftung einer regionalen Sparkasse (Umbau und Ausstattung)\n"
            "Hochschule (Konzeption der Stationen)\n"
            "23 Grund- und Regionalschulen"
        ),
        "effort": "hoch",
        "resources": (
            "Anschaffung und Umbau rund **65.000 Euro**, laufend etwa 12.000 Euro im Jahr für Kraftstoff, "
            "Wartung und Verbrauchsmaterial. Eine Fahrerin, die zugleich die Stationen betreut (Teilzeit), "
            "und die Koordinatorin für Terminplanung."
        ),
        "transferability": "teilweise",
        "transfer_conditions": (
            "Übertragbar in Flächenregionen mit weiten Wegen. Voraussetzung ist eine Finanzierung über die "
            "Anschaffung hinaus: Die laufenden Kosten und das Personal sind der eigentliche Engpass. Ein "
            "Fahrzeughalter mit Fuhrpark (Landkreis, Wohlfahrtsverband) erspart viel Verwaltungsarbeit."
        ),
        "contact": "MINT-Netz Vorpommern-Küste, Lernmobil, lernmobil@example.org",
        "body": [
            *_p(
                "Das Lernmobil bleibt jeweils zwei Tage an einer Schule. Am ersten Tag experimentieren die "
                "Klassen 3 und 4 zu Wasser und Luft, am zweiten die 7. und 8. Klassen zu Energie und "
                "Elektronik. Lehrkräfte bekommen vorher eine einstündige Einführung, damit sie die Themen im "
                "Unterricht weiterführen können.",
            ),
            _callout(
                "Was wir unterschätzt haben",
                "Winterreifen, Stellplatz mit Strom und eine Vertretung für die Fahrerin: Ein Fahrzeug ist "
                "eine kleine Organisation für sich.",
                kind="warning",
            ),
        ],
    },
    {
        "kind": "bp",
        "slug": "forscherkisten-aus-der-bibliothek",
        "title": "Forscherkisten aus der Kreisbibliothek: Ausleihe für Kitas",
        "region": "emsland",
        "bundesland": "NI",
        "stages": ["kita", "grundschule"],
        "target_groups": ["kinder", "fachkraefte", "eltern"],
        "tags": ["Frühe MINT-Bildung", "Ländlicher Raum", "Außerschulische Lernorte", "Ehrenamt"],
        "author": None,
        "byline": "Koordination MINT-Netzwerk Emsland",
        "days_ago": 52,
        "summary": (
            "Zwölf Forscherkisten zu Themen wie Magnetismus, Schwimmen und Sinken oder Licht und Schatten "
            "können Kitas und Grundschulen über die Kreisbibliothek und ihre Zweigstellen ausleihen – wie ein "
            "Buch. Ehrenamtliche Pat:innen prüfen und befüllen die Kisten."
        ),
        "partners": (
            "Kreisbibliothek mit acht Zweigstellen (Ausleihe und Versand)\n"
            "Kita-Fachberatung des Landkreises\n"
            "Zwölf ehrenamtliche Kistenpat:innen, viele aus technischen Berufen im Ruhestand\n"
            "Bürgerstiftung (Erstausstattung)"
        ),
        "effort": "mittel",
        "resources": (
            "Erstausstattung rund 400 Euro je Kiste, also knapp 5.000 Euro. Danach etwa 600 Euro im Jahr für "
            "Verbrauchsmaterial. Die Kistenpat:innen investieren je etwa zwei Stunden im Monat."
        ),
        "transferability": "ja",
        "transfer_conditions": (
            "Es braucht eine Bibliothek, die Medienkisten in ihr Ausleihsystem aufnimmt, und Menschen, die "
            "nach jeder Ausleihe nachfüllen. Die Kisteninhalte und Begleithefte geben wir gern weiter."
        ),
        "contact": "MINT-Netzwerk Emsland, Frühe Bildung, forscherkisten@example.org",
        "body": [
            *_p(
                "Die Idee entstand, weil viele Kitas im Landkreis zwar Lust auf Experimente hatten, aber kein "
                "Material und keinen Platz, es zu lagern. Die Bibliothek hat beides – und einen Lieferdienst "
                "zwischen ihren Zweigstellen, der ohnehin jede Woche fährt.",
                "Jede Kiste enthält Material für eine Gruppe von acht Kindern, ein Begleitheft mit drei "
                "Einheiten und eine Karte für Rückmeldungen. Die Karten lesen die Pat:innen beim Nachfüllen und "
                "verbessern die Hefte.",
            ),
            _quote(
                "Die Kinder fragen inzwischen, wann die Magnetkiste wiederkommt. So etwas habe ich bei einem "
                "Buch noch nie erlebt.",
                "Leiterin einer Kita im nördlichen Emsland",
            ),
        ],
    },
    {
        "kind": "bp",
        "slug": "kurzfeedback-mit-drei-fragen",
        "title": "Wirkung messen mit drei Fragen: der Kurzfeedbackbogen",
        "region": None,
        "bundesland": "BW",
        "stages": ["sek1", "sek2", "ausserschulisch"],
        "target_groups": ["schueler", "netzwerk"],
        "tags": ["Wirkungsmessung", "Qualitätsentwicklung", "Datenschutz"],
        "author": "laura.pfisterer@mint-kraichgau.example",
        "byline": "Laura Pfisterer, MINT-Region Kraichgau-Neckar",
        "days_ago": 64,
        "summary": (
            "Statt langer Fragebögen stellen alle Angebote unseres Netzwerks am Ende dieselben drei Fragen. "
            "Das dauert zwei Minuten, ist anonym und ergibt nach einem Jahr erstmals Zahlen, die wir über "
            "Angebote hinweg vergleichen können."
        ),
        "partners": (
            "Alle 27 Anbieter im Netzwerk (Schülerlabore, Vereine, Betriebe, Hochschule)\n"
            "Eine Hochschule für angewandte Wissenschaften (Auswertung im Rahmen einer Lehrveranstaltung)"
        ),
        "effort": "gering",
        "resources": (
            "Entwicklung des Bogens: drei Workshops mit den Anbietern. Laufend etwa **vier Stunden im Monat** "
            "für das Einsammeln und Eintragen, dazu eine jährliche Auswertung mit Studierenden."
        ),
        "transferability": "ja",
        "transfer_conditions": (
            "Übertragbar, wenn sich die Anbieter auf identische Fragen einigen – das ist der schwierigste Teil. "
            "Die Bögen bleiben anonym; Einverständnis der Eltern ist dann nicht nötig, die Schulen sollten aber "
            "informiert sein."
        ),
        "contact": "MINT-Region Kraichgau-Neckar, Qualitätsentwicklung, wirkung@example.org",
        "body": [
            _heading("Die drei Fragen"),
            *_p(
                "1. Ich habe heute etwas gemacht, das ich vorher noch nie gemacht habe. 2. Ich möchte mehr über "
                "das Thema erfahren. 3. Ich kann mir vorstellen, später etwas in diesem Bereich zu arbeiten. "
                "Geantwortet wird auf einer Skala mit vier Smileys, dazu gibt es ein freies Feld.",
                "Die dritte Frage war umstritten: Sie ist groß für ein dreistündiges Angebot. Wir haben sie "
                "behalten, weil sie zeigt, welche Formate Berufsperspektiven überhaupt ins Spiel bringen.",
            ),
            "DOCUMENT:feedback",
        ],
    },
    {
        "kind": "bp",
        "slug": "ingenieurinnen-im-klassenzimmer",
        "title": "Role Models im Klassenzimmer: Ingenieurinnen erzählen von ihrem Weg",
        "region": None,
        "bundesland": "HE",
        "stages": ["sek1", "sek2"],
        "target_groups": ["maedchen", "schueler", "unternehmen"],
        "tags": ["Mädchen in MINT", "Berufsorientierung", "Unternehmenskooperation", "Veranstaltungsformate"],
        "author": "miriam.okafor@mint-rhein-main-sued.example",
        "byline": "Miriam Okafor, MINT-Netzwerk Rhein-Main-Süd",
        "days_ago": 76,
        "summary": (
            "Ein Pool von 35 Ingenieurinnen, Informatikerinnen und Technikerinnen besucht Schulklassen für eine "
            "Doppelstunde. Sie bringen einen Gegenstand aus ihrem Arbeitsalltag mit und erzählen auch von "
            "Umwegen. Schülerinnen, die teilgenommen haben, wählen häufiger einen MINT-Leistungskurs."
        ),
        "partners": (
            "Frauennetzwerke zweier Technologieunternehmen\n"
            "Hochschule (Studentinnen als jüngere Vorbilder)\n"
            "Handwerkskammer (Meisterinnen und Auszubildende)\n"
            "16 Schulen im Netzwerk"
        ),
        "effort": "mittel",
        "resources": (
            "Koordination etwa sechs Stunden pro Woche in der Saison (Oktober bis März). Ein halbtägiges "
            "Vorbereitungstreffen für neue Role Models pro Halbjahr. Fahrtkosten erstatten die Unternehmen."
        ),
        "transferability": "ja",
        "transfer_conditions": (
            "Entscheidend sind Vorbilder, in denen sich Schülerinnen wiedererkennen: nicht nur Führungskräfte, "
            "sondern auch Auszubildende und Frauen mit Migrationsgeschichte. Unternehmen müssen die Einsätze "
            "als Arbeitszeit anerkennen."
        ),
        "contact": "MINT-Netzwerk Rhein-Main-Süd, Mädchen in MINT, rolemodels@example.org",
        "body": [
            *_p(
                "Die Doppelstunde hat einen festen Ablauf: zehn Minuten Gegenstand raten, zwanzig Minuten "
                "Lebensweg mit Fotos, dann Fragen – die ersten fünf davon anonym auf Zetteln, damit sich auch "
                "die Stilleren trauen. Jungen bleiben in der Klasse; es geht nicht um einen Schonraum, sondern "
                "darum, wie selbstverständlich Frauen in technischen Berufen sind.",
            ),
            _callout(
                "Vorbereitung der Role Models",
                "Wir üben vorher, den eigenen Weg ohne Fachbegriffe zu erzählen, und bitten ausdrücklich darum, "
                "auch von Zweifeln und Abbrüchen zu berichten.",
            ),
        ],
    },
    {
        "kind": "bp",
        "slug": "mint-bericht-an-den-kreistag",
        "title": "Politische Rückendeckung: der jährliche MINT-Bericht an den Kreistag",
        "region": "nordhessen",
        "bundesland": "HE",
        "stages": [],
        "target_groups": ["netzwerk", "oeffentlichkeit"],
        "tags": [
            "Politische Unterstützung",
            "Verstetigung",
            "Öffentlichkeitsarbeit",
            "Wirkungsmessung",
            "Steuerungsgruppe",
        ],
        "author": None,
        "byline": "Koordinierungsstelle MINT-Verbund Nordhessen",
        "days_ago": 88,
        "summary": (
            "Einmal im Jahr berichtet unser Netzwerk im Bildungsausschuss des Kreistags: zwölf Seiten, drei "
            "Kennzahlen, zwei Geschichten. Seit wir das tun, steht die Koordinationsstelle nicht mehr bei jeder "
            "Haushaltsberatung zur Disposition."
        ),
        "partners": (
            "Landkreis (Bildungsbüro, Bildungsausschuss)\n"
            "Steuerungsgruppe aus Schulamt, Kammern, Arbeitsagentur und Hochschule\n"
            "Lokale Presse"
        ),
        "effort": "mittel",
        "resources": (
            "Etwa **fünf Arbeitstage** im Jahr für Daten, Text und Gestaltung; das Bildungsbüro liefert "
            "Schuldaten zu. Druck von 80 Exemplaren, rund 300 Euro."
        ),
        "transferability": "ja",
        "transfer_conditions": (
            "Übertragbar überall dort, wo ein Kreis oder eine Stadt die Koordination mitfinanziert. Wichtig "
            "sind wenige, über Jahre gleiche Kennzahlen und ein Gesicht aus einem Betrieb oder einer Schule, "
            "das im Ausschuss selbst spricht."
        ),
        "contact": "MINT-Verbund Nordhessen, Koordinierungsstelle, bericht@example.org",
        "body": [
            *_p(
                "Die drei Kennzahlen sind seit vier Jahren dieselben: erreichte Schüler:innen, beteiligte "
                "Betriebe und der Anteil der Schulen mit mindestens einem MINT-Angebot im Jahr. Daneben stehen "
                "zwei Geschichten – eine gelungene und eine, bei der wir umsteuern mussten. Gerade die zweite "
                "hat uns im Ausschuss Vertrauen gebracht.",
                "Den Bericht stimmen wir vorher in der Steuerungsgruppe ab. So sprechen im Ausschuss nicht nur "
                "wir, sondern auch Kammer und Schulamt für das Netzwerk.",
            ),
        ],
    },
    {
        "kind": "bp",
        "slug": "ferienprogramm-in-jeder-gemeinde",
        "title": "Ein MINT-Ferienprogramm in jeder Gemeinde – mit einem gemeinsamen Anmeldeportal",
        "region": "oberfranken-ost",
        "bundesland": "BY",
        "stages": ["grundschule", "sek1", "ausserschulisch"],
        "target_groups": ["kinder", "schueler", "eltern"],
        "tags": ["Veranstaltungsformate", "Ländlicher Raum", "Ehrenamt", "Öffentlichkeitsarbeit"],
        "author": None,
        "byline": "MINT-Management Oberfranken-Ost",
        "days_ago": 101,
        "summary": (
            "Vereine, Betriebe und Büchereien in 37 Gemeinden bieten in den Sommerferien MINT-Kurse an. Ein "
            "gemeinsames Anmeldeportal, ein Heft für alle Haushalte und eine Versicherung über den Landkreis "
            "machen es kleinen Anbietern leicht, mitzumachen."
        ),
        "partners": (
            "Stadt und Landkreise Hof und Wunsiedel (Träger der MINT-Managerin)\n"
            "Kommunale Jugendpflege (Ferienprogramme der Gemeinden)\n"
            "Rund 60 Anbieter: Vereine, Betriebe, Büchereien, Feuerwehren"
        ),
        "effort": "mittel",
        "resources": (
            "Die MINT-Managerin plant von Januar bis Mai mit etwa einem Drittel ihrer Zeit. Das Portal "
            "kostet eine Lizenzgebühr von 1.200 Euro im Jahr, der Druck des Hefts 4.000 Euro (Sponsoring "
            "durch zwei Betriebe)."
        ),
        "transferability": "teilweise",
        "transfer_conditions": (
            "Die Bündelung lohnt sich ab etwa 20 Anbietern. Entscheidend ist, dass die kommunale Jugendpflege "
            "mitmacht und die Ferienprogramme der Gemeinden nicht als Konkurrenz sieht. Ohne gemeinsame "
            "Versicherung springen kleine Vereine ab."
        ),
        "contact": "MINT-Management Oberfranken-Ost, Landratsamt, ferien-mint@example.org",
        "body": [
            *_p(
                "Früher gab es viele einzelne Angebote, die kaum jemand fand. Heute erscheinen alle im selben "
                "Heft und im selben Portal, sortiert nach Gemeinde und Alter. Die Anbieter tragen ihre Kurse "
                "selbst ein; wir prüfen nur, ob Betreuung und Versicherung geklärt sind.",
            ),
        ],
    },
    {
        "kind": "bp",
        "slug": "ein-tag-auf-dem-forschungskutter",
        "title": "Ein Tag auf dem Forschungskutter",
        "region": "schleswig-flensburg",
        "bundesland": "SH",
        "stages": ["sek1", "sek2"],
        "target_groups": ["schueler", "fachkraefte"],
        "tags": ["Außerschulische Lernorte", "Nachhaltigkeit", "Wettbewerbe"],
        "author": None,
        "byline": "Küstenlabor Schleswig-Flensburg",
        "days_ago": 117,
        "summary": (
            "Zehn Oberstufenkurse im Jahr fahren einen Tag mit einem Forschungskutter auf die Förde, nehmen "
            "Wasserproben und werten sie anschließend im Labor aus. Ein besonderes Angebot, das von einem "
            "einzigen Partner abhängt."
        ),
        "partners": (
            "Meeresforschungsinstitut mit eigenem Kutter\n"
            "Küstenlabor als Lernort für die Auswertung\n"
            "Zehn Gymnasien und Gemeinschaftsschulen mit Oberstufe"
        ),
        "effort": "hoch",
        "resources": (
            "Schiffstage stellt das Institut im Rahmen seiner Öffentlichkeitsarbeit kostenlos. Für Begleitung, "
            "Laborauswertung und Busfahrten fallen rund 9.000 Euro im Jahr an."
        ),
        "transferability": "nein",
        "transfer_conditions": (
            "Das Format hängt an einem Institut mit Schiff, das Schiffszeit spendet. Übertragbar ist nur der "
            "Gedanke dahinter: echte Messdaten von einem Forschungsort, die Schüler:innen selbst auswerten – "
            "etwa mit einer Messstation an einem Fluss oder einer Kläranlage."
        ),
        "contact": "Küstenlabor Schleswig-Flensburg, Schulprogramme, kuestenlabor@example.org",
        "body": [
            *_p(
                "Die Kurse bereiten sich zwei Wochen im Unterricht vor und formulieren eigene Hypothesen zu "
                "Salzgehalt, Sauerstoff und Plankton. Die besten Auswertungen reichen wir beim Landeswettbewerb "
                "ein.",
            ),
        ],
    },
    {
        "kind": "sof",
        "slug": "die-steuerungsgruppe-die-nie-tagte",
        "title": "Die Steuerungsgruppe, die nie tagte",
        "region": "lausitz-spree",
        "bundesland": "BB",
        "stages": [],
        "target_groups": ["netzwerk"],
        "tags": ["Steuerungsgruppe", "Politische Unterstützung", "Netzwerkkoordination", "Vision und Ziele"],
        "author": None,
        "byline": "Koordination MINT-Region Lausitz-Spree",
        "days_ago": 14,
        "summary": (
            "Zur Gründung haben wir eine Steuerungsgruppe mit zwölf Spitzenvertreter:innen berufen. Sie hat "
            "in zwei Jahren genau einmal getagt. Warum hochkarätig nicht dasselbe ist wie verbindlich – und "
            "wie unsere Steuerung heute aussieht."
        ),
        "goal": (
            "Wir wollten von Anfang an politisches Gewicht. In der Steuerungsgruppe sollten Landrat, "
            "Oberbürgermeister, die Präsidenten von IHK und Handwerkskammer, die Leitung der Arbeitsagentur, "
            "der Hochschulpräsident und Vertreter:innen der Schulen sitzen. Zweimal im Jahr sollte sie über "
            "Ziele und Finanzierung entscheiden."
        ),
        "what_went_wrong": (
            "Die konstituierende Sitzung war ein schöner Termin mit Pressefoto. Danach fand sich kein zweiter "
            "Termin, an dem mehr als die Hälfte konnte. Vertretungen kamen ohne Mandat und konnten nichts "
            "entscheiden. Die Arbeit lag bei der Koordination, die für jede Entscheidung einzeln bei zwölf "
            "Vorzimmern nachfragen musste. Als die Förderung auslief, fühlte sich niemand zuständig."
        ),
        "lessons_learned": (
            "- Eine Steuerungsgruppe braucht Leute, die **Zeit haben und entscheiden dürfen**, nicht die "
            "höchsten Titel.\n"
            "- Die Spitzen binden wir besser einmal im Jahr in einem kurzen Format ein, in dem sie sichtbar "
            "Unterstützung zeigen können.\n"
            "- Ohne Geschäftsordnung (wer lädt ein, wer entscheidet, was passiert bei Abwesenheit) zerfällt "
            "jede Runde."
        ),
        "do_differently": (
            "Heute hat unsere Steuerungsgruppe sechs Mitglieder aus der Arbeitsebene – Bildungsbüro, "
            "Ausbildungsberatung der Kammern, Berufsberatung, eine Schulleiterin. Sie tagt alle acht Wochen "
            "online für eine Stunde. Die Spitzen treffen sich einmal im Jahr zum MINT-Frühstück mit den Zahlen "
            "des Jahres."
        ),
        "who_benefits": (
            "Regionen in der Gründungsphase, die gerade ihre Gremien planen, und alle, deren Steuerungsgruppe "
            "zur Repräsentationsrunde geworden ist."
        ),
        "body": [],
    },
    {
        "kind": "sof",
        "slug": "drei-jahre-projektfoerderung-und-dann",
        "title": "Drei Jahre Projektförderung – und dann?",
        "region": None,
        "bundesland": "ST",
        "stages": [],
        "target_groups": ["netzwerk"],
        "tags": ["Finanzierung", "Fördermittel", "Verstetigung", "Politische Unterstützung"],
        "author": "mehmet.karaoglu@zukunftsnetz-boerde.example",
        "byline": "Mehmet Karaoğlu, Zukunftsnetz Börde-Süd",
        "days_ago": 33,
        "summary": (
            "Unsere Koordinationsstelle war drei Jahre über ein Förderprogramm finanziert. Über die Zeit danach "
            "haben wir erst im letzten Förderjahr nachgedacht. Ergebnis: acht Monate Lücke, zwei Partner weg, "
            "ein halbes Jahr Aufbauarbeit verloren."
        ),
        "goal": (
            "Wir wollten in drei Jahren ein Netzwerk aufbauen, das so überzeugt, dass der Landkreis die "
            "Koordination danach selbstverständlich übernimmt. Unser Plan war, mit Ergebnissen zu werben statt "
            "mit Anträgen."
        ),
        "what_went_wrong": (
            "Ergebnisse hatten wir, aber der Haushalt des Landkreises für das Folgejahr war längst beschlossen, "
            "als wir im Herbst des dritten Jahres anklopften. Niemand in der Verwaltung hatte den Auftrag, eine "
            "Lösung zu finden. Zwischen Förderende und neuer Finanzierung lagen acht Monate, in denen ich auf "
            "einer halben Stelle beim Träger weitermachte und vieles liegen blieb. Zwei Betriebe sind in dieser "
            "Zeit ausgestiegen, weil niemand mehr anrief."
        ),
        "lessons_learned": (
            "Die Anschlussfinanzierung ist **ab dem ersten Förderjahr** Thema, nicht im letzten. Haushalte "
            "werden ein Jahr im Voraus geplant. Und: Die Verwaltung braucht einen formalen Auftrag, etwa einen "
            "Kreistagsbeschluss, der sagt, dass eine Verstetigung geprüft wird."
        ),
        "do_differently": (
            "Im ersten Jahr würden wir einen Beschluss anstreben, der die Verwaltung mit einem "
            "Verstetigungskonzept beauftragt. Im zweiten Jahr würden wir eine Kofinanzierung von 25 Prozent "
            "einwerben – das bindet den Kreis früh. Seit letztem Jahr trägt der Landkreis nun die Hälfte der "
            "Stelle."
        ),
        "who_benefits": (
            "Alle Regionen, deren Koordination über Projektmittel läuft, und Stiftungen, die solche Programme "
            "gestalten: ein verpflichtendes Verstetigungsgespräch zur Halbzeit hätte uns geholfen."
        ),
        "body": [
            _callout(
                "Zeitplan, den wir heute empfehlen",
                "Jahr 1: Beschluss zur Prüfung einer Verstetigung. Jahr 2: Kofinanzierung und Gespräch mit der "
                "Kämmerei. Jahr 3: Haushaltsansatz für das Folgejahr steht bis zum Sommer.",
            ),
        ],
    },
    {
        "kind": "sof",
        "slug": "der-mint-tag-zu-dem-kaum-jemand-kam",
        "title": "Der MINT-Tag, zu dem kaum jemand kam",
        "region": None,
        "bundesland": "SN",
        "stages": ["sek1"],
        "target_groups": ["schueler", "eltern", "unternehmen"],
        "tags": ["Veranstaltungsformate", "Öffentlichkeitsarbeit", "Berufsorientierung", "Elternarbeit"],
        "author": "nadine.roesler@mint-vogtland.example",
        "byline": "",
        "anonymous": True,
        "days_ago": 45,
        "summary": (
            "Zwanzig Betriebe, eine Turnhalle, ein Samstag: Unser erster MINT-Tag für Familien sollte das "
            "Netzwerk bekannt machen. Es kamen 60 Besucher:innen, die meisten Angehörige der Aussteller. Was "
            "wir über Termine, Zielgruppen und Einladungswege gelernt haben."
        ),
        "goal": (
            "Ein großer Aktionstag für Familien mit Kindern der Klassen 5 bis 8, an dem Betriebe ihre Berufe "
            "zum Ausprobieren zeigen. Wir wollten Eltern erreichen, weil sie bei der Berufswahl den größten "
            "Einfluss haben, und gleichzeitig unser noch junges Netzwerk in der Region bekannt machen."
        ),
        "what_went_wrong": (
            "Wir haben den Termin nach der Verfügbarkeit der Turnhalle gewählt – ein Samstag im Mai mit "
            "Stadtfest im Nachbarort und Konfirmationen. Eingeladen haben wir über Plakate, die Lokalzeitung "
            "und die Website, nicht über die Schulen. Die Betriebe hatten viel Aufwand, standen aber die "
            "meiste Zeit allein an ihren Ständen. Zwei von ihnen haben uns danach deutlich gesagt, dass sie so "
            "etwas nicht noch einmal machen."
        ),
        "lessons_learned": (
            "Familien kommen, wenn ihre Kinder sie mitnehmen – also über die Schule, mit einer Aufgabe für die "
            "Kinder. Termine stimmen wir heute mit dem Veranstaltungskalender der Gemeinden ab. Und wir fragen "
            "Betriebe vorher, was für sie ein Erfolg wäre."
        ),
        "do_differently": (
            "Den Tag an einen Schultag koppeln: vormittags kommen die Klassen, nachmittags bringen die Kinder "
            "ihre Eltern mit, mit einem Stempelpass, den sie zu Hause weiterführen. Kleiner anfangen, mit acht "
            "statt zwanzig Betrieben."
        ),
        "who_benefits": "Neue Netzwerke, die mit einer großen Veranstaltung starten wollen.",
        "body": [],
    },
    {
        "kind": "sof",
        "slug": "online-ag-und-datenschutz",
        "title": "Unsere Online-AG und der Datenschutz: sechs Wochen Stillstand",
        "region": None,
        "bundesland": "BB",
        "stages": ["sek1"],
        "target_groups": ["schueler", "fachkraefte"],
        "tags": ["Digitale Bildung", "Datenschutz", "Ländlicher Raum"],
        "author": "pascal.wendt@mint-uckermark.example",
        "byline": "",
        "anonymous": True,
        "days_ago": 58,
        "summary": (
            "Eine Programmier-AG für sechs Schulen gleichzeitig, online: Technisch lief alles, bis ein "
            "Schulträger nach dem Videokonferenz-Tool fragte. Sechs Wochen lang durfte die AG nicht "
            "stattfinden. Warum wir den Datenschutz nicht als Formalie hätten behandeln dürfen."
        ),
        "goal": (
            "Weil die Wege zwischen den Schulen zu weit für eine gemeinsame AG sind, wollten wir Jugendliche "
            "aus sechs Schulen online zusammenbringen: einmal pro Woche 90 Minuten Programmieren mit "
            "Mikrocontrollern, die Bausätze vorher per Post verschickt."
        ),
        "what_went_wrong": (
            "Wir haben das Tool genommen, das unser Träger ohnehin nutzte, und die Anmeldung mit einem "
            "einfachen Onlineformular organisiert. Nach dem Start fragte der Datenschutzbeauftragte eines "
            "Schulträgers nach dem Vertrag zur Auftragsverarbeitung, nach dem Serverstandort und danach, wer "
            "die Anmeldedaten sehen kann. Wir hatten auf nichts davon eine Antwort. Die Schulen mussten die "
            "Teilnahme aussetzen, bis alles geklärt war. Drei Jugendliche kamen danach nicht wieder."
        ),
        "lessons_learned": (
            "Vor dem Start gehört ein Gespräch mit den Datenschutzbeauftragten der Schulträger dazu. Fragen, "
            "die sie stellen werden: Tool und Vertrag, Speicherorte, Einwilligungen der Eltern, Löschfristen. "
            "Viele Schulträger haben bereits freigegebene Tools – die zu nutzen spart Wochen."
        ),
        "do_differently": (
            "Wir würden das landesweit für Schulen bereitgestellte Videokonferenzsystem nutzen, auch wenn es "
            "weniger bequem ist, und die Anmeldung über die Schulen laufen lassen statt über unser Formular."
        ),
        "who_benefits": "Alle, die digitale Angebote über Schulgrenzen hinweg planen.",
        "body": [],
    },
    {
        "kind": "sof",
        "slug": "maedchen-technik-tag-die-falschen-eingeladen",
        "title": "Mädchen-Technik-Tag: Wir haben die Falschen eingeladen",
        "region": "neukoelln",
        "bundesland": "BE",
        "stages": ["sek1"],
        "target_groups": ["maedchen", "eltern"],
        "tags": ["Mädchen in MINT", "Elternarbeit", "Veranstaltungsformate"],
        "author": None,
        "byline": "Team MINT-Kiez Neukölln",
        "days_ago": 72,
        "summary": (
            "Unser Technik-Tag für Mädchen war sofort ausgebucht – von Mädchen, die ohnehin schon in der "
            "Robotik-AG waren. Die, die wir eigentlich erreichen wollten, haben sich gar nicht erst angemeldet."
        ),
        "goal": (
            "Mädchen der Klassen 7 und 8, die sich bisher nicht für Technik interessieren, sollten an einem "
            "Tag in einer Werkstatt ausprobieren, löten und programmieren – ohne Jungen, mit Studentinnen als "
            "Betreuerinnen."
        ),
        "what_went_wrong": (
            "Die Anmeldung lief nach dem Prinzip „wer zuerst kommt“ über die Schulen. Gemeldet haben sich vor "
            "allem Mädchen, die schon MINT-begeistert waren, oft mit Eltern, die Anmeldefristen im Blick haben. "
            "Mädchen aus Familien, die von solchen Angeboten selten erfahren, waren kaum dabei. Der Tag war "
            "schön, aber er hat die Falschen noch mehr gestärkt."
        ),
        "lessons_learned": (
            "Offene Anmeldung erreicht die Erreichten. Wer andere Mädchen erreichen will, muss über Menschen "
            "einladen, denen sie vertrauen: Klassenleitungen, Jugendclubs, Migrantenorganisationen. Und Eltern "
            "brauchen eine persönliche Einladung in ihrer Sprache."
        ),
        "do_differently": (
            "Plätze werden heute zur Hälfte über Klassenleitungen vergeben, die gezielt Mädchen ansprechen. "
            "Vorher gibt es einen Elternnachmittag in einem Jugendclub, mit Übersetzung ins Arabische und "
            "Türkische."
        ),
        "who_benefits": "Alle, die Angebote für Mädchen planen, besonders in Stadtteilen mit vielen Sprachen.",
        "body": [
            _quote(
                "Meine Tochter wäre nie hingegangen, wenn die Lehrerin sie nicht persönlich gefragt hätte.",
                "Mutter einer Teilnehmerin beim zweiten Durchgang",
            ),
        ],
    },
    {
        "kind": "sof",
        "slug": "als-der-labor-ehrenamtliche-ging",
        "title": "Als unser Labor-Ehrenamtlicher ging, ging das Wissen mit",
        "region": "erzgebirge",
        "bundesland": "SN",
        "stages": ["sek1", "ausserschulisch"],
        "target_groups": ["schueler", "netzwerk"],
        "tags": ["Ehrenamt", "Schülerlabore", "Verstetigung", "Netzwerkkoordination"],
        "author": None,
        "byline": "Koordination MINT-Netzwerk Erzgebirge",
        "days_ago": 93,
        "summary": (
            "Unser Schülerlabor lebte zwölf Jahre von einem pensionierten Ingenieur, der alles wusste und alles "
            "machte. Als er aus gesundheitlichen Gründen aufhörte, wusste niemand, wie die Versuche aufgebaut "
            "werden, welche Schulen kommen und wo die Ersatzteile lagen."
        ),
        "goal": (
            "Das Labor sollte Schulklassen aus dem ganzen Landkreis Versuche zu Mechanik und Elektrotechnik "
            "ermöglichen, die in den Schulen nicht mehr vorhanden sind. Getragen von Ehrenamtlichen aus der "
            "Industrie, koordiniert vom Netzwerk."
        ),
        "what_went_wrong": (
            "Wir waren froh, dass sich jemand so kümmerte, und haben ihn machen lassen. Es gab keine "
            "Versuchsbeschreibungen, keine Liste der Schulkontakte außer in seinem Telefon, keine zweite Person, "
            "die mitlief. Nach seinem Ausfall stand das Labor ein halbes Jahr still."
        ),
        "lessons_learned": (
            "Ehrenamt braucht Tandems: Niemand betreut einen Versuch allein. Was im Kopf ist, muss auf Papier – "
            "nicht als Pflicht, sondern als gemeinsame Aufgabe, für die wir Zeit einplanen. Die Koordination "
            "hält die Kontaktliste, nicht die Ehrenamtlichen."
        ),
        "do_differently": (
            "Jede Station hat heute eine Karte mit Aufbau, Material und typischen Fehlern, fotografiert von den "
            "Ehrenamtlichen selbst. Neue Ehrenamtliche laufen ein Halbjahr mit, bevor sie allein betreuen."
        ),
        "who_benefits": "Schülerlabore und Lernorte, die stark von Ehrenamtlichen getragen werden.",
        "body": [],
    },
    {
        "kind": "sof",
        "slug": "die-kooperationsvereinbarung-die-keiner-kannte",
        "title": "Die Kooperationsvereinbarung, die keiner kannte",
        "region": None,
        "bundesland": "NW",
        "stages": ["sek1", "sek2"],
        "target_groups": ["unternehmen", "fachkraefte", "netzwerk"],
        "tags": ["Kooperationsvereinbarung", "Unternehmenskooperation", "Partnergewinnung"],
        "author": None,
        "byline": "",
        "anonymous": True,
        "days_ago": 131,
        "summary": (
            "Fünfzehn Seiten, von Juristen zweier Unternehmen geprüft, feierlich unterschrieben: Unsere "
            "Kooperationsvereinbarung war perfekt. Drei Jahre später kannte sie in den Schulen niemand mehr."
        ),
        "goal": (
            "Wir wollten die Zusammenarbeit zwischen drei Gymnasien und zwei großen Unternehmen verbindlich "
            "machen: Praktikumsplätze, Projektkurse, Laborbesuche, alles mit klaren Zuständigkeiten."
        ),
        "what_went_wrong": (
            "Die Vereinbarung wurde auf Leitungsebene verhandelt und unterschrieben. Die Lehrkräfte und "
            "Ausbilder:innen, die sie umsetzen sollten, waren nicht beteiligt. Als zwei Schulleitungen "
            "wechselten, lag das Dokument im Ordner, und die Kooperation schlief ein. Bei einem Unternehmen war "
            "die Ansprechperson längst in einer anderen Abteilung."
        ),
        "lessons_learned": (
            "Eine Vereinbarung ist so lebendig wie die Menschen, die sie kennen. Kurz und verständlich schlägt "
            "vollständig. Wichtiger als der Text ist ein jährlicher Termin, an dem die Beteiligten sie "
            "gemeinsam anschauen."
        ),
        "do_differently": (
            "Eine Seite mit drei Zielen, konkreten Angeboten für ein Schuljahr und Namen auf beiden Seiten. "
            "Unterschrieben auch von den Lehrkräften, die es umsetzen. Ein festes Jahresgespräch im Juni."
        ),
        "who_benefits": "Regionen, die Kooperationen zwischen Schulen und Unternehmen formalisieren wollen.",
        "body": [],
    },
]

DOCUMENTS = {
    "patenschaft": {
        "title": "Vorlage: Patenschaftsvereinbarung Schule und Betrieb (Demo)",
        "filename": "patenschaftsvereinbarung-vorlage.pdf",
        "lines": [
            "Patenschaftsvereinbarung Schule und Betrieb",
            "",
            "Schule: ________________________   Betrieb: ________________________",
            "Ansprechperson Schule: __________   Ansprechperson Betrieb: __________",
            "",
            "1. Unsere Ziele für dieses Schuljahr (höchstens drei):",
            "2. Die Bausteine, die wir gemeinsam umsetzen (höchstens vier):",
            "3. Planungsgespräch im Juni: Datum ____________",
            "",
            "Die Koordination des MINT-Netzwerks begleitet die Patenschaft.",
            "Unterschriften: Schulleitung, Lehrkraft, Ausbildungsleitung, Koordination",
        ],
    },
    "feedback": {
        "title": "Kurzfeedbackbogen mit drei Fragen (Demo)",
        "filename": "kurzfeedbackbogen.pdf",
        "lines": [
            "Kurzfeedback zum heutigen Angebot (anonym)",
            "",
            "1. Ich habe heute etwas gemacht, das ich vorher noch nie gemacht habe.",
            "2. Ich moechte mehr über das Thema erfahren.",
            "3. Ich kann mir vorstellen, später etwas in diesem Bereich zu arbeiten.",
            "",
            "Antworten: stimmt genau / stimmt eher / stimmt eher nicht / stimmt gar nicht",
            "",
            "Was möchtest du uns noch sagen?",
        ],
    },
}

IMAGE = {
    "title": "Forschungsprojekte im Schülerforschungszentrum je Schuljahr (Demo-Grafik)",
    "filename": "sfz-projekte-je-schuljahr.png",
    "alt_text": (
        "Balkendiagramm: Forschungsprojekte je Schuljahr, von 14 im ersten über 22, 29 und 35 bis 40 im "
        "fünften Jahr"
    ),
    "caption": "Forschungsprojekte je Schuljahr seit dem Start der Projektbetreuung",
    "credit": "Schülerforschungszentrum Ostthüringen (Demo)",
    "values": [("1. Jahr", 14), ("2. Jahr", 22), ("3. Jahr", 29), ("4. Jahr", 35), ("5. Jahr", 40)],
}


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines, small and valid, so the demo needs no PDF library. The standard
    Helvetica font with WinAnsi encoding covers German umlauts."""
    commands = ["BT", "/F1 12 Tf", "15 TL", "60 780 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        commands.append(f"({escaped}) Tj T*")
    commands.append("ET")
    stream = "\n".join(commands).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = output.tell()
    output.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        output.write(f"{offset:010d} 00000 n \n".encode())
    output.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return output.getvalue()


CHART_SIZE = (1200, 600)


def _chart_png(values: list[tuple[str, int]]) -> bytes:
    """A plain bar chart drawn with Pillow (Wagtail's own image library)."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    (width, height), margin = CHART_SIZE, 80
    image = PILImage.new("RGB", (width, height), "#ffffff")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=28)
    top = max(value for _label, value in values)
    bar_width = (width - 2 * margin) // len(values)
    draw.line([(margin, height - margin), (width - margin, height - margin)], fill="#1b2430", width=3)
    for position, (label, value) in enumerate(values):
        left = margin + position * bar_width + bar_width // 5
        right = left + bar_width * 3 // 5
        bar_top = height - margin - int((height - 2 * margin) * value / top)
        draw.rectangle([(left, bar_top), (right, height - margin)], fill="#0b5c6b")
        draw.text((left, bar_top - 36), str(value), fill="#1b2430", font=font)
        draw.text((left, height - margin + 12), label, fill="#1b2430", font=font)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _document(key: str):
    from wagtail.documents import get_document_model

    spec = DOCUMENTS[key]
    model = get_document_model()
    document = model.objects.filter(title=spec["title"]).first()
    if document is None:
        document = model(title=spec["title"])
        document.file.save(spec["filename"], ContentFile(_pdf(spec["lines"])), save=False)
        document.save()
    return document


def _image():
    from wagtail.images import get_image_model

    model = get_image_model()
    image = model.objects.filter(title=IMAGE["title"]).first()
    if image is None:
        image = model(title=IMAGE["title"], description=IMAGE["alt_text"])
        image.file.save(IMAGE["filename"], ContentFile(_chart_png(IMAGE["values"])), save=False)
        image.width, image.height = CHART_SIZE
        image.save()
    return image


def _body(blocks: list) -> list[dict]:
    body = []
    for block in blocks:
        if block == "IMAGE":
            image = _image()
            body.append(
                {
                    "type": "image",
                    "value": {
                        "image": {"image": image.pk, "alt_text": IMAGE["alt_text"], "decorative": False},
                        "caption": IMAGE["caption"],
                        "credit": IMAGE["credit"],
                    },
                }
            )
        elif isinstance(block, str) and block.startswith("DOCUMENT:"):
            document = _document(block.split(":", 1)[1])
            body.append(
                {
                    "type": "document",
                    "value": {
                        "document": document.pk,
                        "title": document.title.replace(" (Demo)", ""),
                        "description": "Zum Ausdrucken und Anpassen an die eigene Region.",
                    },
                }
            )
        else:
            body.append(block)
    return body


def _ensure_index(home) -> tuple[PracticeIndexPage, bool]:
    index = PracticeIndexPage.objects.child_of(home).first()
    if index is not None:
        return index, False
    index = PracticeIndexPage(show_in_menus=True, **INDEX)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


SHARED_FIELDS = ("title", "slug", "bundesland", "stages", "target_groups", "summary", "byline")
BEST_PRACTICE_FIELDS = (
    "partners",
    "effort",
    "resources",
    "transferability",
    "transfer_conditions",
    "contact",
)
FAILURE_FIELDS = ("goal", "what_went_wrong", "lessons_learned", "do_differently", "who_benefits")


def _create_post(index, spec: dict, regions: dict, authors: dict) -> PracticePage:
    model, own_fields = (
        (BestPracticePage, BEST_PRACTICE_FIELDS)
        if spec["kind"] == "bp"
        else (FailureStoryPage, FAILURE_FIELDS)
    )
    fields = {name: spec[name] for name in SHARED_FIELDS + own_fields if name in spec}
    published = timezone.now() - timedelta(days=spec["days_ago"], hours=spec["days_ago"] % 7)
    page = model(
        **fields,
        anonymous=spec.get("anonymous", False),
        author=authors.get(spec["author"]) if spec["author"] else None,
        region=regions.get(spec["region"]) if spec["region"] else None,
        body=_body(spec["body"] + FURTHER_DETAILS.get(spec["slug"], [])),
        # Set before publishing: Wagtail keeps it, and the page is not announced as new to followers.
        first_published_at=published,
    )
    index.add_child(instance=page)
    page.tags.add(*spec["tags"])
    page.save_revision().publish()
    PracticePage.objects.filter(pk=page.pk).update(last_published_at=published)
    return page


def load(context) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    index, created = _ensure_index(home)
    context.count(APP, "Übersichtsseite", created=created)

    existing = set(Page.objects.child_of(index).values_list("slug", flat=True))
    missing = [spec for spec in POSTS if spec["slug"] not in existing]
    if not missing:
        context.count(APP, "Beiträge", created=False)
        return
    # Region pages by slug, found through their content type: knowledge/ does not import the regions app.
    region_type = ContentType.objects.filter(app_label="regions", model="regionpage").first()
    regions = {
        page.slug: page
        for page in Page.objects.live().filter(
            content_type=region_type, slug__in={spec["region"] for spec in missing if spec["region"]}
        )
    }
    authors = {
        user.email: user
        for user in get_user_model().objects.filter(
            email__in={spec["author"] for spec in missing if spec["author"]}
        )
    }
    for spec in missing:
        _create_post(index, spec, regions, authors)
        context.count(APP, "Beiträge", created=True)


# Further paragraphs of each post's body ("Im Detail"), kept apart so that the post definitions above stay
# readable; _create_post() appends them to the post's own body blocks.
FURTHER_DETAILS = {
    "schulpatenschaften-im-revier": [
        _heading("Was die Patenschaften zusammenhält"),
        *_p(
            "Die Vereinbarung passt auf eine Seite und nennt Namen statt Funktionen. Jede Seite benennt eine "
            "Vertretung, damit ein Urlaub oder eine Elternzeit die Zusammenarbeit nicht unterbricht. Im "
            "Netzwerk führen wir eine einfache Tabelle: Wann war das letzte Gespräch, welche Bausteine laufen, "
            "wo hakt es? Patenschaften, von denen wir ein halbes Jahr nichts gehört haben, rufen wir an.",
            "Drei Patenschaften sind in fünf Jahren eingeschlafen, alle nach einem Wechsel in der "
            "Schulleitung. Zwei davon haben wir mit einem neuen Betrieb wiederbelebt. Betriebe, die neu "
            "dazukommen, vermitteln wir bewusst an Schulen, die noch keinen Partner haben – auch an "
            "Förderschulen, an die anfangs kaum jemand gedacht hatte.",
        ),
    ],
    "betriebsrundgang-fuer-lehrkraefte": [
        _heading("Wie wir Betriebe gewinnen"),
        *_p(
            "Wir fragen zuerst Betriebe, die über fehlende Bewerbungen klagen – sie haben das größte Interesse. "
            "Ein Anruf der Koordination, ein kurzer Besuch, dann steht der Termin. Wichtig ist, dass nicht die "
            "Marketingabteilung führt, sondern Menschen aus Produktion und Ausbildung.",
            "Nach jedem Rundgang schicken wir den Betrieben eine Liste der teilnehmenden Schulen mit "
            "Ansprechpersonen. Aus 14 Rundgängen sind so elf feste Kooperationen entstanden, darunter drei "
            "Projektkurse in der Oberstufe. Lehrkräfte berichten, dass sie Jugendlichen jetzt konkrete Betriebe "
            "nennen können statt allgemeiner Berufsbilder.",
        ),
    ],
    "forschen-fuer-den-wettbewerb": [
        _heading("Wie ein Projekt entsteht"),
        *_p(
            "Viele Fragen kommen aus dem Alltag: Warum beschlägt die Brille beim Betreten des Busses? Wie viel "
            "Mikroplastik steckt im Sand des Badesees? Wir helfen, daraus eine Frage zu machen, die man in "
            "einem Jahr beantworten kann. Die Betriebe leihen Messgeräte, die keine Schule hat, und beantworten "
            "Fachfragen per Videoanruf.",
            "Lehrkräfte, die mitbetreuen, bilden sich dabei selbst fort. Zwei von ihnen bieten inzwischen an "
            "ihren Schulen eigene Forschungs-AGs an, die ihre Projekte im Zentrum abschließen.",
        ),
    ],
    "lernmobil-vorpommern": [
        _heading("Wie wir die Touren planen"),
        *_p(
            "Die Schulen melden sich ein Halbjahr vorher an. Wir planen Touren so, dass das Fahrzeug an drei "
            "benachbarten Orten hintereinander steht und abends nicht zurück muss; die Fahrerin übernachtet "
            "dann in der Region. Kleine Grundschulen mit nur einer Klasse pro Jahrgang bündeln wir, die Kinder "
            "der Nachbarschule kommen mit dem Schulbus dazu.",
            "Für die Verstetigung sprechen wir gerade mit dem Landkreis über einen festen Haushaltsposten. Das "
            "stärkste Argument sind die Zahlen: Im ersten Jahr hat das Lernmobil 2.300 Kinder erreicht, mehr "
            "als alle Fahrten ins Schülerlabor der Hochschule zusammen in den drei Jahren davor.",
        ),
    ],
    "forscherkisten-aus-der-bibliothek": [
        _heading("Was die Kistenpat:innen tun"),
        *_p(
            "Jede Kiste hat eine feste Patin oder einen festen Paten. Kommt sie zurück, prüfen sie Vollständigkeit "
            "und Zustand, füllen Verbrauchsmaterial nach und melden der Bibliothek, dass sie wieder ausleihbar "
            "ist. Einmal im Jahr treffen sich alle, tauschen Erfahrungen aus und entwickeln neue Kisten.",
            "Die Kita-Fachberatung bietet zweimal im Jahr eine Einführung für Erzieher:innen an. Dort "
            "probieren sie die Versuche selbst aus, bevor sie mit den Kindern arbeiten – das nimmt vielen die "
            "Sorge, etwas falsch zu erklären.",
        ),
    ],
    "kurzfeedback-mit-drei-fragen": [
        _heading("Was wir aus den Zahlen gelernt haben"),
        *_p(
            "Nach einem Jahr lagen gut 4.100 Bögen vor. Die Auswertung zeigte, dass Angebote mit eigenem "
            "Ausprobieren bei der ersten Frage deutlich besser abschneiden als Vorträge – wenig überraschend, "
            "aber jetzt belegt. Überraschend war, dass kurze Betriebserkundungen bei der dritten Frage so gut "
            "abschnitten wie mehrtägige Projekte.",
            "Die Ergebnisse besprechen wir einmal im Jahr mit allen Anbietern. Niemand wird an den Pranger "
            "gestellt; jeder Anbieter sieht seine eigenen Werte neben dem Durchschnitt. Zwei Anbieter haben "
            "ihre Formate daraufhin umgebaut.",
        ),
    ],
    "ingenieurinnen-im-klassenzimmer": [
        _heading("Wie wir Role Models finden und halten"),
        *_p(
            "Die meisten Role Models kommen über die Frauennetzwerke der Unternehmen. Wir suchen gezielt auch "
            "Frauen, die über eine Ausbildung oder einen Umweg in die Technik gekommen sind. Jede bekommt nach "
            "dem Einsatz die anonymen Fragen der Klasse zurück; viele sagen, das sei für sie selbst der "
            "schönste Teil.",
            "Um zu sehen, ob das Format wirkt, fragen wir die Schulen nach der Kurswahl in der Oberstufe. Seit "
            "dem Start ist der Anteil der Schülerinnen in den Leistungskursen Physik und Informatik an den "
            "beteiligten Schulen von 18 auf 27 Prozent gestiegen. Das hat sicher mehrere Gründe, aber die "
            "Lehrkräfte nennen die Besuche immer wieder.",
        ),
    ],
    "mint-bericht-an-den-kreistag": [
        _heading("Aufbau des Berichts"),
        *_p(
            "Seite eins: drei Kennzahlen im Vergleich zum Vorjahr. Seiten zwei bis fünf: die Angebote nach "
            "Stufen der Bildungskette, jeweils mit einem Foto. Seiten sechs bis neun: zwei Geschichten, erzählt "
            "von Beteiligten. Seite zehn: was wir im nächsten Jahr vorhaben und was es kostet. Der Rest sind "
            "Partner und Kontakte.",
            "Vor der Ausschusssitzung laden wir die Fraktionen zu einem kurzen Besuch in ein Angebot ein. Wer "
            "einmal gesehen hat, wie Zwölfjährige eine Ampelschaltung programmieren, stellt die "
            "Koordinationsstelle nicht mehr infrage. Inzwischen fragen Abgeordnete von selbst nach dem Termin.",
        ),
    ],
    "ferienprogramm-in-jeder-gemeinde": [
        _heading("Wie kleine Anbieter mitmachen"),
        *_p(
            "Viele Vereine haben Lust, einen Kurs anzubieten, aber Sorge vor Haftung und Papierkram. Deshalb "
            "übernimmt der Landkreis die Versicherung für alle Kurse im Heft, und wir stellen Vorlagen für "
            "Einverständniserklärungen und Notfallkarten bereit. Eine Checkliste hilft beim ersten Kurs.",
            "Für Gemeinden ohne eigenen Anbieter vermitteln wir Kurse aus der Nachbarschaft: Ein Betrieb aus "
            "der Kreisstadt kommt dann mit Material in das Gemeindehaus. So hat jede der 37 Gemeinden "
            "mindestens ein Angebot. Über 1.800 Kinder haben im letzten Sommer teilgenommen, ein Drittel davon "
            "zum ersten Mal.",
        ),
    ],
    "ein-tag-auf-dem-forschungskutter": [
        _heading("Was sich davon übertragen lässt"),
        *_p(
            "Wir teilen dieses Beispiel, obwohl es sich nicht übertragen lässt, weil uns andere Regionen oft "
            "danach fragen. Das Schiff ist nicht das Entscheidende: Entscheidend ist, dass Jugendliche an "
            "einem echten Forschungsort eigene Daten erheben und mit denen der Forschenden vergleichen.",
            "Eine Region ohne Küste könnte das mit einer Messstation an einem Fluss, einer Wetterstation oder "
            "einer Kläranlage versuchen. Wer so etwas plant, kann uns gern fragen, wie wir die Vorbereitung "
            "im Unterricht und die Auswertung im Labor aufgebaut haben – diese Materialien geben wir weiter.",
            "Für die Fahrt selbst gelten strenge Regeln: Schwimmwesten, höchstens zwölf Jugendliche an Bord, "
            "zwei Begleitpersonen. Bei Windstärke sechs bleibt der Kutter im Hafen; für diesen Fall gibt es "
            "einen Ersatztag im Labor mit Proben, die das Institut in der Vorwoche genommen hat.",
        ),
    ],
    "die-steuerungsgruppe-die-nie-tagte": [
        *_p(
            "Rückblickend hätten wir schon bei der Einladung merken können, dass etwas nicht stimmt: Für die "
            "konstituierende Sitzung brauchten wir drei Monate Terminabstimmung. Wir haben das als Zeichen "
            "für die Bedeutung der Runde gelesen, nicht als Warnsignal.",
            "Die neue Steuerungsgruppe hat eine Geschäftsordnung von einer Seite: Sie tagt alle acht Wochen, "
            "ist mit vier Anwesenden beschlussfähig, und wer nicht kann, schickt seine Meinung vorher per "
            "E-Mail. Seitdem fallen Entscheidungen innerhalb von Wochen statt Monaten.",
        ),
    ],
    "drei-jahre-projektfoerderung-und-dann": [
        *_p(
            "In den acht Monaten haben wir gelernt, wie viel Beziehungsarbeit an einer Person hängt. Die "
            "Schulen blieben geduldig, die Betriebe nicht: Wer dort zuständig ist, hat viele Anfragen, und "
            "ein Netzwerk, das sich nicht meldet, fällt schnell von der Liste.",
        ),
    ],
    "der-mint-tag-zu-dem-kaum-jemand-kam": [
        _heading("Wie es im zweiten Jahr lief"),
        *_p(
            "Beim zweiten Versuch haben wir den Tag an einen Freitag gelegt. Vormittags kamen zwölf Klassen "
            "aus fünf Schulen, jede mit einem Stempelpass, nachmittags kamen gut 400 Besucher:innen – viele "
            "Kinder mit ihren Eltern, um die letzten Stempel zu sammeln. Acht Betriebe waren dabei, und alle "
            "haben für das nächste Jahr zugesagt.",
            "Wir erzählen diese Geschichte, weil wir damals dachten, eine große Veranstaltung sei der beste "
            "Start für ein neues Netzwerk. Heute würden wir mit etwas Kleinem anfangen, das verlässlich "
            "gelingt, und die große Bühne später suchen.",
        ),
    ],
    "online-ag-und-datenschutz": [
        *_p(
            "Inzwischen läuft die AG im dritten Durchgang, mit dem landesweit bereitgestellten System und "
            "einer Anmeldung über die Schulen. Technisch ist es etwas umständlicher, aber niemand muss mehr "
            "nachfragen, ob die Teilnahme erlaubt ist. Die Datenschutzbeauftragten haben uns eine kurze "
            "Checkliste gegeben, die wir vor jedem neuen digitalen Angebot durchgehen.",
            "Die Bausätze verschicken wir weiterhin per Post. Jede Schule hat eine Ansprechperson, die das "
            "Paket annimmt und die Jugendlichen beim ersten Termin unterstützt.",
        ),
    ],
    "maedchen-technik-tag-die-falschen-eingeladen": [
        *_p(
            "Beim ersten Durchgang war die Stimmung großartig, und die Rückmeldungen waren begeistert. Erst als "
            "wir die Liste der Teilnehmerinnen mit den Schulen durchgingen, fiel uns auf, wie viele schon in "
            "MINT-AGs waren. Seitdem schauen wir bei jedem Angebot nicht nur, wie viele kommen, sondern wer.",
            "Beim zweiten Durchgang kamen 22 Mädchen, davon 15 ohne jede Vorerfahrung. Drei von ihnen sind "
            "inzwischen in einer Technik-AG an ihrer Schule. Die Studentinnen, die betreut haben, sagen, dass "
            "dieser Tag anstrengender war als der erste – und viel lohnender.",
        ),
    ],
    "als-der-labor-ehrenamtliche-ging": [
        *_p(
            "Unser ehemaliger Ehrenamtlicher hat uns später geholfen, die Versuchskarten zu schreiben – von zu "
            "Hause aus, mit vielen Fotos aus seinem Handy. Ohne ihn hätten wir einige Versuche nie wieder "
            "aufbauen können. Das Labor hat heute neun Ehrenamtliche in Tandems und eine Kollegin im "
            "Netzwerkbüro, die die Termine mit den Schulen plant.",
            "Ein Nebeneffekt hat uns überrascht: Seit es die Versuchskarten gibt, trauen sich auch Lehrkräfte, "
            "einzelne Versuche selbst mit ihren Klassen im Labor durchzuführen. Das Wissen, das früher in einem "
            "Kopf steckte, ist jetzt für viele zugänglich – und die Ehrenamtlichen sind entlastet.",
        ),
    ],
    "die-kooperationsvereinbarung-die-keiner-kannte": [
        *_p(
            "Wir veröffentlichen diese Geschichte ohne Namen, weil die beteiligten Schulen und Unternehmen "
            "heute wieder gut mit uns zusammenarbeiten. Die neue Vereinbarung hat eine Seite und wird jedes "
            "Jahr im Juni gemeinsam angeschaut. Beim letzten Mal haben die Lehrkräfte zwei Bausteine "
            "gestrichen und einen neuen hinzugefügt – genau so soll es sein.",
            "Das Jahresgespräch dauert neunzig Minuten. Wir fragen drei Dinge: Was hat stattgefunden? Was war "
            "für die Jugendlichen am wertvollsten? Was lassen wir im nächsten Jahr weg? Die letzte Frage ist "
            "die wichtigste, denn Kooperationen scheitern selten an zu wenig Ideen, sondern an zu vielen "
            "Versprechen, die niemand halten kann.",
        ),
    ],
}
