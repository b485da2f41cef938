"""The chapters of the demo guide "Auf dem Weg zur MINT-Region", written for Netzwerkstatt.

Facts about state programmes and success factors follow the public descriptions collected in the project's
domain brief; every person quoted is invented. Block helpers build raw StreamField data; demo.py gives every
block and checklist item a fixed id, so members' ticks survive a second run of the loader.
"""


def paragraph(html: str) -> tuple:
    return ("paragraph", html)


def heading(text: str, level: str = "h2") -> tuple:
    return ("heading", {"text": text, "level": level})


def tip(title: str, html: str, kind: str = "tip") -> tuple:
    return ("callout", {"kind": kind, "title": title, "text": html})


def quote(text: str, attribution: str) -> tuple:
    return ("quote", {"text": text, "attribution": attribution})


def checklist(title: str, items: list[str]) -> tuple:
    return ("checklist", {"title": title, "items": items})


def download(document_key: str, title: str, description: str) -> tuple:
    return ("document", {"document": document_key, "title": title, "description": description})


GUIDE = {
    "slug": "gruendungsleitfaden",
    "title": "Gründungsleitfaden",
    "subtitle": "Auf dem Weg zur MINT-Region",
    "intro": (
        "In acht Kapiteln von der ersten Idee bis zum laufenden Netzwerk: was du vor der Gründung prüfst, wie du "
        "Partner gewinnst, Ziele vereinbarst, die Koordination finanzierst und Wirkung sichtbar machst – mit "
        "Checklisten zum Abhaken."
    ),
}

# A text template editors can hand out; demo.py stores it as a Wagtail document.
COOPERATION_TEMPLATE = {
    "key": "kooperationsvereinbarung",
    "title": "Vorlage Kooperationsvereinbarung MINT-Region",
    "filename": "vorlage-kooperationsvereinbarung.txt",
    "text": """Vorlage: Kooperationsvereinbarung für eine MINT-Region
(zum Anpassen; ersetzt keine rechtliche Beratung)

1. Partner
   Name der Organisation, vertreten durch …, Ansprechperson für das Netzwerk …

2. Gemeinsames Ziel
   Die Partner arbeiten in der MINT-Region … zusammen, damit Kinder und Jugendliche entlang der ganzen
   Bildungskette – von der Kita bis zur Ausbildung und zum Studium – gute MINT-Angebote erreichen.

3. Beiträge der Partner
   Was bringt jede Seite ein? (Zeit, Räume, Material, Geld, Kontakte, Fachwissen) – so konkret wie möglich.

4. Koordination
   Die Koordination liegt bei … Sie lädt zur Steuerungsgruppe ein, hält Ergebnisse fest und ist erste
   Ansprechstelle für alle Partner.

5. Steuerungsgruppe
   Zusammensetzung, Sitzungsrhythmus (mindestens zweimal im Jahr), Entscheidungen im Konsens.

6. Öffentlichkeitsarbeit
   Wie treten die Partner gemeinsam auf? Logo-Nutzung, Abstimmung von Pressemitteilungen.

7. Datenschutz
   Personenbezogene Daten von Teilnehmenden werden nur mit Einwilligung und nur für den vereinbarten Zweck
   verarbeitet. Fotos von Kindern nur mit schriftlicher Einwilligung der Sorgeberechtigten.

8. Laufzeit und Ausstieg
   Die Vereinbarung gilt ab … für zunächst drei Jahre und verlängert sich um jeweils ein Jahr, wenn kein
   Partner mit einer Frist von drei Monaten widerspricht.

Ort, Datum, Unterschriften
""",
}

