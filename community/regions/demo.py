"""Demo content of the regional directory: the directory page, invented MINT-Regionen in real districts (with
approximate real coordinates), the four state coordination offices described in the domain brief, and the
demo coordinators assigned to regions of their Bundesland.

The networks, people and addresses are invented; the state structures (zdi, the MINT-Geschäftsstelle in
Rheinland-Pfalz, Jungforscher Thüringen, the Bavarian coordination office) are described with public facts.
Several Länder deliberately have no region, so the map shows white spots.
"""

from itertools import cycle

from home.models import HomePage

from .models import RegionChangeProposal, RegionIndexPage, RegionPage, StateOfficePage

APP = "community.regions"

INDEX = {
    "slug": "regionen",
    "title": "MINT-Regionen",
    "intro": (
        "Wo es in Deutschland schon MINT-Regionen gibt, wer sie koordiniert und wo noch weiße Flecken sind: "
        "die Karte, das Verzeichnis zum Filtern und die Landeskoordinierungsstellen."
    ),
}

# Partner types: kita, school, university, company, chamber, municipality, employment_agency, foundation, club,
# student_lab. Organisational forms: association, municipal, chamber, foundation, university, company, informal.
REGIONS = [
    {
        "slug": "aachener-revier",
        "title": "MINT-Netzwerk Aachener Revier",
        "bundesland": "NW",
        "area_covered": "StädteRegion Aachen\nKreis Düren",
        "latitude": "50.77530",
        "longitude": "6.08390",
        "founded_year": 2011,
        "organisational_form": "association",
        "financing": (
            "Mitgliedsbeiträge der Unternehmen im Trägerverein und eine halbe Koordinationsstelle, die die "
            "StädteRegion Aachen über eine Leistungsvereinbarung bis 2027 mitfinanziert."
        ),
        "partner_types": ["school", "university", "company", "chamber", "municipality", "student_lab"],
        "goals": (
            "Jede weiterführende Schule der Region hat einen festen Partner aus Hochschule oder Wirtschaft\n"
            "Der Strukturwandel im Revier wird im Unterricht greifbar: Energie, Wasserstoff, Rekultivierung\n"
            "Mehr Ausbildungsverträge in den technischen Berufen"
        ),
        "intro": (
            "Schulen, Hochschulen und Betriebe im Rheinischen Revier, die den Strukturwandel als "
            "Lerngelegenheit nutzen."
        ),
        "tags": ["Partnergewinnung", "Berufsorientierung", "Schülerlabore"],
    },
    {
        "slug": "forscherland-muensterland",
        "title": "Forscherland Münsterland",
        "bundesland": "NW",
        "area_covered": "Kreis Steinfurt\nKreis Borken",
        "latitude": "52.14560",
        "longitude": "7.33630",
        "founded_year": 2009,
        "organisational_form": "chamber",
        "financing": "Koordination bei der Kammer angesiedelt; Sachmittel aus einem Fonds regionaler Unternehmen.",
        "partner_types": ["kita", "school", "company", "chamber", "employment_agency", "club"],
        "goals": (
            "Entdeckerkisten für alle Kitas und Grundschulen in beiden Kreisen\n"
            "Praktikumsbörse mit mindestens 150 Plätzen im Jahr\n"
            "Ein gemeinsamer MINT-Tag pro Schuljahr"
        ),
        "intro": "Ein ländliches Netzwerk, das bei den Jüngsten anfängt und bis zur Ausbildung im Betrieb denkt.",
        "tags": ["Berufsorientierung", "Partnergewinnung"],
    },
    {
        "slug": "mint-bergisch",
        "title": "MINT.Bergisch",
        "bundesland": "NW",
        "area_covered": "Wuppertal\nSolingen\nRemscheid",
        "latitude": "51.25620",
        "longitude": "7.15080",
        "founded_year": 2013,
        "organisational_form": "company",
        "financing": "Gemeinnützige GmbH der drei Städte; Projektmittel aus Landesprogrammen und Stiftungen.",
        "partner_types": ["school", "university", "company", "municipality", "foundation", "student_lab"],
        "goals": (
            "Drei Schülerlabore der Städte teilen sich Buchung, Material und Fortbildungen\n"
            "Mädchenanteil in den Ferienakademien auf mindestens 45 Prozent steigern\n"
            "Wirkung der Angebote jährlich mit einer gemeinsamen Befragung messen"
        ),
        "intro": "Drei Städte, ein Netzwerk: gemeinsame Schülerlabore und eine Befragung, die zeigt, was wirkt.",
        "tags": ["Schülerlabore", "Mädchen in MINT", "Wirkungsmessung"],
    },
    {
        "slug": "technikzukunft-ostwestfalen",
        "title": "Technikzukunft Ostwestfalen",
        "bundesland": "NW",
        "area_covered": "Kreis Gütersloh\nKreis Herford",
        "latitude": "51.90320",
        "longitude": "8.38580",
        "founded_year": 2010,
        "organisational_form": "foundation",
        "financing": "Die Koordinationsstelle trägt eine regionale Unternehmensstiftung dauerhaft.",
        "partner_types": ["school", "company", "foundation", "chamber", "employment_agency"],
        "goals": (
            "Berufsorientierung ab Klasse 7 mit Werkstatttagen in Mitgliedsbetrieben\n"
            "Lehrkräftefortbildungen zu Informatik in der Sekundarstufe I"
        ),
        "intro": "Mittelständische Betriebe und Schulen, die Berufsorientierung früh und praktisch angehen.",
        "tags": ["Berufsorientierung", "Finanzierung"],
    },
    {
        "slug": "siegen-wittgenstein",
        "title": "MINT-Allianz Siegen-Wittgenstein",
        "bundesland": "NW",
        "area_covered": "Kreis Siegen-Wittgenstein",
        "latitude": "50.87480",
        "longitude": "8.02430",
        "founded_year": 2014,
        "organisational_form": "university",
        "financing": "Koordination an der Hochschule, kofinanziert vom Kreis und zwei Sparkassenstiftungen.",
        "partner_types": ["school", "university", "company", "municipality", "foundation"],
        "goals": (
            "Studierende als Lernbegleitungen an allen Gymnasien und Gesamtschulen\n"
            "Ein MINT-Profil für jede Schulform im Kreis"
        ),
        "intro": "Die Hochschule als Motor: Studierende begleiten Schüler:innen in Projekten und AGs.",
        "tags": ["Partnergewinnung"],
    },
    {
        "slug": "zukunftswerk-niederrhein",
        "title": "Zukunftswerk Niederrhein",
        "bundesland": "NW",
        "area_covered": "Kreis Kleve\nKreis Wesel",
        "latitude": "51.65870",
        "longitude": "6.61760",
        "founded_year": 2012,
        "organisational_form": "municipal",
        "financing": "Zwei Kreisverwaltungen teilen sich eine unbefristete Stelle für die Koordination.",
        "partner_types": ["kita", "school", "municipality", "club", "employment_agency"],
        "goals": (
            "MINT-Angebote auch in kleinen Gemeinden ohne eigenes Schülerlabor\n"
            "Ein Bus, der Experimentierstationen zu den Schulen bringt"
        ),
        "intro": "Wenn die Schulen weit auseinander liegen, fährt das Labor eben zu ihnen.",
        "tags": ["Finanzierung", "Schülerlabore"],
    },
    {
        "slug": "dortmund-unna",
        "title": "MINT im Revier Dortmund-Unna",
        "bundesland": "NW",
        "area_covered": "Dortmund\nKreis Unna",
        "latitude": "51.51360",
        "longitude": "7.46530",
        "founded_year": 2008,
        "organisational_form": "association",
        "financing": "Trägerverein mit über 60 Mitgliedern; Landesmittel für Schülerlabore.",
        "partner_types": [
            "kita",
            "school",
            "university",
            "company",
            "chamber",
            "municipality",
            "foundation",
            "club",
            "student_lab",
        ],
        "goals": (
            "Die ganze Bildungskette von der Kita bis zur Hochschule im Netzwerk vertreten\n"
            "Jährlicher Bericht über Reichweite und Wirkung\n"
            "Mentoring-Programm für Schülerinnen mit Ingenieurinnen aus der Region"
        ),
        "intro": "Eines der ältesten Netzwerke im Ruhrgebiet, mit Partnern entlang der ganzen Bildungskette.",
        "tags": ["Mädchen in MINT", "Wirkungsmessung", "Partnergewinnung"],
    },
    {
        "slug": "oberfranken-ost",
        "title": "MINT-Region Oberfranken-Ost",
        "bundesland": "BY",
        "area_covered": "Landkreis Hof\nStadt Hof\nLandkreis Wunsiedel im Fichtelgebirge",
        "latitude": "50.31300",
        "longitude": "11.91280",
        "founded_year": 2016,
        "organisational_form": "municipal",
        "financing": "Die MINT-Managerin ist beim Landratsamt angestellt; die Stelle tragen Stadt und Landkreise.",
        "partner_types": ["school", "company", "municipality", "chamber", "club"],
        "goals": (
            "Fachkräfte für die Region: Jugendliche lernen die technischen Arbeitgeber vor Ort kennen\n"
            "Ein Ferienprogramm in jeder Gemeinde"
        ),
        "intro": "Eine Grenzregion, die mit MINT-Angeboten um ihre jungen Fachkräfte wirbt.",
        "tags": ["Berufsorientierung", "Finanzierung"],
    },
    {
        "slug": "technikland-allgaeu",
        "title": "Technikland Allgäu",
        "bundesland": "BY",
        "area_covered": "Kempten (Allgäu)\nLandkreis Oberallgäu",
        "latitude": "47.72670",
        "longitude": "10.31390",
        "founded_year": 2015,
        "organisational_form": "association",
        "financing": "Vereinsbeiträge, Spenden und eine Förderung der Stadt Kempten für die Koordination.",
        "partner_types": ["kita", "school", "company", "club", "foundation"],
        "goals": "Tüftelwerkstätten in allen Grundschulen\nEin Technik-Sommercamp für Mädchen",
        "intro": "Tüftelwerkstätten, Sommercamps und viele Ehrenamtliche zwischen Alpen und Bodensee.",
        "tags": ["Mädchen in MINT"],
    },
    {
        "slug": "mint-netz-regensburg",
        "title": "MINT-Netz Regensburg",
        "bundesland": "BY",
        "area_covered": "Stadt Regensburg\nLandkreis Regensburg",
        "latitude": "49.01340",
        "longitude": "12.10160",
        "founded_year": 2018,
        "organisational_form": "university",
        "financing": "Anschubfinanzierung durch eine Stiftung, seit 2022 gemeinsam von Stadt und Landkreis getragen.",
        "partner_types": ["school", "university", "company", "municipality", "student_lab"],
        "goals": "Ein gemeinsamer Kalender aller MINT-Angebote\nInformatik ab der Grundschule",
        "intro": "Ein junges Netzwerk rund um die Hochschulen, das die Angebote der Region sichtbar macht.",
        "tags": ["Schülerlabore", "Partnergewinnung"],
    },
    {
        "slug": "main-spessart",
        "title": "Forschergeist Main-Spessart",
        "bundesland": "BY",
        "area_covered": "Landkreis Main-Spessart",
        "latitude": "49.96030",
        "longitude": "9.77220",
        "founded_year": 2020,
        "organisational_form": "municipal",
        "financing": "Koordination beim Landkreis; Sachkosten über Sponsoring regionaler Betriebe.",
        "partner_types": ["school", "company", "municipality"],
        "goals": "Alle Mittelschulen haben einen Technikpartner\nEin MINT-Tag im Landratsamt",
        "intro": "Ein Landkreis, der seine Schulen und Betriebe über MINT-Projekte zusammenbringt.",
        "tags": ["Partnergewinnung"],
    },
    {
        "slug": "mittelfranken-west",
        "title": "MINT Mittelfranken-West",
        "bundesland": "BY",
        "area_covered": "Stadt Ansbach\nLandkreis Ansbach",
        "latitude": "49.30060",
        "longitude": "10.57190",
        "founded_year": 2021,
        "organisational_form": "informal",
        "financing": "Noch ohne feste Finanzierung; ein Antrag für die MINT-Managerin ist gestellt.",
        "partner_types": ["school", "university", "company"],
        "goals": "Eine verlässliche Finanzierung der Koordination bis 2026",
        "intro": "Ein Netzwerk im Aufbau, das gerade um die Finanzierung seiner Koordination ringt.",
        "tags": ["Finanzierung"],
    },
    {
        "slug": "bodensee-oberschwaben",
        "title": "MINT-Region Bodensee-Oberschwaben",
        "bundesland": "BW",
        "area_covered": "Bodenseekreis\nLandkreis Ravensburg",
        "latitude": "47.65000",
        "longitude": "9.48000",
        "founded_year": 2012,
        "organisational_form": "association",
        "financing": "Getragen von Mitgliedsunternehmen; die Kreise zahlen einen Zuschuss für Schulprojekte.",
        "partner_types": ["school", "university", "company", "chamber", "foundation", "student_lab"],
        "goals": (
            "Ein Schülerforschungszentrum mit Außenstellen in beiden Kreisen\n"
            "Mehr Schülerinnen in den Technik-AGs"
        ),
        "intro": "Industrie, Hochschulen und Schulen am See mit einem gemeinsamen Schülerforschungszentrum.",
        "tags": ["Schülerlabore", "Mädchen in MINT"],
    },
    {
        "slug": "heilbronn-franken",
        "title": "Tüftelwerk Heilbronn-Franken",
        "bundesland": "BW",
        "area_covered": "Stadt Heilbronn\nLandkreis Heilbronn\nHohenlohekreis",
        "latitude": "49.14270",
        "longitude": "9.21090",
        "founded_year": 2010,
        "organisational_form": "foundation",
        "financing": "Eine regionale Stiftung finanziert Koordination und Material dauerhaft.",
        "partner_types": ["kita", "school", "university", "company", "foundation"],
        "goals": "Forscherecken in allen Kitas\nWirkung über die ganze Bildungskette nachweisen",
        "intro": "Von der Kita bis zur Hochschule, getragen von einer Stiftung mit langem Atem.",
        "tags": ["Wirkungsmessung", "Finanzierung"],
    },
    {
        "slug": "schwarzwald-baar",
        "title": "MINT Schwarzwald-Baar",
        "bundesland": "BW",
        "area_covered": "Schwarzwald-Baar-Kreis",
        "latitude": "48.06200",
        "longitude": "8.49330",
        "founded_year": 2017,
        "organisational_form": "chamber",
        "financing": "Koordination bei der Industrie- und Handelskammer, Projektmittel aus dem Kreis.",
        "partner_types": ["school", "company", "chamber", "employment_agency"],
        "goals": "Jede Schule mit einem Ausbildungsbetrieb als Partner\nBerufsorientierung mit echten Werkstücken",
        "intro": "Feinwerktechnik zum Anfassen: Betriebe öffnen ihre Werkstätten für Schulklassen.",
        "tags": ["Berufsorientierung"],
    },
    {
        "slug": "emsland",
        "title": "MINT-Netzwerk Emsland",
        "bundesland": "NI",
        "area_covered": "Landkreis Emsland",
        "latitude": "52.69060",
        "longitude": "7.29080",
        "founded_year": 2011,
        "organisational_form": "municipal",
        "financing": "Feste Stelle in der Kreisverwaltung, Sachmittel aus einem Unternehmensfonds.",
        "partner_types": ["kita", "school", "company", "municipality", "employment_agency"],
        "goals": "Ein MINT-Angebot in jeder Samtgemeinde\nElternabende zu technischen Berufen",
        "intro": "Ein Flächenlandkreis, der Eltern als wichtigste Berufsberater ernst nimmt.",
        "tags": ["Berufsorientierung", "Partnergewinnung"],
    },
    {
        "slug": "wissensregion-goettingen",
        "title": "Wissensregion Göttingen",
        "bundesland": "NI",
        "area_covered": "Stadt Göttingen\nLandkreis Göttingen",
        "latitude": "51.54130",
        "longitude": "9.91580",
        "founded_year": 2009,
        "organisational_form": "university",
        "financing": "Universität und Landkreis tragen die Koordination je zur Hälfte.",
        "partner_types": ["school", "university", "foundation", "student_lab", "club"],
        "goals": "Forschendes Lernen in allen Schulformen\nJährliche Auswertung der Teilnahmezahlen nach Geschlecht",
        "intro": "Forschung zum Mitmachen: Labore der Universität öffnen sich für Schulen aus Stadt und Land.",
        "tags": ["Schülerlabore", "Wirkungsmessung", "Mädchen in MINT"],
    },
    {
        "slug": "lueneburger-heide",
        "title": "Technikbrücke Lüneburger Heide",
        "bundesland": "NI",
        "area_covered": "Landkreis Lüneburg\nLandkreis Uelzen",
        "latitude": "53.24640",
        "longitude": "10.41150",
        "founded_year": 2019,
        "organisational_form": "association",
        "financing": "Vereinsbeiträge und eine auf drei Jahre befristete Förderung aus einem Landesprogramm.",
        "partner_types": ["school", "company", "club"],
        "goals": "Die Koordination über 2025 hinaus sichern\nZehn neue Unternehmenspartner",
        "intro": "Ein Verein, der Schulen und Betriebe auf dem Land miteinander verbindet.",
        "tags": ["Finanzierung", "Partnergewinnung"],
    },
    {
        "slug": "westpfalz",
        "title": "MINT-Region Westpfalz",
        "bundesland": "RP",
        "area_covered": "Stadt Kaiserslautern\nLandkreis Kaiserslautern\nLandkreis Kusel",
        "latitude": "49.44470",
        "longitude": "7.76900",
        "founded_year": 2019,
        "organisational_form": "university",
        "financing": "Gestartet mit dem Landeswettbewerb (30.000 Euro über zwei Jahre), seither von der Hochschule getragen.",
        "partner_types": ["school", "university", "company", "municipality"],
        "goals": "Informatik-AGs an allen weiterführenden Schulen\nEin gemeinsamer Wettbewerb für Schulteams",
        "intro": "Aus dem Landeswettbewerb hervorgegangen: Hochschule und Schulen in der Westpfalz.",
        "tags": ["Partnergewinnung"],
    },
    {
        "slug": "rhein-hunsrueck",
        "title": "MINT-Netz Rhein-Hunsrück",
        "bundesland": "RP",
        "area_covered": "Rhein-Hunsrück-Kreis",
        "latitude": "49.98170",
        "longitude": "7.52220",
        "founded_year": 2020,
        "organisational_form": "municipal",
        "financing": "Kreisverwaltung, unterstützt durch Materialsätze der MINT-Regionalpaten des Landes.",
        "partner_types": ["kita", "school", "municipality", "club"],
        "goals": "Experimentierkisten in allen Grundschulen\nMINT-Angebote für Kinder auf dem Land erreichbar machen",
        "intro": "Ländlicher Raum, kurze Wege: Grundschulen und Vereine experimentieren gemeinsam.",
        "tags": ["Mädchen in MINT"],
    },
    {
        "slug": "ostthueringen",
        "title": "Forschernetz Ostthüringen",
        "bundesland": "TH",
        "area_covered": "Gera\nLandkreis Greiz",
        "latitude": "50.88060",
        "longitude": "12.08330",
        "founded_year": 2020,
        "organisational_form": "foundation",
        "financing": "Regionale Koordination im Landesprogramm, angebunden an ein Schülerforschungszentrum.",
        "partner_types": ["school", "company", "student_lab", "foundation"],
        "goals": "Das Schülerforschungszentrum als Anlaufstelle für alle Schulen der Region",
        "intro": "Ein Schülerforschungszentrum als Knoten für Schulen, Betriebe und Vereine.",
        "tags": ["Schülerlabore"],
    },
    {
        "slug": "suedthueringen",
        "title": "MINT-Region Südthüringen",
        "bundesland": "TH",
        "area_covered": "Suhl\nLandkreis Schmalkalden-Meiningen",
        "latitude": "50.60960",
        "longitude": "10.69340",
        "founded_year": 2021,
        "organisational_form": "association",
        "financing": "Verein mit Unternehmensmitgliedern; Personalkosten teilweise aus dem Landesprogramm.",
        "partner_types": ["school", "company", "club", "chamber"],
        "goals": "Technikberufe sichtbar machen, bevor die Jugendlichen die Region verlassen",
        "intro": "Ein Netzwerk, das der Abwanderung mit Praxisnähe und Betriebsbesuchen begegnet.",
        "tags": ["Berufsorientierung"],
    },
    {
        "slug": "nordhessen",
        "title": "MINT-Verbund Nordhessen",
        "bundesland": "HE",
        "area_covered": "Stadt Kassel\nLandkreis Kassel",
        "latitude": "51.31270",
        "longitude": "9.47970",
        "founded_year": 2013,
        "organisational_form": "chamber",
        "financing": "Koordination bei der Handwerkskammer, finanziert aus Kammermitteln und Spenden.",
        "partner_types": ["school", "university", "company", "chamber", "employment_agency"],
        "goals": "Handwerk und Industrie gemeinsam in der Berufsorientierung\nPraktika für Lehrkräfte in Betrieben",
        "intro": "Handwerk, Industrie und Universität werben gemeinsam für technische Berufe.",
        "tags": ["Berufsorientierung", "Partnergewinnung"],
    },
    {
        "slug": "darmstadt-dieburg",
        "title": "Technik macht Schule Darmstadt-Dieburg",
        "bundesland": "HE",
        "area_covered": "Stadt Darmstadt\nLandkreis Darmstadt-Dieburg",
        "latitude": "49.87280",
        "longitude": "8.65120",
        "founded_year": 2016,
        "organisational_form": "association",
        "financing": "Verein; die Koordination ist über eine Kooperation mit zwei Unternehmen finanziert.",
        "partner_types": ["school", "university", "company", "foundation", "student_lab"],
        "goals": "Programmieren in allen fünften Klassen\nRollenvorbilder: Ingenieurinnen besuchen Schulklassen",
        "intro": "Wissenschaftsstadt und Landkreis: Programmieren und Vorbilder für Schülerinnen.",
        "tags": ["Mädchen in MINT", "Wirkungsmessung"],
    },
    {
        "slug": "erzgebirge",
        "title": "MINT-Netzwerk Erzgebirge",
        "bundesland": "SN",
        "area_covered": "Erzgebirgskreis",
        "latitude": "50.57970",
        "longitude": "13.00640",
        "founded_year": 2015,
        "organisational_form": "company",
        "financing": "Gemeinnützige GmbH, getragen von Wirtschaftsförderung und Unternehmen der Region.",
        "partner_types": ["school", "company", "municipality", "chamber", "club"],
        "goals": "Die Tradition von Bergbau und Handwerk mit moderner Technik verbinden",
        "intro": "Wo Handwerk Tradition hat: Betriebe und Schulen im Erzgebirge experimentieren gemeinsam.",
        "tags": ["Berufsorientierung", "Partnergewinnung"],
    },
    {
        "slug": "schleswig-flensburg",
        "title": "Küstenlabor Schleswig-Flensburg",
        "bundesland": "SH",
        "area_covered": "Flensburg\nKreis Schleswig-Flensburg",
        "latitude": "54.79370",
        "longitude": "9.44690",
        "founded_year": 2014,
        "organisational_form": "association",
        "financing": "Verein, unterstützt von der Stadt Flensburg und einer Sparkassenstiftung.",
        "partner_types": ["school", "university", "club", "student_lab", "foundation"],
        "goals": "Meeresforschung und erneuerbare Energien im Unterricht\nEin mobiles Küstenlabor",
        "intro": "Meer, Wind und Wasser als Lernorte: ein Labor, das an die Küste fährt.",
        "tags": ["Schülerlabore"],
    },
    {
        "slug": "lausitz-spree",
        "title": "MINT-Region Lausitz-Spree",
        "bundesland": "BB",
        "area_covered": "Cottbus\nLandkreis Spree-Neiße",
        "latitude": "51.75630",
        "longitude": "14.33290",
        "founded_year": 2022,
        "organisational_form": "municipal",
        "financing": "Strukturwandelmittel für drei Jahre; die Anschlussfinanzierung ist offen.",
        "partner_types": ["school", "university", "company", "municipality"],
        "goals": "Jugendliche für die neuen Berufe im Strukturwandel gewinnen\nDie Koordination dauerhaft sichern",
        "intro": "Die jüngste Region im Verzeichnis, entstanden im Strukturwandel der Lausitz.",
        "tags": ["Finanzierung", "Berufsorientierung"],
    },
    {
        "slug": "harburg",
        "title": "MINT-Hafen Harburg",
        "bundesland": "HH",
        "area_covered": "Bezirk Harburg",
        "latitude": "53.46000",
        "longitude": "9.98000",
        "founded_year": 2017,
        "organisational_form": "association",
        "financing": "Verein mit Projektmitteln aus dem Bezirk und von Hafenunternehmen.",
        "partner_types": ["school", "university", "company", "club"],
        "goals": "Technik im Hafen erleben\nSchulen südlich der Elbe besser anbinden",
        "intro": "Hafen, Hochschule und Schulen südlich der Elbe.",
        "tags": ["Partnergewinnung"],
    },
    {
        "slug": "neukoelln",
        "title": "MINT-Kiez Neukölln",
        "bundesland": "BE",
        "area_covered": "Bezirk Neukölln",
        "latitude": "52.48110",
        "longitude": "13.43540",
        "founded_year": 2023,
        "organisational_form": "informal",
        "financing": "Ehrenamtlich koordiniert; Mittel aus dem Quartiersmanagement für Material.",
        "partner_types": ["school", "club", "foundation"],
        "goals": "MINT-Angebote für Kinder, die sonst keine erreichen\nEine feste Koordination finanzieren",
        "intro": "Ein Netzwerk im Kiez, das Kinder erreicht, die sonst keine MINT-Angebote kennen.",
        "tags": ["Mädchen in MINT", "Finanzierung"],
    },
]

