"""Every URL pattern, walked with every persona: the wrong person is refused.

A new URL without a row here fails `test_every_url_pattern_has_an_access_rule`, so nobody can add
a page and forget to decide who may reach it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts import services
from coaching import services as coaching_services
from codev.models import CalendarFeed
from codev.services import case_save
from conftest import (
    COMPLETE_CASE,
    World,
    live_session_with_an_action,
    photo_upload,
    uploaded_clip,
)
from library import services as library_services
from library.models import Situation
from ops.services import heartbeat_beat
from practice.services import challenge_create, roleplay_start, take_submit
from recognition.services import story_post
from vocabulary.services import term_propose

PERSONAS = ["anon", "admin", "manager", "rep", "other_rep", "outsider"]
LOGIN = "login"  # anonymous: redirected to sign in


@dataclass
class Rule:
    kwargs: Callable[[World, dict], dict] = lambda w, extra: {}
    expect: dict[str, int | str] = field(default_factory=dict)
    method: str = "get"


def _everyone(status, anon=None) -> dict:
    return {p: status for p in PERSONAS} | {"anon": status if anon is None else anon}


IN_ORG = {
    "anon": LOGIN,
    "admin": 200,
    "manager": 200,
    "rep": 200,
    "other_rep": 200,
    "outsider": 404,
}
MANAGERS = {
    "anon": LOGIN,
    "admin": 200,
    "manager": 200,
    "rep": 403,
    "other_rep": 403,
    "outsider": 200,
}
ADMINS = {
    "anon": LOGIN,
    "admin": 200,
    "manager": 403,
    "rep": 403,
    "other_rep": 403,
    "outsider": 200,
}
ADMIN_OBJECT = {
    "anon": LOGIN,
    "admin": 200,
    "manager": 403,
    "rep": 403,
    "other_rep": 403,
    "outsider": 404,
}
TEAM_WORK = {
    "anon": LOGIN,
    "admin": 200,
    "manager": 200,
    "rep": 200,
    "other_rep": 404,
    "outsider": 404,
}
TEAM_MANAGE = {
    "anon": LOGIN,
    "admin": 200,
    "manager": 200,
    "rep": 403,
    "other_rep": 404,
    "outsider": 404,
}
TEAM_MANAGE_COMMAND = TEAM_MANAGE | {"admin": 400, "manager": 400}
TEAM_MANAGE_POST = TEAM_MANAGE | {"admin": 302, "manager": 302}
CASE_AUTHOR = {
    "anon": LOGIN,
    "admin": 403,
    "manager": 403,
    "rep": 200,
    "other_rep": 404,
    "outsider": 404,
}
CASE_ACTION = {
    "anon": LOGIN,
    "admin": 302,
    "manager": 302,
    "rep": 302,
    "other_rep": 404,
    "outsider": 404,
}
CASE_TRIAGE = {
    "anon": LOGIN,
    "admin": 302,
    "manager": 302,
    "rep": 403,
    "other_rep": 404,
    "outsider": 404,
}
TEAM_POST = {
    "anon": LOGIN,
    "admin": 302,
    "manager": 302,
    "rep": 302,
    "other_rep": 404,
    "outsider": 404,
}
# An empty command is refused as bad input (400) once access is granted.
TEAM_COMMAND = {
    "anon": LOGIN,
    "admin": 400,
    "manager": 400,
    "rep": 400,
    "other_rep": 404,
    "outsider": 404,
}
ANY_MEMBER_COMMAND = {
    "anon": LOGIN,
    "admin": 400,
    "manager": 400,
    "rep": 400,
    "other_rep": 400,
    "outsider": 400,
}
IN_ORG_COMMAND = {
    "anon": LOGIN,
    "admin": 400,
    "manager": 400,
    "rep": 400,
    "other_rep": 400,
    "outsider": 404,
}
# The vocabulary is the organisation's: its managers and admins edit and approve.
APPROVER_COMMAND = {
    "anon": LOGIN,
    "admin": 400,
    "manager": 400,
    "rep": 403,
    "other_rep": 403,
    "outsider": 404,
}
PROPOSAL_DECIDE = {
    "anon": LOGIN,
    "admin": 302,
    "manager": 302,
    "rep": 403,  # proposed it: sees it, cannot approve it
    "other_rep": 404,
    "outsider": 404,
}
MANAGERS_COMMAND = {
    "anon": LOGIN,
    "admin": 400,
    "manager": 400,
    "rep": 403,
    "other_rep": 403,
    "outsider": 400,
}
ADMINS_COMMAND = MANAGERS_COMMAND | {"manager": 403}
MANAGERS_REDIRECT = MANAGERS_COMMAND | {"admin": 302, "manager": 302, "outsider": 302}
ADMIN_OBJECT_POST = ADMIN_OBJECT | {"admin": 302}
# An admin's row action posted without the row's person or team: no such record.
ADMIN_ROW_POST = ADMIN_OBJECT | {"admin": 404}
# A rep's results: the rep, the managers of their teams and admins.
REP_RESULTS = {
    "anon": LOGIN,
    "admin": 200,
    "manager": 200,
    "rep": 200,
    "other_rep": 403,
    "outsider": 404,
}
# A 1:1 is the coach's and the rep's: not the team's, and not an admin's by default.
COACH_AND_REP = {
    "anon": LOGIN,
    "admin": 404,
    "manager": 200,
    "rep": 200,
    "other_rep": 404,
    "outsider": 404,
}
# Only the rep's manager records a gap; the rep and admins get the refusal as bad input.
REP_SOLUTION = REP_RESULTS | {"admin": 400, "manager": 400, "rep": 400}
OBSERVE = COACH_AND_REP | {"manager": 400, "rep": 403}
# The rep's own plan: the rep rates and ticks goals; the manager adds goals with the rep.
REP_PLAN_POST = COACH_AND_REP | {"manager": 403, "rep": 302}
PLAN_GOAL_ADD = COACH_AND_REP | {"manager": 400, "rep": 400}
OWN_UPLOAD = {
    "anon": LOGIN,
    "admin": 404,
    "manager": 404,
    "rep": 200,
    "other_rep": 404,
    "outsider": 404,
}
OWN_UPLOAD_COMMAND = OWN_UPLOAD | {"rep": 400}
CLIP_AUTHOR_POST = {
    "anon": LOGIN,
    "admin": 403,
    "manager": 403,
    "rep": 302,
    "other_rep": 404,
    "outsider": 404,
}
CLIP_AUTHOR = CLIP_AUTHOR_POST | {"rep": 200}
COMMENT_AUTHOR_COMMAND = CLIP_AUTHOR_POST | {"rep": 400}  # an empty edit is refused
# A drafted 1:1 is its coach's alone, to hold or drop.
DRAFT_COACH = {
    "anon": LOGIN,
    "admin": 404,
    "manager": 302,
    "rep": 404,
    "other_rep": 404,
    "outsider": 404,
}
INVITE_ACTION = {
    "anon": LOGIN,
    "admin": 302,
    "manager": 302,
    "rep": 403,
    "other_rep": 403,
    "outsider": 404,
}

RULES: dict[str, Rule] = {
    "home": Rule(expect=_everyone(200, anon=LOGIN)),
    "profile": Rule(expect=_everyone(200, anon=LOGIN)),
    "people_pick": Rule(expect=_everyone(200, anon=LOGIN)),
    "person_detail": Rule(lambda w, x: {"user_id": w.rep.id}, IN_ORG),
    "person_photo": Rule(lambda w, x: {"user_id": w.rep.id}, IN_ORG),
    "team_detail": Rule(lambda w, x: {"team_id": w.alpha.id}, IN_ORG),
    "invitation_list": Rule(expect=MANAGERS),
    "invitation_new": Rule(expect=MANAGERS),
    "invitation_revoke": Rule(
        lambda w, x: {"invitation_id": x["invitation"].id}, INVITE_ACTION, "post"
    ),
    "invitation_resend": Rule(
        lambda w, x: {"invitation_id": x["invitation"].id}, INVITE_ACTION, "post"
    ),
    # The token is the capability: whoever holds the link sees the invitation.
    "invitation_accept": Rule(lambda w, x: {"token": x["invitation"].token}, _everyone(200)),
    "manage_privacy": Rule(expect=ADMINS),
    "manage_teams": Rule(expect=ADMINS),
    "manage_team": Rule(lambda w, x: {"team_id": w.alpha.id}, ADMIN_OBJECT),
    "manage_team_add": Rule(lambda w, x: {"team_id": w.alpha.id}, ADMIN_OBJECT, "post"),
    "manage_team_role": Rule(lambda w, x: {"team_id": w.alpha.id}, ADMIN_ROW_POST, "post"),
    "manage_team_remove": Rule(lambda w, x: {"team_id": w.alpha.id}, ADMIN_ROW_POST, "post"),
    "manage_people": Rule(expect=ADMINS),
    "manage_person": Rule(lambda w, x: {"user_id": w.rep.id}, ADMIN_OBJECT),
    "manage_person_team_add": Rule(lambda w, x: {"user_id": w.rep.id}, ADMIN_OBJECT, "post"),
    "manage_person_team_role": Rule(lambda w, x: {"user_id": w.rep.id}, ADMIN_ROW_POST, "post"),
    "manage_person_team_remove": Rule(lambda w, x: {"user_id": w.rep.id}, ADMIN_ROW_POST, "post"),
    "manage_person_deactivate": Rule(lambda w, x: {"user_id": w.rep.id}, ADMIN_OBJECT_POST, "post"),
    "manage_person_reactivate": Rule(lambda w, x: {"user_id": w.rep.id}, ADMIN_OBJECT_POST, "post"),
    "health": Rule(expect=_everyone(200)),
    # The app shell holds nobody's data: the manifest, the service worker and the page shown
    # with no signal are the same for everyone, signed in or not.
    "pwa_manifest": Rule(expect=_everyone(200)),
    "pwa_worker": Rule(expect=_everyone(200)),
    "offline": Rule(expect=_everyone(200)),
    "team_cases": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_WORK),
    "case_new": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_WORK),
    "team_sessions": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_WORK),
    "team_cadence": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_MANAGE_COMMAND, "post"),
    "calendar_feed_create": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_POST, "post"),
    "team_triage": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_MANAGE),
    "case_detail": Rule(lambda w, x: {"case_id": x["case"].id}, TEAM_WORK),
    "case_edit": Rule(lambda w, x: {"case_id": x["case"].id}, CASE_AUTHOR),
    "case_me_too": Rule(lambda w, x: {"case_id": x["case"].id}, CASE_ACTION, "post"),
    # An empty decision is refused as bad input, on the case page with what was typed.
    "case_triage": Rule(
        lambda w, x: {"case_id": x["case"].id},
        CASE_TRIAGE | {"admin": 400, "manager": 400},
        "post",
    ),
    # The author or the team's manager: an empty outcome is refused as bad input.
    "case_follow_up": Rule(lambda w, x: {"case_id": x["case"].id}, TEAM_COMMAND, "post"),
    "case_close": Rule(lambda w, x: {"case_id": x["case"].id}, CASE_ACTION, "post"),
    # The case here is submitted: its author is told it is the team's now; others refused.
    "case_delete": Rule(lambda w, x: {"case_id": x["case"].id}, CASE_AUTHOR | {"rep": 302}, "post"),
    # A calendar app cannot sign in: the secret token is the key, for whoever holds it.
    "calendar_feed": Rule(lambda w, x: {"token": x["feed"].token}, _everyone(200)),
    "library_home": Rule(expect=_everyone(200, anon=LOGIN)),
    "clip_pick": Rule(expect=_everyone(200, anon=LOGIN)),
    "library_settings": Rule(expect=ADMINS),
    "clip_new": Rule(expect=_everyone(200, anon=LOGIN)),
    "upload_create": Rule(expect=ANY_MEMBER_COMMAND, method="post"),
    "upload_chunk": Rule(lambda w, x: {"upload_id": x["upload"].id}, OWN_UPLOAD),
    "upload_finish": Rule(lambda w, x: {"upload_id": x["upload"].id}, OWN_UPLOAD_COMMAND, "post"),
    "clip_detail": Rule(lambda w, x: {"clip_id": x["clip"].id}, TEAM_WORK),
    "clip_status": Rule(lambda w, x: {"clip_id": x["clip"].id}, TEAM_WORK),
    "clip_media": Rule(lambda w, x: {"clip_id": x["clip"].id, "kind": "original"}, TEAM_WORK),
    "clip_comment": Rule(lambda w, x: {"clip_id": x["clip"].id}, TEAM_COMMAND, "post"),
    "clip_helpful": Rule(lambda w, x: {"clip_id": x["clip"].id}, TEAM_POST, "post"),
    "clip_retry": Rule(lambda w, x: {"clip_id": x["clip"].id}, CLIP_AUTHOR_POST, "post"),
    "clip_transcript": Rule(lambda w, x: {"clip_id": x["clip"].id}, CLIP_AUTHOR_POST, "post"),
    "clip_edit": Rule(lambda w, x: {"clip_id": x["clip"].id}, CLIP_AUTHOR),
    "clip_delete": Rule(lambda w, x: {"clip_id": x["clip"].id}, CLIP_AUTHOR_POST, "post"),
    "comment_edit": Rule(
        lambda w, x: {"comment_id": x["comment"].id}, COMMENT_AUTHOR_COMMAND, "post"
    ),
    "comment_delete": Rule(lambda w, x: {"comment_id": x["comment"].id}, CLIP_AUTHOR_POST, "post"),
    "session_detail": Rule(lambda w, x: {"session_id": x["session"].id}, TEAM_WORK),
    "session_open": Rule(lambda w, x: {"session_id": x["session"].id}, TEAM_POST, "post"),
    "session_move": Rule(lambda w, x: {"session_id": x["session"].id}, TEAM_MANAGE_COMMAND, "post"),
    "session_presenter": Rule(
        lambda w, x: {"session_id": x["session"].id}, TEAM_MANAGE_COMMAND, "post"
    ),
    "session_cancel": Rule(lambda w, x: {"session_id": x["session"].id}, TEAM_MANAGE_POST, "post"),
    # Told on the session page why not (things were said in it; or not theirs to close).
    "session_close_unheld": Rule(lambda w, x: {"session_id": x["session"].id}, TEAM_POST, "post"),
    "session_rate": Rule(lambda w, x: {"session_id": x["session"].id}, TEAM_POST, "post"),
    "action_update": Rule(lambda w, x: {"action_id": x["action"].id}, TEAM_POST, "post"),
    "meeting_live": Rule(lambda w, x: {"meeting_id": x["meeting"].id}, TEAM_WORK),
    "practice_record": Rule(lambda w, x: {"meeting_id": x["roleplay"].id}, TEAM_WORK),
    "meeting_state": Rule(lambda w, x: {"meeting_id": x["meeting"].id}, TEAM_WORK),
    "meeting_move": Rule(lambda w, x: {"meeting_id": x["meeting"].id}, TEAM_COMMAND, "post"),
    "meeting_handover": Rule(lambda w, x: {"meeting_id": x["meeting"].id}, TEAM_COMMAND, "post"),
    "meeting_contribute": Rule(lambda w, x: {"meeting_id": x["meeting"].id}, TEAM_COMMAND, "post"),
    "meeting_withdraw": Rule(lambda w, x: {"meeting_id": x["meeting"].id}, TEAM_COMMAND, "post"),
    "vocabulary_home": Rule(expect=_everyone(200, anon=LOGIN)),
    "term_propose": Rule(expect=ANY_MEMBER_COMMAND, method="post"),
    "term_detail": Rule(lambda w, x: {"slug": x["term"].slug}, IN_ORG),
    "term_alias": Rule(lambda w, x: {"slug": x["term"].slug}, IN_ORG_COMMAND, "post"),
    "term_edit": Rule(lambda w, x: {"slug": x["term"].slug}, APPROVER_COMMAND, "post"),
    "proposal_decide": Rule(lambda w, x: {"term_id": x["proposal"].id}, PROPOSAL_DECIDE, "post"),
    "practice_home": Rule(expect=_everyone(200, anon=LOGIN)),
    "challenge_new": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_MANAGE),
    "roleplay_new": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_MANAGE),
    "dealclinic_new": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_MANAGE),
    "challenge_detail": Rule(lambda w, x: {"challenge_id": x["challenge"].id}, TEAM_WORK),
    "challenge_edit": Rule(lambda w, x: {"challenge_id": x["challenge"].id}, TEAM_MANAGE),
    "challenge_close": Rule(lambda w, x: {"challenge_id": x["challenge"].id}, CASE_TRIAGE, "post"),
    "take_submit": Rule(lambda w, x: {"challenge_id": x["challenge"].id}, TEAM_POST, "post"),
    "challenge_feature": Rule(
        lambda w, x: {"challenge_id": x["challenge"].id}, CASE_TRIAGE, "post"
    ),
    "challenge_compare": Rule(lambda w, x: {"challenge_id": x["challenge"].id}, CASE_TRIAGE),
    "take_review": Rule(lambda w, x: {"take_id": x["take"].id}, TEAM_COMMAND, "post"),
    "playbook_home": Rule(expect=_everyone(200, anon=LOGIN)),
    "playbook_situation": Rule(lambda w, x: {"situation_id": x["situation"].id}, IN_ORG),
    "kpi_settings": Rule(expect=MANAGERS),
    "kpi_create": Rule(expect=ADMINS_COMMAND, method="post"),
    "kpi_target": Rule(expect=MANAGERS_COMMAND, method="post"),
    "kpi_import_preview": Rule(expect=MANAGERS_COMMAND, method="post"),
    "kpi_import_confirm": Rule(expect=MANAGERS_REDIRECT, method="post"),
    "token_create": Rule(expect=ADMINS, method="post"),
    "token_revoke": Rule(lambda w, x: {"token_id": x["token"].id}, ADMIN_OBJECT_POST, "post"),
    "person_kpis": Rule(lambda w, x: {"person_id": w.rep.id}, REP_RESULTS),
    "person_roam": Rule(lambda w, x: {"person_id": w.rep.id}, REP_RESULTS),
    "person_solution": Rule(lambda w, x: {"person_id": w.rep.id}, REP_SOLUTION, "post"),
    "dev_plan": Rule(lambda w, x: {"person_id": w.rep.id}, COACH_AND_REP),
    "dev_plan_assess": Rule(lambda w, x: {"person_id": w.rep.id}, REP_PLAN_POST, "post"),
    # The coach rates beside the rep (empty ratings are nothing to save: back to the plan).
    "dev_plan_rate": Rule(
        lambda w, x: {"person_id": w.rep.id}, COACH_AND_REP | {"manager": 302, "rep": 403}, "post"
    ),
    "dev_goal_add": Rule(lambda w, x: {"person_id": w.rep.id}, PLAN_GOAL_ADD, "post"),
    "dev_goal_done": Rule(
        lambda w, x: {"person_id": w.rep.id, "goal_id": x["goal"].id}, REP_PLAN_POST, "post"
    ),
    "observation_new": Rule(lambda w, x: {"person_id": w.rep.id}, OBSERVE, "post"),
    "team_skills": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_MANAGE),
    "coaching_time": Rule(expect=MANAGERS),
    "team_kpis": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_WORK),
    "kpi_values_api": Rule(expect=_everyone(401), method="post"),  # a token, not a login
    "coaching_home": Rule(expect=_everyone(200, anon=LOGIN)),
    "one_on_one_write": Rule(expect=MANAGERS_REDIRECT),
    # The import's later steps read the file kept in the person's session: none here, so a
    # manager is sent back to the KPI page; a rep is refused.
    "kpi_import_file": Rule(expect=MANAGERS_REDIRECT),
    "kpi_import_map": Rule(expect=MANAGERS_REDIRECT, method="post"),
    "kpi_import_rejected": Rule(expect=MANAGERS_REDIRECT),
    "kpi_number_format": Rule(expect=MANAGERS_REDIRECT | {"manager": 403}, method="post"),
    "one_on_one_draft_start": Rule(lambda w, x: {"draft_id": x["draft"].id}, DRAFT_COACH, "post"),
    "one_on_one_draft_drop": Rule(lambda w, x: {"draft_id": x["draft"].id}, DRAFT_COACH, "post"),
    "one_on_one_detail": Rule(lambda w, x: {"one_id": x["one"].id}, COACH_AND_REP),
    "kudos_home": Rule(expect=_everyone(200, anon=LOGIN)),
    "stories_home": Rule(expect=_everyone(200, anon=LOGIN)),
    "story_detail": Rule(lambda w, x: {"story_id": x["story"].id}, TEAM_WORK),
    "story_react": Rule(lambda w, x: {"story_id": x["story"].id}, TEAM_POST, "post"),
    "story_comment": Rule(lambda w, x: {"story_id": x["story"].id}, TEAM_POST, "post"),
    "story_meeting": Rule(lambda w, x: {"story_id": x["story"].id}, TEAM_POST, "post"),
    "notifications": Rule(expect=_everyone(200, anon=LOGIN)),
    "leaderboard": Rule(expect=_everyone(200, anon=LOGIN)),
    "team_slack": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_MANAGE),
    "meeting_agenda": Rule(lambda w, x: {"team_id": w.alpha.id}, TEAM_WORK),
    "agenda_send": Rule(lambda w, x: {"team_id": w.alpha.id}, CASE_TRIAGE, "post"),
    "login": Rule(expect=_everyone(302, anon=200)),
    "logout": Rule(expect=_everyone(302), method="post"),
    "password_reset": Rule(expect=_everyone(200)),
    "password_reset_done": Rule(expect=_everyone(200)),
    "password_reset_confirm": Rule(
        lambda w, x: {"uidb64": "MQ", "token": "bad-token"}, _everyone(200)
    ),
    "password_reset_complete": Rule(expect=_everyone(200)),
}


def _named_patterns(patterns, namespace="") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's own admin: staff only, tested in test_operator_admin
            names |= _named_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_url_pattern_has_an_access_rule():
    assert _named_patterns(get_resolver().url_patterns) == set(RULES)


@pytest.fixture
def extra(world, tmp_path) -> dict:
    services.profile_update(
        person=world.rep,
        values={"full_name": world.rep.full_name, "time_zone": "UTC", "language": "en"},
        photo=photo_upload(),
    )
    invitation = services.invitation_create(
        actor=world.admin, email="new.rep@acme.test", role="rep", team=world.alpha
    )
    heartbeat_beat(worker_id="access-test")
    case = case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    feed = CalendarFeed.objects.create(user=world.rep)
    session, meeting, action = live_session_with_an_action(world)
    clip = uploaded_clip(world.rep, world.alpha, tmp_path)
    challenge = challenge_create(
        actor=world.manager,
        team=world.alpha,
        kind="challenge",
        title="Price objection",
        prompt="They say: too expensive.",
        rubric="Acknowledge, 1",
        due_at=timezone.now() + timedelta(days=3),
        participants=[world.rep],
        reviewer_mode="peers",
    )
    return {
        "story": story_post(
            author=world.rep,
            team=world.alpha,
            kind="war",
            title="Lost the bank deal",
            body="We never met the CFO.",
        ),
        "one": coaching_services.one_on_one_start(
            coach=world.manager,
            rep=world.rep,
            protocol_key="grow",
            coaching_type="developmental",
            topic="Discovery calls run long",
        ),
        "roleplay": roleplay_start(
            actor=world.manager,
            team=world.alpha,
            situation="",
            persona="",
            objection="Too expensive",
            buyer=world.rep,
            sellers=[],
        ),
        "draft": coaching_services.one_on_one_draft(
            coach=world.manager, rep=world.rep, topic="The Northwind case"
        ),
        "token": coaching_services.token_create(
            organisation=world.org, name="CRM", actor=world.admin
        )[0],
        "challenge": challenge,
        "goal": coaching_services.goal_add(rep=world.rep, actor=world.rep, text="Shorter calls"),
        "take": take_submit(challenge=challenge, author=world.rep, clip=clip),
        "situation": Situation.objects.filter(organisation=world.org).first(),
        "invitation": invitation,
        "case": case,
        "feed": feed,
        "session": session,
        "meeting": meeting,
        "action": action,
        "clip": clip,
        "comment": library_services.comment_add(
            clip=clip, author=world.rep, text="The pause before the price.", at_seconds=None
        ),
        "term": term_propose(user=world.admin, name="Deal desk", definition="Who approves terms."),
        "proposal": term_propose(
            user=world.rep, name="Pre-mortem", definition="Imagine it failed."
        ),
        "upload": library_services.upload_start(
            user=world.rep, filename="half.webm", size=1000, content_type="video/webm"
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_url_refuses_the_wrong_persona(name, persona, world, extra, client_for):
    rule = RULES[name]
    client = client_for(world.persona(persona))
    url = reverse(name, kwargs=rule.kwargs(world, extra))
    response = getattr(client, rule.method)(url)
    expected = rule.expect[persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{persona} on {url}"


@pytest.mark.parametrize("name", ["invitation_list", "manage_teams", "manage_people"])
def test_outsider_admin_lists_show_nothing_of_another_organisation(name, world, extra, client_for):
    html = client_for(world.outsider).get(reverse(name)).content.decode()
    for secret in ["Alpha Sellers", "Rita Rep", "new.rep@acme.test", "Ada Admin"]:
        assert secret not in html
    assert "Gamma Hunters" in html or name == "invitation_list"


@pytest.mark.parametrize("persona", ["admin", "manager", "rep"])
def test_organisation_people_cannot_open_the_operator_admin(persona, world, client_for):
    response = client_for(world.persona(persona)).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_operator_opens_the_django_admin(db, client_for):
    from accounts.models import User

    operator = User.objects.create_superuser("ops@example.test", "x-secret-pass")
    response = client_for(operator).get("/admin/accounts/user/")
    assert response.status_code == 200
    assert b"ops@example.test" in response.content
