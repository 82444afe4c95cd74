import pytest
from django.urls import reverse

from conftest import uploaded_clip
from library import services as library_services
from library.models import Clip, ClipState, Visibility
from media.transcribe import Word
from vocabulary import services
from vocabulary.defaults import DEFAULT_TERMS
from vocabulary.models import Term, TermStatus


def test_a_new_organisation_starts_with_the_default_glossary(world):
    names = set(
        Term.objects.filter(organisation=world.org, status=TermStatus.APPROVED).values_list(
            "name", flat=True
        )
    )
    assert names == {name for name, _, _ in DEFAULT_TERMS}
    assert {"Socratic question", "Cost of doing nothing", "Multi-threading"} <= names


def test_a_rep_proposes_and_only_they_and_the_approvers_see_it(world, client_for):
    response = client_for(world.rep).post(
        reverse("term_propose"),
        {"name": "Pre-mortem", "definition": "Imagine the deal was lost and say why."},
    )
    assert response.status_code == 302
    proposal = Term.objects.get(name="Pre-mortem")
    assert proposal.status == TermStatus.PROPOSED
    for person, sees in [
        (world.rep, True),
        (world.manager, True),
        (world.admin, True),
        (world.other_rep, False),
        (world.outsider, False),
    ]:
        html = client_for(person).get(reverse("vocabulary_home")).content.decode()
        assert ("Pre-mortem" in html) is sees, person
    assert client_for(world.rep).get("/vocabulary/pre-mortem/").status_code == 404


def test_a_manager_approves_and_the_term_gets_its_page(world, client_for):
    proposal = services.term_propose(user=world.rep, name="Pre-mortem", definition="Imagine.")
    response = client_for(world.manager).post(
        reverse("proposal_decide", args=[proposal.id]), {"decision": "approve"}
    )
    assert response.status_code == 302
    page = client_for(world.other_rep).get(reverse("term_detail", args=["pre-mortem"]))
    assert page.status_code == 200 and "Imagine." in page.content.decode()


def test_a_declined_proposal_stays_out(world, client_for):
    proposal = services.term_propose(user=world.rep, name="Pre-mortem", definition="Imagine.")
    client_for(world.admin).post(
        reverse("proposal_decide", args=[proposal.id]), {"decision": "decline"}
    )
    proposal.refresh_from_db()
    assert proposal.status == TermStatus.DECLINED
    assert (
        "Pre-mortem" not in client_for(world.rep).get(reverse("vocabulary_home")).content.decode()
    )


def test_a_managers_term_goes_straight_in(world):
    term = services.term_propose(user=world.manager, name="Deal desk", definition="Pricing help.")
    assert term.status == TermStatus.APPROVED


def test_the_teams_own_word_joins_the_term_once_approved(world, client_for):
    client_for(world.rep).post(reverse("term_alias", args=["champion"]), {"name": "Inside coach"})
    proposal = Term.objects.get(name="Inside coach")
    assert proposal.alias_of.slug == "champion" and proposal.status == TermStatus.PROPOSED
    services.term_decide(term=proposal, user=world.manager, approve=True)
    champion = Term.objects.get(organisation=world.org, slug="champion", alias_of=None)
    assert champion.aliases == ["Inside coach"]
    assert "Inside coach" in client_for(world.rep).get("/vocabulary/champion/").content.decode()


