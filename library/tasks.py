from django_tasks import TaskContext, task

from library import services


@task(takes_context=True)
def process_clip(context: TaskContext, clip_id: int) -> str:
    # A second attempt only happens when the worker of the first one stopped beating and its
    # job was requeued (ops.services.tasks_requeue_orphans).
    clip = services.clip_process(clip_id=clip_id, resumed=context.attempt > 1)
    return clip.state if clip else "deleted"


@task()
def notify_author(comment_id: int) -> None:
    services.comment_notify(comment_id=comment_id)
