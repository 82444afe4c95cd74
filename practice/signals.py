from django.dispatch import Signal

# Sent inside the transaction in which a manager features someone else's take as what good
# looks like; receivers get `challenge`, `take` and `actor`. Recognition rings the author's bell.
take_featured = Signal()

# Sent when a challenge (or teach-back) is set; receivers get `challenge` and `actor`.
challenge_assigned = Signal()
