from django.dispatch import Signal

# Sent inside the transaction that adds a comment to someone else's clip; receivers get
# `comment` and `url` (the moment commented on). Recognition rings the author's bell.
comment_added = Signal()
