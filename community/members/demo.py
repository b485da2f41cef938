"""Demo members: invented coordinators, state offices, foundations and partners with profiles and follows.

Every person, organisation and address here is invented (email domains end in .example). The regions' demo
runs after this one and assigns MINT-Regionen to members (see DEMO_MEMBERS for their emails and Bundesländer).

Accounts of the thirty-odd members are created with context.ensure_account() only when they do not exist yet:
it hashes the shared demo password once per account (about 0.3 s each), which would otherwise add ten seconds
to every `make run`. Profiles are created once and never overwritten, so changes made in the demo survive.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.demo_support import DemoAccount

from . import follow
from .models import NetworkRole, Profile, Visibility

APP = "community.members"

P, M, H = Visibility.PUBLIC.value, Visibility.MEMBERS.value, Visibility.HIDDEN.value

# Visibility settings, from fully public to guarded; most members keep the members-only defaults.
ALL_PUBLIC = dict.fromkeys(Profile.VISIBILITY_FIELDS, P)
PUBLIC_CARD = {"display_name": P, "avatar": P, "role": P, "organisation": P, "region": P, "bundesland": P}
MEMBERS_ONLY: dict[str, str] = {}
GUARDED = {"organisation": H, "looking_for": H, "bio": M}
NAME_AND_STATE_PUBLIC = {"display_name": P, "bundesland": P, "region": P}
NO_HELP_SHOWN = {"can_help_with": H, "topics": M}

COORD, STATE, FOUNDATION, PARTNER, OTHER = (
    NetworkRole.COORDINATOR,
    NetworkRole.STATE_OFFICE,
    NetworkRole.FOUNDATION,
    NetworkRole.PARTNER,
    NetworkRole.OTHER,
)

# (first name, last name, email, role, organisation, Bundesland, topics, bio, can help with, looking for, visibility)
DEMO_MEMBERS = [
    (
        "Jana", "Vollmering", "jana.vollmering@mint-talsperrenland.example", COORD,
        "MINT-Netzwerk Talsperrenland e. V.", "NW",
        ["Mädchen in MINT", "Berufsorientierung", "Unternehmenskooperation"],
        "Ich koordiniere seit sechs Jahren unser Netzwerk aus 40 Schulen und gut 25 Betrieben. Vorher war ich "
        "Physiklehrerin – deshalb weiß ich, wie knapp die Zeit im Kollegium ist.\n\nAm liebsten baue ich "
        "Formate, bei denen Schülerinnen echte Ingenieurinnen kennenlernen.",
        "Mentoring-Programme für Schülerinnen aufbauen, Betriebe für Praktikumstage gewinnen",
        "Ideen, wie wir Eltern stärker in die Berufsorientierung einbinden",
        ALL_PUBLIC,
    ),
    (
        "Mehmet", "Karaoğlu", "mehmet.karaoglu@zukunftsnetz-boerde.example", COORD,
        "Zukunftsnetz Börde-Süd", "ST",
        ["Finanzierung", "Verstetigung", "Politische Unterstützung"],
        "Unsere Koordinationsstelle hing drei Jahre an einer Projektförderung. Seit letztem Jahr trägt der "
        "Landkreis die Hälfte – der Weg dahin war lang, und ich erzähle gern, was geholfen hat.",
        "Kreistagsvorlagen vorbereiten, Kofinanzierung durch Kommunen",
        "Erfahrungen mit Stiftungsanträgen über mehrere Jahre",
        PUBLIC_CARD,
    ),
    (
        "Ulrike", "Brandstätter", "ulrike.brandstaetter@mint-inn-salzach.example", COORD,
        "MINT-Region Inn-Salzach (Landratsamt)", "BY",
        ["Kita", "Lehrkräftefortbildung", "Ländlicher Raum"],
        "Ich bin MINT-Managerin in einem Flächenlandkreis: 45 Kitas, lange Busfahrten, viel Engagement. "
        "Mein Schwerpunkt ist der Anfang der Bildungskette.",
        "Forscherkisten für Kitas, Fortbildungen für pädagogische Fachkräfte",
        "Kontakte zu Hochschulen, die Kita-Projekte wissenschaftlich begleiten",
        MEMBERS_ONLY,
    ),
    (
        "Torben", "Asmussen", "torben.asmussen@lks-mint-sh.example", STATE,
        "Landeskoordinierungsstelle MINT Schleswig-Holstein (Demo)", "SH",
        ["Netzwerkaufbau", "Strategieentwicklung", "Evaluation"],
        "Ich unterstütze die Regionen im Land beim Aufbau und bei der Qualitätsentwicklung. Wer gerade "
        "gründet, darf mich jederzeit anrufen.",
        "Gründungsberatung, Zielvereinbarungen, Landesprogramme verstehen",
        "Gute Beispiele für Wirkungsmodelle, die nicht zu kompliziert sind",
        PUBLIC_CARD,
    ),
    (
        "Sabine", "Oelschläger", "sabine.oelschlaeger@mint-erzgebirgsvorland.example", COORD,
        "MINT-Netzwerk Erzgebirgsvorland", "SN",
        ["Schülerlabore", "Ferienangebote", "Ehrenamt"],
        "Wir betreiben zwei kleine Schülerlabore, die zum großen Teil von Ehrenamtlichen aus der Industrie "
        "getragen werden. Ohne die Ruheständler:innen ginge hier gar nichts.",
        "Ehrenamtliche gewinnen und halten, Ferienkurse organisieren",
        "Versicherungsfragen bei Ehrenamtlichen im Labor",
        MEMBERS_ONLY,
    ),
    (
        "Laura", "Pfisterer", "laura.pfisterer@mint-kraichgau.example", COORD,
        "MINT-Region Kraichgau-Neckar", "BW",
        ["Wirkungsmessung", "Evaluation", "Digitale Bildung"],
        "Ich komme aus der Sozialforschung und versuche, Wirkung messbar zu machen, ohne die Schulen mit "
        "Fragebögen zu überfluten.",
        "Evaluationsdesigns, kurze Feedbackbögen, Auswertung mit einfachen Mitteln",
        "Regionen, die eine gemeinsame Datengrundlage aufbauen wollen",
        ALL_PUBLIC,
    ),
    (
        "Kai-Uwe", "Hollenbach", "kai-uwe.hollenbach@ihk-musterland.example", PARTNER,
        "IHK Musterland, Ausbildung und MINT", "NI",
        ["Berufsorientierung", "Unternehmenskooperation", "Ausbildung"],
        "Als Kammer bringen wir Betriebe und Schulen zusammen. Ich sitze in drei regionalen MINT-Netzwerken "
        "im Steuerkreis.",
        "Ausbildungsbetriebe ansprechen, Praktikumsbörsen",
        "",
        GUARDED,
    ),
    (
        "Friederike", "Anklam", "friederike.anklam@mint-vorpommern.example", COORD,
        "MINT-Netz Vorpommern-Küste", "MV",
        ["Ländlicher Raum", "Mobilität", "Partnergewinnung"],
        "Bei uns liegen zwischen zwei Schulen oft 40 Kilometer. Ich teste gerade ein Lernmobil, das die "
        "Angebote zu den Schulen bringt statt umgekehrt.",
        "Mobile Angebote planen, Partner in dünn besiedelten Regionen finden",
        "Finanzierungsideen für Fahrzeug und Personal",
        NAME_AND_STATE_PUBLIC,
    ),
    (
        "Dominik", "Szymański", "dominik.szymanski@mint-oderland.example", COORD,
        "MINT-Initiative Oderland", "BB",
        ["Informatik", "Makerspaces", "Digitale Bildung"],
        "Ich habe in einer alten Sparkassenfiliale einen Makerspace mit aufgebaut. Dienstags ist offener "
        "Abend für Jugendliche – und für Lehrkräfte, die 3D-Druck ausprobieren wollen.",
        "Makerspace einrichten, Ausstattung günstig beschaffen, Informatik-AGs",
        "Leute, die Erfahrung mit Jugendbeteiligung haben",
        MEMBERS_ONLY,
    ),
    (
        "Henrike", "Warnecke", "henrike.warnecke@mint-weserbergland.example", COORD,
        "MINT-Netzwerk Weserbergland", "NI",
        ["Mädchen in MINT", "Öffentlichkeitsarbeit", "Elternarbeit"],
        "Kommunikation ist mein Ding: Ich schreibe, fotografiere und überrede Lokalzeitungen, über "
        "MINT-Projekte zu berichten.",
        "Pressearbeit, Social Media für Netzwerke, Jahresberichte",
        "Vorlagen für Einverständniserklärungen bei Fotos",
        MEMBERS_ONLY,
    ),
    (
        "Bernd", "Tiedemann", "bernd.tiedemann@mint-bremen-nord.example", COORD,
        "MINT-Bündnis Bremen-Nord", "HB",
        ["Ganztag", "Schülerlabore", "Inklusion"],
        "Ich koordiniere Angebote im Ganztag an zwölf Schulen, viele davon in herausfordernder Lage. "
        "Mir ist wichtig, dass MINT nicht nur die ohnehin Begeisterten erreicht.",
        "Ganztagsangebote mit externen Partnern, inklusive Experimentierformate",
        "Austausch mit Stadtstaaten über Quartiersarbeit",
        PUBLIC_CARD,
    ),
    (
        "Anneke", "Jürgensen", "anneke.juergensen@mint-vernetzung-hh.example", STATE,
        "MINT-Vernetzungsstelle Hamburg (Demo)", "HH",
        ["Netzwerkaufbau", "Veranstaltungen", "Barcamp"],
        "Ich organisiere Vernetzungstreffen und bin jedes Jahr beim Barcamp dabei. Frag mich nach "
        "Sessionplanung!",
        "Barcamps und Netzwerktreffen moderieren, Veranstaltungslogistik",
        "",
        ALL_PUBLIC,
    ),
    (
        "Georg", "Lindqvist", "georg.lindqvist@stiftung-zukunftsbildung.example", FOUNDATION,
        "Stiftung Zukunftsbildung (Demo)", "BE",
        ["Finanzierung", "Fördermittel", "Wirkungsmessung"],
        "Ich betreue das Förderprogramm für regionale Bildungsnetzwerke. Lieber ein ehrliches Gespräch vor "
        "dem Antrag als zehn Nachfragen danach.",
        "Anträge schärfen, Förderlogiken von Stiftungen erklären",
        "Einblicke, welche Berichtspflichten Regionen als belastend empfinden",
        PUBLIC_CARD,
    ),
    (
        "Miriam", "Okafor", "miriam.okafor@mint-rhein-main-sued.example", COORD,
        "MINT-Netzwerk Rhein-Main-Süd", "HE",
        ["Mädchen in MINT", "Diversität", "Hochschulkooperation"],
        "Ich bin Chemikerin und habe in die Bildungskoordination gewechselt. Mein Herzensthema: Vorbilder, "
        "in denen sich Jugendliche wiedererkennen.",
        "Role-Model-Formate, Kooperationen mit Hochschulen",
        "Austausch zu diversitätssensibler Ansprache",
        MEMBERS_ONLY,
    ),
    (
        "Reinhard", "Kübler", "reinhard.kuebler@mint-westpfalz.example", COORD,
        "MINT-Region Westpfalz", "RP",
        ["Partnergewinnung", "Unternehmenskooperation", "Verstetigung"],
        "Ich war 30 Jahre im Maschinenbau und koordiniere jetzt ehrenamtlich mit halber Stelle. Ich kenne "
        "die Sprache der Betriebe.",
        "Mittelständler ansprechen, Kooperationsverträge",
        "Jemanden, der unsere Website mit uns neu aufsetzt",
        NO_HELP_SHOWN,
    ),
    (
        "Svenja", "Hartkopf", "svenja.hartkopf@mint-saar-mitte.example", COORD,
        "MINT-Netzwerk Saar-Mitte", "SL",
        ["Berufsorientierung", "Ausbildung", "Elternarbeit"],
        "Klein, aber gut vernetzt: Im Saarland kennt man sich. Ich verbinde Schulen mit Ausbildungsbetrieben "
        "und organisiere Elternabende zur Berufswahl.",
        "Elternabende zur Berufsorientierung gestalten",
        "Materialien in leichter Sprache",
        MEMBERS_ONLY,
    ),
    (
        "Matthias", "Grünwald", "matthias.gruenwald@sfz-ostthueringen.example", COORD,
        "Schülerforschungszentrum Ostthüringen (Demo)", "TH",
        ["Schülerlabore", "MINT-Wettbewerbe", "Lehrkräftefortbildung"],
        "Ich leite ein Schülerforschungszentrum und betreue Jugendliche, die an Wettbewerben teilnehmen. "
        "Daneben bilde ich Lehrkräfte im Experimentieren fort.",
        "Wettbewerbsbetreuung, Forschungsprojekte mit Jugendlichen",
        "Kooperationen mit Betrieben, die Forschungsfragen beisteuern",
        PUBLIC_CARD,
    ),
    (
        "Carolin", "Eschweiler", "carolin.eschweiler@mint-nordeifel.example", COORD,
        "MINT-Zentrum Nordeifel (Demo)", "NW",
        ["Kita", "Grundschule", "Finanzierung"],
        "Ich koordiniere Angebote von der Kita bis zur vierten Klasse und kämpfe jedes Jahr um die "
        "Kofinanzierung.",
        "Kommunale Haushaltslogik, Projekte für Grundschulen",
        "",
        GUARDED,
    ),
    (
        "Pascal", "Wendt", "pascal.wendt@mint-uckermark.example", COORD,
        "MINT-Netzwerk Uckermark-Barnim", "BB",
        ["Ländlicher Raum", "Digitale Bildung", "Ehrenamt"],
        "Digitale Formate sind bei unseren Entfernungen kein Nice-to-have. Ich betreue eine Online-AG "
        "Programmieren für sechs Schulen gleichzeitig.",
        "Online-AGs organisieren, Videokonferenzen mit Jugendlichen",
        "Datenschutzkonforme Tools für Schulen",
        MEMBERS_ONLY,
    ),
    (
        "Ilse", "Marquardt", "ilse.marquardt@lks-sachsen-anhalt.example", STATE,
        "Landeskoordinierungsstelle MINT Sachsen-Anhalt (Demo)", "ST",
        ["Strategieentwicklung", "Politische Unterstützung", "Netzwerkaufbau"],
        "Wir beraten Landkreise, die ein MINT-Netzwerk aufbauen wollen, und vermitteln zwischen Regionen und "
        "Ministerium.",
        "Politische Gremien einbinden, Landesstrategie übersetzen",
        "Gute Beispiele für Steuerkreise mit Landräten",
        ALL_PUBLIC,
    ),
    (
        "Yusuf", "Demirci", "yusuf.demirci@mint-ruhr-west.example", COORD,
        "MINT-Netzwerk Ruhr-West", "NW",
        ["Inklusion", "Mädchen in MINT", "Ganztag"],
        "Ich arbeite viel mit Schulen im Quartier und mit Migrantenorganisationen. Vertrauen entsteht bei "
        "uns über Menschen, nicht über Flyer.",
        "Zugang zu Migrantenorganisationen, mehrsprachige Elternansprache",
        "Ideen für Angebote in den Sommerferien",
        MEMBERS_ONLY,
    ),
    (
        "Wiebke", "Stoltenberg", "wiebke.stoltenberg@mint-dithmarschen.example", COORD,
        "MINT-Netzwerk Westküste", "SH",
        ["Nachhaltigkeit", "Energie", "Unternehmenskooperation"],
        "Windkraft, Wasserstoff, Landwirtschaft: Bei uns liegt MINT direkt vor der Haustür. Ich verknüpfe "
        "Energiethemen mit Schulprojekten.",
        "Projekte mit Energieunternehmen, Exkursionen organisieren",
        "Austausch mit anderen Küstenregionen",
        PUBLIC_CARD,
    ),
    (
        "Christoph", "Albrecht", "christoph.albrecht@mint-hohenlohe.example", COORD,
        "MINT-Region Hohenlohe-Tauber", "BW",
        ["Finanzierung", "Partnergewinnung", "Unternehmenskooperation"],
        "In unserer Region gibt es viele Weltmarktführer, die niemand kennt. Ich überzeuge sie, in die "
        "Bildung vor Ort zu investieren.",
        "Unternehmen als Förderer gewinnen, Sponsoringverträge",
        "Erfahrungen mit Fördervereinen als Träger",
        MEMBERS_ONLY,
    ),
    (
        "Nadine", "Rösler", "nadine.roesler@mint-vogtland.example", COORD,
        "MINT-Netzwerk Vogtland", "SN",
        ["Berufsorientierung", "Mädchen in MINT", "Evaluation"],
        "Ich bin noch neu in der Koordination – seit vier Monaten. Ich lerne gern von denen, die schon "
        "länger dabei sind.",
        "",
        "Eine Mentorin oder einen Mentor aus einer erfahrenen Region",
        NO_HELP_SHOWN,
    ),
    (
        "Olaf", "Bremer", "olaf.bremer@vhs-musterkreis.example", PARTNER,
        "Kreisvolkshochschule Musterkreis", "HE",
        ["Lehrkräftefortbildung", "Erwachsenenbildung", "Digitale Bildung"],
        "Die Volkshochschule ist Partnerin im regionalen MINT-Netzwerk. Ich organisiere Kurse für "
        "Eltern und Großeltern, die mit Kindern experimentieren wollen.",
        "Familienkurse, Räume und Kursverwaltung",
        "",
        MEMBERS_ONLY,
    ),
    (
        "Tamara", "Weißenborn", "tamara.weissenborn@lks-thueringen.example", STATE,
        "Landesweite MINT-Koordination Thüringen (Demo)", "TH",
        ["Netzwerkaufbau", "Schülerlabore", "Verstetigung"],
        "Ich verbinde die regionalen Schülerforschungszentren und kümmere mich um gemeinsame Standards.",
        "Qualitätsstandards für außerschulische Lernorte",
        "Beispiele für landesweite Wirkungsberichte",
        PUBLIC_CARD,
    ),
    (
        "Leonie", "Fuchsberger", "leonie.fuchsberger@mint-allgaeu-ost.example", COORD,
        "MINT-Region Ostallgäu", "BY",
        ["Öffentlichkeitsarbeit", "Ferienangebote", "Mädchen in MINT"],
        "Ich organisiere den MINT-Sommer mit über 60 Ferienkursen. Im Winter plane ich schon den nächsten.",
        "Ferienprogramme koordinieren, Anmeldesysteme",
        "Ein gutes, günstiges Buchungstool",
        MEMBERS_ONLY,
    ),
    (
        "Hannes", "Vogelsang", "hannes.vogelsang@mint-muensterland-nord.example", COORD,
        "MINT-Netzwerk Münsterland-Nord", "NW",
        ["Wirkungsmessung", "Strategieentwicklung", "Politische Unterstützung"],
        "Ich habe unser Netzwerk durch einen Strategieprozess geführt – mit der Sanduhrmethode und sehr "
        "viel Kaffee.",
        "Strategieworkshops moderieren, Leitbilder entwickeln",
        "",
        GUARDED,
    ),
    (
        "Petra", "Kowalczyk", "petra.kowalczyk@foerderverein-mint-demo.example", FOUNDATION,
        "Bürgerstiftung Musterstadt (Demo)", "NI",
        ["Fördermittel", "Ehrenamt", "Kita"],
        "Unsere Bürgerstiftung fördert kleine MINT-Projekte in Kitas und Grundschulen – unbürokratisch "
        "und schnell.",
        "Kleinförderungen beantragen, Bürgerstiftungen als Partner",
        "",
        ALL_PUBLIC,
    ),
    (
        "Felix", "Hauptmann", "felix.hauptmann@hs-demo-mint.example", PARTNER,
        "Hochschule Musterstadt, Schülerlabor", "RP",
        ["Hochschulkooperation", "Schülerlabore", "Informatik"],
        "Ich leite das Schülerlabor unserer Hochschule und freue mich über jede Region, die mit uns "
        "kooperieren will.",
        "Laborbesuche planen, Studierende als Tutor:innen einsetzen",
        "Regionen, die Schulklassen aus dem ländlichen Raum vermitteln",
        MEMBERS_ONLY,
    ),
    (
        "Selin", "Aksoy", "selin.aksoy@mint-berlin-sued.example", COORD,
        "MINT-Kiezbündnis Berlin-Süd (Demo)", "BE",
        ["Inklusion", "Makerspaces", "Elternarbeit"],
        "Ich baue gerade ein Bündnis aus Schulen, Jugendclubs und einer Bibliothek auf. Alles noch im "
        "Werden – Fehler inklusive.",
        "Offene Werkstätten in Bibliotheken",
        "Vorlagen für Kooperationsvereinbarungen",
        NAME_AND_STATE_PUBLIC,
    ),
    (
        "Eberhard", "Nolte", "eberhard.nolte@kreis-demo.example", OTHER,
        "Bildungsbüro Landkreis Musterkreis", "HE",
        ["Bildungsmonitoring", "Politische Unterstützung", "Strategieentwicklung"],
        "Im Bildungsbüro verantworte ich das Bildungsmonitoring. MINT ist einer unserer Schwerpunkte.",
        "Bildungsdaten lesen und nutzen, Kreisverwaltung verstehen",
        "",
        MEMBERS_ONLY,
    ),
]  # fmt: skip

SPECIAL_PROFILES = {
    "redaktion@netzwerkstatt.example": {
        "group": "Redaktion",
        "display_name": "Rieke Redaktion",
        "role": FOUNDATION,
        "organisation": "Redaktion Netzwerkstatt",
        "bundesland": "BE",
        "bio": "Ich betreue die Inhalte der Netzwerkstatt: Praxisbeispiele, Stories of Failure und den "
        "Gründungsleitfaden. Schreib mir, wenn du eine Geschichte zu erzählen hast!",
        "can_help_with": "Beiträge schreiben und veröffentlichen",
        "topics": ["Öffentlichkeitsarbeit", "Netzwerkaufbau"],
        "visibility": PUBLIC_CARD | {"bio": P, "can_help_with": P},
    },
    "moderation@netzwerkstatt.example": {
        "group": "Moderation",
        "display_name": "Moritz Moderation",
        "role": FOUNDATION,
        "organisation": "Moderationsteam Netzwerkstatt",
        "bundesland": "HH",
        "bio": "Ich achte darauf, dass es in Kanälen und Diskussionen freundlich und hilfreich zugeht. "
        "Wenn dir etwas auffällt, nutze die Meldefunktion.",
        "can_help_with": "Fragen zur Netiquette",
        "topics": ["Netzwerkaufbau"],
        "visibility": PUBLIC_CARD,
    },
    "mitglied@netzwerkstatt.example": {
        "group": "Mitglieder",
        "display_name": "Mika Mitglied",
        "role": COORD,
        "organisation": "MINT-Netzwerk Musterregion",
        "bundesland": "HE",
        "bio": "Ich koordiniere ein junges MINT-Netzwerk und probiere hier aus, was die Netzwerkstatt kann.",
        "can_help_with": "Erfahrungen aus dem ersten Gründungsjahr",
        "looking_for": "Ideen zur Finanzierung der Koordinationsstelle",
        "topics": ["Finanzierung", "Partnergewinnung"],
        "visibility": MEMBERS_ONLY,
    },
}

# Whom the demo member follows, so that "Meine Abos" is not empty.
DEMO_MEMBER_FOLLOWS = {
    "members": ["jana.vollmering@mint-talsperrenland.example", "mehmet.karaoglu@zukunftsnetz-boerde.example"],
    "topics": ["Finanzierung", "Mädchen in MINT"],
}


def _create_profile(user, context, **fields) -> Profile:
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        context.count(APP, "Profile", created=False)
        return profile
    topics = fields.pop("topics", [])
    profile = Profile.objects.create(user=user, **fields)
    if topics:
        profile.topics.set(topics)
    context.count(APP, "Profile", created=True)
    return profile


def _ensure_special_accounts(context) -> None:
    user_model = get_user_model()
    context.ensure_account(APP, "Moderation", "moderation@netzwerkstatt.example", "Moritz", "Moderation")
    for email, spec in SPECIAL_PROFILES.items():
        user = user_model.objects.filter(email=email).first()
        if user is None:  # the home app's accounts are missing: nothing to attach a profile to
            continue
        spec = dict(spec)
        user.groups.add(Group.objects.get_or_create(name=spec.pop("group"))[0])
        _create_profile(user, context, **spec)


def _ensure_members(context) -> None:
    user_model = get_user_model()
    members_group = Group.objects.get_or_create(name="Mitglieder")[0]
    existing = {
        user.email: user for user in user_model.objects.filter(email__in=[m[2] for m in DEMO_MEMBERS])
    }
    printed = {account.email for account in context.accounts}
    for (
        first,
        last,
        email,
        role,
        organisation,
        state,
        topics,
        bio,
        helps,
        looking,
        visibility,
    ) in DEMO_MEMBERS:
        user = existing.get(email)
        if user is None:
            user = context.ensure_account(APP, "Mitglied (Demo)", email, first, last)
        else:
            context.count(APP, "Konten", created=False)
        user.groups.add(members_group)
        _create_profile(
            user,
            context,
            display_name=f"{first} {last}",
            role=role,
            organisation=organisation,
            bundesland=state,
            bio=bio,
            can_help_with=helps,
            looking_for=looking,
            topics=topics,
            visibility=dict(visibility),
        )
    # The credentials list stays short: all demo members share the one password; one stands for them all.
    context.accounts[:] = [a for a in context.accounts if a.email in printed or a.role != "Mitglied (Demo)"]
    context.accounts.append(DemoAccount(role="Mitglied (öffentlich)", email=DEMO_MEMBERS[0][2]))


def _ensure_follows(context) -> None:
    from taggit.models import Tag

    user_model = get_user_model()
    member = user_model.objects.filter(email="mitglied@netzwerkstatt.example").first()
    if member is None:
        return
    for target in user_model.objects.filter(email__in=DEMO_MEMBER_FOLLOWS["members"]):
        context.count(APP, "Abos", created=follow.follow(member, target))
    for tag in Tag.objects.filter(name__in=DEMO_MEMBER_FOLLOWS["topics"]):
        context.count(APP, "Abos", created=follow.follow(member, tag))


def load(context) -> None:
    _ensure_special_accounts(context)
    _ensure_members(context)
    _ensure_follows(context)
    _ensure_editor_two_factor(context)


def _ensure_editor_two_factor(context) -> None:
    """The admin requires two-factor login; the demo editor gets an authenticator so `make run` works."""
    from .mfa import ensure_demo_totp, has_totp

    editor = get_user_model().objects.filter(email="redaktion@netzwerkstatt.example").first()
    if editor is None:
        return
    if not has_totp(editor):
        ensure_demo_totp(editor)
    context.notes.append(
        "Zwei-Faktor-Code für die Redaktion: .venv/bin/python manage.py totp_code redaktion@netzwerkstatt.example"
    )
