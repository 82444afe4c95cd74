"""Starting points per coaching type: a suggested protocol and opening topic."""

from coaching.models import CoachingType

TEMPLATES = {
    CoachingType.DEVELOPMENTAL: ("grow", "Grow one skill: "),
    CoachingType.STRATEGIC: ("sled", "Plan: "),
    CoachingType.TACTICAL: ("field_coaching", "Prepare the meeting with "),
    CoachingType.OPPORTUNISTIC: ("grow", "What I just saw: "),
}
