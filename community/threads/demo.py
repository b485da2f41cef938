"""Demo discussions under practice posts and community calls (idempotent).

Everything here is invented for this project. Each practice discussion is a written script of posts and
replies between the demo members; past community calls get a livelier discussion than upcoming ones, composed
from sentences written for it with a fixed random seed, so every run produces the same result. A target whose
discussion already has posts is left as it is. Also: reactions, an edited post with its earlier version, a
post its author deleted, a post the moderators hid, an open flag in the review queue, and the demo member's
last visit (so "Neu seit deinem letzten Besuch" shows) and a followed discussion.

The calls app's demo runs before this one (INSTALLED_APPS order); the pages are found by model label, without
importing knowledge/ or calls.
"""

import random
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import (
    Flag,
    FlagReason,
    LastVisit,
    ModerationEntry,
    ModerationKind,
    Post,
    PostReaction,
    PostRevision,
    Reaction,
    Thread,
)

APP = "community.threads"
DEMO_MEMBER = "mitglied@netzwerkstatt.example"
MODERATOR = "moderation@netzwerkstatt.example"
EDITOR = "redaktion@netzwerkstatt.example"

# Short names for the demo members' email addresses (community/members/demo.py).
PEOPLE = {
    "jana": "jana.vollmering@mint-talsperrenland.example",
    "mehmet": "mehmet.karaoglu@zukunftsnetz-boerde.example",
    "ulrike": "ulrike.brandstaetter@mint-inn-salzach.example",
    "torben": "torben.asmussen@lks-mint-sh.example",
    "sabine": "sabine.oelschlaeger@mint-erzgebirgsvorland.example",
    "laura": "laura.pfisterer@mint-kraichgau.example",
    "kai-uwe": "kai-uwe.hollenbach@ihk-musterland.example",
    "dominik": "dominik.szymanski@mint-oderland.example",
    "henrike": "henrike.warnecke@mint-weserbergland.example",
    "bernd": "bernd.tiedemann@mint-bremen-nord.example",
    "georg": "georg.lindqvist@stiftung-zukunftsbildung.example",
    "miriam": "miriam.okafor@mint-rhein-main-sued.example",
    "reinhard": "reinhard.kuebler@mint-westpfalz.example",
    "svenja": "svenja.hartkopf@mint-saar-mitte.example",
    "matthias": "matthias.gruenwald@sfz-ostthueringen.example",
    "carolin": "carolin.eschweiler@mint-nordeifel.example",
    "pascal": "pascal.wendt@mint-uckermark.example",
    "ilse": "ilse.marquardt@lks-sachsen-anhalt.example",
    "yusuf": "yusuf.demirci@mint-ruhr-west.example",
    "wiebke": "wiebke.stoltenberg@mint-dithmarschen.example",
    "christoph": "christoph.albrecht@mint-hohenlohe.example",
    "nadine": "nadine.roesler@mint-vogtland.example",
    "olaf": "olaf.bremer@vhs-musterkreis.example",
    "leonie": "leonie.fuchsberger@mint-allgaeu-ost.example",
    "hannes": "hannes.vogelsang@mint-muensterland-nord.example",
    "petra": "petra.kowalczyk@foerderverein-mint-demo.example",
    "felix": "felix.hauptmann@hs-demo-mint.example",
    "selin": "selin.aksoy@mint-berlin-sued.example",
    "eberhard": "eberhard.nolte@kreis-demo.example",
    "mika": DEMO_MEMBER,
    "moritz": MODERATOR,
    "rieke": EDITOR,
}

