from accounts.access import managed_team_ids
from accounts.navigation import navigation_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.organisation_id is None:
        return {"nav_manages": False, "nav_admin": False}
    manages, admin = bool(managed_team_ids(user=user)), user.is_org_admin
    match = getattr(request, "resolver_match", None)
    return {
        "nav_manages": manages,
        "nav_admin": admin,
        "nav": navigation_for(
            user, manages=manages, admin=admin, url_name=match.url_name if match else ""
        ),
    }
