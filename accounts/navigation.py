"""The main navigation: which places each person sees, in which order, where each sits (the
phone's tab bar, the laptop's top bar, or "More" on either) and which one is the current place.

A place is current when the page's URL name is one of its own (`names`), else when it contains
one of its `parts` (the first such place)."""

from dataclasses import dataclass

from django.urls import reverse

TAB, TOP, BOTH = "tab", "top", "both"  # in the phone's tab bar, the laptop's bar, or both


@dataclass(frozen=True)
class Place:
    key: str
    label: str
    icon: str
    url: str
    bar: str  # TAB, TOP or BOTH: where it sits outside "More"; "" when only in "More"
    names: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    current: bool = False


def _places(user, manages: bool, admin: bool) -> list[Place]:
    results = reverse("kpi_settings") if manages else reverse("person_kpis", args=[user.id])
    places = [
        Place("home", "Home", "home", reverse("home"), BOTH, names=("home",)),
        Place(
            "library",
            "Library",
            "library",
            reverse("library_home"),
            BOTH,
            names=("library_home", "library_settings"),
            parts=("clip",),
        ),
        Place("record", "Record", "record", reverse("clip_new"), TAB, names=("clip_new",)),
        Place(
            "playbook", "Playbook", "playbook", reverse("playbook_home"), TOP, parts=("playbook",)
        ),
        Place(
            "practice",
            "Practice",
            "practice",
            reverse("practice_home"),
            BOTH,
            names=("practice_home", "practice_record"),
            parts=("challenge", "roleplay", "take_", "dealclinic"),
        ),
        Place("results", "Results", "results", results, TOP, parts=("kpi",)),
        Place(
            "coaching",
            "Coaching",
            "coaching",
            reverse("coaching_home"),
            TOP,
            names=("coaching_home",),
            parts=("one_on_one", "coaching", "observation", "dev_"),
        ),
        Place("kudos", "Kudos", "kudos", reverse("kudos_home"), TOP, names=("kudos_home",)),
        Place(
            "leaderboard",
            "Leaderboard",
            "leaderboard",
            reverse("leaderboard"),
            "",
            names=("leaderboard",),
        ),
        Place("stories", "Stories", "stories", reverse("stories_home"), "", parts=("stor",)),
        Place(
            "vocabulary",
            "Vocabulary",
            "vocabulary",
            reverse("vocabulary_home"),
            "",
            names=("vocabulary_home",),
            parts=("term",),
        ),
    ]
    if manages:
        places.append(
            Place(
                "invitations",
                "Invitations",
                "invitations",
                reverse("invitation_list"),
                "",
                names=("invitation_list", "invitation_new"),
            )
        )
    if admin:
        places += [
            Place(
                "teams",
                "Teams",
                "teams",
                reverse("manage_teams"),
                "",
                parts=("manage_team",),
            ),
            Place(
                "people",
                "People",
                "people",
                reverse("manage_people"),
                "",
                parts=("manage_person", "manage_people"),
            ),
        ]
    places.append(
        Place("profile", "Profile", "profile", reverse("profile"), "", names=("profile",))
    )
    return places


def navigation_for(user, *, manages: bool, admin: bool, url_name: str) -> dict:
    """The places, with the current one marked: `bar` for the bars, `more` for the menu, and
    whether "More" holds the current place on a phone and on a laptop."""
    listed = _places(user, manages, admin)
    # A place naming the page exactly wins over one whose name only contains a part of it
    # ("clip_new" is Record's, though Library claims every "clip" page).
    current = next((p.key for p in listed if url_name and url_name in p.names), None) or next(
        (p.key for p in listed if url_name and any(part in url_name for part in p.parts)), None
    )
    places = [Place(**{**place.__dict__, "current": place.key == current}) for place in listed]
    bar = [p for p in places if p.bar]
    more = [p for p in places if p.bar != BOTH]  # what a bar leaves out, "More" holds
    return {
        "bar": bar,
        "more": more,
        "more_current_tab": any(p.current for p in more if p.bar != TAB),
        "more_current_top": any(p.current for p in more if p.bar != TOP),
    }