# Practice discussions by page slug: (who, text, index of the answered post or None) in order.
PRACTICE_DISCUSSIONS = {
    "die-steuerungsgruppe-die-nie-tagte": [
        (
            "sabine",
            "Danke für die Offenheit! Bei uns läuft es gerade genauso: konstituierende Sitzung im März, "
            "seitdem Funkstille. Wie habt ihr den Übergang zur kleinen Runde geschafft, ohne dass sich "
            "die Spitzen übergangen fühlten?",
            None,
        ),
        (
            "dominik",
            "Wir haben den Landrat direkt gefragt, ob er uns jemanden aus dem Bildungsbüro benennt, der "
            "entscheiden darf. Das hat er gern gemacht – ich glaube, er war eher erleichtert, nicht mehr "
            "zu jeder Sitzung eingeladen zu werden.",
            0,
        ),
        (
            "sabine",
            "Nicht abschaffen, sondern delegieren lassen – das ist ein guter Dreh. Probiere ich aus.",
            1,
        ),
        (
            "torben",
            "Aus Sicht der Landeskoordination noch ein Hinweis: Eine schriftliche Geschäftsordnung hilft "
            "auch bei Förderanträgen. Viele Programme fragen inzwischen ausdrücklich nach der "
            "Steuerungsstruktur.",
            None,
        ),
        (
            "henrike",
            "Wie haltet ihr die Entscheidungen der Arbeitsebene fest? Protokoll an alle, oder erfahren "
            "die Spitzen erst beim MINT-Frühstück davon?",
            None,
        ),
        (
            "mika",
            "Das würde mich auch interessieren. Wir sind gerade in der Gründung und ich möchte den Fehler "
            "gar nicht erst machen.",
            4,
        ),
        (
            "dominik",
            "@Henrike Warnecke Ein Ergebnisprotokoll von einer Seite an die Arbeitsebene, und einmal im "
            "Jahr eine Übersicht für die Spitzen. Mehr liest ohnehin niemand. Ich kann dir unsere "
            "Vorlage schicken.",
            4,
        ),
        ("henrike", "Sehr gern, danke dir!", 6),
        (
            "ulrike",
            "Wir hatten das umgekehrte Problem: eine Arbeitsgruppe, die alles entschieden hat, und "
            "niemand in der Verwaltung wusste davon. Als es um Geld ging, hat der Kreis dann einfach "
            "Nein gesagt. Irgendwo dazwischen liegt wohl die Wahrheit.",
            None,
        ),
    ],
    "drei-jahre-projektfoerderung-und-dann": [
        (
            "georg",
            "Aus Sicht einer Stiftung: Wir fragen inzwischen schon im Antrag nach einem Plan für die Zeit "
            "nach der Förderung – nicht als Hürde, sondern weil wir genau diese Lücken zu oft gesehen "
            "haben.",
            None,
        ),
        (
            "mehmet",
            "Genau so einen Plan hätte ich damals gebraucht. Heute würde ich im ersten Förderjahr mit "
            "der Kämmerei sprechen, nicht im dritten.",
            0,
        ),
        (
            "ulrike",
            "Acht Monate Lücke – wie habt ihr die Schulen in der Zeit gehalten? Bei uns sind in einer "
            "ähnlichen Phase die Kontakte zu den Betrieben fast komplett eingeschlafen.",
            None,
        ),
        (
            "mehmet",
            "Ehrlich gesagt: zum Teil gar nicht. Zwei Schulleitungen habe ich ehrenamtlich weiter "
            "betreut, der Rest musste neu aufgebaut werden.",
            2,
        ),
        (
            "petra",
            "Wir haben als Förderverein eine Überbrückung für ein halbes Jahr bezahlt. Das geht natürlich "
            "nur mit Rücklagen – aber es lohnt sich, das früh mit dem Vorstand zu klären.",
            None,
        ),
        (
            "reinhard",
            "Was hat am Ende im Kreistag den Ausschlag gegeben? Zahlen, Geschichten oder der Druck der "
            "Betriebe?",
            None,
        ),
        (
            "mehmet",
            "Alle drei, in dieser Reihenfolge: erst eine Seite mit Zahlen, dann zwei Schülerinnen, die "
            "im Ausschuss von ihrem Praktikum erzählt haben. Die Kammer hat danach nur noch genickt.",
            5,
        ),
        (
            "laura",
            "Bei uns war es vor allem der Druck der Betriebe – aber der kam erst, als die Zahl der "
            "Ausbildungsverträge eingebrochen ist. Darauf würde ich nicht warten wollen.",
            5,
        ),
        (
            "olaf",
            "Ehrlich gesagt: Wer nach drei Jahren keinen Plan hat, muss sich über die Lücke nicht wundern.",
            None,
        ),
        (
            "ilse",
            "Für Sachsen-Anhalt: Meldet euch bei uns, bevor die Förderung ausläuft. Wir können selten "
            "selbst Geld geben, kennen aber die Programme, die gerade offen sind.",
            None,
        ),
        (
            "laura",
            "Kurzer Nachtrag: Wir schreiben inzwischen jedes Jahr im Januar auf, wer unsere Stelle ab "
            "wann bezahlen könnte. Klingt banal, hat uns aber schon zweimal gerettet.",
            None,
        ),
        (
            "mika",
            "Danke euch allen, dieser Thread ist Gold wert. Ich nehme mir den Januar-Termin direkt vor.",
            10,
        ),
    ],
    "kurzfeedback-mit-drei-fragen": [
        (
            "miriam",
            "Nutzt ihr den Bogen auch bei Grundschulkindern? Wir haben Smileys statt einer Skala "
            "ausprobiert, aber die Auswertung war dann mühsam.",
            None,
        ),
        (
            "svenja",
            "Bei den Kleinen nehmen wir nur zwei Fragen und eine Klebepunkt-Wand. Abfotografieren, "
            "fertig – für den Jahresbericht reicht das völlig.",
            0,
        ),
        (
            "felix",
            "Ein Hinweis aus der Evaluation: Die Frage „Würdest du wiederkommen?“ hängt stark von der "
            "Tagesform ab. Wer Jahre vergleichen will, sollte immer an derselben Stelle im Ablauf "
            "fragen.",
            None,
        ),
        (
            "carolin",
            "Gut zu wissen! Wir fragen bisher direkt nach dem Mittagessen. Vermutlich nicht ideal.",
            2,
        ),
        (
            "yusuf",
            "Wir drucken den Bogen auf die Rückseite der Teilnahmeurkunde. Seitdem kommt fast jeder "
            "Bogen zurück.",
            None,
        ),
        ("miriam", "Die Urkunden-Idee ist großartig, die klaue ich.", 4),
    ],
    "mint-bericht-an-den-kreistag": [
        (
            "christoph",
            "Wie lang ist euer Bericht? Unser erster hatte vierzig Seiten und wurde, fürchte ich, von "
            "niemandem gelesen.",
            None,
        ),
        (
            "hannes",
            "Vier Seiten plus Anhang. Die erste Seite ist eine Grafik mit drei Zahlen – mehr braucht "
            "der Ausschuss nicht.",
            0,
        ),
        (
            "eberhard",
            "Aus Sicht der Verwaltung: Bitte den Bericht rechtzeitig einreichen, sonst landet er als "
            "Tischvorlage und wird vertagt. Sechs Wochen Vorlauf sind realistisch.",
            None,
        ),
        ("christoph", "Danke, genau das ist uns letztes Jahr passiert.", 2),
        (
            "nadine",
            "Lasst ihr Jugendliche im Ausschuss zu Wort kommen? Das hat bei uns mehr bewegt als jede Folie.",
            None,
        ),
    ],
    "maedchen-technik-tag-die-falschen-eingeladen": [
        (
            "jana",
            "Das kenne ich so gut. Seit wir die Einladung über die Klassenlehrkräfte statt über die "
            "Physik-AG verteilen, kommen ganz andere Mädchen.",
            None,
        ),
        (
            "selin",
            "Bei uns hat geholfen, dass Freundinnen zu zweit kommen dürfen. Allein traut sich kaum eine.",
            0,
        ),
        (
            "leonie",
            "Habt ihr mit den Eltern gearbeitet? Wir merken, dass die Entscheidung oft am Küchentisch fällt.",
            None,
        ),
        (
            "jana",
            "Ein kurzer Elternbrief in einfacher Sprache, mit Fotos vom letzten Jahr, und die Zusage, "
            "dass es keine Noten gibt. Das hat die Anmeldungen fast verdoppelt.",
            2,
        ),
        (
            "pascal",
            "Wer günstige Robotik-Sets für so einen Tag braucht: Schreibt mir, über meinen Händler gibt "
            "es Rabatt, ich bekomme eine kleine Provision.",
            None,
        ),
        (
            "moritz",
            "Danke für die vielen Erfahrungen hier! Eine Bitte: Angebote mit eigenem Verdienst gehören "
            "nicht in die Diskussionen. Für Material gibt es die Kanäle.",
            None,
        ),
    ],
    "schulpatenschaften-im-revier": [
        (
            "kai-uwe",
            "Von Kammerseite: Wir vermitteln gern Betriebe für Patenschaften. Am besten klappt es, wenn "
            "die Schule schon ein konkretes Projekt im Kopf hat.",
            None,
        ),
        (
            "wiebke",
            "Was macht ihr, wenn ein Betrieb nach einem Jahr abspringt? Die Schule fühlt sich dann ja "
            "doppelt im Stich gelassen.",
            None,
        ),
        (
            "bernd",
            "Wir vereinbaren die Patenschaft ausdrücklich für ein Schuljahr und haben immer einen zweiten "
            "Betrieb in der Hinterhand. Verlängern ist dann ein schönes Signal und kein Automatismus.",
            1,
        ),
        ("matthias", "Schöne Idee mit der Vereinbarung auf ein Jahr. Gibt es eure Vorlage irgendwo?", 2),
        ("bernd", "Sie hängt unten am Beitrag als Download – gern anpassen!", 3),
    ],
}

