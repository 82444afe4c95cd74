from datetime import date

import pytest
from django.urls import reverse

from coaching import services as coaching
from coaching.models import KpiValue
from recognition import services
from recognition.models import Kudos, Notification, Story


@pytest.fixture
def kpi(world):
    meetings = coaching.kpi_save(
        organisation=world.org,
        name="Meetings booked",
        unit="",
        period="month",
        direction="higher",
        kind="leading",
        combine="sum",
    )
    coaching.target_set(kpi=meetings, period="2026-10", value=10, person=world.rep)
    coaching.target_set(kpi=meetings, period="2026-09", value=10, person=world.rep)
    return meetings


def _import(world, text):
    parsed = coaching.values_check_csv(
        importer=world.admin, data=("email,kpi,period,value\n" + text).encode()
    )
    return coaching.values_import(parsed=parsed, source="csv")


def test_a_met_target_is_recognised_automatically_once(world, kpi):
    _import(
        world,
        "rita@acme.test,Meetings booked,2026-10,12\nrita@acme.test,Meetings booked,2026-09,7\n",
    )
    kudos = Kudos.objects.get()
    assert kudos.giver is None and list(kudos.recipients.all()) == [world.rep]
    assert kudos.message == (
        "Meetings booked, October 2026: 12 against a target of 10 — activity target met."
    )
    _import(world, "rita@acme.test,Meetings booked,2026-10,13\n")
    assert Kudos.objects.count() == 1  # the same period is not recognised twice
    assert Notification.objects.filter(user=world.rep, text__startswith="Target met").exists()


def test_a_correction_below_target_withdraws_the_recognition_and_says_why(world, kpi, client_for):
    _import(world, "rita@acme.test,Meetings booked,2026-10,12\n")
    assert Kudos.objects.count() == 1
    _import(world, "rita@acme.test,Meetings booked,2026-10,8\n")  # the CRM was wrong
    assert not Kudos.objects.exists()
    assert not Notification.objects.filter(user=world.rep, text__startswith="Target met").exists()
    (word,) = Notification.objects.filter(user=world.rep, text__startswith="Corrected")
    assert word.text == (
        "Corrected: Meetings booked, October 2026, is now 8 against a target of 10. "
        "The “target met” recognition is withdrawn."
    )
    kudos_page = client_for(world.manager).get(reverse("kudos_home")).content.decode()
    assert "Meetings booked 8" not in kudos_page and "Meetings booked 12" not in kudos_page
    _import(world, "rita@acme.test,Meetings booked,2026-10,11\n")  # corrected above again
    assert Kudos.objects.get().message.startswith("Meetings booked, October 2026: 11")


def test_a_target_moved_above_the_value_withdraws_the_recognition(world, kpi):
    _import(world, "rita@acme.test,Meetings booked,2026-10,12\n")
    coaching.target_set(kpi=kpi, period="2026-10", value=15, person=world.rep)
    assert not Kudos.objects.exists()
    coaching.target_set(kpi=kpi, period="2026-10", value=12, person=world.rep)
    assert Kudos.objects.count() == 1


def test_a_teammate_gives_kudos_for_a_target_met(world, kpi, client_for):
    _import(world, "rita@acme.test,Meetings booked,2026-10,12\n")
    value = Kudos.objects.get().kpi_value
    manager = client_for(world.manager)
    assert (
        "Rita Rep: Meetings booked 12 (Oct 2026)"
        in manager.get(reverse("kudos_home")).content.decode()
    )
    # Otto is in another team: Rita's results are not his to see, nor to pick.
    other = client_for(world.other_rep).get(reverse("kudos_home")).content.decode()
    assert "Meetings booked 12" not in other
    form = {"for_kind": "kpi", "kpi_value": value.id, "message": "Twelve meetings: a record."}
    otto = client_for(world.other_rep).post(reverse("kudos_home"), {**form, "to": [world.rep.id]})
    assert otto.status_code == 400
    assert not Kudos.objects.filter(giver=world.other_rep).exists()
    manager = client_for(world.manager)
    refused = manager.post(reverse("kudos_home"), {**form, "to": [world.admin.id]})
    assert refused.status_code == 400
    assert "Kudos for this achievement include Rita Rep." in refused.content.decode()
    assert "Twelve meetings: a record." in refused.content.decode()  # nothing typed is lost
    assert manager.post(reverse("kudos_home"), {**form, "to": [world.rep.id]}).status_code == 302
    given = Kudos.objects.get(giver=world.manager)
    assert (given.for_kind, given.kpi_value, list(given.recipients.all())) == (
        "kpi",
        value,
        [world.rep],
    )
    not_picked = manager.post(
        reverse("kudos_home"), {**form, "kpi_value": "", "to": [world.rep.id]}
    )
    assert "Pick the achievement the kudos are for." in not_picked.content.decode()


