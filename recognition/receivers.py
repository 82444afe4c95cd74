"""Recognition hears what happens in the apps below it (their signals) and answers: kudos for
credited advice, clips and targets met; a word in the bell for comments and featured takes.
Connected in RecognitionConfig.ready()."""

from django.urls import reverse

from recognition.services import credit_recognise, kpi_recognise, notify


def on_action_created(*, action, **kwargs) -> None:
    credit_recognise(action=action)


def on_kpi_values_saved(*, value_ids, **kwargs) -> None:
    kpi_recognise(value_ids=value_ids)  # a target met is recognised automatically


def on_comment_added(*, comment, url, **kwargs) -> None:
    clip = comment.clip
    notify(
        users=[clip.author],
        text=f"{comment.author.full_name} commented on “{clip.title}”: {comment.text}",
        url=url,
    )


def on_take_featured(*, challenge, take, actor, **kwargs) -> None:
    notify(
        users=[take.author],
        text=f"{actor.full_name} picked your take on “{challenge.title}” as what good looks like.",
        url=reverse("challenge_detail", args=[challenge.id]),
    )