# Per practice discussion: index of a post edited later (with its earlier wording) and of a post its author
# deleted; a hidden post (moderation) and an open flag (review queue).
EDITS = {("drei-jahre-projektfoerderung-und-dann", 1): "Genau so einen Plan hätte ich damals gebraucht."}
DELETED = {("kurzfeedback-mit-drei-fragen", 5)}
HIDDEN = {
    ("maedchen-technik-tag-die-falschen-eingeladen", 4): "Werbung mit eigenem Verdienst – dafür gibt es die "
    "Materialbörse in den Kanälen."
}
OPEN_FLAG = ("drei-jahre-projektfoerderung-und-dann", 8, "laura", FlagReason.ABUSE,
             "Ziemlich von oben herab gegenüber Mehmet, der hier offen von einem Fehler erzählt.")  # fmt: skip
LAST_VISIT = ("drei-jahre-projektfoerderung-und-dann", 7)  # the demo member saw the first seven posts
FOLLOWED = "drei-jahre-projektfoerderung-und-dann"

CALL_OPENERS_PAST = [
    "Danke für den Call zu „{title}“! Werden die Folien noch geteilt?",
    "Mein wichtigster Gedanke aus der Runde: Wir müssen nicht alles selbst machen, sondern sichtbar machen, "
    "was die Partner ohnehin tun.",
    "Ich hätte gern noch länger über die Finanzierung gesprochen. Wäre das ein Thema für einen eigenen Call?",
    "Die Breakout-Räume waren diesmal richtig gut gemischt – ich habe drei neue Kontakte aus anderen "
    "Bundesländern.",
]
CALL_ANSWERS_PAST = [
    "Die Folien und das Protokoll stehen auf dieser Seite, sobald die Redaktion sie hochgeladen hat.",
    "Geht mir genauso. Vielleicht können wir uns dazu vorher hier sammeln?",
    "Unbedingt! Ich würde ein kurzes Beispiel aus unserer Region mitbringen.",
    "Danke fürs Zusammenfassen, das hilft allen, die nicht dabei sein konnten.",
    "Das mit den Partnern sichtbar machen nehme ich für unseren Jahresbericht mit.",
    "Ich fand die Runde auch sehr ergiebig. Beim nächsten Mal bitte etwas mehr Zeit für Fragen!",
]
CALL_POSTS_UPCOMING = [
    "Ich freue mich auf den Call zu „{title}“! Eine Frage, die ich gern besprechen würde: Wie bindet ihr "
    "Betriebe ein, die keine eigene Ausbildungsabteilung haben?",
    "Kann man auch später dazukommen? Ich habe vorher noch einen Termin im Schulamt.",
]
CALL_ANSWER_UPCOMING = "Klar, komm einfach dazu, wenn du kannst. Die ersten Minuten sind Vorstellungsrunde."


