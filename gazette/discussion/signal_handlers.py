"""Keep the discussion right when accounts go, and give moderators their rights."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from . import services


@receiver(pre_delete, sender=get_user_model())
def account_deleted(sender, instance, **kwargs):
    services.forget_reader_comments(instance)


def moderator_permissions(sender, **kwargs):
    services.grant_moderator_permissions()
