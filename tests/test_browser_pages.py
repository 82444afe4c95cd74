"""Every main page, for each role, on two phones and a laptop: nothing runs off the screen, the
navigation shows where you are (a tab bar within a thumb's reach on phones, a top bar that fits
a 1366 px laptop), and axe-core finds no serious or critical accessibility violation.

Screenshots go to test-artifacts/screenshots/pages-<role>-<page>-<width>.png."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import COMPLETE_CASE, build_world, require_component, uploaded_clip
from tests.browser import assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / ".cache/node/node_modules/axe-core/axe.min.js"
SIZES = {
    360: {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    1366: {"viewport": {"width": 1366, "height": 900}},
}
AXE_SIZES = (390, 1366)  # the rules on one phone and the laptop; the layout on all three


def _content(world, tmp_path, run_worker) -> dict:
    """What a team has after a week: a clip with feedback, a case, a story, kudos."""
    from codev.services import case_save
    from library import services as library
    from recognition.services import kudos_give, story_post

    clip = uploaded_clip(
        world.rep,
        world.alpha,
        tmp_path,
        title="Pricing pushback",
        text="When they said the price was too high, I asked what a delay would cost them.",
    )
    run_worker()
    library.comment_add(
        clip=clip,
        author=world.manager,
        at_seconds=1.0,
        text="In the pricing call you paused after the number, so the buyer named their budget.",
    )
    case = case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    story = story_post(
        author=world.rep,
        team=world.alpha,
        kind="success",
        title="Northwind signed",
        body="Max's questions in the session unblocked the CFO.",
        credited=[world.manager],
    )
    kudos_give(
        giver=world.manager,
        recipients=[world.rep],
        for_kind="clip",
        clip=clip,
        message="Your pause after the price in the Northwind clip: the buyer named a budget.",
    )
    return {"clip": clip, "case": case, "story": story}


def _pages(role: str, world, content) -> list[tuple[str, str]]:
    person = getattr(world, role)
    pages = [
        ("home", reverse("home")),
        ("library", reverse("library_home")),
        ("clip", reverse("clip_detail", args=[content["clip"].id])),
        ("record", reverse("clip_new")),
        ("playbook", reverse("playbook_home")),
        ("practice", reverse("practice_home")),
        ("coaching", reverse("coaching_home")),
        ("kudos", reverse("kudos_home")),
        ("leaderboard", reverse("leaderboard")),
        ("stories", reverse("stories_home")),
        ("story", reverse("story_detail", args=[content["story"].id])),
        ("vocabulary", reverse("vocabulary_home")),
        ("notifications", reverse("notifications")),
        ("profile", reverse("profile")),
        ("cases", reverse("team_cases", args=[world.alpha.id])),
        ("case", reverse("case_detail", args=[content["case"].id])),
        ("results", reverse("person_kpis", args=[person.id])),
    ]
    if role == "manager":
        pages += [
            ("results-settings", reverse("kpi_settings")),
            ("invitations", reverse("invitation_list")),
        ]
    if role == "admin":
        pages = [p for p in pages if p[0] not in ("record", "cases", "case", "results")]
        pages += [("people", reverse("manage_people")), ("teams", reverse("manage_teams"))]
    return pages


def _serious(page) -> list[str]:
    """axe-core's serious and critical violations on this page, one line each."""
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => ({id: v.id, impact: v.impact,
                              nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
        }"""
    )
    return [f"{v['impact']} {v['id']}: {json.dumps(v['nodes'])}" for v in found]


def _navigation_shows_where_you_are(page, width: int) -> None:
    """The current place is marked, and every place of the bar is whole on the screen."""
    phone = width < 720
    bar = page.locator(".nav__bar > li:visible")
    if phone:
        assert bar.count() == 5, "Home, Library, Record, Practice and More on a phone"
        box = page.locator(".nav").bounding_box()
        assert box["y"] + box["height"] <= page.viewport_size["height"] + 1  # at the bottom
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.nav__bar > li')]
            .filter((li) => li.offsetParent !== null)
            .filter((li) => {
                const r = li.getBoundingClientRect();
                const t = li.firstElementChild;
                return r.right > innerWidth + 1 || t.scrollWidth > t.clientWidth + 1;
            })
            .map((li) => li.textContent.trim())"""
    )
    assert clipped == [], f"cut off: {clipped}"


@pytest.mark.parametrize("role", ["rep", "manager", "admin"])
def test_every_main_page_fits_shows_the_current_place_and_passes_axe(
    role, browser, server, run_worker, tmp_path
):
    require_component(AXE.exists(), f"axe-core at {AXE} (bin/lib/setup.sh ensure_axe)")
    axe_source = AXE.read_text() + "\n;true"
    world = build_world()
    content = _content(world, tmp_path, run_worker)
    person = getattr(world, role)
    violations = []
    for width, size in SIZES.items():
        context, page = signed_in(browser, server, person, size)
        for name, url in _pages(role, world, content):
            response = page.goto(f"{server.url}{url}")
            assert response.ok, f"{name}: {response.status}"
            screenshot(page, f"pages-{role}-{name}-{width}")
            assert_fits_the_screen(page)
            _navigation_shows_where_you_are(page, width)
            if width in AXE_SIZES:
                page.evaluate(axe_source)  # not a script tag: the page's CSP rightly refuses one
                violations += [f"{name} at {width}px: {v}" for v in _serious(page)]
        context.close()
    assert violations == [], "\n".join(violations)


def test_the_current_place_is_marked_in_the_bar_or_under_more(browser, server):
    world = build_world()
    for width in (390, 1366):
        context, page = signed_in(browser, server, world.manager, SIZES[width])
        page.goto(f"{server.url}{reverse('leaderboard')}")  # under "More" on both
        summary = page.locator(".more > summary")
        assert "is-current-" + ("phone" if width < 720 else "laptop") in summary.get_attribute(
            "class"
        )
        summary.click()
        page.locator(".more__sheet a[aria-current='page']", has_text="Leaderboard").wait_for()
        page.keyboard.press("Escape")  # closes, and focus goes back to "More"
        assert not page.locator(".more__sheet").is_visible()
        page.get_by_role("button", name="Sign out").wait_for(state="hidden")
        page.goto(
            f"{server.url}{reverse('coaching_home')}"
        )  # in the laptop's bar, the phone's More
        if width < 720:
            assert "is-current-phone" in page.locator(".more > summary").get_attribute("class")
        else:
            page.locator(".nav__bar > li > a[aria-current='page']", has_text="Coaching").wait_for()
            page.locator(".more > summary").click()
            sign_out = page.get_by_role("button", name="Sign out")
            box = sign_out.bounding_box()
            assert box["x"] + box["width"] <= 1366  # whole, not cut to "Sign"
        context.close()