def load(context) -> None:
    people = _people()
    if len(people) < 10:
        context.count(APP, "Diskussionen übersprungen (Demo-Mitglieder fehlen)", created=False)
        return
    now = timezone.now()
    practice_page = _model("practice", "PracticePage")
    if practice_page is not None:
        pages = {
            page.slug: page.specific
            for page in practice_page.objects.live().filter(slug__in=PRACTICE_DISCUSSIONS)
        }
        for slug, script in PRACTICE_DISCUSSIONS.items():
            page = pages.get(slug)
            if page is None:
                continue
            start = page.first_published_at or now - timedelta(days=30)
            script = [(people[who], text, reply) for who, text, reply in script if who in people]
            _discussion(context, page, slug, script, start, now, people)
    call_page = _model("calls", "CommunityCallPage")
    if call_page is not None:
        for call in call_page.objects.live().order_by("pk"):
            _call_discussion(context, call, people, now)


def _model(app_label: str, model_name: str):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _people() -> dict:
    by_email = (
        get_user_model()
        .objects.filter(email__in=PEOPLE.values(), is_active=True)
        .select_related("profile")
        .in_bulk(field_name="email")
    )
    return {short: by_email[email] for short, email in PEOPLE.items() if email in by_email}


def _times(rng, count: int, start, end) -> list:
    """`count` ascending moments between `start` and shortly before `end`, by day (8 to 21 Uhr)."""
    start = max(start, end - timedelta(days=40))
    span = max((end - timedelta(hours=1) - start).total_seconds(), 3600)
    offsets = sorted(rng.uniform(0.03, 1) ** 0.7 * span for _ in range(count))
    moments = []
    for offset in offsets:
        moment = timezone.localtime(start + timedelta(seconds=offset))
        if not 8 <= moment.hour < 21:
            moment = moment.replace(hour=8 + rng.randint(0, 11), minute=rng.randint(0, 59))
        moments.append(min(moment, end - timedelta(minutes=30)))
    return sorted(moments)


