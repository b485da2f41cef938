"""Demo content of the site shell: home page, standard pages, site settings, demo accounts.

All text is written for Netzwerkstatt; the people and addresses are invented (domains end in .example).
"""

from wagtail.models import Page, Site

from home.models import HomePage, SectionIndexPage, SiteSettings, StandardPage

APP = "home"


def _paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def _heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def _callout(title: str, html: str, kind: str = "tip") -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


def _quote(text: str, attribution: str) -> dict:
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


HOME = {
    "title": "Netzwerkstatt",
    "hero_title": "Die Werkstatt für alle, die MINT-Regionen aufbauen und voranbringen",
    "hero_text": (
        "<p>Netzwerkstatt verbindet die Netzwerkkoordinator:innen der über 130 MINT-Regionen in Deutschland: "
        "mit dem Gründungsleitfaden, mit Erfahrungen aus der Praxis – auch mit dem, was nicht geklappt hat – "
        "und mit Kolleg:innen, die vor denselben Fragen stehen.</p>"
    ),
    "intro": (
        "Wissen, Austausch und Kontakte für die Koordinator:innen der MINT-Regionen: Gründungsleitfaden, "
        "Praxisbeispiele, Stories of Failure, Community Calls und Diskussionskanäle."
    ),
}

ABOUT_SECTION = {
    "slug": "ueber-uns",
    "title": "Über Netzwerkstatt",
    "intro": "Wer hinter der Plattform steht, für wen sie gemacht ist und wie wir miteinander umgehen.",
}

STANDARD_PAGES = [
    {
        "slug": "idee",
        "title": "Die Idee",
        "parent": "ueber-uns",
        "intro": (
            "Eine MINT-Region entsteht nicht am Schreibtisch. Sie lebt von Menschen, die Schulen, Betriebe, "
            "Hochschulen und Kommunen an einen Tisch holen – und von dem, was sie voneinander lernen."
        ),
        "body": [
            _heading("Warum es Netzwerkstatt gibt"),
            _paragraph(
                "<p>Wer eine MINT-Region koordiniert, steht oft allein vor großen Fragen: Wie gewinne ich "
                "Partner entlang der ganzen Bildungskette? Wie finanzieren wir die Koordinationsstelle über "
                "das Ende der Anschubförderung hinaus? Woran merken wir, dass unsere Angebote wirken?</p>"
                "<p>Die Antworten gibt es längst – verteilt auf über 130 Regionen. Netzwerkstatt macht sie "
                "auffindbar und bringt die Menschen zusammen, die sie gefunden haben.</p>"
            ),
            _heading("Was du hier findest"),
            _paragraph(
                "<ul><li>den Gründungsleitfaden „Auf dem Weg zur MINT-Region“, Kapitel für Kapitel mit "
                "Checklisten und deinem eigenen Fortschritt,</li>"
                "<li>Praxisbeispiele, die sich auf andere Regionen übertragen lassen,</li>"
                "<li>Stories of Failure: ehrliche Berichte darüber, was schiefging und was wir daraus "
                "gelernt haben,</li>"
                "<li>Community Calls mit Anmeldung, Kalendereintrag und Protokoll,</li>"
                "<li>Diskussionskanäle für die schnelle Frage zwischendurch,</li>"
                "<li>das Verzeichnis der MINT-Regionen und Landeskoordinierungsstellen.</li></ul>"
            ),
            _quote(
                "Am meisten habe ich von den Geschichten gelernt, in denen etwas nicht geklappt hat.",
                "Teilnehmerin einer Transferwerkstatt",
            ),
        ],
    },
    {
        "slug": "netiquette",
        "title": "Netiquette",
        "parent": "ueber-uns",
        "intro": "Wie wir in Kanälen, Diskussionen und Calls miteinander umgehen.",
        "body": [
            _paragraph(
                "<p>Netzwerkstatt ist ein Ort für offenen Austausch unter Kolleg:innen. Damit das so bleibt, "
                "halten wir uns an wenige Regeln.</p>"
            ),
            _paragraph(
                "<ol><li><b>Wir duzen uns</b> und begegnen uns mit Respekt, auch bei Meinungsverschiedenheiten."
                "</li><li><b>Fehler sind willkommen.</b> Wer von einem Misserfolg erzählt, hilft allen anderen."
                " Wir bewerten Erfahrungen, nicht Personen.</li><li><b>Vertrauliches bleibt vertraulich.</b> "
                "Was in einem privaten Kanal besprochen wird, wird nicht ohne Zustimmung weitergegeben.</li>"
                "<li><b>Keine Werbung.</b> Hinweise auf eigene Angebote sind willkommen, wenn sie zur Frage "
                "passen.</li><li><b>Melden statt streiten.</b> Wenn dir ein Beitrag unangemessen erscheint, "
                "nutze die Meldefunktion; das Moderationsteam kümmert sich.</li></ol>"
            ),
            _callout(
                "Moderation",
                "<p>Das Moderationsteam kann Beiträge ausblenden, Diskussionen schließen und bei wiederholten "
                "Verstößen Mitglieder zeitweise stummschalten. Jede Moderationsentscheidung wird protokolliert."
                "</p>",
                kind="note",
            ),
        ],
    },
    {
        "slug": "impressum",
        "title": "Impressum",
        "parent": None,
        "show_in_footer": True,
        "intro": "Angaben gemäß § 5 DDG (Demo-Inhalt: alle Angaben sind erfunden).",
        "body": [
            _heading("Anbieterin"),
            _paragraph(
                "<p>Netzwerkstatt – eine Plattform der Beispiel-Stiftung für MINT-Bildung gGmbH<br>"
                "Musterstraße 12<br>12345 Beispielstadt</p>"
                "<p>Vertreten durch die Geschäftsführung: Dr. Hanna Beispiel<br>"
                "Registergericht: Amtsgericht Beispielstadt, HRB 00000</p>"
            ),
            _heading("Kontakt"),
            _paragraph("<p>E-Mail: redaktion@netzwerkstatt.example</p>"),
            _heading("Verantwortlich für den Inhalt"),
            _paragraph(
                "<p>Die Redaktion der Netzwerkstatt. Beiträge von Mitgliedern geben deren Meinung wieder; "
                "sie werden vor der Veröffentlichung von der Redaktion geprüft.</p>"
            ),
            _callout(
                "Hinweis",
                "<p>Dies ist eine Demo-Installation. Organisation, Personen und Adressen sind erfunden.</p>",
                kind="warning",
            ),
        ],
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutz",
        "parent": None,
        "show_in_footer": True,
        "intro": "Welche Daten Netzwerkstatt verarbeitet, wozu, und welche Rechte du hast.",
        "body": [
            _heading("Das Wichtigste in Kürze"),
            _paragraph(
                "<ul><li>Netzwerkstatt lädt nichts von fremden Servern: keine Schriftarten, keine Karten-"
                "kacheln, keine Statistik- oder Werbedienste.</li>"
                "<li>Wir setzen nur technisch notwendige Cookies (Anmeldung, Schutz vor gefälschten "
                "Formularen, Sprachwahl).</li>"
                "<li>Du entscheidest für jedes Feld deines Profils, wer es sehen darf: alle, nur Mitglieder "
                "oder niemand.</li>"
                "<li>Du kannst alle deine Daten jederzeit herunterladen und dein Konto löschen.</li></ul>"
            ),
            _heading("Welche Daten wir speichern"),
            _paragraph(
                "<p>Für dein Konto speichern wir deine E-Mail-Adresse und ein verschlüsseltes Passwort. "
                "Alles Weitere – Profilangaben, Beiträge, Nachrichten, Anmeldungen zu Calls – entsteht, "
                "weil du es einträgst, und dient allein dem Austausch in der Community.</p>"
            ),
            _heading("Deine Rechte"),
            _paragraph(
                "<p>Du hast das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, "
                "Datenübertragbarkeit und Widerspruch (Art. 15–21 DSGVO). Den Export und die Löschung "
                "deines Kontos findest du in deinen Kontoeinstellungen.</p>"
            ),
        ],
    },
]