STATE_OFFICES = [
    {
        "slug": "zdi-nordrhein-westfalen",
        "title": "zdi – Zukunft durch Innovation.NRW",
        "bundesland": "NW",
        "organisation": "Dienstleister im Auftrag des Wissenschaftsministeriums Nordrhein-Westfalen",
        "latitude": "51.22770",
        "longitude": "6.77350",
        "website": "https://zdi-landesstelle.example",
        "contact_email": "landesstelle@zdi-nrw.example",
        "intro": "Die Landesinitiative für die MINT-Netzwerke in Nordrhein-Westfalen, seit 2005/2006.",
        "description": (
            "Die Gemeinschaftsoffensive zdi verbindet 47 regionale zdi-Netzwerke und über 70 Schülerlabore. "
            "Sie gilt als das größte MINT-Netzwerk Europas.\n\n"
            "Die Geschäftsstelle berät die Netzwerke, vernetzt sie untereinander und bündelt landesweite "
            "Formate. Sie wird im Auftrag des Wissenschaftsministeriums von einem Dienstleister betrieben."
        ),
    },
    {
        "slug": "mint-geschaeftsstelle-rheinland-pfalz",
        "title": "MINT-Geschäftsstelle Rheinland-Pfalz",
        "bundesland": "RP",
        "organisation": "Ministerium für Bildung Rheinland-Pfalz",
        "latitude": "49.99290",
        "longitude": "8.24730",
        "website": "https://mint-rlp.example",
        "contact_email": "mint-geschaeftsstelle@bildung-rlp.example",
        "intro": "Seit 2018 im Bildungsministerium: Ansprechstelle für neue und bestehende MINT-Regionen.",
        "description": (
            "Von 2018 bis 2021 förderte ein Landeswettbewerb jedes Jahr bis zu zwei neue MINT-Regionen mit "
            "30.000 Euro über zwei Jahre.\n\n"
            "Im Programm „MINT-Regionalpaten“ erhalten Schulen Materialsätze für den Unterricht; die "
            "Geschäftsstelle vermittelt zwischen Schulen, Regionen und Paten."
        ),
    },
    {
        "slug": "jungforscher-thueringen",
        "title": "Jungforscher Thüringen",
        "bundesland": "TH",
        "organisation": "Stiftung STIFT",
        "latitude": "50.98480",
        "longitude": "11.02990",
        "website": "https://jungforscher-thueringen.example",
        "contact_email": "kontakt@jungforscher-thueringen.example",
        "intro": "Das Landesprogramm der Stiftung STIFT seit 2020, mit elf Schülerforschungszentren als Knoten.",
        "description": (
            "Elf Schülerforschungszentren bilden die Knotenpunkte des Programms in ganz Thüringen.\n\n"
            "Zwei zentrale und sieben regionale Koordinator:innen begleiten die Regionen, beraten Schulen und "
            "bringen Partner zusammen."
        ),
    },
    {
        "slug": "koordinierungsstelle-bayern",
        "title": "Zentrale Koordinierungsstelle MINT-Regionen Bayern",
        "bundesland": "BY",
        "organisation": "Gemeinnütziger Träger im Auftrag des Kultusministeriums",
        "latitude": "48.13510",
        "longitude": "11.58200",
        "website": "https://mint-regionen-bayern.example",
        "contact_email": "koordinierung@mint-bayern.example",
        "intro": "Seit dem 1. August 2022 die gemeinsame Anlaufstelle für alle 20 bayerischen MINT-Regionen.",
        "description": (
            "Die Koordinierungsstelle unterstützt alle 20 MINT-Regionen in Bayern mit Beratung, Austausch und "
            "gemeinsamen Formaten. Sie wird von einem gemeinnützigen Träger für das Ministerium betrieben.\n\n"
            "Die Koordinator:innen heißen in Bayern MINT-Manager:innen; ihre Stellen finanzieren die Regionen "
            "selbst."
        ),
    },
]