def _discussion(context, target, key: str, script: list, start, end, people: dict) -> Thread | None:
    """Store `script` [(author, text, answered index)] as the discussion under `target`, once."""
    if not script:
        return None
    thread = services.thread_for(target, create=True)
    if thread.last_number:
        context.count(APP, "Diskussionen", created=False)
        return thread
    rng = random.Random(f"threads-{key}")  # noqa: S311  # nosec B311: a fixed seed, the same demo every time; nothing secret
    times = _times(rng, len(script), start, end)
    stored: list[Post] = []
    top_level = 0
    for index, (author, text, answered_index) in enumerate(script):
        answered = stored[answered_index] if answered_index is not None else None
        rendered = services.render_body(text, target)
        created_at = times[index]
        edited = EDITS.get((key, index))
        post = Post.objects.create(
            thread=thread,
            number=index + 1,
            change=index + 1,
            parent_id=(answered.parent_id or answered.pk) if answered else None,
            reply_to=answered,
            author=author,
            client_id=f"demo-{thread.pk}-{index + 1}",
            body=text,
            body_html=rendered.html,
            mention_ids=rendered.mention_ids,
            created_at=created_at,
            edited_at=created_at + timedelta(minutes=7) if edited else None,
        )
        if edited:
            PostRevision.objects.create(
                post=post, body=edited, written_at=created_at, editor=author, replaced_at=post.edited_at
            )
        top_level += answered is None
        stored.append(post)
    _reactions(rng, stored, [author for author, _text, _r in script])
    _special_posts(key, thread, target, stored, end, people)
    last = stored[-1]
    Thread.objects.filter(pk=thread.pk).update(
        last_number=len(stored),
        last_change=len(stored),
        top_level_count=top_level,
        last_post_at=last.created_at,
    )
    context.count(APP, "Diskussionen", created=True)
    bucket = context.counts.setdefault(APP, {})
    bucket["Beiträge neu"] = bucket.get("Beiträge neu", 0) + len(stored)
    return thread


