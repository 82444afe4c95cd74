import re

import pytest
from django.urls import reverse

from coaching import services
from coaching.models import OneOnOne
from conftest import COMMITMENT, action_items
from meetings import services as meeting_services
from meetings.models import ActionItem
from protocols.definitions import GROW, SLED


def _grow(world, topic="Discovery calls run long", **extra):
    return services.one_on_one_start(
        coach=world.manager,
        rep=world.rep,
        protocol_key="grow",
        coaching_type="developmental",
        topic=topic,
        **extra,
    )


def test_grow_and_sled_have_their_phases_and_a_question_bank():
    assert [p.title for p in GROW.phases] == ["Goal", "Reality", "Options", "Way forward"]
    assert all(p.prompts for p in GROW.phases)
    assert [p.key for p in SLED.phases] == ["set_stage", "lead_analysis", "explore", "develop"]
    assert GROW.phases[-1].accepts == ("action", "note")


@pytest.mark.parametrize("persona", ["other_rep", "admin"])
def test_a_1on1_is_private_to_coach_and_rep(world, client_for, persona):
    one = _grow(world)
    client = client_for(world.persona(persona))
    for url in (
        reverse("meeting_live", args=[one.meeting_id]),
        reverse("meeting_state", args=[one.meeting_id]),
        reverse("one_on_one_detail", args=[one.id]),
    ):
        assert client.get(url).status_code == 404, url
    for person in (world.manager, world.rep):
        assert (
            client_for(person).get(reverse("meeting_live", args=[one.meeting_id])).status_code
            == 200
        )


def test_a_teammate_in_the_same_team_does_not_see_it_either(world, client_for):
    from accounts import services as account_services
    from conftest import make_person

    mate = make_person(world.org, "mate@acme.test", "Mate Alpha")
    account_services.membership_set(team=world.alpha, person=mate, role="rep")
    one = _grow(world)
    assert client_for(mate).get(reverse("meeting_live", args=[one.meeting_id])).status_code == 404
    assert "Discovery calls" not in client_for(mate).get(reverse("coaching_home")).content.decode()


def test_admins_see_1on1s_only_when_the_organisation_says_so(world, client_for):
    one = _grow(world)
    hidden = client_for(world.admin).get(reverse("one_on_one_detail", args=[one.id]))
    assert hidden.status_code == 404  # by default an admin does not read 1:1s
    world.org.admins_see_coaching = True
    world.org.save(update_fields=["admins_see_coaching"])
    assert (
        client_for(world.admin).get(reverse("one_on_one_detail", args=[one.id])).status_code == 200
    )


def test_only_a_manager_of_the_reps_team_coaches_them(world):
    with pytest.raises(services.RoundtableError, match="teams you manage"):
        services.one_on_one_start(
            coach=world.manager,
            rep=world.other_rep,
            protocol_key="grow",
            coaching_type="developmental",
            topic="x",
        )


def test_open_items_come_back_at_the_next_1on1(world, client_for):
    first = _grow(world)
    meeting = first.meeting
    for move in ["start", "advance", "advance", "advance"]:
        meeting_services.meeting_move(meeting_id=meeting.id, actor=world.manager, move=move)
    meeting_services.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Ask two open questions before the demo",
        success="Both asked on 3 calls",
        due_on=COMMITMENT["due_on"],
    )
    meeting_services.meeting_move(meeting_id=meeting.id, actor=world.manager, move="advance")
    done = ActionItem.objects.get()
    assert done.owner == world.rep
    second = _grow(world, topic="Follow-up")
    html = client_for(world.rep).get(reverse("meeting_live", args=[second.meeting_id])).content
    html = html.decode()
    assert "open items from your last 1:1s" in html
    assert "Ask two open questions before the demo" in html
    client_for(world.rep).post(
        reverse("action_update", args=[done.id]), {"status": "done", "update": "Done on 3 calls"}
    )
    html = client_for(world.rep).get(reverse("meeting_live", args=[second.meeting_id])).content
    assert "Ask two open questions" not in html.decode()  # done: it no longer comes back