CHAPTERS = [
    {
        "slug": "bestandsaufnahme",
        "title": "Bestandsaufnahme: Was es in deiner Region schon gibt",
        "summary": (
            "Bevor du ein neues Netzwerk gründest, schau genau hin: Welche MINT-Angebote, Initiativen und "
            "Kooperationen gibt es schon, wer trägt sie, und wo sind die Lücken? Eine gründliche "
            "Bestandsaufnahme verhindert Parallelstrukturen und bringt dir die ersten Verbündeten."
        ),
        "tags": ["Bestandsaufnahme", "Außerschulische Lernorte", "Schülerlabore", "Ländlicher Raum"],
        "body": [
            paragraph(
                "<p>Kaum eine MINT-Region beginnt auf der grünen Wiese. Irgendwo in deinem Landkreis betreibt "
                "eine Hochschule ein Schülerlabor, eine Realschule hat eine Technik-AG, die seit zwanzig Jahren "
                "von einem engagierten Lehrer lebt, die Kammer organisiert eine Ausbildungsmesse und in einer "
                "Kita steht eine Forscherecke, die eine Stiftung finanziert hat. Oft wissen diese Menschen "
                "wenig voneinander. Deine erste Aufgabe ist deshalb nicht, etwas Neues zu erfinden, sondern das "
                "Bild zusammenzusetzen, das es schon gibt.</p>"
            ),
            heading("Warum sich der genaue Blick lohnt"),
            paragraph(
                "<p>Nichts verärgert etablierte Akteur:innen so sehr wie ein neues Netzwerk, das groß ankündigt, "
                "was sie seit Jahren tun. Wer zuerst zuhört, vermeidet Parallelstrukturen und wird als "
                "Verstärkung wahrgenommen, nicht als Konkurrenz. Die Bestandsaufnahme ist damit schon die "
                "erste Runde der Partnergewinnung.</p>"
                "<p>Prüfe auch, ob deine Region bereits zu einer Landesstruktur gehört oder an eine andocken "
                "kann. In Nordrhein-Westfalen gibt es seit 2005/2006 die zdi-Netzwerke, heute 47 an der Zahl; "
                "in Bayern begleitet seit August 2022 eine zentrale Koordinierungsstelle alle 20 "
                "MINT-Regionen; in Thüringen sind elf Schülerforschungszentren die Knotenpunkte von "
                "„Jungforscher Thüringen“; im Norden arbeiten MINTforen auf Landesebene. Wo es so etwas gibt, "
                "sparst du dir viel Aufbauarbeit. Wo es fehlt, bist du womöglich der erste Punkt auf einer "
                "bislang weißen Landkarte.</p>"
            ),
            heading("Die Bildungskette als Raster"),
            paragraph(
                "<p>Damit die Übersicht nicht in einer endlosen Liste endet, hilft ein einfaches Raster. Trag "
                "in die Spalten die Stufen der Bildungskette ein: Kita, Grundschule, Sekundarstufe I, "
                "Sekundarstufe II, berufliche Bildung, Hochschule und außerschulische Angebote in der Freizeit. "
                "In die Zeilen kommen die Arten von Angeboten: Kurse und AGs, Wettbewerbe, Lernorte, "
                "Fortbildungen für Fachkräfte und Lehrkräfte, Berufsorientierung.</p>"
                "<p>Schon nach wenigen Wochen zeigt das Raster Muster. Vielleicht drängen sich die Angebote in "
                "der Sekundarstufe I, während für Kitas fast nichts da ist. Vielleicht ist die Kreisstadt gut "
                "versorgt, die Dörfer im Norden aber gar nicht. Genau diese Lücken werden später zu den "
                "Aufgaben, für die es ein Netzwerk wirklich braucht.</p>"
            ),
            heading("Wo du suchst", "h3"),
            paragraph(
                "<ul><li>Schulamt, Schulträger und das kommunale Bildungsbüro, falls es eines gibt</li>"
                "<li>Industrie- und Handelskammer, Handwerkskammer und die Agentur für Arbeit</li>"
                "<li>Hochschulen, Schülerlabore, Museen und andere außerschulische Lernorte</li>"
                "<li>Vereine, Fördervereine und Stiftungen, die in der Region Bildung unterstützen</li>"
                "<li>Teilnahmelisten regionaler Wettbewerbe – sie verraten, welche Schulen aktiv sind</li>"
                "<li>die Landeskoordinierungsstelle und das Verzeichnis der MINT-Regionen auf Netzwerkstatt</li>"
                "</ul>"
            ),
            heading("Gespräche statt Fragebogen"),
            paragraph(
                "<p>Ein Fragebogen liefert Zahlen, ein Gespräch liefert Beziehungen. Plane zehn bis fünfzehn "
                "kurze Gespräche mit Menschen, die Angebote machen oder nutzen: Schulleitungen, "
                "Ausbildungsverantwortliche, Kita-Fachberatungen, Jugendzentren. Vier Fragen reichen für den "
                "Anfang: Was bietet ihr an und für wen? Wer finanziert es? Was fehlt euch am meisten? Was würdet "
                "ihr euch von einem Netzwerk erhoffen – und was auf keinen Fall?</p>"
                "<p>Die letzte Frage ist die wichtigste. Wer sie stellt, erfährt, welche schlechten Erfahrungen "
                "mit früheren Netzwerken es gab: zu viele Sitzungen, zu wenig Ergebnis, am Ende blieb die Arbeit "
                "bei denselben Leuten hängen. Diese Sorgen ernst zu nehmen, ist die beste Werbung für dein "
                "Vorhaben.</p>"
            ),
            tip(
                "Karte statt Tabelle",
                "<p>Trag die Angebote zusätzlich auf einer Karte ein. Gerade im ländlichen Raum ist die Fahrzeit "
                "zum nächsten Schülerlabor oft wichtiger als die Zahl der Angebote im Landkreis. Eine Karte "
                "zeigt dir und deinen künftigen Partnern auf einen Blick, wo Kinder und Jugendliche nichts "
                "erreichen können.</p>",
            ),
            heading("Das Ergebnis festhalten"),
            paragraph(
                "<p>Fasse die Bestandsaufnahme in einem kurzen Bericht zusammen: drei bis fünf Seiten über die "
                "Angebotslandschaft, die wichtigsten Akteur:innen, die erkennbaren Lücken und deine ersten "
                "Schlüsse daraus. Schick ihn an alle, mit denen du gesprochen hast. Das ist das erste Produkt "
                "eures künftigen Netzwerks, und es zeigt: Hier hört jemand zu und macht etwas daraus.</p>"
            ),
            quote(
                "Wir dachten, wir fangen bei null an. Nach sechs Wochen hatten wir über achtzig Angebote auf "
                "der Liste – und drei Leute, die seit Jahren dasselbe vorhatten wie wir.",
                "Netzwerkkoordinatorin in einem niedersächsischen Landkreis",
            ),
            checklist(
                "Checkliste Bestandsaufnahme",
                [
                    "Geprüft, ob es in deinem Bundesland ein Landesprogramm oder eine Landeskoordinierungsstelle "
                    "gibt",
                    "Bestehende Netzwerke und Initiativen in der Region recherchiert, auch im Verzeichnis der "
                    "MINT-Regionen",
                    "Angebote entlang der Bildungskette von der Kita bis zur Hochschule in einem Raster erfasst",
                    "Mindestens zehn Gespräche mit Anbietern, Schulen und Betrieben geführt",
                    "Lücken nach Bildungsstufe, Zielgruppe und Ort benannt",
                    "Kurzbericht an alle Gesprächspartner:innen verschickt",
                ],
            ),
        ],
    },
    {
        "slug": "partner-gewinnen",
        "title": "Partner gewinnen entlang der Bildungskette",
        "summary": (
            "Eine MINT-Region lebt von Partnern, die mehr tun als ihr Logo herzugeben. Wie du herausfindest, "
            "was Kitas, Schulen, Betriebe, Hochschulen und Kommune von einer Zusammenarbeit haben, wie du sie "
            "ansprichst und wie aus Zusagen eine verlässliche Vereinbarung wird."
        ),
        "tags": [
            "Partnergewinnung",
            "Unternehmenskooperation",
            "Kooperationsvereinbarung",
            "Frühe MINT-Bildung",
            "Berufsorientierung",
        ],
        "body": [
            paragraph(
                "<p>Was eine MINT-Region von einer einzelnen Kooperation zwischen einer Schule und einem "
                "Betrieb unterscheidet, ist die Breite: Viele Akteur:innen arbeiten dauerhaft zusammen, und zwar "
                "entlang der ganzen Bildungskette. Kitas, Grundschulen, weiterführende und berufliche Schulen, "
                "Hochschulen, Unternehmen, Kammern, Kommune, Agentur für Arbeit, Stiftungen und Vereine – jede "
                "dieser Gruppen bringt etwas mit, das den anderen fehlt.</p>"
            ),
            heading("Was haben die Partner davon?"),
            paragraph(
                "<p>Niemand macht dauerhaft mit, nur weil MINT-Bildung wichtig ist. Überlege für jede Gruppe, "
                "welchen Nutzen sie aus dem Netzwerk zieht, und sprich genau darüber:</p>"
                "<ul><li><b>Unternehmen</b> suchen Auszubildende und Fachkräfte. Sie gewinnen frühen Kontakt zu "
                "Jugendlichen und zeigen sich als attraktive Arbeitgeber in der Region.</li>"
                "<li><b>Schulen</b> bekommen Lernorte, Expert:innen und Material, die ihren Unterricht "
                "anschaulicher machen, und Unterstützung bei der Berufsorientierung.</li>"
                "<li><b>Kitas</b> finden Fortbildungen und Ideen für das Forschen mit den Jüngsten.</li>"
                "<li><b>Hochschulen</b> erreichen künftige Studierende und erfüllen ihren Transferauftrag.</li>"
                "<li><b>Kommune und Landkreis</b> stärken den Standort und halten junge Menschen in der Region."
                "</li></ul>"
            ),
            heading("Die richtige Ansprache"),
            paragraph(
                "<p>Ein Rundschreiben an alle Betriebe des Landkreises bringt selten mehr als höfliche Absagen. "
                "Wirksamer sind persönliche Gespräche, am besten vermittelt durch Türöffner: die Kammer, die "
                "Wirtschaftsförderung, eine Schulleiterin mit gutem Ruf, ein Unternehmer, der schon überzeugt "
                "ist. Aus deiner Bestandsaufnahme weißt du, wer mit wem spricht. Nutze diese Wege.</p>"
                "<p>Komm mit einem konkreten Anliegen, nicht mit einer abstrakten Idee. „Wir möchten, dass jede "
                "achte Klasse im Landkreis einmal im Jahr einen Technikbetrieb von innen sieht – können Sie zwei "
                "Termine anbieten?“ ist leichter zuzusagen als „Möchten Sie Teil unseres MINT-Netzwerks "
                "werden?“.</p>"
            ),
            tip(
                "Klein anfangen, sichtbar werden",
                "<p>Ein gemeinsames Projekt, das in einem halben Jahr Ergebnisse zeigt – ein Forschertag für "
                "Grundschulen, eine Ferienakademie, ein Technik-Parcours beim Stadtfest – überzeugt mehr "
                "Partner als jedes Konzeptpapier. Wer gesehen hat, dass etwas funktioniert, sagt beim zweiten "
                "Mal schneller zu.</p>",
            ),
            heading("Das Auftakttreffen"),
            paragraph(
                "<p>Wenn du genug Einzelgespräche geführt hast, lade alle Interessierten zu einem "
                "Auftakttreffen ein. Stell die Ergebnisse der Bestandsaufnahme vor, lass die Partner selbst "
                "sagen, was sie einbringen wollen, und vereinbart am Ende zwei oder drei erste Vorhaben mit "
                "Verantwortlichen und Termin. Ein Treffen ohne konkrete nächste Schritte ist ein Vortrag, kein "
                "Netzwerkstart.</p>"
            ),
            heading("Wenn jemand absagt", "h3"),
            paragraph(
                "<p>Absagen gehören dazu. Frag nach dem Grund und notiere ihn: Fehlt die Zeit, passt der Zeitpunkt "
                "nicht, oder sieht der Betrieb keinen Nutzen? Oft wird aus einem „jetzt nicht“ ein Jahr später "
                "ein „ja“, etwa wenn ein neuer Ausbildungsleiter kommt oder die Nachbarfirma begeistert von "
                "eurem Forschertag erzählt. Halte Kontakt, ohne zu drängen, und lade Absagende weiterhin zu "
                "euren Veranstaltungen ein.</p>"
            ),
            heading("Von der Zusage zur Kooperationsvereinbarung"),
            paragraph(
                "<p>Mündliche Zusagen halten, solange die Personen bleiben, die sie gegeben haben. Eine "
                "schriftliche Kooperationsvereinbarung macht die Zusammenarbeit unabhängig von Einzelnen. Sie "
                "muss kein Vertragswerk sein. Wichtig sind: das gemeinsame Ziel, die Beiträge jedes Partners, "
                "wer koordiniert, wie entschieden wird, wie ihr gemeinsam auftretet, wie ihr mit Daten umgeht "
                "und wie man wieder aussteigen kann.</p>"
            ),
            download(
                "kooperationsvereinbarung",
                "Vorlage Kooperationsvereinbarung",
                "Eine Gliederung mit Formulierungsvorschlägen zum Anpassen an deine Region.",
            ),
            quote(
                "Der entscheidende Moment war, als der Geschäftsführer eines Zulieferers im Kreistag erzählte, "
                "warum er mitmacht. Danach riefen uns die Betriebe an, nicht mehr umgekehrt.",
                "Koordinator einer MINT-Region in Baden-Württemberg",
            ),
            checklist(
                "Checkliste Partnergewinnung",
                [
                    "Für jede Partnergruppe den konkreten Nutzen der Zusammenarbeit aufgeschrieben",
                    "Türöffner in Kammer, Wirtschaftsförderung und Schulamt gewonnen",
                    "Partner aus mindestens vier Stufen der Bildungskette angesprochen",
                    "Ein erstes gemeinsames Vorhaben mit sichtbarem Ergebnis vereinbart",
                    "Auftakttreffen mit festen nächsten Schritten durchgeführt",
                    "Kooperationsvereinbarung entworfen und mit den Kernpartnern abgestimmt",
                ],
            ),
        ],
    },
    {
        "slug": "vision-und-ziele",
        "title": "Vision und Ziele: Wohin will eure Region?",
        "summary": (
            "Eine gemeinsame Vision hält das Netzwerk zusammen, verbindliche Ziele machen es arbeitsfähig. Wie "
            "ihr beides gemeinsam erarbeitet, wie aus großen Worten überprüfbare Ziele werden und warum weniger "
            "Ziele oft mehr bewirken."
        ),
        "tags": ["Vision und Ziele", "Steuerungsgruppe", "Mädchen in MINT", "Übergang Schule und Beruf"],
        "body": [
            paragraph(
                "<p>Zu den Erfolgsfaktoren, die das Nationale MINT Forum für MINT-Regionen beschreibt, gehört "
                "eine gemeinsame Vision, die in verbindliche Ziele übersetzt wird. Beides klingt "
                "selbstverständlich, wird aber in der Gründungsphase oft übersprungen: Die Partner sind "
                "begeistert, die ersten Projekte laufen, und niemand will die gute Stimmung mit einer "
                "Zieldiskussion gefährden. Spätestens wenn es um Geld oder Zeit geht, rächt sich das.</p>"
            ),
            heading("Erst die Vision, dann die Ziele"),
            paragraph(
                "<p>Eine Vision beschreibt, wie eure Region in zehn Jahren aussehen soll, wenn alles gut läuft. "
                "Sie darf groß sein, muss aber zu euch passen. „Jedes Kind in unserem Landkreis erlebt von der "
                "Kita bis zum Schulabschluss jedes Jahr mindestens ein MINT-Angebot, das begeistert“ ist eine "
                "Vision, unter der sich eine Kita-Leiterin ebenso wiederfindet wie ein Ausbildungsleiter.</p>"
                "<p>Erarbeitet die Vision gemeinsam, in einem halbtägigen Workshop mit allen Kernpartnern. "
                "Bewährt hat sich ein Vorgehen in drei Schritten: Jede:r schreibt für sich auf, was sich in zehn "
                "Jahren verändert haben soll; in kleinen Gruppen werden die Gedanken verdichtet; im Plenum "
                "entsteht daraus ein Satz, den alle mittragen. Wer die Sanduhrmethode aus der Transferwerkstatt "
                "kennt, erkennt das Prinzip: erst weit öffnen, dann bündeln, dann wieder auf das Ganze "
                "schauen.</p>"
            ),
            heading("Von der Vision zu verbindlichen Zielen"),
            paragraph(
                "<p>Aus der Vision leitet ihr wenige Ziele für die nächsten drei Jahre ab. Gute Ziele sind "
                "konkret, überprüfbar und einem Partner oder einer Arbeitsgruppe zugeordnet. Vergleiche:</p>"
                "<ul><li>„Wir fördern Mädchen in MINT“ – sympathisch, aber nicht überprüfbar.</li>"
                "<li>„Bis 2027 bieten wir an allen sechs weiterführenden Schulen eine Technik-AG an, in der "
                "mindestens vierzig Prozent der Teilnehmenden Mädchen sind“ – daran lässt sich arbeiten.</li>"
                "</ul>"
                "<p>Drei bis fünf solcher Ziele genügen. Wer zwölf Ziele beschließt, hat in Wahrheit keines, "
                "weil niemand mehr weiß, was Vorrang hat.</p>"
            ),
            tip(
                "Ziele an Lücken knüpfen",
                "<p>Die besten Ziele entstehen aus der Bestandsaufnahme. Wenn sie zeigt, dass Jugendliche nach "
                "der zehnten Klasse kaum Kontakt zu technischen Ausbildungsberufen haben, ist der Übergang von "
                "der Schule in den Beruf ein naheliegendes Schwerpunktthema – und eines, für das Betriebe gern "
                "Zeit und Geld geben.</p>",
            ),
            heading("Wer entscheidet?"),
            paragraph(
                "<p>Ziele brauchen einen Ort, an dem sie beschlossen und überprüft werden. In den meisten "
                "MINT-Regionen ist das eine Steuerungsgruppe aus Vertreter:innen der wichtigsten Partner: "
                "Kommune, Schulamt, Kammer, ein oder zwei Unternehmen, eine Hochschule, eine Stimme aus dem "
                "Kita- und dem Schulbereich. Sie trifft sich zwei- bis viermal im Jahr, beschließt die Ziele "
                "und schaut einmal im Jahr, was daraus geworden ist.</p>"
                "<p>Halte die Beschlüsse schriftlich fest und mach sie allen Partnern zugänglich. So kann sich "
                "später niemand auf ein anderes Verständnis berufen, und neue Partner sehen auf einen Blick, "
                "worauf sie sich einlassen.</p>"
            ),
            heading("Ziele, die sich verändern dürfen", "h3"),
            paragraph(
                "<p>Ziele sind kein Denkmal. Wenn sich zeigt, dass ein Ziel unrealistisch war oder die Region "
                "sich verändert hat – ein großer Arbeitgeber schließt, eine neue Hochschule kommt –, passt ihr "
                "es an. Wichtig ist nur, dass ihr das bewusst und gemeinsam tut und nicht stillschweigend.</p>"
            ),
            quote(
                "Die Vision hat uns eine Stunde gekostet und hängt seitdem in jedem Besprechungsraum unserer "
                "Partner. Die Ziele haben uns drei Sitzungen gekostet – und jede davon war es wert.",
                "Sprecherin einer Steuerungsgruppe in Hessen",
            ),
            checklist(
                "Checkliste Vision und Ziele",
                [
                    "Visionsworkshop mit allen Kernpartnern durchgeführt",
                    "Vision in einem Satz formuliert, den alle Partner mittragen",
                    "Drei bis fünf überprüfbare Ziele für die nächsten drei Jahre beschlossen",
                    "Jedem Ziel eine verantwortliche Person oder Arbeitsgruppe zugeordnet",
                    "Steuerungsgruppe eingerichtet und Sitzungsrhythmus festgelegt",
                    "Vision und Ziele für alle Partner schriftlich zugänglich gemacht",
                ],
            ),
        ],
    },
    {
        "slug": "koordination",
        "title": "Koordination: Jemand muss sich kümmern",
        "summary": (
            "Ohne eine zentrale Koordination schläft jedes Netzwerk wieder ein. Welche Aufgaben die Kümmerin "
            "oder der Kümmerer hat, wo die Stelle gut angesiedelt ist, wie Steuerungsgruppe und Arbeitsgruppen "
            "zusammenspielen und welche Routinen den Alltag tragen."
        ),
        "tags": [
            "Netzwerkkoordination",
            "Steuerungsgruppe",
            "Öffentlichkeitsarbeit",
            "Veranstaltungsformate",
            "Datenschutz",
        ],
        "body": [
            paragraph(
                "<p>Netzwerke haben eine unbequeme Eigenschaft: Wenn alle zuständig sind, ist es niemand. "
                "Deshalb gehört eine zentrale, idealerweise bezahlte Koordination zu den Merkmalen jeder "
                "MINT-Region. In der Szene heißt diese Person oft „Kümmerer“ oder „Kümmerin“, in Bayern "
                "„MINT-Manager:in“. Gemeint ist immer dasselbe: ein Mensch, der das Netzwerk antreibt, "
                "zusammenhält und nach außen vertritt.</p>"
            ),
            heading("Was die Koordination tut"),
            paragraph(
                "<ul><li>Sie bereitet die Sitzungen der Steuerungsgruppe vor, hält Ergebnisse fest und achtet "
                "darauf, dass Beschlüsse umgesetzt werden.</li>"
                "<li>Sie ist erste Ansprechstelle für Partner, Schulen, Eltern und Presse.</li>"
                "<li>Sie bringt Angebot und Nachfrage zusammen: Die Schule, die einen Betrieb sucht, und der "
                "Betrieb, der Schulklassen einladen möchte, finden über sie zueinander.</li>"
                "<li>Sie kümmert sich um Fördermittel, Berichte und die Öffentlichkeitsarbeit.</li>"
                "<li>Sie hält Kontakt zu anderen MINT-Regionen und zur Landesebene.</li></ul>"
                "<p>Das ist mehr als eine Aufgabe nebenbei. Erfahrene Regionen rechnen mit mindestens einer "
                "halben Stelle; wo viele Partner und Projekte zusammenkommen, mit einer ganzen.</p>"
            ),
            heading("Wo die Stelle angesiedelt ist"),
            paragraph(
                "<p>Es gibt nicht die eine richtige Trägerschaft. Bei der Kommune oder dem Landkreis ist die "
                "Koordination nah an Schulträger und Politik; bei einer Kammer nah an den Betrieben; an einer "
                "Hochschule nah an Schülerlaboren und Fachwissen; in einem eigenen Trägerverein unabhängig von "
                "allen. Entscheidend ist, dass die Koordination für alle Partner gleichermaßen ansprechbar ist "
                "und nicht als verlängerter Arm eines einzelnen Partners wahrgenommen wird.</p>"
            ),
            tip(
                "Eine Stellenbeschreibung schützt",
                "<p>Schreib gemeinsam mit der Steuerungsgruppe auf, was zur Koordination gehört und was nicht. "
                "Das schützt vor der Erwartung, die Koordinatorin organisiere nebenbei auch noch jede "
                "Einzelveranstaltung aller Partner. Ihre Aufgabe ist es, das Netzwerk arbeitsfähig zu machen, "
                "nicht, seine Arbeit allein zu erledigen.</p>",
            ),
            heading("Steuerungsgruppe und Arbeitsgruppen"),
            paragraph(
                "<p>Die Steuerungsgruppe entscheidet über Ziele, Schwerpunkte und Geld. Die eigentliche Arbeit "
                "geschieht in Arbeitsgruppen, die sich um ein Thema oder eine Zielgruppe kümmern: frühe "
                "MINT-Bildung in Kitas, Berufsorientierung, Mädchen in MINT, Fortbildung von Lehrkräften. Jede "
                "Arbeitsgruppe braucht eine Sprecherin oder einen Sprecher aus dem Kreis der Partner, damit die "
                "Koordination nicht jede Gruppe selbst leiten muss.</p>"
            ),
            heading("Routinen, die den Alltag tragen", "h3"),
            paragraph(
                "<p>Protokolle mit fester Gliederung sparen Zeit und Missverständnisse: Titel, Datum, Beginn "
                "und Ende, Ort, wer protokolliert, Teilnehmende mit Organisation und Funktion, die "
                "Tagesordnung von TOP 1 bis TOP n, zu jedem Punkt die Diskussion und das Ergebnis, am Ende die "
                "vereinbarten nächsten Schritte mit Verantwortlichen. Ein gemeinsamer Kalender, ein "
                "regelmäßiger Newsletter an alle Partner und eine jährliche Netzwerkkonferenz geben dem "
                "Netzwerk einen Takt.</p>"
                "<p>Plane auch die eigene Vertretung: Wer übernimmt, wenn die Koordination krank ist oder in "
                "Urlaub fährt? Eine zweite Person aus dem Kreis der Partner, die die wichtigsten Kontakte und "
                "Zugänge kennt, bewahrt das Netzwerk davor, wochenlang stillzustehen.</p>"
                "<p>Denk von Anfang an an den Datenschutz: Wer Anmeldungen sammelt, Fotos von Veranstaltungen "
                "veröffentlicht oder Verteiler führt, braucht Einwilligungen – bei Kindern die der "
                "Sorgeberechtigten – und eine klare Absprache, wer welche Daten wofür nutzt.</p>"
            ),
            quote(
                "Am Anfang habe ich jede Sitzung selbst geleitet. Heute leiten die Partner ihre "
                "Arbeitsgruppen, und ich habe endlich Zeit für das, wofür ich eingestellt wurde: Leute "
                "zusammenzubringen.",
                "MINT-Managerin einer bayerischen Region",
            ),
            checklist(
                "Checkliste Koordination",
                [
                    "Umfang der Koordinationsstelle festgelegt (mindestens eine halbe Stelle)",
                    "Trägerschaft der Stelle mit allen Kernpartnern abgestimmt",
                    "Stellenbeschreibung mit Aufgaben und Grenzen der Koordination beschlossen",
                    "Arbeitsgruppen mit eigenen Sprecher:innen eingerichtet",
                    "Protokollvorlage und gemeinsamer Kalender für alle Partner eingeführt",
                    "Einwilligungen für Fotos und Teilnehmerdaten geregelt",
                    "Kontakt zur Landeskoordinierungsstelle und zu benachbarten Regionen aufgenommen",
                ],
            ),
        ],
    },
    {
        "slug": "finanzierung-und-verstetigung",
        "title": "Finanzierung und Verstetigung",
        "summary": (
            "Die meisten Netzwerke starten mit einer Anschubförderung, viele scheitern an ihrem Ende. Wie du die "
            "Koordinationsstelle auf mehrere Schultern verteilst, welche Quellen es gibt und wie ihr vom "
            "ersten Tag an auf eine dauerhafte Struktur hinarbeitet."
        ),
        "tags": ["Finanzierung", "Fördermittel", "Verstetigung", "Unternehmenskooperation"],
        "body": [
            paragraph(
                "<p>Die Frage, die Netzwerkkoordinator:innen am häufigsten umtreibt, lautet: Wie geht es weiter, "
                "wenn die Förderung ausläuft? Zu den Erfolgsfaktoren einer MINT-Region gehören die "
                "strukturelle Verankerung und eine nachhaltige Finanzierung der Koordination. Beides entsteht "
                "nicht im letzten Förderjahr, sondern muss von Beginn an mitgedacht werden.</p>"
            ),
            heading("Was Geld kostet"),
            paragraph(
                "<p>Der größte Posten ist fast immer die Koordination selbst: Personal, Arbeitsplatz, Reisen. "
                "Dazu kommen Sachmittel für Veranstaltungen, Material für Kitas und Schulen, "
                "Öffentlichkeitsarbeit und gelegentlich Honorare. Viele Angebote der Partner laufen dagegen "
                "über deren eigene Budgets: Der Betrieb zahlt seine Ausbilderin, die Hochschule ihr "
                "Schülerlabor. Mach diese Eigenleistungen sichtbar; sie sind bei Förderanträgen oft als "
                "Kofinanzierung anrechenbar.</p>"
            ),
            heading("Die Quellen"),
            paragraph(
                "<ul><li><b>Kommune und Landkreis</b>: die wichtigste Quelle für eine dauerhafte "
                "Koordinationsstelle, etwa über eine Leistungsvereinbarung oder eine Stelle im Bildungsbüro."
                "</li>"
                "<li><b>Unternehmen</b>: Mitgliedsbeiträge in einem Trägerverein, ein regionaler Fonds, in den "
                "mehrere Betriebe einzahlen, oder die Übernahme konkreter Projekte.</li>"
                "<li><b>Landesprogramme</b>: In Rheinland-Pfalz förderte ein Wettbewerb der "
                "MINT-Geschäftsstelle von 2018 bis 2021 jährlich bis zu zwei neue Regionen mit 30.000 Euro über "
                "zwei Jahre. In Bayern tragen die Regionen ihre MINT-Manager:innen selbst, werden aber von der "
                "zentralen Koordinierungsstelle begleitet. Frag bei deiner Landeskoordinierungsstelle, was es "
                "aktuell gibt.</li>"
                "<li><b>Stiftungen</b>: oft offen für Anschubfinanzierungen und innovative Vorhaben, selten für "
                "Daueraufgaben.</li>"
                "<li><b>Fördermittel von Bund und EU</b>: lohnend für größere Vorhaben, aber mit hohem "
                "Antrags- und Berichtsaufwand.</li></ul>"
            ),
            heading("Ein Beispiel für einen Finanzierungsmix", "h3"),
            paragraph(
                "<p>Eine typische Lösung aus der Praxis: Der Landkreis trägt die Hälfte der "
                "Koordinationsstelle über eine Leistungsvereinbarung, ein Trägerverein mit zwanzig "
                "Mitgliedsbetrieben finanziert ein weiteres Viertel aus Beiträgen, und eine regionale Stiftung "
                "übernimmt für drei Jahre den Rest sowie ein Budget für Material. Jeder Geldgeber weiß, dass er "
                "nicht allein verantwortlich ist – und keiner kann das Netzwerk mit seinem Ausstieg allein "
                "beenden.</p>"
            ),
            tip(
                "Nie nur ein Standbein",
                "<p>Finanziere die Koordinationsstelle nie ausschließlich aus befristeten Projektmitteln. Wenn "
                "die Stelle zu einem Teil aus kommunalen Mitteln und zu einem Teil aus Beiträgen der Wirtschaft "
                "besteht, übersteht sie auch das Ende eines Förderprogramms.</p>",
                kind="warning",
            ),
            heading("Verstetigung von Anfang an"),
            paragraph(
                "<p>Verstetigung heißt, dass das Netzwerk nicht mehr von einer einzelnen Förderung oder einer "
                "einzelnen Person abhängt. Drei Dinge helfen dabei:</p>"
                "<ol><li><b>Eine feste Form</b>: ein Trägerverein, eine Verankerung in der kommunalen "
                "Bildungsstrategie oder eine mehrjährige Vereinbarung zwischen den Kernpartnern.</li>"
                "<li><b>Ein Finanzierungsplan über die Förderung hinaus</b>: Wer übernimmt ab dem dritten Jahr "
                "welchen Anteil? Sprich das früh an, nicht erst, wenn die Zeit drängt.</li>"
                "<li><b>Sichtbare Ergebnisse</b>: Wer zeigen kann, was das Netzwerk bewirkt hat, findet "
                "leichter Geldgeber für die nächsten Jahre.</li></ol>"
            ),
            heading("Das Gespräch mit der Kämmerei", "h3"),
            paragraph(
                "<p>Kommunale Haushalte werden lange im Voraus geplant. Wenn ihr ab 2028 kommunales Geld "
                "braucht, muss es im Haushaltsentwurf stehen, der schon im Jahr davor beraten wird. Besorg dir "
                "den Haushaltskalender deiner Kommune und plane rückwärts. Ein Beschluss des Kreistags oder "
                "Stadtrats, der die MINT-Region als Daueraufgabe anerkennt, ist dabei mehr wert als jede "
                "Absichtserklärung.</p>"
            ),
            quote(
                "Unser Förderprogramm lief drei Jahre. Im zweiten Jahr haben wir mit der Kämmerei gesprochen, "
                "im dritten stand die halbe Stelle im Haushalt. Ein Jahr später hätte es nicht mehr gereicht.",
                "Koordinator einer MINT-Region in Rheinland-Pfalz",
            ),
            checklist(
                "Checkliste Finanzierung",
                [
                    "Kosten der Koordination und der Sachmittel für drei Jahre geschätzt",
                    "Eigenleistungen der Partner erfasst und als Kofinanzierung dokumentiert",
                    "Mindestens zwei unabhängige Finanzierungsquellen für die Koordination gewonnen",
                    "Landesprogramme und Stiftungen bei der Landeskoordinierungsstelle erfragt",
                    "Finanzierungsplan für die Zeit nach der Anschubförderung mit den Partnern abgestimmt",
                    "Haushaltskalender der Kommune beschafft und Antrag rechtzeitig eingeplant",
                ],
            ),
        ],
    },
    {
        "slug": "politische-rueckendeckung",
        "title": "Politische Rückendeckung gewinnen",
        "summary": (
            "Ein Netzwerk, das Landrätin, Bürgermeister und Kreistag hinter sich weiß, öffnet Türen, die sonst "
            "verschlossen bleiben. Wie du politische Unterstützung über Parteigrenzen hinweg gewinnst, ohne "
            "parteipolitisch vereinnahmt zu werden, und wie öffentliche Anerkennung das Netzwerk stärkt."
        ),
        "tags": ["Politische Unterstützung", "Öffentlichkeitsarbeit", "Ganztag", "Verstetigung"],
        "body": [
            paragraph(
                "<p>Politische Rückendeckung und öffentliche Anerkennung gehören zu den Erfolgsfaktoren, die "
                "in den Erfahrungen vieler MINT-Regionen immer wieder auftauchen. Das hat handfeste Gründe: "
                "Die Kommune ist Schulträger, sie entscheidet über Haushaltsmittel, und ein Wort der "
                "Landrätin bewegt Betriebe und Schulleitungen oft schneller als jede Einladung der "
                "Koordination.</p>"
            ),
            heading("Wen du gewinnen solltest"),
            paragraph(
                "<p>Die wichtigsten Ansprechpartner:innen sitzen in der Verwaltungsspitze: Landrätin oder "
                "Landrat, Oberbürgermeister:in, die Dezernate für Bildung und für Wirtschaftsförderung. Dazu "
                "kommen die Fraktionen im Kreistag oder Stadtrat, die Mitglieder der Ausschüsse für Schule, "
                "Jugend und Wirtschaft sowie die Abgeordneten aus deinem Wahlkreis im Landtag. Lade sie nicht "
                "nur zu Festakten ein, sondern zu Veranstaltungen, bei denen sie Kinder und Jugendliche beim "
                "Forschen erleben.</p>"
            ),
            heading("Überparteilich bleiben"),
            paragraph(
                "<p>MINT-Bildung ist ein Thema, auf das sich fast alle Parteien einigen können. Diesen Vorteil "
                "solltest du nicht verspielen. Sprich alle demokratischen Fraktionen gleichermaßen an, lade "
                "zu Besuchen nicht nur die Regierungsmehrheit ein und vermeide es, im Wahlkampf als Kulisse zu "
                "dienen. Eine Schirmherrschaft der Verwaltungsspitze ist sinnvoll; eine Schirmherrschaft "
                "einer Partei nicht.</p>"
            ),
            tip(
                "Ein Beschluss ist mehr als ein Grußwort",
                "<p>Versuche, einen Beschluss des Kreistags oder Stadtrats zu erreichen, der die MINT-Region "
                "als Teil der kommunalen Bildungsstrategie anerkennt. Ein solcher Beschluss überdauert "
                "Wahlperioden und ist die beste Grundlage, um später über eine dauerhafte Finanzierung der "
                "Koordination zu sprechen.</p>",
            ),
            heading("Anknüpfen an das, was die Politik ohnehin beschäftigt"),
            paragraph(
                "<p>Politik reagiert auf Themen, die schon auf ihrer Tagesordnung stehen. Der Fachkräftemangel "
                "in Handwerk und Industrie, die Abwanderung junger Menschen aus ländlichen Regionen oder der "
                "Ausbau der Ganztagsbetreuung an Grundschulen, auf die ab dem Schuljahr 2026/27 schrittweise "
                "ein Rechtsanspruch besteht, sind solche Themen. Zeig, was die MINT-Region dazu beitragen kann: "
                "Forscherangebote für den Ganztag, Kontakte zwischen Schulen und Ausbildungsbetrieben, "
                "Gründe für junge Familien, in der Region zu bleiben.</p>"
            ),
            heading("Öffentliche Anerkennung", "h3"),
            paragraph(
                "<p>Anerkennung wirkt nach innen und nach außen. Partner, deren Engagement in der Zeitung "
                "steht oder beim Neujahrsempfang gewürdigt wird, bleiben eher dabei. Denk an eine jährliche "
                "Netzwerkkonferenz mit Grußwort der Verwaltungsspitze, an Auszeichnungen für besonders aktive "
                "Schulen oder Betriebe und an eine Pressearbeit, die Menschen zeigt und nicht nur Logos. Nutze "
                "auch Landeswettbewerbe und Auszeichnungen für MINT-Regionen, wo es sie gibt.</p>"
            ),
            heading("Wenn die Spitze wechselt", "h3"),
            paragraph(
                "<p>Nach einer Wahl beginnt die Überzeugungsarbeit oft von vorn. Bereite für neue "
                "Amtsträger:innen eine kurze Mappe vor: was die MINT-Region ist, was sie erreicht hat, wer "
                "mitmacht und was sie von der Kommune braucht. Bitte um ein Gespräch in den ersten hundert "
                "Tagen, bevor sich die Prioritäten festgesetzt haben.</p>"
            ),
            heading("Regelmäßig berichten", "h3"),
            paragraph(
                "<p>Biete an, einmal im Jahr im Schul- oder Wirtschaftsausschuss zu berichten: zehn Minuten, "
                "ein paar Zahlen, ein Foto, eine Geschichte aus einer Schule. So bleibt die MINT-Region auf der "
                "politischen Tagesordnung, auch wenn gerade keine Entscheidung ansteht, und die Mitglieder der "
                "Ausschüsse können in ihren Fraktionen aus erster Hand erzählen, was das Netzwerk leistet.</p>"
            ),
            quote(
                "Als der Landrat zum ersten Mal bei unserem Forschertag war, hat er eine Stunde mit den "
                "Kindern Brücken aus Papier gebaut. Über die Finanzierung der Koordination mussten wir danach "
                "nicht mehr lange reden.",
                "Netzwerkkoordinatorin in Sachsen-Anhalt",
            ),
            checklist(
                "Checkliste politische Unterstützung",
                [
                    "Verwaltungsspitze über Ziele und Partner der MINT-Region informiert",
                    "Alle demokratischen Fraktionen im Kreistag oder Stadtrat angesprochen",
                    "Schirmherrschaft der Verwaltungsspitze gewonnen",
                    "Beschluss zur Anerkennung der MINT-Region vorbereitet oder erreicht",
                    "Politik zu einer Veranstaltung mit Kindern und Jugendlichen eingeladen",
                    "Informationsmappe für neue Amtsträger:innen erstellt",
                ],
            ),
        ],
    },
    {
        "slug": "qualitaet-und-wirkung",
        "title": "Qualität und Wirkung sichtbar machen",
        "summary": (
            "Woran merkt ihr, dass eure Angebote etwas bewirken? Wie ihr mit einer einfachen Wirkungslogik "
            "plant, mit wenigen Kennzahlen auskommt, aus Rückmeldungen lernt – und warum ehrliche Geschichten "
            "über Misserfolge zur Qualitätsentwicklung gehören."
        ),
        "tags": ["Qualitätsentwicklung", "Wirkungsmessung", "Lehrkräftefortbildung", "Mädchen in MINT"],
        "body": [
            paragraph(
                "<p>Wer Geld gibt, will wissen, was es bewirkt. Wer Zeit gibt, auch. Spätestens bei der "
                "Verlängerung einer Förderung oder beim Gespräch mit der Kämmerei wird die Frage nach der "
                "Wirkung gestellt. Sie ist aber nicht nur eine Pflichtübung für Berichte: Wer weiß, was "
                "funktioniert, kann Zeit und Geld dorthin lenken, wo sie am meisten bewegen.</p>"
            ),
            heading("Eine einfache Wirkungslogik"),
            paragraph(
                "<p>Eine Wirkungslogik beschreibt den Weg von dem, was ihr einsetzt, zu dem, was sich "
                "verändern soll. Sie hat vier Stufen:</p>"
                "<ul><li><b>Input</b>: was ihr einsetzt – Zeit der Koordination, Material, Räume, Geld.</li>"
                "<li><b>Output</b>: was ihr tut und wen ihr erreicht – zwölf Forschertage, 480 Kinder, 35 "
                "fortgebildete Erzieher:innen.</li>"
                "<li><b>Outcome</b>: was sich bei den Zielgruppen verändert – mehr Interesse an Technik, mehr "
                "Zutrauen in die eigenen Fähigkeiten, mehr Bewerbungen auf technische Ausbildungsplätze.</li>"
                "<li><b>Impact</b>: was sich in der Region verändert – mehr junge Fachkräfte, die bleiben.</li>"
                "</ul>"
                "<p>Outputs sind leicht zu zählen, Outcomes schwerer, und den Impact kann ein einzelnes "
                "Netzwerk kaum allein nachweisen. Trotzdem hilft das Modell, weil es euch zwingt, bei jedem "
                "Angebot zu fragen: Was genau soll sich verändern, und woran würden wir es merken?</p>"
            ),
            heading("Wenige Kennzahlen, gut gepflegt"),
            paragraph(
                "<p>Sammelt nicht alles, was sich zählen lässt. Fünf bis acht Kennzahlen, die jedes Jahr auf "
                "dieselbe Weise erhoben werden, sagen mehr als fünfzig, die niemand auswertet. Bewährt haben "
                "sich: Zahl der aktiven Partner nach Stufe der Bildungskette, Zahl der erreichten Kinder und "
                "Jugendlichen, der Anteil der Mädchen in freiwilligen Angeboten, die Zahl der fortgebildeten "
                "Lehrkräfte und Erzieher:innen und die Zufriedenheit der Partner mit dem Netzwerk.</p>"
                "<p>Achtet beim Erheben auf den Datenschutz: Für Kennzahlen genügen fast immer anonyme "
                "Zählungen und Rückmeldebögen ohne Namen.</p>"
            ),
            tip(
                "Kurz fragen, direkt danach",
                "<p>Drei Fragen am Ende eines Angebots reichen oft aus: Wie hat es dir gefallen? Was hast du "
                "Neues ausprobiert? Möchtest du so etwas noch einmal machen? Für Grundschulkinder geht das mit "
                "Smileys, für Lehrkräfte mit einem kurzen Online-Bogen. Wichtig ist, dass ihr die Antworten "
                "wirklich lest und in der Arbeitsgruppe besprecht.</p>",
            ),
            heading("Aus Fehlern lernen"),
            paragraph(
                "<p>Qualitätsentwicklung heißt auch, über das zu sprechen, was nicht funktioniert hat. In der "
                "Transferwerkstatt, die eine Qualifizierung für Koordinator:innen abschloss, waren die "
                "„Stories of Failure“ der Höhepunkt: Teilnehmende erzählten von ihren Rückschlägen und davon, "
                "was sie daraus gelernt haben. Solche Geschichten sind für andere Regionen oft wertvoller als "
                "jede Erfolgsmeldung. Hier auf Netzwerkstatt findest du viele davon – und kannst deine eigene "
                "teilen, auf Wunsch auch anonym.</p>"
            ),
            heading("Der jährliche Blick zurück", "h3"),
            paragraph(
                "<p>Nehmt euch einmal im Jahr in der Steuerungsgruppe Zeit für eine Bilanz: Was haben wir von "
                "unseren Zielen erreicht? Was zeigen die Kennzahlen? Welche Angebote setzen wir fort, welche "
                "beenden wir? Ein Angebot zu beenden, das nicht wirkt, ist kein Scheitern, sondern gute "
                "Steuerung.</p>"
            ),
            quote(
                "Wir haben drei Jahre lang jede Veranstaltung gezählt. Erst als wir die Mädchen selbst gefragt "
                "haben, warum sie nicht wiederkommen, haben wir verstanden, was wir ändern müssen.",
                "Koordinatorin einer MINT-Region in Schleswig-Holstein",
            ),
            checklist(
                "Checkliste Qualität und Wirkung",
                [
                    "Wirkungslogik für die wichtigsten Angebote aufgeschrieben",
                    "Fünf bis acht Kennzahlen festgelegt, die jedes Jahr gleich erhoben werden",
                    "Kurzen Rückmeldebogen für Kinder, Jugendliche und Lehrkräfte eingeführt",
                    "Anteil der Mädchen in freiwilligen Angeboten erfasst",
                    "Jährliche Bilanz in der Steuerungsgruppe eingeplant",
                    "Eine eigene Story of Failure aufgeschrieben und mit anderen Regionen geteilt",
                ],
            ),
        ],
    },
    {
        "slug": "abschluss-checkliste",
        "title": "Abschluss-Checkliste: Ist eure MINT-Region startklar?",
        "summary": (
            "Alle Kapitel in einem Blick: Woran du erkennst, dass aus einer Idee eine MINT-Region geworden ist, "
            "was vor dem offiziellen Start stehen sollte und wie es danach weitergeht – mit anderen Regionen an "
            "deiner Seite."
        ),
        "tags": ["Netzwerkkoordination", "Verstetigung", "Nachhaltigkeit", "Veranstaltungsformate"],
        "body": [
            paragraph(
                "<p>Du hast eine Bestandsaufnahme gemacht, Partner gewonnen, mit ihnen eine Vision und Ziele "
                "vereinbart, die Koordination aufgestellt, an der Finanzierung gearbeitet und die Politik ins "
                "Boot geholt. Jetzt ist ein guter Moment, innezuhalten und zu prüfen, ob das Fundament trägt. "
                "Diese letzte Checkliste fasst die wichtigsten Punkte zusammen.</p>"
            ),
            heading("Woran man eine MINT-Region erkennt"),
            paragraph(
                "<p>Eine MINT-Region ist mehr als ein gutes Projekt. Vier Merkmale unterscheiden sie von einer "
                "einzelnen Kooperation zwischen Schule und Betrieb:</p>"
                "<ol><li>Die relevanten Akteur:innen arbeiten <b>langfristig</b> zusammen.</li>"
                "<li>Sie verfolgen <b>gemeinsame strategische Ziele</b>.</li>"
                "<li>Es gibt eine <b>zentrale Koordination</b>, im besten Fall eine bezahlte Stelle.</li>"
                "<li>Die Region ist <b>klar abgegrenzt</b>, meist eine Stadt oder ein Landkreis.</li></ol>"
                "<p>Wenn du alle vier Punkte mit gutem Gewissen bejahen kannst, ist eure Region mehr als eine "
                "Idee. Wenn nicht, zeigen dir die Kapitel dieses Leitfadens, wo du ansetzen kannst.</p>"
            ),
            checklist(
                "Das Fundament",
                [
                    "Bestandsaufnahme abgeschlossen und mit den Partnern geteilt",
                    "Partner aus mindestens vier Stufen der Bildungskette machen verbindlich mit",
                    "Kooperationsvereinbarung von den Kernpartnern unterzeichnet",
                    "Vision und drei bis fünf überprüfbare Ziele beschlossen",
                    "Koordination benannt, mit Stellenbeschreibung und klarer Trägerschaft",
                    "Region klar abgegrenzt und auf einer Karte dargestellt",
                ],
            ),
            heading("Vor dem offiziellen Start"),
            paragraph(
                "<p>Ein sichtbarer Start gibt dem Netzwerk Schwung. Plane eine Auftaktveranstaltung, bei der "
                "nicht Reden im Mittelpunkt stehen, sondern das, worum es geht: Kinder und Jugendliche, die "
                "forschen, bauen und programmieren. Lade die Presse ein, die Verwaltungsspitze und alle "
                "Partner, und sorge dafür, dass jeder Partner sichtbar wird.</p>"
            ),
            heading("Die ersten zwölf Monate", "h3"),
            paragraph(
                "<p>Nach dem Start beginnt die eigentliche Arbeit. Nimm dir für das erste Jahr wenig, aber "
                "Sichtbares vor: zwei oder drei Angebote, die verlässlich stattfinden, eine Steuerungsgruppe, die "
                "sich regelmäßig trifft, und einen kurzen Jahresbericht an alle Partner. Plane bewusst Zeit für "
                "Beziehungspflege ein – für Besuche bei Partnern, Anrufe nach Veranstaltungen und ein Dankeschön "
                "zum Jahresende. Netzwerke wachsen nicht durch Sitzungen, sondern durch Menschen, die gern "
                "miteinander arbeiten.</p>"
            ),
            tip(
                "Trag deine Region ins Verzeichnis ein",
                "<p>Damit andere euch finden, gehört eure MINT-Region ins Verzeichnis der MINT-Regionen hier "
                "auf Netzwerkstatt. Die Redaktion legt den Eintrag an; als Koordinator:in kannst du danach "
                "Änderungen vorschlagen, wenn sich etwas an Partnern, Zielen oder Kontakt ändert.</p>",
            ),
            checklist(
                "Für die ersten zwei Jahre",
                [
                    "Finanzierung der Koordination für mindestens zwei Jahre gesichert",
                    "Plan für die Zeit nach der Anschubförderung mit Kommune und Wirtschaft besprochen",
                    "Politische Rückendeckung durch Verwaltungsspitze oder Gremienbeschluss",
                    "Kennzahlen und jährliche Bilanz in der Steuerungsgruppe verabredet",
                    "Auftaktveranstaltung geplant, Presse und Partner eingeladen",
                ],
            ),
            heading("Du bist nicht allein"),
            paragraph(
                "<p>2013 zählte man in Deutschland rund 39 MINT-Regionen, heute sind es über 130. Viele ihrer "
                "Koordinator:innen haben dieselben Fragen gehabt wie du, und die meisten teilen ihre "
                "Erfahrungen gern. In den Community Calls auf Netzwerkstatt tauscht ihr euch online zu einem "
                "Thema aus, etwa zur Finanzierung oder zu Mädchen in MINT. Beim jährlichen MINT:Barcamp in "
                "Hamburg treffen sich bis zu 150 Menschen und bestimmen das Programm selbst. Und seit 2021 gibt "
                "es mit MINTvernetzt eine bundesweite Vernetzungsstelle für außerschulische MINT-Bildung.</p>"
                "<p>Vor allem aber: Erzähl, was bei euch gelingt und was nicht. Deine Erfahrungen sind der "
                "Leitfaden für die nächste Region.</p>"
            ),
            quote(
                "Das Wertvollste an unserer Gründung waren nicht die Fördermittel, sondern die drei "
                "Kolleginnen aus anderen Regionen, die ich jederzeit anrufen konnte.",
                "Netzwerkkoordinator einer jungen MINT-Region in Brandenburg",
            ),
        ],
    },
]
