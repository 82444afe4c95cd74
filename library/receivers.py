from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Organisation
from library.services import situations_create_defaults


@receiver(post_save, sender=Organisation, dispatch_uid="library_default_situations")
def organisation_created(sender, instance: Organisation, created: bool, **kwargs) -> None:
    if created:
        situations_create_defaults(organisation=instance)
