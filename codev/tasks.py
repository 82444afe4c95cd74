from django_tasks import task

from codev import services
from codev.models import CodevSession


@task()
def send_session_record(session_id: int) -> int:
    session = CodevSession.objects.filter(id=session_id).select_related("meeting", "team").first()
    if session is None or session.meeting is None:
        return 0
    return services.session_record_send(session=session)
