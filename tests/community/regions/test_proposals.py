"""Change proposals: who may propose, the form (prefilled, validated, nothing lost, rate-limited), and the
editors' review in the Wagtail admin (accept = new published revision, reject with a note), notifications."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community.notifications.models import Notification
from community.regions import proposals
from community.regions.models import ProposalStatus, RegionChangeProposal, RegionPage
from community.regions.views import PROPOSAL_LIMIT

from .conftest import add_coordinator

pytestmark = pytest.mark.django_db

URL = "/regionen/aachener-revier/vorschlag/"


def form_data(region, **changes):
    """What the prefilled form submits, with `changes`; lists for the checkboxes (the test client sends each)."""
    values = proposals.current_values(region)
    values.update(changes)
    return {name: ("" if value is None else value) for name, value in values.items()}


# --- Who may propose ---------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client, aachen):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/regionen/aachener-revier/vorschlag/"
    assert client.post(URL, {"intro": "x"}).status_code == 302
    assert not RegionChangeProposal.objects.exists()


@pytest.mark.parametrize("who", ["member", "coordinator_elsewhere", "moderator", "editor"])
def test_only_the_regions_coordinators_may_propose(client, aachen, make_region, make_member, roles, who):
    user = make_member(
        "Nicht Zuständig", groups={"moderator": ["Moderation"], "editor": ["Redaktion"]}.get(who, ())
    )
    if who == "coordinator_elsewhere":
        add_coordinator(make_region("Andere Region", "BY"), user)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Nur für die Koordinator:innen dieser Region" in response.content.decode()
    assert client.post(URL, form_data(aachen, intro="Gekapert")).status_code == 403
    assert not RegionChangeProposal.objects.exists()


def test_coordinator_gets_the_form_prefilled(client, aachen, coordinator):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Änderung vorschlagen</h1>" in html
    assert "Schulen und Betriebe im Revier.</textarea>" in html
    assert 'name="founded_year" value="2011"' in html
    assert '<option value="association" selected>' in html
    assert 'value="school" id="id_partner_types_1" checked' in html
    assert 'value="kita" id="id_partner_types_0" checked' not in html
    assert 'value="https://aachener-revier.example"' in html
    assert "<legend>Partnerarten</legend>" in html
    assert 'name="csrfmiddlewaretoken"' in html


# --- The form ----------------------------------------------------------------------------------------------


def test_a_valid_proposal_is_stored_and_the_editors_are_told(client, aachen, coordinator, editor_user):
    client.force_login(coordinator)
    data = form_data(aachen, financing="Neu: bis 2028 gesichert.", message="Bitte **prüfen**.")
    data["partner_types"] = ["kita", "school", "chamber"]
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == "/regionen/aachener-revier/"
    proposal = RegionChangeProposal.objects.get()
    assert proposal.proposer == coordinator and proposal.region_id == aachen.pk
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.proposed_values["financing"] == "Neu: bis 2028 gesichert."
    assert proposal.proposed_values["partner_types"] == ["kita", "school", "chamber"]
    assert proposal.original_values["financing"] == "Mitgliedsbeiträge und ein Zuschuss der StädteRegion."
    assert proposal.message == "Bitte **prüfen**."
    # The page itself is untouched until an editor decides.
    assert (
        RegionPage.objects.get(pk=aachen.pk).financing
        == "Mitgliedsbeiträge und ein Zuschuss der StädteRegion."
    )
    notification = Notification.objects.get(recipient=editor_user)
    assert notification.kind == "region_proposal"
    assert notification.title == "Neuer Änderungsvorschlag für MINT-Netzwerk Aachener Revier"
    assert notification.url == f"/admin/aenderungsvorschlaege/review/{proposal.pk}/"
    assert not Notification.objects.filter(recipient=coordinator).exists()
    followed = client.get(response["Location"]).content.decode()
    assert "Danke! Die Redaktion prüft deinen Vorschlag" in followed


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"founded_year": "2999"}, "founded_year", "Das Gründungsjahr kann nicht in der Zukunft liegen."),
        ({"founded_year": "1850"}, "founded_year", "1980"),
        ({"website": "kein link"}, "website", "Bitte eine gültige Adresse eingeben."),
        ({"organisational_form": "verein"}, "organisational_form", "gültige Auswahl"),
        ({"intro": "x" * 501}, "intro", "höchstens 500 Zeichen"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_lost(client, aachen, coordinator, changes, field, message):
    client.force_login(coordinator)
    data = form_data(aachen, financing="Mein neuer Finanzierungstext, bitte nicht verlieren.", **changes)
    data["message"] = "Meine Nachricht bleibt erhalten."
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dein Vorschlag ist noch nicht abgeschickt" in html
    assert message in html
    assert f'href="#id_{field}"' in html
    assert "Mein neuer Finanzierungstext, bitte nicht verlieren.</textarea>" in html
    assert "Meine Nachricht bleibt erhalten.</textarea>" in html
    assert not RegionChangeProposal.objects.exists()


def test_unknown_partner_type_is_rejected(client, aachen, coordinator):
    client.force_login(coordinator)
    data = form_data(aachen)
    data["partner_types"] = ["school", "zoo"]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "zoo" in response.content.decode()
    assert not RegionChangeProposal.objects.exists()


def test_a_proposal_without_change_or_message_is_refused(client, aachen, coordinator):
    client.force_login(coordinator)
    response = client.post(URL, form_data(aachen))
    assert response.status_code == 200
    assert (
        "Ändere mindestens ein Feld oder schreib der Redaktion eine Nachricht." in response.content.decode()
    )
    # A message alone is fine (e.g. "please add our new coordinator").
    data = form_data(aachen)
    data["message"] = "Bitte Kollegin X als Koordinatorin eintragen."
    assert client.post(URL, data).status_code == 302


def test_proposals_are_rate_limited_without_losing_input(client, aachen, coordinator):
    client.force_login(coordinator)
    for number in range(PROPOSAL_LIMIT.limit):
        assert client.post(URL, form_data(aachen, financing=f"Fassung {number}")).status_code == 302
    response = client.post(URL, form_data(aachen, financing="Die sechste Fassung"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Du hast in kurzer Zeit mehrere Vorschläge geschickt" in html
    assert "Minuten noch einmal" in html
    assert "Die sechste Fassung</textarea>" in html
    assert RegionChangeProposal.objects.count() == PROPOSAL_LIMIT.limit


def test_the_form_lists_the_coordinators_own_proposals(client, aachen, coordinator, make_member):
    other = make_member("Zweite Koordinatorin")
    add_coordinator(aachen, other)
    proposals.create_proposal(aachen, coordinator, proposals.current_values(aachen) | {"goals": "Neu"}, "")
    proposals.create_proposal(
        aachen, other, proposals.current_values(aachen) | {"website": ""}, "Von der anderen"
    )
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    own = html.split('id="own-proposals-heading"')[1]
    assert "Änderungen: Ziele" in own and "Offen" in own
    assert "Website" not in own


def test_create_proposal_refuses_non_coordinators(aachen, make_member):
    with pytest.raises(PermissionDenied):
        proposals.create_proposal(aachen, make_member("Fremd"), proposals.current_values(aachen), "Hallo")


# --- The editors' review ------------------------------------------------------------------------------------


@pytest.fixture
def proposal(aachen, coordinator):
    values = proposals.current_values(aachen)
    values.update(
        financing="Gesichert bis 2028.",
        partner_types=["school", "university", "company", "chamber"],
        goals="Jede Schule hat einen Partner\nNeu: ein Schülerlabor",
    )
    return proposals.create_proposal(aachen, coordinator, values, "Wir haben einen neuen Partner.")


def review_url(proposal):
    return f"/admin/aenderungsvorschlaege/review/{proposal.pk}/"


def test_editors_find_proposals_in_the_admin_menu_and_list(client, proposal, editor_user):
    client.force_login(editor_user)
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/aenderungsvorschlaege/" in dashboard  # the menu item
    assert 'href="/admin/aenderungsvorschlaege/?status=open">Offene Änderungsvorschläge: 1</a>' in dashboard
    listing = client.get("/admin/aenderungsvorschlaege/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "MINT-Netzwerk Aachener Revier" in html and "Carla Koordinatorin" in html
    assert review_url(proposal) in html
    assert "/admin/aenderungsvorschlaege/new/" not in html


def test_review_shows_the_diff_of_current_and_proposed_values(client, proposal, editor_user):
    client.force_login(editor_user)
    response = client.get(review_url(proposal))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<del>Mitgliedsbeiträge und ein Zuschuss der StädteRegion.</del>" in html
    assert "<ins>Gesichert bis 2028.</ins>" in html
    assert "<ins>Schulen, Hochschulen, Unternehmen, Kammern (IHK, HWK)</ins>" in html
    assert "<li><ins>Neu: ein Schülerlabor</ins></li>" in html
    assert "<li><del>- Mehr Ausbildungsverträge</del></li>" in html
    assert "<li>Jede Schule hat einen Partner</li>" in html
    assert "Wir haben einen neuen Partner." in html
    assert "Unveränderte Felder" in html
    assert 'name="decision" value="accept"' in html


def test_accepting_creates_and_publishes_a_new_revision(client, proposal, editor_user, aachen):
    revisions_before = aachen.revisions.count()
    client.force_login(editor_user)
    response = client.post(review_url(proposal), {"decision": "accept", "note": "Danke, übernommen."})
    assert response.status_code == 302
    assert response["Location"] == "/admin/aenderungsvorschlaege/"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by == editor_user and proposal.decided_at is not None
    assert proposal.decision_note == "Danke, übernommen."
    region = RegionPage.objects.get(pk=aachen.pk)
    assert region.revisions.count() == revisions_before + 1
    assert proposal.revision == region.latest_revision == region.live_revision
    assert proposal.revision.user == editor_user
    assert region.financing == "Gesichert bis 2028."
    assert region.partner_types == ["school", "university", "company", "chamber"]
    assert not region.has_unpublished_changes
    assert "Gesichert bis 2028." in client.get("/regionen/aachener-revier/").content.decode()
    note = Notification.objects.get(recipient=proposal.proposer, kind="region_proposal")
    assert note.title == "Dein Änderungsvorschlag für MINT-Netzwerk Aachener Revier wurde angenommen"
    assert note.body == "Danke, übernommen."
    assert note.url == "/regionen/aachener-revier/"


def test_accepting_keeps_a_pending_draft_unpublished(proposal, editor_user, aachen):
    draft = RegionPage.objects.get(pk=aachen.pk).get_latest_revision_as_object()
    draft.title = "Neuer Titel im Entwurf"
    draft.save_revision(user=editor_user)
    decision = proposals.accept(proposal, editor_user)
    assert decision.revision_created and not decision.published
    region = RegionPage.objects.get(pk=aachen.pk)
    assert region.title == "MINT-Netzwerk Aachener Revier"  # the live page is unchanged
    assert region.has_unpublished_changes
    latest = region.get_latest_revision_as_object()
    assert latest.title == "Neuer Titel im Entwurf" and latest.financing == "Gesichert bis 2028."


def test_rejecting_needs_a_note_and_tells_the_coordinator(client, proposal, editor_user, aachen):
    client.force_login(editor_user)
    response = client.post(review_url(proposal), {"decision": "reject", "note": "  "})
    assert response.status_code == 200
    assert "Schreib der Koordinator:in, warum" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.is_open
    response = client.post(review_url(proposal), {"decision": "reject", "note": "Bitte mit Quelle."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and proposal.decision_note == "Bitte mit Quelle."
    assert RegionPage.objects.get(pk=aachen.pk).financing.startswith("Mitgliedsbeiträge")
    note = Notification.objects.get(recipient=proposal.proposer, kind="region_proposal")
    assert note.title == "Dein Änderungsvorschlag für MINT-Netzwerk Aachener Revier wurde nicht angenommen"
    # The coordinator sees the decision on the form page.
    client.force_login(proposal.proposer)
    assert "Hinweis der Redaktion: Bitte mit Quelle." in client.get(URL).content.decode()


def test_a_decided_proposal_cannot_be_decided_again(client, proposal, editor_user):
    proposals.reject(proposal, editor_user, "Nein.")
    with pytest.raises(proposals.ProposalAlreadyDecided):
        proposals.accept(proposal, editor_user)
    client.force_login(editor_user)
    html = client.get(review_url(proposal)).content.decode()
    assert 'name="decision"' not in html
    response = client.post(review_url(proposal), {"decision": "accept"}, follow=True)
    assert "Jemand anderes hat inzwischen über diesen Vorschlag entschieden." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED


def test_reject_without_note_is_refused_in_the_domain_too(proposal, editor_user):
    with pytest.raises(ValidationError):
        proposals.reject(proposal, editor_user, "")


@pytest.mark.parametrize("who", ["moderator", "member", "coordinator"])
def test_only_editors_may_see_and_decide(client, proposal, moderator_user, make_member, coordinator, who):
    user = {"moderator": moderator_user, "member": make_member("Mia Mitglied"), "coordinator": coordinator}[
        who
    ]
    client.force_login(user)
    for path in ("/admin/aenderungsvorschlaege/", review_url(proposal)):
        response = client.get(path)
        # Wagtail answers a denied admin view with a redirect to the dashboard (or to the login for members).
        assert response.status_code in (302, 403), path
        final = client.get(path, follow=True).content.decode()
        assert "Wir haben einen neuen Partner." not in final and 'name="decision"' not in final
    response = client.post(review_url(proposal), {"decision": "accept"})
    assert response.status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        proposals.accept(proposal, user)
    with pytest.raises(PermissionDenied):
        proposals.reject(proposal, user, "Nein")
    proposal.refresh_from_db()
    assert proposal.is_open
    if who == "moderator":
        dashboard = client.get("/admin/").content.decode()
        assert "/admin/aenderungsvorschlaege/" not in dashboard


def test_superusers_decide_too(proposal, make_member):
    boss = make_member("Susi Super")
    boss.is_superuser = True
    boss.save()
    decision = proposals.accept(proposal, boss)
    assert decision.published


def test_accepting_a_message_only_proposal_changes_nothing(aachen, coordinator, editor_user):
    proposal = proposals.create_proposal(
        aachen, coordinator, proposals.current_values(aachen), "Nur ein Hinweis"
    )
    revisions = aachen.revisions.count()
    decision = proposals.accept(proposal, editor_user)
    assert not decision.revision_created
    assert aachen.revisions.count() == revisions
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


# --- Privacy -----------------------------------------------------------------------------------------------


def test_export_and_erasure_of_proposals(proposal, coordinator, editor_user, aachen):
    from community.members import privacy

    handler = next(h for h in privacy.handlers() if h.name == "region_proposals")
    exported = handler.export(coordinator)
    assert exported[0]["region"] == "MINT-Netzwerk Aachener Revier"
    assert exported[0]["message"] == "Wir haben einen neuen Partner."
    decided = proposals.create_proposal(aachen, coordinator, proposals.current_values(aachen), "Später")
    proposals.reject(decided, editor_user, "Nein")
    handler.erase(coordinator, keep_content=False)
    assert not RegionChangeProposal.objects.filter(pk=proposal.pk).exists()  # open: withdrawn
    decided.refresh_from_db()
    assert decided.proposer is None and decided.message == ""
