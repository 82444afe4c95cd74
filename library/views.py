from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import in_organisation, require_org_admin, team_member_ids
from accounts.models import Team, User
from language.feedback import classify_feedback
from library import selectors, services
from library.access import (
    COMMENT_CHANGE_MINUTES,
    access_clip,
    access_comment,
    access_upload,
    comment_changeable,
)
from library.forms import ClipEditForm, ClipForm, CommentForm, LibrarySettingsForm, TranscriptForm
from library.models import ClipState, Situation, Upload
from library.ranges import ranged_file
from roundtable.errors import RoundtableError
from roundtable.hooks import Hook
from roundtable.htmx import is_htmx
from roundtable.parsing import parse_id, parse_number
from roundtable.pickers import SEARCH_LIMIT, found_context

# A clip recorded for something an app above owns (practice: a take for a challenge): the
# recorder page asks it for context and initial details (`challenge`, `initial`), and a share
# hands it the new clip, which answers where to go next (`url`).
recording_for = Hook("recording for")
clip_shared = Hook("clip shared")


def _clip_form(request, data=None):
    return ClipForm(
        data,
        situations=in_organisation(Situation, user=request.user),
        teams=Team.objects.filter(id__in=team_member_ids(user=request.user)).order_by("name"),
    )


def _days(value: str | None) -> int | None:
    days = parse_number(value, minimum=1, maximum=36_500)
    return int(days) if days else None


@login_required
def library_home(request: HttpRequest) -> HttpResponse:
    """Search and browse; filters by situation, tag, author, team and date."""
    query = request.GET.get("q", "").strip()
    filters = selectors.Filters(
        situation_id=parse_id(request.GET.get("situation")),
        tag=request.GET.get("tag", "").strip().lstrip("#")[:40],
        author_id=parse_id(request.GET.get("author")),
        team_id=parse_id(request.GET.get("team")),
        since_days=_days(request.GET.get("since")),
    )
    page = parse_number(request.GET.get("page") or 1, minimum=1, maximum=10000) or 1
    results = selectors.clips_for_library(
        user=request.user, query=query, filters=filters, page=int(page)
    )
    # The author filter lists the person's teammates (and the author chosen); anyone else
    # is found by name (roundtable.pickers), never by scanning every clip's author.
    authors = User.objects.filter(
        Q(memberships__team_id__in=team_member_ids(user=request.user))
        | Q(id=filters.author_id or 0),
        organisation_id=request.user.organisation_id,
    ).distinct()
    after = dict(request.GET.items()) | {"page": int(page) + 1}
    return render(
        request,
        "library/home.html",
        {
            "results": results,
            "query": query,
            "filters": filters,
            "situations": selectors.situations_for(organisation=request.user.organisation),
            "teams": Team.objects.filter(id__in=team_member_ids(user=request.user)),
            "authors": authors.order_by("full_name"),
            "next_page": urlencode(after) if results and results[-1].more_after else "",
            "periods": [(7, "Last 7 days"), (30, "Last 30 days"), (365, "Last year")],
        },
    )


@login_required
def clip_new(request: HttpRequest) -> HttpResponse:
    if not team_member_ids(user=request.user):
        raise Http404("Join a team to share clips")
    form = _clip_form(request)
    if request.GET.get("title"):
        form.initial["title"] = request.GET["title"][:140]  # e.g. a role-play turn
    recording = recording_for.collect(request=request)  # e.g. a challenge's take
    form.initial.update(recording.get("initial", {}))
    return render(
        request,
        "library/new.html",
        {
            "challenge": recording.get("challenge"),
            "form": form,
            "chunk_bytes": settings.UPLOAD_CHUNK_BYTES,
            "max_seconds": request.user.organisation.clip_max_seconds,
        },
    )


def _error(error: RoundtableError, status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "error": error.message, "field": error.field}, status=status)


