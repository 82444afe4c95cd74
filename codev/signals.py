from django.dispatch import Signal

# Sent inside the transaction that changes a case; receivers get `case`.
case_submitted = Signal()  # a case reaches its team: the managers triage it
case_triaged = Signal()  # also `actor`: the manager who decided (the author hears why)
# Sent when a session is planned; receivers get `session`.
session_scheduled = Signal()
# Sent when a planned session changes; receivers get `session`, `actor` and `change`
# ("moved", with `before`: the old time; "presenter"; "cancelled").
session_changed = Signal()
