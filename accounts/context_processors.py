from accounts.access import managed_team_ids


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.organisation_id is None:
        return {"nav_manages": False, "nav_admin": False}
    return {"nav_manages": bool(managed_team_ids(user=user)), "nav_admin": user.is_org_admin}