@login_required
@require_POST
def upload_create(request: HttpRequest) -> JsonResponse:
    size = parse_id(request.POST.get("size"))
    if size is None:
        return JsonResponse({"ok": False, "error": "Tell us the file's size."}, status=400)
    made_by = request.POST.get("user")
    if made_by and made_by != str(request.user.id):
        # A recording queued on a shared device by someone else: it waits for its author.
        message = "This recording was made by someone else: it uploads when they sign in."
        return JsonResponse({"ok": False, "error": message, "someone_else": True}, status=409)
    try:
        upload = services.upload_start(
            user=request.user,
            filename=request.POST.get("filename", "clip"),
            size=size,
            content_type=request.POST.get("type", ""),
        )
    except RoundtableError as error:
        return _error(error)
    return JsonResponse(
        {"ok": True, "id": upload.id, "received": 0, "chunk": settings.UPLOAD_CHUNK_BYTES}
    )


@login_required
@require_http_methods(["GET", "PUT"])
def upload_chunk(request: HttpRequest, upload_id: int) -> JsonResponse:
    """GET: how much the server has. PUT ?offset=N: append one chunk at N."""
    upload = access_upload(user=request.user, upload_id=upload_id)
    if request.method == "GET":
        return JsonResponse({"ok": True, "received": upload.received, "size": upload.size})
    offset = parse_number(request.GET.get("offset"), minimum=0, maximum=2**62)
    if offset is None or offset != int(offset):
        return JsonResponse({"ok": False, "error": "Missing offset."}, status=400)
    offset = int(offset)
    try:
        upload = services.upload_append(upload_id=upload.id, offset=offset, data=request.body)
    except services.OffsetMismatch as mismatch:
        return JsonResponse({"ok": False, "received": mismatch.received}, status=409)
    except RoundtableError as error:
        gone = not services.Upload.objects.filter(id=upload.id).exists()
        return JsonResponse({"ok": False, "error": error.message, "discarded": gone}, status=400)
    return JsonResponse({"ok": True, "received": upload.received})