def test_kudos_are_never_for_oneself_and_always_for_something(world):
    with pytest.raises(services.RoundtableError, match="for others"):
        services.kudos_give(
            giver=world.rep,
            recipients=[world.rep, world.manager],
            message="Thanks",
            for_kind="other",
        )
    with pytest.raises(services.RoundtableError, match="Pick the clip"):
        services.kudos_give(
            giver=world.rep, recipients=[world.manager], message="Thanks", for_kind="clip"
        )


def test_kudos_to_several_people_notify_each(world, client_for):
    response = client_for(world.rep).post(
        reverse("kudos_home"),
        {
            "to": [world.manager.id, world.admin.id],
            "for_kind": "other",
            "message": "When the CFO asked about price, you paused and let her talk; "
            "she named the budget.",
        },
    )
    assert response.status_code == 302
    assert set(Kudos.objects.get().recipients.all()) == {world.manager, world.admin}
    assert Notification.objects.filter(text__contains="she named the budget").count() == 2
    assert set(
        Notification.objects.filter(text__contains="she named the budget").values_list(
            "user_id", flat=True
        )
    ) == {world.manager.id, world.admin.id}
    manager = client_for(world.manager)
    assert 'aria-label="Notifications, 1 new"' in manager.get(reverse("home")).content.decode()
    listed = manager.get(reverse("notifications")).content.decode()
    assert "she named the budget" in listed and 'aria-label="Notifications"' in listed


def test_teammates_are_on_the_page_and_anyone_else_is_a_search_away(world, client_for):
    client = client_for(world.rep)
    html = client.get(reverse("kudos_home")).content.decode()
    # Max is in Rita's team; Otto is not: he is found by name, and thanked all the same.
    assert f'name="to" value="{world.manager.id}"' in html
    assert "Otto Otherteam" not in html and 'hx-get="/pick/people/"' in html
    assert f'name="to" value="{world.rep.id}"' not in html  # never oneself
    found = client.get(reverse("people_pick"), {"q": "ott", "name": "to", "many": "1"})
    assert f'type="checkbox" name="to" value="{world.other_rep.id}"' in found.content.decode()
    assert "Rita" not in client.get(reverse("people_pick"), {"q": "rit"}).content.decode()
    assert "Olga" not in client.get(reverse("people_pick"), {"q": "olg"}).content.decode()
    sent = client.post(
        reverse("kudos_home"),
        {
            "to": [world.other_rep.id],
            "for_kind": "other",
            "message": "Your pricing sheet for Northwind saved me a day of work.",
            "post_anyway": "1",
        },
    )
    assert sent.status_code == 302 and Kudos.objects.get().recipients.get() == world.other_rep


def test_a_clip_is_found_by_its_title_among_those_the_person_may_watch(world, client_for):
    from library.models import Clip

    mine = Clip.objects.create(
        organisation=world.org,
        team=world.alpha,
        author=world.rep,
        title="Pricing call",
        state="ready",
    )
    hidden = Clip.objects.create(
        organisation=world.org,
        team=world.beta,
        author=world.other_rep,
        title="Pricing demo",
        state="ready",
        visibility="team",
    )
    found = client_for(world.manager).get(reverse("clip_pick"), {"q": "pricing", "name": "clip"})
    html = found.content.decode()
    assert f'type="radio" name="clip" value="{mine.id}"' in html and str(hidden.id) not in html
    assert (
        "Nothing matches"
        in client_for(world.manager).get(reverse("clip_pick"), {"q": "zzz"}).content.decode()
    )


def test_the_giver_sees_how_teammates_like_to_be_appreciated(world, client_for):
    world.manager.appreciation = "quality_time"
    world.manager.appreciation_note = "a coffee and your deal"
    world.manager.save()
    html = client_for(world.rep).get(reverse("kudos_home")).content.decode()
    assert "Quality time. Time: offer a coffee" in html
    assert "In their words: “a coffee and your deal”" in html


def test_a_team_story_stays_in_the_team_and_an_organisation_story_does_not(world, client_for):
    team_story = services.story_post(
        author=world.rep,
        team=world.alpha,
        kind="war",
        title="Lost the bank",
        body="No CFO meeting.",
    )
    open_story = services.story_post(
        author=world.rep,
        team=world.alpha,
        kind="success",
        title="Won Northwind",
        body="Max's deal clinic.",
        visibility="organisation",
        credited=[world.manager],
    )
    other = client_for(world.other_rep)
    assert other.get(reverse("story_detail", args=[team_story.id])).status_code == 404
    assert other.get(reverse("story_detail", args=[open_story.id])).status_code == 200
    assert "Lost the bank" not in other.get(reverse("stories_home")).content.decode()
    assert Notification.objects.filter(user=world.manager, text__contains="credited").exists()