DEMO_PROPOSAL_MESSAGE = (
    "Wir haben seit diesem Schuljahr zwei neue Partner: die Kreishandwerkerschaft und das Jobcenter. "
    "Außerdem ist die Finanzierung jetzt bis 2028 gesichert – bitte im Steckbrief ergänzen."
)


def _ensure_index(home) -> RegionIndexPage:
    index = RegionIndexPage.objects.child_of(home).first()
    if index is None:
        index = RegionIndexPage(show_in_menus=True, **INDEX)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _create_region(index, spec) -> RegionPage:
    spec = dict(spec)
    tags = spec.pop("tags")
    region = RegionPage(website=f"https://{spec['slug']}.example", **spec)
    index.add_child(instance=region)
    region.tags.add(*tags)
    region.save_revision().publish()
    return region


def _assign_coordinators(context, regions_by_land: dict[str, list[RegionPage]]) -> None:
    from community.members.models import NetworkRole, Profile

    profiles = (
        Profile.objects.filter(
            role=NetworkRole.COORDINATOR, region__isnull=True, bundesland__in=regions_by_land
        )
        .select_related("user")
        .order_by("pk")
    )
    rotation = {code: cycle(regions) for code, regions in regions_by_land.items()}
    assigned: dict[int, list] = {}
    for profile in profiles:
        region = next(rotation[profile.bundesland])
        assigned.setdefault(region.pk, []).append(profile)
    for region_pk, members in assigned.items():
        page = RegionPage.objects.get(pk=region_pk).get_latest_revision_as_object()
        for profile in members:
            page.coordinators.add(profile.user)
        page.save_revision().publish()
        Profile.objects.filter(pk__in=[profile.pk for profile in members]).update(region_id=region_pk)
        for _profile in members:
            context.count(APP, "Koordinator:innen zugeordnet", created=True)


