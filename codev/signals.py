from django.dispatch import Signal

# Sent inside the transaction that changes a case; receivers get `case`.
case_submitted = Signal()  # a case reaches its team: the managers triage it
case_triaged = Signal()  # also `actor`: the manager who decided (the author hears why)
# Sent when a session is planned; receivers get `session`.
session_scheduled = Signal()