def test_a_written_1on1_saves_notes_and_items_and_keeps_text_on_error(world, client_for):
    client = client_for(world.manager)
    url = reverse("one_on_one_write")
    base = {"rep": world.rep.id, "protocol": "grow", "coaching_type": "developmental"}
    response = client.post(
        url,
        base
        | {"topic": "", "note_goal": "Shorter discovery"}
        | action_items({"what": "Time it", "due_on": "30/11"}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Shorter discovery</textarea>" in html and 'value="Time it"' in html
    assert "Give the date as YYYY-MM-DD" in html  # the bad date is named, nothing is lost
    response = client.post(
        url,
        base
        | {"topic": "Discovery", "note_goal": "Shorter discovery"}
        | action_items({"what": "Time it", "success": "Under 30 min"}),
    )
    one = OneOnOne.objects.get()
    assert response["Location"] == reverse("one_on_one_detail", args=[one.id])
    assert one.mode == "written" and one.meeting.private
    assert one.meeting.state["status"] == "written" and one.meeting.ended_at is not None
    assert ActionItem.objects.get().what == "Time it"
    record = client_for(world.rep).get(response["Location"]).content.decode()
    assert "Shorter discovery" in record and "Time it" in record


def test_a_coaching_type_template_prefills_the_conversation(world, client_for):
    html = (
        client_for(world.manager)
        .get(reverse("coaching_home"), {"type": "tactical", "rep": world.rep.id})
        .content.decode()
    )
    assert '<option value="field_coaching" selected>' in html
    assert 'value="Prepare the meeting with "' in html
    assert f'<option value="{world.rep.id}" selected>' in html


def test_a_written_item_without_its_success_names_the_item_and_keeps_the_rest(world, client_for):
    response = client_for(world.manager).post(
        reverse("one_on_one_write"),
        {"rep": world.rep.id, "protocol": "grow", "topic": "Discovery"}
        | action_items({"what": "Time it"}, {"what": "Shadow Max", "success": ""}),
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Item 2: say how success will be seen" in html
    assert 'value="Time it"' in html and 'value="Shadow Max"' in html
    assert not ActionItem.objects.exists() and not OneOnOne.objects.exists()


def test_a_coachs_home_lists_their_1on1s_of_the_week(world, client_for):
    client_for(world.manager).post(
        reverse("one_on_one_write"),
        {"rep": world.rep.id, "protocol": "grow", "topic": "Discovery calls"}
        | action_items({"what": "Time it"}),
    )
    home = client_for(world.manager).get(reverse("home")).content.decode()
    assert "1:1s this week" in home and "Rita Rep: Discovery calls" in home
    assert "written" in home
    assert "Your coaching" not in client_for(world.rep).get(reverse("home")).content.decode()


def test_a_coachs_home_shows_coaching_time_this_month_against_the_target(world, client_for):
    world.org.coaching_target_percent = 10
    world.org.save()
    home = client_for(world.manager).get(reverse("home")).content.decode()
    assert "<strong>0.0 h</strong> of coaching since" in home and "a target of 10%" in home
    client_for(world.manager).post(  # GROW written: its planned length counts
        reverse("one_on_one_write"),
        {"rep": world.rep.id, "protocol": "grow", "topic": "Discovery calls"}
        | action_items({"what": "Time it"}),
    )
    home = client_for(world.manager).get(reverse("home")).content.decode()
    hours = re.search(r"<strong>([\d.]+) h</strong> of coaching since", home).group(1)
    assert float(hours) > 0


def test_an_admin_of_many_teams_coaches_one_team_at_a_time(world, client_for):
    from accounts import services as account_services

    for n in range(3):
        account_services.team_create(organisation=world.org, name=f"Team {n}")
    client = client_for(world.admin)
    html = client.get(reverse("coaching_home")).content.decode()
    assert "5 teams: showing" in html
    alpha = client.get(reverse("coaching_home"), {"team": world.alpha.id}).content.decode()
    assert f'<option value="{world.rep.id}">Rita Rep</option>' in alpha
    assert "Otto Otherteam" not in alpha
    beta = client.get(reverse("coaching_home"), {"team": world.beta.id}).content.decode()
    assert "Otto Otherteam" in beta and "Rita Rep" not in beta
