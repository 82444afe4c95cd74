from django.dispatch import Signal

# Sent after commit when a meeting reaches its end; receivers get `meeting`.
meeting_ended = Signal()

# Sent inside the transaction that creates an action item (live meetings and written 1:1s);
# receivers get `action`. Recognition thanks whoever's advice or clip it credits.
action_created = Signal()

# Sent when a live room opens (a co-development session, a role-play, a deal clinic, a live
# 1:1); receivers get `meeting` and `actor`. Recognition tells the others to join.
meeting_live = Signal()

# Sent once when an open commitment is due tomorrow in its owner's time, and once when it is
# overdue; receivers get `action`, `overdue` and `today` (the owner's local date).
commitment_due = Signal()
