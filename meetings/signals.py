from django.dispatch import Signal

# Sent after commit when a meeting reaches its end; receivers get `meeting`.
meeting_ended = Signal()
