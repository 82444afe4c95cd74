from django_tasks import task

from library import services


@task()
def process_clip(clip_id: int) -> str:
    return services.clip_process(clip_id=clip_id).state


@task()
def notify_author(comment_id: int) -> None:
    services.comment_notify(comment_id=comment_id)
