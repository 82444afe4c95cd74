from django.contrib import admin

from ops.models import PeriodicJob, WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "last_seen"]
    readonly_fields = list_display


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = ["name", "next_run_at", "running_by", "started_at", "finished_at", "last_error"]
    readonly_fields = list_display