def _reactions(rng, posts: list[Post], authors: list) -> None:
    readers = list({author.pk: author for author in authors}.values())
    rows = []
    for post in posts:
        if rng.random() < 0.4:
            continue
        counts = {}
        for kind in rng.sample(list(Reaction), rng.randint(1, 2)):
            fans = [
                user
                for user in rng.sample(readers, min(len(readers), rng.randint(1, 4)))
                if user.pk != post.author_id
            ]
            rows.extend(PostReaction(post=post, user=user, kind=kind) for user in fans)
            if fans:
                counts[kind.value] = len(fans)
        if counts:
            post.reaction_counts = counts
    PostReaction.objects.bulk_create(rows, ignore_conflicts=True)
    Post.objects.bulk_update(posts, ["reaction_counts"])


def _special_posts(key: str, thread: Thread, target, stored: list[Post], now, people: dict) -> None:
    moderator = people.get("moritz")
    for index, post in enumerate(stored):
        if (key, index) in DELETED:
            post.deleted_at = post.created_at + timedelta(hours=2)
            post.body = post.body_html = ""
            post.reaction_counts = {}
            post.save(update_fields=["deleted_at", "body", "body_html", "reaction_counts"])
            PostReaction.objects.filter(post=post).delete()
        reason = HIDDEN.get((key, index))
        if reason and moderator is not None:
            post.hidden_at = post.created_at + timedelta(hours=1)
            post.hidden_by, post.hidden_reason = moderator, reason
            post.reaction_counts = {}
            post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "reaction_counts"])
            PostReaction.objects.filter(post=post).delete()
            ModerationEntry.objects.create(
                thread=thread, thread_title=target.title, actor=moderator, action=ModerationKind.HIDE, post=post,
                target_user=post.author, details=f"{reason}\n\n{post.body}", created_at=post.hidden_at,
            )  # fmt: skip
    flag_key, flag_index, reporter, reason, note = OPEN_FLAG
    if key == flag_key and flag_index < len(stored) and people.get(reporter):
        post = stored[flag_index]
        Flag.objects.get_or_create(
            post=post,
            reporter=people[reporter],
            defaults={"reason": reason, "note": note, "post_text": post.body},
        )
    visit_key, seen = LAST_VISIT
    if key == visit_key and people.get("mika"):
        LastVisit.objects.update_or_create(
            thread=thread, user=people["mika"], defaults={"last_seen_number": seen, "visited_at": now}
        )
    if key == FOLLOWED and people.get("mika"):
        from community.members.follow import follow

        follow(people["mika"], thread)


def _call_discussion(context, call, people: dict, now) -> None:
    start_at = getattr(call, "start_at", None)
    end_at = getattr(call, "end_at", None) or start_at
    rng = random.Random(f"threads-call-{call.slug}")  # noqa: S311  # nosec B311: a fixed seed, the same demo every time; nothing secret
    everyone = [user for short, user in people.items() if short not in ("moritz", "rieke", "mika")]
    if start_at is not None and end_at is not None and end_at < now:
        openers = rng.sample(CALL_OPENERS_PAST, 3)
        script = []
        for opener in openers:
            asker = rng.choice(everyone)
            question_index = len(script)
            script.append((asker, opener.format(title=call.title), None))
            for _ in range(rng.randint(1, 3)):
                answerer = rng.choice(
                    [person for person in everyone if person != asker] + [people.get("rieke")]
                )
                if answerer is None:
                    continue
                script.append((answerer, rng.choice(CALL_ANSWERS_PAST), question_index))
        start = end_at
    else:
        first, second = rng.sample(everyone, 2)
        script = [
            (first, CALL_POSTS_UPCOMING[0].format(title=call.title), None),
            (second, CALL_POSTS_UPCOMING[1], None),
        ]
        if people.get("rieke"):
            script.append((people["rieke"], CALL_ANSWER_UPCOMING, 1))
        start = now - timedelta(days=6)
    _discussion(context, call, f"call-{call.slug}", script, start, now, people)