def _demo_proposal(context) -> None:
    """One open proposal, so the editors find something under "Änderungsvorschläge" in the admin."""
    from .proposals import create_proposal, current_values

    if RegionChangeProposal.objects.exists():
        return
    through = RegionPage.coordinators.through
    link = through.objects.select_related("regionpage", "user").order_by("regionpage__title").first()
    if link is None:
        return
    region = RegionPage.objects.get(pk=link.regionpage_id)
    values = current_values(region)
    values["partner_types"] = sorted(set(values["partner_types"]) | {"chamber", "employment_agency"})
    values["financing"] = (values["financing"] + " Die Finanzierung ist bis 2028 gesichert.").strip()
    create_proposal(region, link.user, values, DEMO_PROPOSAL_MESSAGE)
    context.count(APP, "Änderungsvorschläge", created=True)


def load(context) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    index = _ensure_index(home)
    context.count(APP, "Verzeichnis", created=False)

    existing = set(RegionPage.objects.child_of(index).values_list("slug", flat=True))
    for spec in REGIONS:
        if spec["slug"] in existing:
            context.count(APP, "MINT-Regionen", created=False)
            continue
        _create_region(index, spec)
        context.count(APP, "MINT-Regionen", created=True)

    existing_offices = set(StateOfficePage.objects.child_of(index).values_list("slug", flat=True))
    for spec in STATE_OFFICES:
        if spec["slug"] in existing_offices:
            context.count(APP, "Landeskoordinierungsstellen", created=False)
            continue
        office = StateOfficePage(**spec)
        index.add_child(instance=office)
        office.save_revision().publish()
        context.count(APP, "Landeskoordinierungsstellen", created=True)

    regions_by_land: dict[str, list[RegionPage]] = {}
    for region in RegionPage.objects.child_of(index).order_by("title"):
        regions_by_land.setdefault(region.bundesland, []).append(region)
    _assign_coordinators(context, regions_by_land)
    _demo_proposal(context)
