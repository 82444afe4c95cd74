from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Organisation
from coaching.services import skills_create_defaults


@receiver(post_save, sender=Organisation, dispatch_uid="coaching_default_skills")
def organisation_created(sender, instance: Organisation, created: bool, **kwargs) -> None:
    if created:
        skills_create_defaults(organisation=instance)
