"""The access matrix by content: private and team-only text never shows to the wrong person.

Marker words are planted in every kind of private or team-only content, each with the personas
who may read it. Then every signed-in GET page (every URL pattern, with every planted object
for its ids, plus the query-string variants that pick a person or search) is requested as each
persona, and links with a query string found on those pages are followed once. A marker on a
page of a persona outside its readers fails the test, naming the page.
"""

from datetime import timedelta
from html.parser import HTMLParser
from itertools import product

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import TeamRole
from coaching import services as coaching
from codev.services import case_save
from conftest import COMMITMENT, COMPLETE_CASE, make_person, open_session, uploaded_clip
from library import search
from library.models import Clip, Situation, Visibility
from meetings import services as meetings
from meetings.selectors import meeting_state
from practice.services import challenge_create, take_submit
from recognition.services import story_post
from vocabulary.services import term_propose

ALPHA = {"rep", "peer", "manager", "admin"}  # the team, and admins by the default policy
READERS = {
    "zqcase": ALPHA,
    "zqdraft": {"peer"},
    "zqoneonone": {"rep", "manager"},
    "zqprivateaction": {"rep", "manager"},
    "zqobserve": {"rep", "manager"},
    "zqgoal": {"rep", "manager"},
    "zqadvice": ALPHA,
    "zqteamaction": ALPHA,
    "zqteamclip": ALPHA,
    "zqstory": ALPHA,
    "zqchallenge": ALPHA,
    # An organisation-wide take in a blind challenge: everyone but Rita, who has not answered.
    "zqblind": {"peer", "manager", "other_rep", "beta_manager", "admin"},
    "zqbetacase": {"other_rep", "beta_manager", "admin"},
    "zqproposal": {"peer", "manager", "beta_manager", "admin"},
    "zqglobex": {"outsider"},
}
# Pages that are not pages: files, feeds for calendar apps, sign-in flows, the API.
SKIPPED = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation_accept",
    "calendar_feed",
    "clip_media",
    "person_photo",
    "upload_chunk",
    "kpi_values_api",
    "health",
}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: set[str] = set()

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and "?" in href:
            self.links.add(href.replace("&amp;", "&"))


def _patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in SKIPPED:
            yield pattern.name, list(pattern.pattern.converters)


def _to_phase(meeting, actor, key):
    meeting.refresh_from_db()
    while meeting_state(meeting=meeting)["current"]["phase_key"] != key:
        meetings.meeting_move(meeting_id=meeting.id, actor=actor, move="advance")
        meeting.refresh_from_db()


