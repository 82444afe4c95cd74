"""In Chromium with a fake camera: record a clip on a phone, share it, find it, give feedback."""

import pytest

from conftest import build_world
from library.models import Clip, ClipState
from tests.browser import PHONE, assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser


def test_record_share_find_and_comment_on_a_phone(browser, server, run_worker):
    world = build_world()
    context, page = signed_in(browser, server, world.rep, PHONE, camera=True)
    page.goto(f"{server.url}/library/new/")
    page.get_by_role("button", name="Turn on camera").click()
    page.get_by_role("button", name="Record").click()
    page.locator("#countdown").wait_for()
    page.locator("#rec-time").wait_for()
    page.wait_for_timeout(3000)
    page.get_by_role("button", name="Stop").click()
    page.locator("#upload-status", has_text="Uploaded").wait_for(timeout=20_000)
    assert page.locator("#progress").get_attribute("value") == "100"
    page.get_by_role("button", name="Share clip").click()
    page.get_by_text("Give the clip a title").wait_for()  # nothing lost: the upload waits
    page.get_by_label("Title").fill("Handling the SOC2 question")
    assert not page.locator("#form-error").is_visible()
    page.get_by_label("Tags").fill("compliance, security review")
    page.get_by_label("Selling situation").select_option(label="Compliance")
    assert_fits_the_screen(page)
    screenshot(page, "library-record-phone")
    page.get_by_role("button", name="Share clip").click()
    page.wait_for_url("**/library/clips/*/")
    page.get_by_text("Waiting for a worker").wait_for()
    clip = Clip.objects.get()
    assert clip.state == ClipState.UPLOADED and 2 <= clip.duration <= 6

    run_worker()
    page.locator("video#player[src$='/video/']").wait_for(timeout=15_000)
    page.get_by_text("Ready").first.wait_for()
    # The fake camera only beeps: whatever Whisper makes of a tone is outside every stretch of
    # speech, so nothing is kept.
    page.get_by_text("No speech was heard").wait_for()
    screenshot(page, "library-clip-ready-phone")

    context.close()
    context, page = signed_in(browser, server, world.manager, PHONE, camera=True)
    page.goto(f"{server.url}/library/")
    page.get_by_placeholder("Before my call").fill("SOC2")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Handling the SOC2 question").click()
    page.wait_for_function(
        "() => document.getElementById('player').readyState >= 1", timeout=15_000
    )
    page.evaluate("document.getElementById('player').currentTime = 1.5")
    # Abstract feedback is held with a concrete alternative; the words typed stay.
    page.get_by_role("textbox", name="Feedback").fill("Great job, very confident")
    page.get_by_role("button", name="Post feedback").click()
    page.get_by_text("Could it be more concrete?").wait_for()
    assert page.get_by_role("textbox", name="Feedback").input_value() == "Great job, very confident"
    assert_fits_the_screen(page)
    screenshot(page, "library-feedback-nudge-phone")
    page.get_by_role("textbox", name="Feedback").fill("Naming the audit report first made it land.")
    page.get_by_role("button", name="Post my edited feedback").click()
    page.locator(".comments", has_text="made it land").wait_for()
    assert page.locator(".stamp").first.text_content().strip() == "2 s"
    page.get_by_role("button", name="This helped me").click()
    page.get_by_text("1 found it helpful").wait_for()
    assert_fits_the_screen(page)
    screenshot(page, "library-feedback-phone")
    context.close()
    comment = clip.comments.get()
    assert comment.at_seconds == 1.5 and comment.author == world.manager


def test_an_upload_resumes_after_the_page_was_reloaded(browser, server, tmp_path):
    from conftest import clip_bytes

    world = build_world()
    data = clip_bytes("We shared the security questionnaire before the demo and it sped things up.")
    video = tmp_path / "security-review.webm"
    video.write_bytes(data)
    context, page = signed_in(browser, server, world.rep, PHONE, camera=True)
    page.evaluate("() => 1")
    chunks = []

    def cut_after_first(route):
        chunks.append(route.request.url)
        if "offset=0" in route.request.url:
            route.continue_()
        else:
            route.abort()  # the connection drops after the first chunk

    page.route("**/library/uploads/*/?offset=*", cut_after_first)
    page.goto(f"{server.url}/library/new/")
    page.evaluate("document.getElementById('capture').dataset.chunk = '20000'")
    page.locator("#file").set_input_files(str(video))
    page.locator("#upload-status", has_text="Connection lost").wait_for(timeout=15_000)
    page.unroute("**/library/uploads/*/?offset=*")
    page.reload()  # the page is gone: the browser still knows which upload this file belongs to
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "offset=" in r.url else None)
    page.locator("#file").set_input_files(str(video))
    page.locator("#upload-status", has_text="Uploaded").wait_for(timeout=15_000)
    assert sent and all("offset=0" not in url for url in sent)  # resumed, not restarted
    page.get_by_label("Title").fill("Security questionnaire first")
    page.get_by_role("button", name="Share clip").click()
    page.wait_for_url("**/library/clips/*/")
    context.close()
    assert Clip.objects.get().original.size == len(data)


