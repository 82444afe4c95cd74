from django.dispatch import Signal

# Sent inside the transaction that saves KPI values (import, API, form); receivers get
# `value_ids`. Recognition thanks a target met.
kpi_values_saved = Signal()
