"""Inside an organisation, private text stays private and nothing can be forged.

Each test here plants a marker where only some people may read it, then looks for it where the
others are: pages, feeds, the agenda and its email.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import TeamRole
from coaching import services as coaching
from coaching.models import KpiValue
from codev.services import case_save
from conftest import COMPLETE_CASE, action_items, make_person, open_session, uploaded_clip
from library import search
from library.models import Clip, Situation, Visibility
from practice.models import Challenge
from practice.services import challenge_create, take_submit
from recognition.models import Kudos
from recognition.services import kudos_give, story_post
from roundtable.errors import RoundtableError
from vocabulary.services import term_propose


def _ready(clip, **fields) -> Clip:
    Clip.objects.filter(id=clip.id).update(state="ready", duration=60, **fields)
    return Clip.objects.get(id=clip.id)


@pytest.fixture
def sam(world):
    """A second rep in Alpha."""
    person = make_person(world.org, "sam@acme.test", "Sam Seller")
    account_services.membership_set(team=world.alpha, person=person, role=TeamRole.REP)
    return person


def test_credit_kudos_from_a_private_one_on_one_never_quote_the_private_action(
    world, sam, client_for, tmp_path
):
    clip = _ready(uploaded_clip(sam, world.alpha, tmp_path), title="Pricing objection")
    response = client_for(world.manager).post(
        reverse("one_on_one_write"),
        {
            "rep": world.rep.id,
            "protocol": "grow",
            "topic": "Talk ratio",
        }
        | action_items(
            {
                "what": "PRIVATE-ACTION stop monologuing on discovery calls",
                "credit": f"clip:{clip.id}",
            }
        ),
    )
    assert response.status_code == 302
    kudos = Kudos.objects.get()
    assert list(kudos.recipients.all()) == [sam] and kudos.clip == clip
    for person in (sam, world.other_rep, world.manager):
        html = client_for(person).get(reverse("kudos_home")).content.decode()
        assert "PRIVATE-ACTION" not in html
    agenda = client_for(sam).get(reverse("meeting_agenda", args=[world.alpha.id]))
    assert "Credited your clip in their action plan." in agenda.content.decode()
    assert "PRIVATE-ACTION" not in agenda.content.decode()
    client_for(world.manager).post(reverse("agenda_send", args=[world.alpha.id]))
    assert mail.outbox and all("PRIVATE-ACTION" not in m.body for m in mail.outbox)


def test_advice_is_quoted_in_the_kudos_feed_only_to_those_who_may_read_its_session(
    world, sam, client_for
):
    from meetings import services as meetings
    from meetings.selectors import meeting_state

    _, meeting = open_session(world)
    meetings.meeting_move(meeting_id=meeting.id, actor=world.manager, move="start")
    meeting.refresh_from_db()
    while meeting_state(meeting=meeting)["current"]["phase_key"] != "consultation":
        meetings.meeting_move(meeting_id=meeting.id, actor=world.manager, move="advance")
        meeting.refresh_from_db()
    advice = meetings.contribution_add(
        meeting_id=meeting.id, author=sam, kind="advice", text="TEAM-ADVICE ask for the CFO"
    )
    kudos_give(
        giver=world.rep, recipients=[sam], message="Thanks!", for_kind="advice", contribution=advice
    )
    account_services.membership_set(team=world.beta, person=sam, role=TeamRole.REP)
    assert "TEAM-ADVICE" in client_for(world.rep).get(reverse("kudos_home")).content.decode()
    # Otto (Beta) sees the kudos to his teammate Sam, not the Alpha session's advice.
    html = client_for(world.other_rep).get(reverse("kudos_home")).content.decode()
    assert "Thanks!" in html and "TEAM-ADVICE" not in html


def test_a_written_one_on_one_is_only_for_a_rep_the_coach_manages(world, client_for, tmp_path):
    url = reverse("one_on_one_write")
    _ready(uploaded_clip(world.other_rep, world.beta, tmp_path), title="BETA-ONLY-CLIP")
    client = client_for(world.manager)
    response = client.get(url, {"rep": world.other_rep.id, "protocol": "grow"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "a rep of a team you manage" in page and "BETA-ONLY-CLIP" not in page


def test_a_written_one_on_one_offers_and_accepts_only_what_the_coach_may_read(
    world, client_for, tmp_path
):
    # Rita is in Alpha (Max manages it) and in Beta; Beta's team-only clip is not Max's to see.
    account_services.membership_set(team=world.beta, person=world.rep, role=TeamRole.REP)
    beta_clip = _ready(uploaded_clip(world.other_rep, world.beta, tmp_path), title="BETA-ONLY-CLIP")
    url = reverse("one_on_one_write")
    page = client_for(world.manager).get(url, {"rep": world.rep.id, "protocol": "grow"})
    assert page.status_code == 200 and "BETA-ONLY-CLIP" not in page.content.decode()
    response = client_for(world.manager).post(
        url,
        {
            "rep": world.rep.id,
            "protocol": "grow",
            "topic": "Pricing",
        }
        | action_items({"what": "Use the three-option price", "credit": f"clip:{beta_clip.id}"}),
    )
    assert response.status_code == 400 and not Kudos.objects.exists()


def test_roam_lists_only_the_clips_and_takes_the_viewer_may_watch(world, client_for, tmp_path):
    account_services.membership_set(team=world.beta, person=world.rep, role=TeamRole.REP)
    _ready(uploaded_clip(world.rep, world.beta, tmp_path), title="BETA-ROAM-CLIP")
    _ready(uploaded_clip(world.rep, world.alpha, tmp_path), title="Alpha discovery call")
    html = client_for(world.manager).get(reverse("person_roam", args=[world.rep.id]))
    html = html.content.decode()
    assert "Alpha discovery call" in html and "BETA-ROAM-CLIP" not in html
    assert (
        "BETA-ROAM-CLIP"
        in client_for(world.rep).get(reverse("person_roam", args=[world.rep.id])).content.decode()
    )


@pytest.fixture
def meetings_kpi(world):
    return coaching.kpi_save(
        organisation=world.org,
        name="Meetings booked",
        unit="meetings",
        period="month",
        direction="higher",
        kind="leading",
        combine="sum",
    )


def test_a_manager_imports_values_only_for_people_in_teams_they_manage(
    world, meetings_kpi, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"email,kpi,period,value\nrita@acme.test,Meetings booked,2026-09,12\n"
    data += b"otto@acme.test,Meetings booked,2026-09,99\n"
    client = client_for(world.manager)
    upload = SimpleUploadedFile("kpis.csv", data, content_type="text/csv")
    preview = client.post(reverse("kpi_import_preview"), {"file": upload})
    assert preview.status_code == 400
    assert "otto@acme.test is not in a team you manage" in preview.content.decode()
    assert client.post(reverse("kpi_import_confirm")).status_code == 400  # all or nothing
    assert not KpiValue.objects.exists()
    # Only the valid rows, when asked: Rita's value; Otto's stays out.
    assert client.post(reverse("kpi_import_confirm"), {"mode": "valid"}).status_code == 302
    assert [v.person_id for v in KpiValue.objects.all()] == [world.rep.id]
    KpiValue.objects.all().delete()
    # The admin manages everyone: the same file goes in.
    parsed = coaching.values_check_csv(importer=world.admin, data=data)
    assert coaching.values_import(parsed=parsed, source="csv") == 2


@pytest.fixture
def blind(world, sam, tmp_path):
    """A blind challenge in Alpha: Sam has submitted, Rita has not."""
    situation = Situation.objects.filter(organisation=world.org).first()
    challenge = challenge_create(
        actor=world.manager,
        team=world.alpha,
        kind="challenge",
        title="Price objection",
        prompt="They say: too expensive.",
        rubric="Acknowledge, 1",
        due_at=timezone.now() + timedelta(days=3),
        participants=[world.rep, sam],
        reviewer_mode="peers",
        situation=situation,
    )
    term_propose(user=world.admin, name="Deal desk", definition="Who approves discounts.")
    clip = _ready(
        uploaded_clip(sam, world.alpha, tmp_path, title="Deal desk BLINDTAKE answer"),
        visibility=Visibility.ORGANISATION,
        situation=situation,
    )
    search.index_clip(
        clip_id=clip.id,
        organisation_id=clip.organisation_id,
        title=clip.title,
        tags=clip.tags,
        transcript="",
    )
    take = take_submit(challenge=challenge, author=sam, clip=clip)
    return challenge, take, clip, situation


def test_blind_is_the_default_for_a_new_challenge(world, client_for):
    html = client_for(world.manager).get(reverse("challenge_new", args=[world.alpha.id]))
    blind_input = html.content.decode().split('name="blind"')[1].split(">")[0]
    assert "checked" in blind_input
    assert challenge_create.__kwdefaults__["blind"] is True


def test_a_blind_challenge_hides_the_others_takes_everywhere_until_you_submit(
    world, blind, client_for, tmp_path
):
    challenge, take, clip, situation = blind
    client = client_for(world.rep)
    pages = [
        reverse("library_home"),
        reverse("library_home") + "?q=desk",
        reverse("term_detail", args=["deal-desk"]),
        reverse("playbook_situation", args=[situation.id]),
        reverse("challenge_detail", args=[challenge.id]),
        reverse("kudos_home"),
    ]
    for url in pages:
        assert "BLINDTAKE" not in client.get(url).content.decode(), url
    assert client.get(reverse("clip_detail", args=[clip.id])).status_code == 404
    review = client.post(reverse("take_review", args=[take.id]), {"comment": "Nice"})
    assert review.status_code == 404
    # Otto (Beta) is no participant: an organisation-wide clip is his to watch.
    assert (
        client_for(world.other_rep).get(reverse("clip_detail", args=[clip.id])).status_code == 200
    )
    mine = _ready(uploaded_clip(world.rep, world.alpha, tmp_path, title="My answer"))
    take_submit(challenge=challenge, author=world.rep, clip=mine)
    assert "BLINDTAKE" in client.get(reverse("library_home") + "?q=desk").content.decode()
    assert client.get(reverse("clip_detail", args=[clip.id])).status_code == 200


def test_waiting_for_the_due_date_does_not_reveal_a_blind_challenges_takes(
    world, blind, client_for
):
    challenge, _, clip, _ = blind
    Challenge.objects.filter(id=challenge.id).update(due_at=timezone.now() - timedelta(hours=1))
    assert client_for(world.rep).get(reverse("clip_detail", args=[clip.id])).status_code == 404
    assert client_for(world.manager).get(reverse("clip_detail", args=[clip.id])).status_code == 200


def test_kudos_for_a_clip_or_story_thank_those_who_made_it(world, sam, tmp_path):
    clip = _ready(uploaded_clip(sam, world.alpha, tmp_path))
    with pytest.raises(RoundtableError, match="Rita Rep did not make this clip"):
        kudos_give(
            giver=world.manager, recipients=[world.rep], message="Great", for_kind="clip", clip=clip
        )
    story = story_post(
        author=world.rep,
        team=world.alpha,
        kind="success",
        title="Won",
        body="We won.",
        credited=[sam],
    )
    with pytest.raises(RoundtableError, match="Max Manager did not make this story"):
        kudos_give(
            giver=sam, recipients=[world.manager], message="Great", for_kind="story", story=story
        )
    kudos_give(giver=world.manager, recipients=[sam], message="Great", for_kind="clip", clip=clip)
    kudos_give(
        giver=world.manager,
        recipients=[world.rep, sam],
        message="Hi",
        for_kind="story",
        story=story,
    )
    assert Kudos.objects.count() == 2


def test_the_kudos_form_refuses_thanking_someone_for_another_persons_clip(
    world, sam, client_for, tmp_path
):
    clip = _ready(uploaded_clip(sam, world.alpha, tmp_path))
    response = client_for(world.manager).post(
        reverse("kudos_home"),
        {"to": [world.rep.id], "message": "Great clip", "for_kind": "clip", "clip": clip.id},
    )
    assert response.status_code == 400 and not Kudos.objects.exists()
    assert "did not make this clip" in response.content.decode()
    assert "Great clip" in response.content.decode()  # what was typed is kept


def test_the_invitation_form_answers_the_same_for_an_address_used_elsewhere(world, client_for):
    client = client_for(world.manager)
    answers = []
    for email in ("olga@globex.test", "nobody.yet@acme.test"):
        response = client.post(
            reverse("invitation_new"),
            {"email": email, "role": "rep", "team": world.alpha.id, "full_name": ""},
            follow=True,
        )
        html = response.content.decode().replace(email, "EMAIL")
        answers.append((response.status_code, "another organisation" in html))
    assert answers[0] == answers[1] == (200, False)


def test_the_owner_of_an_address_used_elsewhere_learns_why_by_email(
    world, django_capture_on_commit_callbacks, run_worker
):
    with django_capture_on_commit_callbacks(execute=True):
        account_services.invitation_create(
            actor=world.manager, email="olga@globex.test", role="rep", team=world.alpha
        )
    run_worker()
    body = mail.outbox[-1].body
    assert "already has a Roundtable account with another organisation" in body
    assert "/join/" not in body


@pytest.mark.parametrize("admins_see", [True, False])
def test_admins_see_team_material_only_when_the_organisation_says_so(world, client_for, admins_see):
    account_services.organisation_privacy_update(
        organisation=world.org, admins_see_team_work=admins_see, admins_see_coaching=False
    )
    case = case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    session, meeting = open_session(world)
    client = client_for(world.admin)
    expected = 200 if admins_see else 404
    for url in (
        reverse("case_detail", args=[case.id]),
        reverse("team_cases", args=[world.alpha.id]),
        reverse("session_detail", args=[session.id]),
        reverse("meeting_live", args=[meeting.id]),
    ):
        assert client.get(url).status_code == expected, url
    words = client_for(world.rep).get(reverse("case_detail", args=[case.id])).content.decode()
    assert ("confidential to the team and the organisation's admins" in words) is admins_see
    assert "confidential to the team" in words


def test_an_admin_sets_who_sees_team_material_and_one_on_ones(world, client_for):
    client = client_for(world.admin)
    assert client.get(reverse("manage_privacy")).status_code == 200
    response = client.post(reverse("manage_privacy"), {"admins_see_coaching": "on"})
    assert response.status_code == 302
    world.org.refresh_from_db()
    assert (world.org.admins_see_team_work, world.org.admins_see_coaching) == (False, True)
    assert client_for(world.manager).get(reverse("manage_privacy")).status_code == 403


def test_an_admin_outside_the_team_is_not_offered_team_work_they_cannot_open(world, client_for):
    account_services.organisation_privacy_update(
        organisation=world.org, admins_see_team_work=False, admins_see_coaching=False
    )
    html = client_for(world.admin).get(reverse("practice_home")).content.decode()
    assert reverse("challenge_new", args=[world.alpha.id]) not in html
    manager_html = client_for(world.manager).get(reverse("practice_home")).content.decode()
    assert reverse("challenge_new", args=[world.alpha.id]) in manager_html