def test_a_recording_made_offline_is_kept_and_shared_later(browser, server):
    world = build_world()
    context, page = signed_in(browser, server, world.rep, PHONE, camera=True)
    asked = []  # leaving with a recording not shared: the browser asks first
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.goto(f"{server.url}/library/new/")
    page.get_by_role("button", name="Turn on camera").click()
    page.get_by_role("button", name="Record").click()
    page.locator("#rec-time").wait_for()
    page.wait_for_timeout(2000)
    context.set_offline(True)  # a car park with no signal
    page.get_by_role("button", name="Stop").click()
    page.locator("#form-error", has_text="kept on this phone").wait_for(timeout=15_000)
    page.get_by_label("Title").fill("Parking-lot debrief")
    page.wait_for_timeout(300)  # the details are saved with the recording as they are typed
    screenshot(page, "library-offline-draft-phone")
    context.set_offline(False)

    page.goto(f"{server.url}/library/new/")  # later, a new visit
    assert asked == ["beforeunload"]
    page.locator("#drafts", has_text="Parking-lot debrief").wait_for()
    assert_fits_the_screen(page)
    screenshot(page, "library-drafts-phone")
    page.locator("#drafts").get_by_role("button", name="Continue").click()
    page.locator("#upload-status", has_text="Uploaded").wait_for(timeout=20_000)
    assert page.get_by_label("Title").input_value() == "Parking-lot debrief"
    page.get_by_role("button", name="Share clip").click()
    page.wait_for_url("**/library/clips/*/")
    assert Clip.objects.get().title == "Parking-lot debrief"
    page.goto(f"{server.url}/library/new/")
    page.wait_for_timeout(500)
    assert not page.locator("#drafts").is_visible()  # shared once: no longer a draft

    # Leaving with a recording not shared: the browser asks first, and it stays a draft.
    page.get_by_role("button", name="Turn on camera").click()
    page.get_by_role("button", name="Record").click()
    page.locator("#rec-time").wait_for()
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop").click()
    page.locator("#upload-status", has_text="Uploaded").wait_for(timeout=20_000)
    page.goto(f"{server.url}/library/new/")
    assert asked == ["beforeunload", "beforeunload"]  # not after the shared one
    page.locator("#drafts", has_text="Untitled recording").wait_for()
    page.locator("#drafts").get_by_role("button", name="Delete").click()
    page.locator("#drafts").wait_for(state="hidden")
    assert Clip.objects.count() == 1
    context.close()


KEYBOARD_WORDS = (
    "We asked the finance director what a good quarter looks like for her team, then we "
    "listened for the numbers that matter to her and wrote them down before we showed a "
    "single slide of our own, and that changed the whole meeting for the better."
)


def test_the_transcript_is_one_stop_for_the_keyboard(browser, server, run_worker, tmp_path):
    """From the player to the feedback box in a few Tab presses, however long the transcript:
    inside it the arrow keys move from word to word and Enter plays from the word."""
    from conftest import uploaded_clip
    from tests.browser import DESKTOP

    world = build_world()
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, title="Discovery", text=KEYBOARD_WORDS)
    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.READY
    words = clip.transcript.words
    assert len(words) > 30  # one Tab stop each, before
    context, page = signed_in(browser, server, world.manager, DESKTOP)
    page.goto(f"{server.url}/library/clips/{clip.id}/")
    page.wait_for_function("() => document.getElementById('player').readyState >= 1")
    feedback = page.get_by_role("textbox", name="Feedback")
    page.locator("#player").focus()
    presses = 0
    while not feedback.evaluate("box => box === document.activeElement") and presses < 60:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 12, presses  # the player's own controls, the transcript, the moments...

    focused = "() => document.activeElement.dataset.start"
    page.locator("#transcript [data-start]").first.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert float(page.evaluate(focused)) == words[3]["start"]
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => Math.abs(document.getElementById('player').currentTime - {words[3]['start']}) < 0.5"
    )
    page.keyboard.press("End")
    assert float(page.evaluate(focused)) == words[-1]["start"]
    # The word left last is where Tab comes back into the transcript.
    page.keyboard.press("Tab")
    assert page.evaluate(focused) is None
    page.keyboard.press("Shift+Tab")
    assert float(page.evaluate(focused)) == words[-1]["start"]
    screenshot(page, "library-transcript-keyboard")
    context.close()
