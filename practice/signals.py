from django.dispatch import Signal

# Sent inside the transaction in which a manager features someone else's take as what good
# looks like; receivers get `challenge`, `take` and `actor`. Recognition rings the author's bell.
take_featured = Signal()

# Sent when a challenge (or teach-back) is set; receivers get `challenge` and `actor`.
challenge_assigned = Signal()

# Sent once per person when a challenge they have not answered is due within a day; receivers
# get `challenge` and `person`.
challenge_due_soon = Signal()

# Sent when someone reviews a take (or changes their review); receivers get `review`, `take`
# and `reviewer`.
take_reviewed = Signal()

# Sent when a role-play or deal clinic is planned for later; receivers get `meeting` and
# `actor`. Recognition tells each participant their part and when.
practice_planned = Signal()
