"""Speak articles when they are published; remove their audio when withdrawn."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from gazette.articles.models import ArticlePage

from . import services
from .models import ArticleAudio


@receiver(page_published, sender=ArticlePage)
def speak_after_publish(sender, instance, **kwargs):
    # Every publish, edits included: the task compares the spoken text's hash
    # and only speaks again when it changed.
    services.request_article_audio(instance)


@receiver(page_unpublished, sender=ArticlePage)
def remove_after_unpublish(sender, instance, **kwargs):
    services.remove_article_audio(instance.pk)


@receiver(post_delete, sender=ArticleAudio)
def forget_file(sender, instance, **kwargs):
    # Deleting an article deletes its audio row (cascade); the file follows.
    services.forget_audio_file(instance)