SETTINGS = {
    "contact_email": "redaktion@netzwerkstatt.example",
    "contact_address": "Beispiel-Stiftung für MINT-Bildung gGmbH\nMusterstraße 12\n12345 Beispielstadt",
    "footer_text": (
        "Netzwerkstatt ist die Austauschplattform für Netzwerkkoordinator:innen der MINT-Regionen. "
        "Ein Demo-Projekt mit erfundenen Inhalten."
    ),
}


def _ensure_tree_root() -> Page:
    """Wagtail's migrations create the locale and the tree root; a flushed database has neither."""
    from django.conf import settings
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    return root


def _ensure_home() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = _ensure_tree_root()
    home = HomePage(slug="start", **HOME)
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Netzwerkstatt"
        )
    else:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Netzwerkstatt"
        site.save()
        # Wagtail's "Welcome" placeholder page is of no use once the real home page exists.
        if (
            old_root.specific_class is Page
            and old_root.pk != home.pk
            and not old_root.get_children().exists()
        ):
            old_root.delete()
    return home


def load(context) -> None:
    home = _ensure_home()
    context.count(APP, "Startseite", created=False)

    about = SectionIndexPage.objects.child_of(home).filter(slug=ABOUT_SECTION["slug"]).first()
    if about is None:
        about = SectionIndexPage(show_in_menus=True, **ABOUT_SECTION)
        home.add_child(instance=about)
        about.save_revision().publish()
        context.count(APP, "Seiten", created=True)

    parents = {None: home, "ueber-uns": about}
    for spec in STANDARD_PAGES:
        spec = dict(spec)
        parent = parents[spec.pop("parent")]
        if StandardPage.objects.child_of(parent).filter(slug=spec["slug"]).exists():
            context.count(APP, "Seiten", created=False)
            continue
        page = StandardPage(**spec)
        parent.add_child(instance=page)
        page.save_revision().publish()
        context.count(APP, "Seiten", created=True)

    site = Site.objects.get(is_default_site=True)
    settings_obj = SiteSettings.for_site(site)
    if not settings_obj.contact_email:
        for field_name, value in SETTINGS.items():
            setattr(settings_obj, field_name, value)
        settings_obj.save()

    context.ensure_account(
        APP,
        "Redaktion (Admin)",
        "redaktion@netzwerkstatt.example",
        "Rieke",
        "Redaktion",
        is_staff=True,
        is_superuser=True,
    )
    context.ensure_account(APP, "Mitglied", "mitglied@netzwerkstatt.example", "Mika", "Mitglied")