def test_a_duplicate_is_refused_and_what_was_typed_is_kept(world, client_for):
    response = client_for(world.rep).post(
        reverse("term_propose"),
        {"name": "champion", "definition": "My own definition, kept for me."},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "already in the vocabulary" in html
    assert "My own definition, kept for me." in html


def test_a_half_filled_proposal_says_what_is_missing(world, client_for):
    response = client_for(world.rep).post(reverse("term_propose"), {"name": "Pre-mortem"})
    assert response.status_code == 400
    assert "Pre-mortem" in response.content.decode()


def test_a_manager_edits_a_term_and_its_aliases(world, client_for):
    response = client_for(world.manager).post(
        reverse("term_edit", args=["champion"]),
        {"name": "Champion", "definition": "Sells for us inside.", "aliases": "coach, ally"},
    )
    assert response.status_code == 302
    term = Term.objects.get(organisation=world.org, slug="champion")
    assert (term.definition, term.aliases) == ("Sells for us inside.", ["coach", "ally"])


def _ready(clip, spoken: str, *, tags=None, visibility=None):
    words = [Word(i * 0.5, i * 0.5 + 0.4, w, 0.9) for i, w in enumerate(spoken.split())]
    updates = {"state": ClipState.READY, "duration": len(words) * 0.5}
    if tags is not None:
        updates["tags"] = tags
    if visibility:
        updates["visibility"] = visibility
    Clip.objects.filter(id=clip.id).update(**updates)
    clip.refresh_from_db()
    transcript = library_services.transcript_save(clip=clip, words=words, model="test")
    library_services.clip_index(clip=clip, transcript_text=transcript.text)
    return clip


@pytest.fixture
def clips(world, tmp_path):
    said = _ready(
        uploaded_clip(world.rep, world.alpha, tmp_path, title="Budget call"),
        "then I asked about the cost of doing nothing and they paused",
    )
    tagged = _ready(
        uploaded_clip(world.manager, world.alpha, tmp_path, title="Renewal"),
        "we reviewed the renewal",
        tags=["cost of doing nothing"],
    )
    words_apart = _ready(
        uploaded_clip(world.manager, world.alpha, tmp_path, title="Apart"),
        "the cost was high and nothing else mattered doing it",
    )
    other_team = _ready(
        uploaded_clip(world.other_rep, world.beta, tmp_path, title="Beta secret"),
        "the cost of doing nothing again",
    )
    return said, tagged, words_apart, other_team


def test_term_page_lists_the_clips_that_use_it_and_only_those_one_may_watch(
    world, clips, client_for, django_assert_num_queries
):
    said, tagged, words_apart, other_team = clips
    client = client_for(world.rep)
    client.get("/vocabulary/")  # warm the session
    # Session, user, the term, the search, the visible clips with their transcripts, and the
    # best teach-back explanations.
    with django_assert_num_queries(9):
        html = client.get(reverse("term_detail", args=["cost-of-doing-nothing"])).content.decode()
    assert "Budget call" in html and "Renewal" in html
    assert "Apart" not in html  # both words, not the phrase
    assert "Beta secret" not in html  # another team's clip


def test_terms_are_highlighted_in_the_transcript_with_a_link(world, clips, client_for):
    said = clips[0]
    html = client_for(world.manager).get(reverse("clip_detail", args=[said.id])).content.decode()
    link = 'href="/vocabulary/cost-of-doing-nothing/"'
    assert html.count(link) >= 4  # cost, of, doing, nothing: each word links to the term
    assert "Vocabulary used:" in html


def test_the_transcript_is_drawn_once_until_it_or_the_vocabulary_changes(
    world, clips, client_for, tmp_path
):
    """Its words are escaped; a correction and a new term are both seen at the next visit."""
    said = _ready(
        uploaded_clip(world.rep, world.alpha, tmp_path, title="Odd"),
        "we sent <b>bold</b> terms about the cost of doing nothing",
    )
    client = client_for(world.manager)
    html = client.get(reverse("clip_detail", args=[said.id])).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold" not in html
    # Each of its four words, and the list of terms used.
    assert html.count('href="/vocabulary/cost-of-doing-nothing/"') == 5
    library_services.transcript_edit(clip=said, editor=world.rep, text="we sent the proposal")
    html = client.get(reverse("clip_detail", args=[said.id])).content.decode()
    assert "proposal" in html and "bold" not in html
    services.term_propose(user=world.manager, name="Proposal", definition="What we send.")
    html = client.get(reverse("clip_detail", args=[said.id])).content.decode()
    assert 'href="/vocabulary/proposal/"' in html


def test_vocabulary_list_query_count_does_not_grow_with_terms(
    world, client_for, django_assert_num_queries
):
    for n in range(10):
        services.term_propose(user=world.manager, name=f"Tactic {n}", definition="A tactic.")
    client = client_for(world.rep)
    client.get("/vocabulary/")
    # Session, user, managed teams (approver?), the terms, the open proposals.
    with django_assert_num_queries(6):
        response = client.get("/vocabulary/")
    assert response.content.decode().count('href="/vocabulary/tactic-') == 10


def test_organisation_wide_clip_of_another_team_is_listed(world, tmp_path, client_for):
    shared = _ready(
        uploaded_clip(world.other_rep, world.beta, tmp_path, title="Shared champion tips"),
        "find a champion early",
        visibility=Visibility.ORGANISATION,
    )
    html = client_for(world.rep).get("/vocabulary/champion/").content.decode()
    assert shared.title in html


def test_a_word_the_transcriber_was_unsure_of_is_marked_until_a_person_corrects_it(
    world, client_for, tmp_path
):
    clip = _ready(uploaded_clip(world.rep, world.alpha, tmp_path, title="Unsure"), "we met Acme")
    Transcript = clip.transcript.__class__
    words = clip.transcript.words
    words[2]["p"] = 0.2  # "Acme": heard with little confidence
    Transcript.objects.filter(clip=clip).update(words=words)
    html = client_for(world.rep).get(reverse("clip_detail", args=[clip.id])).content.decode()
    assert '<span class="unsure" title="Not sure of this word">Acme</span>' in html
    assert "correct the transcript below" in html  # the author is told where
    library_services.transcript_edit(clip=clip, editor=world.rep, text="we met Acme")
    html = client_for(world.rep).get(reverse("clip_detail", args=[clip.id])).content.decode()
    assert 'class="unsure"' not in html