@pytest.fixture
def planted(world, tmp_path):
    """Every marker in its place; returns the personas and the ids each URL parameter takes."""
    peer = make_person(world.org, "sam@acme.test", "Sam Seller")
    account_services.membership_set(team=world.alpha, person=peer, role=TeamRole.REP)
    bea = make_person(world.org, "bea@acme.test", "Bea Betaboss")
    account_services.membership_set(team=world.beta, person=bea, role=TeamRole.MANAGER)
    personas = {
        "rep": world.rep,
        "peer": peer,
        "manager": world.manager,
        "other_rep": world.other_rep,
        "beta_manager": bea,
        "admin": world.admin,
        "outsider": world.outsider,
    }
    case = case_save(
        author=world.rep, team=world.alpha, values=COMPLETE_CASE | {"title": "zqcase"}, submit=True
    )
    draft = case_save(author=peer, team=world.alpha, values={"title": "zqdraft", "account": "X"})
    beta_case = case_save(
        author=world.other_rep,
        team=world.beta,
        values=COMPLETE_CASE | {"title": "zqbetacase"},
        submit=True,
    )
    globex = case_save(
        author=world.outsider,
        team=world.gamma,
        values=COMPLETE_CASE | {"title": "zqglobex"},
        submit=True,
    )
    session, meeting = open_session(world)
    meetings.meeting_move(meeting_id=meeting.id, actor=world.manager, move="start")
    _to_phase(meeting, world.manager, "consultation")
    meetings.contribution_add(meeting_id=meeting.id, author=peer, kind="advice", text="zqadvice")
    _to_phase(meeting, world.manager, "action_plan")
    meetings.contribution_add(
        meeting_id=meeting.id, author=world.rep, kind="action", text="zqteamaction", **COMMITMENT
    )
    one = coaching.one_on_one_start(
        coach=world.manager,
        rep=world.rep,
        protocol_key="grow",
        coaching_type="developmental",
        topic="zqoneonone",
        mode="written",
        written={"goal": "zqoneonone notes"},
        actions=[{"what": "zqprivateaction", "credit": ""} | COMMITMENT],
    )
    skill = coaching.skills_for(organisation=world.org).first()
    coaching.observation_log(
        manager=world.manager, rep=world.rep, skill=skill, situation="Call", behaviour="zqobserve"
    )
    coaching.goal_add(rep=world.rep, actor=world.manager, text="zqgoal")
    team_clip = uploaded_clip(peer, world.alpha, tmp_path, title="zqteamclip kiwi")
    situation = Situation.objects.filter(organisation=world.org).first()
    challenge = challenge_create(
        actor=world.manager,
        team=world.alpha,
        kind="challenge",
        title="zqchallenge",
        prompt="Answer it.",
        rubric="Acknowledge, 1",
        due_at=timezone.now() + timedelta(days=3),
        participants=[world.rep, peer],
        reviewer_mode="peers",
        situation=situation,
    )
    (tmp_path / "b").mkdir()
    blind_clip = uploaded_clip(peer, world.alpha, tmp_path / "b")
    Clip.objects.filter(id__in=[team_clip.id, blind_clip.id]).update(state="ready", duration=60)
    Clip.objects.filter(id=blind_clip.id).update(
        title="zqblind mango", visibility=Visibility.ORGANISATION, situation=situation
    )
    for clip in Clip.objects.filter(id__in=[team_clip.id, blind_clip.id]):
        search.index_clip(
            clip_id=clip.id,
            organisation_id=clip.organisation_id,
            title=clip.title,
            tags=clip.tags,
            transcript="",
        )
    take = take_submit(challenge=challenge, author=peer, clip=blind_clip)
    story = story_post(author=peer, team=world.alpha, kind="war", title="zqstory", body="zqstory")
    term = term_propose(user=world.admin, name="Deal desk", definition="Who approves.")
    proposal = term_propose(user=peer, name="zqproposal", definition="A proposal.")
    invitation = account_services.invitation_create(
        actor=world.manager, email="new@acme.test", role="rep", team=world.alpha
    )
    ids = {
        "team_id": [world.alpha.id, world.beta.id, world.gamma.id],
        "case_id": [case.id, draft.id, beta_case.id, globex.id],
        "user_id": [p.id for p in personas.values()],
        "person_id": [world.rep.id, peer.id, world.other_rep.id],
        "session_id": [session.id],
        "meeting_id": [meeting.id, one.meeting_id],
        "action_id": list(meeting.actions.values_list("id", flat=True)),
        "one_id": [one.id],
        "clip_id": [team_clip.id, blind_clip.id],
        "challenge_id": [challenge.id],
        "take_id": [take.id],
        "story_id": [story.id],
        "situation_id": [situation.id],
        "slug": [term.slug],
        "term_id": [proposal.id],
        "invitation_id": [invitation.id],
        "token_id": [],
        "upload_id": [],
        "goal_id": [],
        "comment_id": [],  # its URLs only take a POST
        "draft_id": [],  # its URLs only take a POST (the coach's page is walked above)
    }
    extra = [f"{reverse('one_on_one_write')}?protocol=grow&rep={pid}" for pid in ids["person_id"]]
    extra += [f"{reverse('coaching_home')}?rep={pid}" for pid in ids["person_id"]]
    extra += [f"{reverse('library_home')}?q={word}" for word in ("kiwi", "mango")]
    extra += [f"{reverse('clip_pick')}?q=zq&name=clip", f"{reverse('people_pick')}?q=a&many=1"]
    extra += [f"{reverse('kudos_home')}?clip={cid}" for cid in ids["clip_id"]]
    extra += [f"{reverse('kudos_home')}?story={story.id}"]
    return personas, ids, extra


def _urls(ids, extra) -> list[str]:
    urls = list(extra)
    for name, params in _patterns(get_resolver().url_patterns):
        for values in product(*(ids[p] for p in params)):
            urls.append(reverse(name, kwargs=dict(zip(params, values, strict=True))))
    return urls


def test_no_marker_shows_to_a_persona_who_may_not_read_it(planted, client_for):
    personas, ids, extra = planted
    urls = _urls(ids, extra)
    leaks, seen = [], {marker: set() for marker in READERS}
    pages = 0
    for name, person in personas.items():
        client = client_for(person)
        queue, visited = list(urls), set()
        while queue:
            url = queue.pop(0)
            if url in visited or len(visited) > len(urls) + 150:
                continue
            visited.add(url)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            html = response.content.decode()
            for marker, readers in READERS.items():
                if marker in html:
                    seen[marker].add(name)
                    if name not in readers:
                        leaks.append(f"{marker} shown to {name} on {url}")
            parser = _Links()
            parser.feed(html)
            queue += sorted(parser.links - visited)
    print(f"content matrix: {len(urls)} URLs seeded, {pages} pages read, {len(leaks)} leaks")
    assert leaks == [], "\n".join(leaks)
    # The planting worked and the pages were reached: every marker was seen by its readers.
    assert {m: readers for m, readers in READERS.items() if not seen[m]} == {}
    assert pages > 300
