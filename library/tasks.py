from django_tasks import task

from library import services


@task()
def process_clip(clip_id: int) -> str:
    return services.clip_process(clip_id=clip_id).state
