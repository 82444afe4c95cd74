from django_tasks import task


@task()
def post_to_slack(*, team_id: int, text: str) -> None:
    # The services enqueue this task, so they are imported here: a cycle, broken on purpose.
    from recognition.services import slack_post

    slack_post(team_id=team_id, text=text)
