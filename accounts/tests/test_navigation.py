"""The main navigation marks the place you are in, by the page's URL name."""

from accounts.navigation import navigation_for


def _current(world, url_name: str, person=None) -> list[str]:
    nav = navigation_for(person or world.rep, manages=False, admin=False, url_name=url_name)
    return [p.key for p in nav["bar"] + nav["more"] if p.current]


def test_a_page_named_by_a_place_is_that_place_even_when_another_claims_its_kind(world):
    assert set(_current(world, "clip_new")) == {"record"}  # not Library, for all its clips
    assert set(_current(world, "clip_detail")) == {"library"}
    assert set(_current(world, "challenge_detail")) == {"practice"}
    assert set(_current(world, "leaderboard")) == {"leaderboard"}
    assert _current(world, "notifications") == []  # the bell is its way in


def test_more_is_marked_where_it_holds_the_current_place(world):
    coaching = navigation_for(world.rep, manages=False, admin=False, url_name="coaching_home")
    assert coaching["more_current_tab"] and not coaching["more_current_top"]  # a laptop's bar
    record = navigation_for(world.rep, manages=False, admin=False, url_name="clip_new")
    assert record["more_current_top"] and not record["more_current_tab"]  # a phone's tab
    home = navigation_for(world.rep, manages=False, admin=False, url_name="home")
    assert not home["more_current_tab"] and not home["more_current_top"]


def test_managers_and_admins_see_their_own_places(world):
    def keys(**role):
        nav = navigation_for(world.rep, url_name="home", **role)
        return {p.key for p in nav["more"]}

    assert "invitations" not in keys(manages=False, admin=False)
    assert "invitations" in keys(manages=True, admin=False)
    assert {"teams", "people"} <= keys(manages=False, admin=True)
