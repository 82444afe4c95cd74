from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.access import team_member_ids
from accounts.models import User
from language.glossary import count_terms, term_spans
from language.speech import measure
from library import search
from library.access import visible_clips
from library.models import Clip, ClipState, Helpful, Situation, Transcript
from roundtable import generations
from vocabulary.models import Term
from vocabulary.selectors import glossary_for


def situations_for(*, organisation) -> list:
    """The organisation's selling situations, in its order."""

    return list(Situation.objects.filter(organisation=organisation))


def clips_visible_to(*, user: User) -> QuerySet[Clip]:
    """The clips this person may watch; the rule lives in the access module."""
    return visible_clips(user=user)


def clip_label(clip: Clip) -> str:
    """A clip as a picker lists it (its author loaded with it)."""
    return f"{clip.title} ({clip.author.full_name})"


def recent_clips_of_team(*, user: User, limit: int = 8) -> QuerySet[Clip]:
    """The newest ready clips of the person's teams they may watch: a picker's likely choices."""
    return (
        visible_clips(user=user)
        .filter(state=ClipState.READY, team_id__in=team_member_ids(user=user))
        .select_related("author")
        .order_by("-created_at")[:limit]
    )


@dataclass
class Result:
    clip: Clip
    snippet: SafeString | str = ""
    at_seconds: float | None = None
    more_after: bool = False  # the last of a page that another page follows


def _marked(snippet: str) -> SafeString:
    return mark_safe(escape(snippet).replace("[", "<mark>").replace("]", "</mark>"))  # noqa: S308


@dataclass(frozen=True)
class Filters:
    situation_id: int | None = None
    tag: str = ""
    author_id: int | None = None
    team_id: int | None = None
    since_days: int | None = None


def _count_helpful(clips: list[Clip]) -> None:
    """How many colleagues found each shown clip helpful: counted for those clips only."""
    counts = dict(
        Helpful.objects.filter(clip_id__in=[c.id for c in clips])
        .values_list("clip_id")
        .annotate(n=Count("id"))
    )
    for clip in clips:
        clip.helpful_count = counts.get(clip.id, 0)


LIBRARY_PAGE = 24  # clips a page shows: a screenful or two on a phone, a few rows on a laptop


def clips_for_library(
    *,
    user: User,
    query: str = "",
    filters: Filters | None = None,
    limit: int = LIBRARY_PAGE,
    page: int = 1,
) -> list[Result]:
    """Clips the person may watch. With a query: the best matches first (full-text rank, then
    how many colleagues found them helpful), each with a snippet and the moment to start at.
    Without: the newest ready clips, plus the person's own clips still in progress, `limit` a
    page (one more is read, so the page knows whether another follows: `more_after`)."""
    clips = clips_visible_to(user=user).filter(Q(state=ClipState.READY) | Q(author=user))
    filters = filters or Filters()
    if filters.situation_id:
        clips = clips.filter(situation_id=filters.situation_id)
    if filters.tag:
        clips = clips.filter(tags__icontains=f'"{filters.tag.lower()}"')
    if filters.author_id:
        clips = clips.filter(author_id=filters.author_id)
    if filters.team_id:
        clips = clips.filter(team_id=filters.team_id)
    if filters.since_days:
        clips = clips.filter(created_at__gte=timezone.now() - timedelta(days=filters.since_days))
    shown = clips.select_related("author", "situation", "team")
    if not query.strip():
        first = (max(page, 1) - 1) * limit
        newest = list(shown.order_by("-created_at", "-id")[first : first + limit + 1])
        _count_helpful(newest[:limit])
        results = [Result(clip) for clip in newest[:limit]]
        if len(newest) > limit:
            results[-1].more_after = True
        return results
    hits = search.search(query, organisation_id=user.organisation_id, within=clips, limit=limit * 3)
    if not hits:
        return []
    # Ties in rank go to the clips colleagues found helpful; only the page's clips are read.
    helpful = dict(
        Helpful.objects.filter(clip_id__in=[h.clip_id for h in hits])
        .values_list("clip_id")
        .annotate(n=Count("id"))
    )
    best = sorted(hits, key=lambda h: (h.rank, -helpful.get(h.clip_id, 0)))[:limit]
    found = {clip.id: clip for clip in shown.filter(id__in=[h.clip_id for h in best])}
    for clip in found.values():
        clip.helpful_count = helpful.get(clip.id, 0)
    ranked = [h for h in best if h.clip_id in found]
    words = dict(
        Transcript.objects.filter(clip_id__in=[h.clip_id for h in ranked]).values_list(
            "clip_id", "words"
        )
    )
    results = []
    for hit in ranked:
        spoken = words.get(hit.clip_id, [])
        snippet = search.snippet_of(spoken, query)
        results.append(
            Result(
                found[hit.clip_id],
                _marked(snippet) if snippet else "",
                search.moment_of(spoken, query),
            )
        )
    return results


