"""Demo submissions: three posts by demo members, one in each state a visitor of the demo should see.

- The demo member (mitglied@netzwerkstatt.example) has a best-practice post the editors sent back with a
  comment, and a Story of Failure still in draft: "Meine Beiträge" shows both after logging in.
- A coordinator's Story of Failure waits for review: the demo editor finds it under "Awaiting your review" in
  the admin.

The people are the invented demo accounts of the members app; every sentence is written for this demo.
Nothing is created without the practice index page (the practice demo creates it first). Idempotent: a
submission is looked up by its author and title before it is created.
"""

from django.contrib.auth import get_user_model
from wagtail.models import Page

from .models import Submission, SubmissionState
from .pages import practice_index

APP = "knowledge.submissions"
EDITOR_EMAIL = "redaktion@netzwerkstatt.example"

SUBMISSIONS = [
    {
        "author": "henrike.warnecke@mint-weserbergland.example",
        "kind": "failure",
        "target_state": SubmissionState.IN_REVIEW,
        "region_slug": None,
        "data": {
            "title": "Die Pressemappe, die keiner las",
            "summary": (
                "Wir wollten mit einer aufwendigen Pressemappe die Lokalzeitungen für unsere MINT-Woche gewinnen. "
                "Gedruckt wurde am Ende nur ein Foto ohne Text – und wir haben gelernt, wie Redaktionen arbeiten."
            ),
            "bundesland": "NI",
            "stages": ["sek1", "ausserschulisch"],
            "target_groups": ["oeffentlichkeit", "eltern"],
            "tags": ["Öffentlichkeitsarbeit", "Veranstaltungsformate"],
            "goal": (
                "Zur ersten MINT-Woche im Weserbergland sollten alle drei Lokalzeitungen vorab berichten, damit "
                "Familien die offenen Werkstätten am Samstag kennen. Dafür haben wir eine zwölfseitige Mappe mit "
                "Programm, Grußworten und Hintergrund zum Netzwerk verschickt."
            ),
            "what_went_wrong": (
                "Die Mappe kam per Post zwei Wochen vorher an – bei Redaktionen, die mit zwei Leuten den ganzen "
                "Landkreis abdecken. Niemand hatte Zeit, zwölf Seiten zu lesen. Nachgefragt haben wir nicht, weil "
                "wir dachten, das wirke aufdringlich. Erschienen ist ein Foto vom Aufbau, ohne Termin."
            ),
            "lessons_learned": (
                "- Eine halbe Seite mit den wichtigsten Fakten reicht, der Rest gehört auf die Website.\n"
                "- Redaktionen freuen sich über einen Anruf und ein konkretes Angebot: eine Schülerin, die "
                "erzählt, ein Foto-Termin am Vortag.\n"
                "- Eine feste Ansprechperson pro Zeitung ist mehr wert als jede Mappe."
            ),
            "do_differently": (
                "Wir würden die Redaktionen schon in die Planung holen und fragen, welche Geschichte sie "
                "interessiert. Beim zweiten Mal hat das geklappt: Ein Reporter hat einen ganzen Vormittag in "
                "der Löt-Werkstatt verbracht."
            ),
            "who_benefits": "Alle, die Pressearbeit neben der Koordination machen und wenig Zeit dafür haben.",
            "body": "",
            "byline": "Henrike Warnecke, MINT-Netzwerk Weserbergland",
            "anonymous": False,
        },
    },
    {
        "author": "mitglied@netzwerkstatt.example",
        "kind": "best_practice",
        "target_state": SubmissionState.CHANGES_REQUESTED,
        "region_slug": "rhein-hunsrueck",
        "editor_comment": (
            "Danke für den tollen Beitrag! Kannst du noch ergänzen, wie ihr die Betriebe gefunden habt und was "
            "eine Patenschaft die Betriebe im Jahr kostet? Dann veröffentlichen wir ihn gern."
        ),
        "data": {
            "title": "Betriebspatenschaften für Grundschul-AGs",
            "summary": (
                "Jede Grundschul-AG im Hunsrück hat einen Handwerksbetrieb als Paten, der zweimal im Jahr in die "
                "Schule kommt und einmal die Kinder in die Werkstatt einlädt."
            ),
            "bundesland": "RP",
            "stages": ["grundschule"],
            "target_groups": ["kinder", "unternehmen"],
            "tags": ["Unternehmenskooperation", "Ländlicher Raum", "Frühe MINT-Bildung"],
            "body": (
                "Angefangen hat es mit einer Tischlerei, die Reststücke für die Werk-AG gespendet hat. Heute "
                "haben **elf Grundschulen** einen festen Paten.\n\n"
                "### So läuft eine Patenschaft\n\n"
                "- Im Herbst besucht der Betrieb die AG und baut mit den Kindern etwas Kleines.\n"
                "- Im Frühjahr kommt die AG in die Werkstatt.\n"
                "- Das Netzwerk stellt Material und kümmert sich um Versicherung und Fahrten."
            ),
            "partners": (
                "Kreishandwerkerschaft\nElf Handwerksbetriebe aus dem Kreis\nFörderverein der Grundschulen"
            ),
            "effort": "gering",
            "resources": "Etwa zwei Stunden Koordination pro Patenschaft und Halbjahr, 150 Euro Material pro AG.",
            "transferability": "ja",
            "transfer_conditions": "",
            "contact": "Koordinationsstelle des Netzwerks über die Kreishandwerkerschaft",
            "byline": "Mika Mitglied",
            "anonymous": False,
        },
    },
    {
        "author": "mitglied@netzwerkstatt.example",
        "kind": "failure",
        "target_state": SubmissionState.DRAFT,
        "region_slug": None,
        "data": {
            "title": "Unser Roboter-Wettbewerb ohne Mädchen",
            "summary": "Ein Wettbewerb, bei dem am Ende nur Jungen auf der Bühne standen. Noch in Arbeit.",
            "bundesland": "",
            "stages": ["sek1"],
            "target_groups": ["maedchen"],
            "tags": ["Mädchen in MINT", "Wettbewerbe"],
            "goal": "Ein Roboter-Wettbewerb für alle siebten Klassen im Kreis.",
            "what_went_wrong": "",
            "lessons_learned": "",
            "do_differently": "",
            "who_benefits": "",
            "body": "",
            "byline": "Mika Mitglied",
            "anonymous": True,
        },
    },
]


def _region_id(slug):
    if not slug:
        return None
    page = Page.objects.filter(slug=slug, content_type__app_label="regions", content_type__model="regionpage")
    return page.values_list("pk", flat=True).first()


def load(context) -> None:
    from . import actions

    if practice_index() is None:
        return
    users = get_user_model().objects
    editor = users.filter(email=EDITOR_EMAIL).first()
    for spec in SUBMISSIONS:
        author = users.filter(email=spec["author"]).first()
        if author is None:
            continue
        title = spec["data"]["title"]
        if Submission.objects.filter(author=author, title=title).exists():
            context.count(APP, "Einreichungen", created=False)
            continue
        data = {**spec["data"], "region": _region_id(spec["region_slug"])}
        submission = Submission.objects.create(author=author, kind=spec["kind"], title=title, data=data)
        if spec["target_state"] != SubmissionState.DRAFT:
            actions.submit(submission, author)
        if spec["target_state"] == SubmissionState.CHANGES_REQUESTED and editor is not None:
            submission.refresh_from_db()
            page = submission.page.specific
            task_state = page.current_workflow_task_state
            task_state.task.specific.on_action(task_state, editor, "reject", comment=spec["editor_comment"])
        context.count(APP, "Einreichungen", created=True)