@login_required
@require_POST
def upload_finish(request: HttpRequest, upload_id: int) -> JsonResponse:
    upload = access_upload(user=request.user, upload_id=upload_id)
    form = _clip_form(request, request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        return JsonResponse(
            {"ok": False, "error": errors[0], "field": field, "discarded": False}, status=400
        )
    try:
        clip = services.upload_finish(
            upload=upload,
            actor=request.user,
            team=form.cleaned_data["team"],
            values=form.cleaned_data,
        )
    except RoundtableError as error:
        # A refused file is deleted (the page then asks for another); missing details keep it.
        discarded = not Upload.objects.filter(id=upload.id).exists()
        return JsonResponse(
            {"ok": False, "error": error.message, "field": error.field, "discarded": discarded},
            status=400,
        )
    shared = clip_shared.collect(request=request, clip=clip)  # e.g. a challenge's take
    return JsonResponse(
        {"ok": True, "url": shared.get("url") or reverse("clip_detail", args=[clip.id])}
    )


@login_required
def clip_detail(request: HttpRequest, clip_id: int) -> HttpResponse:
    clip = access_clip(user=request.user, clip_id=clip_id)
    if clip.state == ClipState.READY and clip.author_id != request.user.id:
        services.clip_viewed(clip=clip)
    return _clip_page(request, clip)


def _clip_page(request, clip, extra: dict | None = None, status: int = 200) -> HttpResponse:
    transcript = getattr(clip, "transcript", None) if clip.state == ClipState.READY else None
    words_html, speech = selectors.transcript_view(clip=clip, transcript=transcript)
    return render(
        request,
        "library/clip.html",
        {
            "clip": clip,
            "transcript": transcript,
            "words_html": words_html,
            "speech": speech,
            "is_author": clip.author_id == request.user.id,
            "transcript_form": TranscriptForm(
                initial={"text": transcript.text if transcript else ""}
            ),
            "comments": _comments(request, clip),
            "comment_minutes": COMMENT_CHANGE_MINUTES,
            "helpful_count": clip.helpfuls.count(),
            "helpful_mine": clip.helpfuls.filter(user=request.user).exists(),
            **(extra or {}),
        },
        status=status,
    )


def _comments(request, clip) -> list:
    """The clip's feedback, each marked whether this person may still edit or delete it."""
    comments = list(clip.comments.select_related("author"))
    for comment in comments:
        comment.changeable = comment_changeable(comment=comment, user=request.user)
    return comments


@login_required
def clip_edit(request: HttpRequest, clip_id: int) -> HttpResponse:
    """The author mends the title, tags and who can watch; deleting is on this page too."""
    clip = access_clip(user=request.user, clip_id=clip_id, write=True)
    form = ClipEditForm(
        request.POST or None,
        initial={"title": clip.title, "tags": ", ".join(clip.tags), "visibility": clip.visibility},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.clip_edit(clip=clip, **form.cleaned_data)
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, "Clip saved.")
            return redirect("clip_detail", clip_id=clip.id)
    return render(
        request,
        "library/clip_edit.html",
        {"clip": clip, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def clip_delete(request: HttpRequest, clip_id: int) -> HttpResponse:
    clip = access_clip(user=request.user, clip_id=clip_id, write=True)
    try:
        services.clip_delete(clip=clip)
    except RoundtableError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{clip.title}” is deleted, with its video and feedback.")
    return redirect("library_home")


@login_required
def clip_status(request: HttpRequest, clip_id: int) -> HttpResponse:
    clip = access_clip(user=request.user, clip_id=clip_id)
    response = render(request, "library/_status.html", {"clip": clip})
    waited = request.GET.get("was") in (ClipState.UPLOADED, ClipState.PROCESSING)
    if clip.state == ClipState.READY and waited and is_htmx(request):
        # The transcript and the metrics are in: show them. The video for every device
        # arriving later only changes this line (a reload would stop the original playing).
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def clip_retry(request: HttpRequest, clip_id: int) -> HttpResponse:
    clip = access_clip(user=request.user, clip_id=clip_id, write=True)
    try:
        services.clip_retry(clip=clip)
    except RoundtableError as error:
        messages.error(request, error.message)
    return redirect("clip_detail", clip_id=clip.id)


@login_required
@require_POST
def clip_transcript(request: HttpRequest, clip_id: int) -> HttpResponse:
    clip = access_clip(user=request.user, clip_id=clip_id, write=True)
    form = TranscriptForm(request.POST)
    if form.is_valid():
        try:
            services.transcript_edit(clip=clip, editor=request.user, text=form.cleaned_data["text"])
        except RoundtableError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Transcript corrected. A new run will not overwrite it.")
    return redirect("clip_detail", clip_id=clip.id)


@login_required
def clip_media(request: HttpRequest, clip_id: int, kind: str) -> HttpResponse:
    clip = access_clip(user=request.user, clip_id=clip_id)
    if kind == "video" and clip.video:
        return ranged_file(request, clip.video, "video/mp4")
    if kind == "video" and clip.state == ClipState.READY and clip.original:
        # Ready and searchable while its video for every device is still being made.
        return ranged_file(request, clip.original, clip.original_type or "video/webm")
    if kind == "poster" and clip.poster:
        return ranged_file(request, clip.poster, "image/jpeg")
    if kind == "original" and clip.original:
        return ranged_file(request, clip.original, clip.original_type or "video/webm")
    raise Http404("Not available yet")


@login_required
@require_POST
def clip_comment(request: HttpRequest, clip_id: int) -> HttpResponse:
    clip = access_clip(user=request.user, clip_id=clip_id)
    at = parse_number(request.POST.get("at_seconds"), minimum=0, maximum=86_400)
    at_seconds = round(at, 1) if at is not None else None
    text = request.POST.get("text", "")
    error, nudge = None, None
    verdict = classify_feedback(text) if text.strip() else None
    if verdict and verdict.needs_nudge and request.POST.get("post_anyway") != "1":
        nudge = verdict  # nothing is saved: the author rewrites it or posts it anyway
    else:
        try:
            services.comment_add(clip=clip, author=request.user, text=text, at_seconds=at_seconds)
        except RoundtableError as problem:
            error = problem.message
    context = {
        "comment_error": error,
        "nudge": nudge,
        "typed": text if (error or nudge) else "",
    }
    return _comments_answer(request, clip, context, held=bool(error or nudge), failed=bool(error))


def _comments_answer(request, clip, context: dict, *, held: bool, failed: bool) -> HttpResponse:
    """After a comment is posted, mended or deleted: the list again (HTMX), or the page. When
    something is held (an error, a nudge) the page is rendered again with the text kept."""
    context = {
        "clip": clip,
        "comments": _comments(request, clip),
        "comment_minutes": COMMENT_CHANGE_MINUTES,
        **context,
    }
    if is_htmx(request):
        # 200 even for a refusal: HTMX swaps in only a success, and the message is in the list.
        return render(request, "library/_comments.html", context)
    if held:
        return _clip_page(request, clip, context, status=400 if failed else 200)
    return redirect(reverse("clip_detail", args=[clip.id]) + "#comments")


@login_required
@require_POST
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access_comment(user=request.user, comment_id=comment_id, write=True)
    form = CommentForm(request.POST)
    error = None
    try:
        if not form.is_valid():
            raise RoundtableError(form.errors["text"][0], field="text")
        services.comment_edit(comment=comment, author=request.user, text=form.cleaned_data["text"])
    except RoundtableError as problem:
        error = problem.message
    typed = request.POST.get("text", "")
    context = {"edit_id": comment.id, "edit_error": error, "edit_typed": typed}
    if error and not comment_changeable(comment=comment, user=request.user):
        context["typed"] = typed  # too late to edit: kept in the box for a new comment
    return _comments_answer(request, comment.clip, context, held=bool(error), failed=bool(error))


@login_required
@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access_comment(user=request.user, comment_id=comment_id, write=True)
    error = None
    try:
        services.comment_delete(comment=comment, author=request.user)
    except RoundtableError as problem:
        error = problem.message
    context = {"edit_id": comment.id, "edit_error": error}
    return _comments_answer(request, comment.clip, context, held=bool(error), failed=bool(error))


@login_required
@require_POST
def clip_helpful(request: HttpRequest, clip_id: int) -> HttpResponse:
    clip = access_clip(user=request.user, clip_id=clip_id)
    on = request.POST.get("on") == "1"
    try:
        count = services.helpful_toggle(clip=clip, user=request.user, on=on)
    except RoundtableError as error:
        messages.error(request, error.message)
        return redirect("clip_detail", clip_id=clip.id)
    context = {"clip": clip, "helpful_count": count, "helpful_mine": on}
    if is_htmx(request):
        return render(request, "library/_helpful.html", context)
    return redirect("clip_detail", clip_id=clip.id)


@login_required
def library_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_org_admin(user=user)
    situations = selectors.situations_for(organisation=user.organisation)
    form = LibrarySettingsForm(
        request.POST or None,
        initial={
            "clip_max_seconds": user.organisation.clip_max_seconds,
            "uploads_open_max": user.organisation.uploads_open_max,
            "storage_mb_per_person": user.organisation.storage_mb_per_person,
            "situations": "\n".join(s.name for s in situations),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.library_settings_update(
                organisation=user.organisation,
                clip_max_seconds=form.cleaned_data["clip_max_seconds"],
                uploads_open_max=form.cleaned_data["uploads_open_max"],
                storage_mb_per_person=form.cleaned_data["storage_mb_per_person"],
                situation_names=form.cleaned_data["situations"].splitlines(),
            )
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, "Library settings saved.")
            return redirect("library_settings")
    return render(request, "library/settings.html", {"form": form})


@login_required
def clip_pick(request: HttpRequest) -> HttpResponse:
    """Ready clips the person may watch whose title holds what was typed, newest first, for a
    clip picker (roundtable.pickers)."""
    query = request.GET.get("q", "").strip()[:60]
    found = []
    if query:
        found = (
            selectors.clips_visible_to(user=request.user)
            .filter(state=ClipState.READY, title__icontains=query)
            .select_related("author")
            .order_by("-created_at")[:SEARCH_LIMIT]
        )
    context = found_context(request, found, label=selectors.clip_label)
    return render(request, "widgets/picker_found.html", context)