def transcript_view(*, clip: Clip, transcript: Transcript | None) -> tuple[str, "Speech | None"]:
    """The transcript's words drawn for the page (`words_html`), and the speaking metrics:
    computed once per transcript and kept until it or the organisation's vocabulary
    changes (a two-minute clip has about 300 words: drawing them was most of the page)."""
    if transcript is None or not transcript.words:
        return "", None

    def compute():
        glossary = glossary_for(organisation_id=clip.organisation_id)
        return (
            words_html(transcript_words(transcript=transcript, glossary=glossary)),
            speech_for(clip=clip, transcript=transcript, glossary=glossary),
        )

    return generations.cached(
        f"transcript:{transcript.id}:{clip.duration}",
        tables=[Transcript, Term],
        compute=compute,
    )


UNSURE = 0.5  # a word the transcriber gave less than even odds is marked, to be checked


def words_html(words: list[dict]) -> SafeString:
    """Each word a span with its moment; the first takes the transcript's one Tab stop
    (watch.js moves it with the arrow keys); a vocabulary term's words link to the term."""
    term_url = reverse("term_detail", args=["-"])[:-2]  # the slug goes where "-/" was
    spans = []
    for index, word in enumerate(words):
        text = escape(word["text"])
        if word.get("p", 1.0) < UNSURE:
            text = f'<span class="unsure" title="Not sure of this word">{text}</span>'
        if word.get("term"):
            text = (
                f'<a class="term" href="{term_url}{escape(word["term"])}/" '
                f'title="In our vocabulary" tabindex="-1">{text}</a>'
            )
        spans.append(
            f'<span data-start="{float(word["start"])}" data-end="{float(word["end"])}" '
            f'tabindex="{0 if index == 0 else -1}">{text}</span>'
        )
    return mark_safe(" ".join(spans))  # noqa: S308 - every word and slug escaped above


def transcript_words(*, transcript: Transcript | None, glossary: dict[str, list[str]]) -> list:
    """The transcript's words for the page, each with the vocabulary term it belongs to."""

    if transcript is None or not transcript.words:
        return []
    words = [dict(w, term="") for w in transcript.words]
    for first, last, slug in term_spans([w["text"] for w in words], glossary):
        for word in words[first : last + 1]:
            word["term"] = slug
    return words


@dataclass
class Speech:
    metrics: object
    marks: list[dict]  # moments placed on the timeline, in percent of the clip
    from_audio: bool  # pauses and speaking time found in the audio, not between words
    terms: list[dict]  # vocabulary terms said, with how often


def speech_for(
    *, clip: Clip, transcript: Transcript | None, glossary: dict[str, list[str]]
) -> Speech | None:
    """Speaking metrics with their directives, and the moments to mark on the timeline."""

    if transcript is None or not transcript.words:
        return None
    metrics = measure(transcript.words, terms=glossary, speech=transcript.speech)
    length = clip.duration or (transcript.words[-1]["end"] if transcript.words else 0) or 1
    marks = [
        {
            "kind": m.kind,
            "start": round(m.start, 1),
            "label": m.label,
            "left": min(100.0, round(100 * m.start / length, 2)),
            "width": max(1.0, min(100.0, round(100 * (m.end - m.start) / length, 2))),
        }
        for m in metrics.moments
    ]
    terms = [
        {"slug": slug, "name": glossary[slug][0], "count": count}
        for slug, count in sorted(metrics.terms.items(), key=lambda item: -item[1])
    ]
    return Speech(metrics=metrics, marks=marks, terms=terms, from_audio=bool(transcript.speech))


def clips_using_term(*, user: User, term: Term, limit: int = 30) -> list:
    """Ready clips the person may watch whose title, tags or transcript use the term.

    Full-text search finds the candidates for each spelling; the exact phrase is then
    checked, so "cost of doing nothing" does not match a clip that says "cost" and "nothing".
    """
    watchable = clips_visible_to(user=user).filter(state=ClipState.READY)
    candidates: list[int] = []
    for name in term.names:
        found = search.search(
            name, organisation_id=user.organisation_id, within=watchable, limit=limit * 4
        )
        for hit in found:
            if hit.clip_id not in candidates:
                candidates.append(hit.clip_id)
    if not candidates:
        return []
    clips = watchable.filter(id__in=candidates).select_related("author", "transcript")
    spellings = {term.slug: term.names}
    found = []
    for clip in clips:
        transcript = getattr(clip, "transcript", None)
        text = " ".join([clip.title, " ".join(clip.tags), transcript.text if transcript else ""])
        uses = count_terms(text, spellings).get(term.slug, 0)
        if uses:
            found.append((uses, clip))
    found.sort(key=lambda pair: (-pair[0], -pair[1].id))
    return [clip for _uses, clip in found[:limit]]
