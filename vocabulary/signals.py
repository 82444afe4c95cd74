from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Organisation
from vocabulary.services import term_defaults_create


@receiver(post_save, sender=Organisation, dispatch_uid="vocabulary_defaults")
def organisation_created(sender, instance: Organisation, created: bool, **kwargs) -> None:
    if created:
        term_defaults_create(organisation=instance)
