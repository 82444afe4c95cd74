from django.dispatch import Signal

# Sent inside the transaction that changes a case; receivers get `case`.
case_submitted = Signal()  # a case reaches its team: the managers triage it
case_triaged = Signal()  # also `actor`: the manager who decided (the author hears why)
case_followed_up = Signal()  # also `actor`: the outcome was recorded (the managers hear it)
# Sent when a session is planned; receivers get `session`.
session_scheduled = Signal()
# Sent when a planned session changes; receivers get `session`, `actor` and `change`
# ("moved", with `before`: the old time; "presenter"; "cancelled"; "closed": opened by
# mistake and closed without a record, planned again).
session_changed = Signal()