def test_reactions_comments_and_the_team_meeting_mark(world, client_for):
    story = services.story_post(
        author=world.rep,
        team=world.alpha,
        kind="war",
        title="Lost the bank",
        body="No CFO meeting.",
    )
    manager = client_for(world.manager)
    manager.post(reverse("story_react", args=[story.id]), {"on": "1"})
    manager.post(reverse("story_comment", args=[story.id]), {"text": "Same with Globex."})
    manager.post(reverse("story_meeting", args=[story.id]), {"on": "1"})
    story.refresh_from_db()
    assert story.reactions.count() == 1 and story.comments.count() == 1 and story.for_team_meeting
    assert Notification.objects.filter(user=world.rep, text__contains="commented").exists()


def test_story_list_query_count_is_flat(world, client_for, django_assert_num_queries):
    for n in range(6):
        services.story_post(author=world.rep, team=world.alpha, kind="war", title=f"S{n}", body="x")
    client = client_for(world.rep)
    client.get(reverse("stories_home"))
    # Session, user, the default team, member teams, the stories with their counts, the
    # agenda links' teams, the form's teams and people, the navigation's teams and unread count:
    # the same for 6 stories or 600.
    with django_assert_num_queries(10):
        html = client.get(reverse("stories_home")).content.decode()
    assert html.count("War story</span>") == 6
    assert Story.objects.count() == 6


def test_a_one_word_thanks_is_nudged_and_can_be_sent_anyway(world, client_for):
    manager = client_for(world.manager)
    form = {"for_kind": "other", "to": [world.rep.id], "message": "Thanks"}
    held = manager.post(reverse("kudos_home"), form)
    html = held.content.decode()
    assert held.status_code == 400 and "Could it be more concrete?" in html
    assert "Send it as it is" in html and not Kudos.objects.exists()
    assert manager.post(reverse("kudos_home"), form | {"post_anyway": "1"}).status_code == 302
    assert Kudos.objects.get().message == "Thanks"


def _two_targets_met_and_a_thanks(world):
    _import(
        world,
        "rita@acme.test,Meetings booked,2026-10,12\nrita@acme.test,Meetings booked,2026-09,11\n",
    )
    services.kudos_give(
        giver=world.manager,
        recipients=[world.rep],
        message="Your recap after the Northwind call got us the second meeting.",
        for_kind="other",
    )


def test_targets_met_form_their_own_strand_and_never_bury_peer_kudos(world, kpi, client_for):
    _two_targets_met_and_a_thanks(world)
    html = client_for(world.manager).get(reverse("kudos_home")).content.decode()
    recent = html.split('id="feed-h"')[1].split("</section>")[0]
    strand = html.split('id="targets-met"')[1].split("</section>")[0]
    assert "Northwind call" in recent and "target met" not in recent
    assert strand.count("Meetings booked,") == 2 and "Rita Rep" in strand


def test_the_strand_groups_per_person_and_period_and_many_never_push_peers_out(
    world, kpi, client_for
):
    _two_targets_met_and_a_thanks(world)
    october = KpiValue.objects.get(period_start=date(2026, 10, 1))
    for _ in range(55):  # a busy month of automatic recognitions, all newer than the thanks
        extra = Kudos.objects.create(
            organisation=world.org, message="Meetings booked, October 2026: 12", for_kind="kpi"
        )
        extra.kpi_value = october
        extra.save()
        extra.recipients.set([world.rep])
    html = client_for(world.manager).get(reverse("kudos_home")).content.decode()
    recent = html.split('id="feed-h"')[1].split("</section>")[0]
    assert "Northwind call" in recent
    strand = html.split('id="targets-met"')[1].split("</section>")[0]
    assert strand.count("Rita Rep") == 1  # one person, their periods under them
    assert strand.index(">Oct 2026<") < strand.index(">Sep 2026<")


def test_the_kudos_feed_comes_a_page_at_a_time(world, client_for):
    for n in range(27):
        kudos = Kudos.objects.create(
            organisation=world.org,
            giver=world.manager,
            message=f"Thanks number {n:02d}",
            for_kind="other",
        )
        kudos.recipients.set([world.rep])
    client = client_for(world.rep)
    first = client.get(reverse("kudos_home")).content.decode()
    assert first.count("Thanks number") == 25 and "Older kudos" in first
    second = client.get(reverse("kudos_home"), {"page": 2}).content.decode()
    assert second.count("Thanks number") == 2 and "Older kudos" not in second


def test_the_kudos_form_lists_the_newest_stories_and_the_one_a_link_names(world, client_for):
    stories = [
        services.story_post(
            author=world.manager, team=world.alpha, kind="war", title=f"S{n:02d}", body="x"
        )
        for n in range(23)
    ]
    client = client_for(world.rep)
    html = client.get(reverse("kudos_home")).content.decode()
    assert f'value="{stories[-1].id}"' in html and f'value="{stories[0].id}"' not in html
    linked = client.get(reverse("kudos_home"), {"story": stories[0].id}).content.decode()
    assert f'<option value="{stories[0].id}" selected>' in linked
