from django.dispatch import Signal

# Sent inside the transaction that saves KPI values (import, API, form); receivers get
# `value_ids`. Recognition thanks a target met.
kpi_values_saved = Signal()

# Sent when a coach writes up a 1:1 afterwards; receivers get `one`. The rep hears of it.
one_on_one_written = Signal()

# A drafted 1:1 was held (live or written up): args `draft`, `one`.
one_on_one_draft_held = Signal()
