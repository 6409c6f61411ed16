"""Python-side words in the active language: labels, clock, "ago", emails, newscast.

English stays as it was; Spanish comes from Django's own catalogues (month
names, durations) and from Gazette's (``gazette/locale``). Model and app
labels must be lazy translations, so that the admin shows them in the
editor's language rather than in the language active when Python imported
the module.
"""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.apps import apps
from django.core import mail
from django.utils import translation
from django.utils.functional import Promise

from gazette.accounts import services as account_services
from gazette.accounts import tasks as account_tasks
from gazette.core.templatetags.gazette_tags import ago, byline_names, gmt, names_list
from gazette.radio import bulletin

AT = datetime.datetime(2026, 1, 28, 6, 49, tzinfo=datetime.UTC)

# Models whose labels this project writes: every field declared on them (not
# inherited from Wagtail or Django) needs a translatable verbose_name.
LABELLED_MODELS = [
    "links.AllowedHost",
    "links.ShortLink",
    "links.LinkVisitDay",
    "audio.ArticleAudio",
    "core.GazetteImage",
    "core.HomePage",
    "core.StandardPage",
    "core.NewsroomSettings",
    "accounts.Reader",
    "discussion.Comment",
    "discussion.CommentLike",
    "discussion.CommentReport",
    "discussion.Ban",
    "discussion.ModerationAction",
    "articles.Author",
    "articles.SectionPage",
    "articles.ArticlePage",
    "articles.ArticlePageAuthor",
]
LABELLED_APPS = [
    "links",
    "audio",
    "seo",
    "core",
    "accounts",
    "discussion",
    "articles",
    "search",
    "fronts",
]


def _own_fields(model):
    # Fields of Wagtail's and Django's base classes, concrete or abstract.
    bases = [
        base
        for base in model.__mro__[1:]
        if hasattr(base, "_meta") and base._meta.app_label not in LABELLED_APPS
    ]
    inherited = {f.name for base in bases for f in base._meta.get_fields()}
    for field in model._meta.get_fields(include_parents=False):
        if field.auto_created or field.name in inherited or field.name == "id":
            continue
        if not field.concrete:
            continue
        yield field


@pytest.mark.parametrize("label", LABELLED_MODELS)
def test_model_labels_are_lazy_translations(label):
    model = apps.get_model(label)
    assert isinstance(model._meta.verbose_name, Promise), label
    assert isinstance(model._meta.verbose_name_plural, Promise), label
    for field in _own_fields(model):
        assert isinstance(field.verbose_name, Promise), f"{label}.{field.name}"
        if field.help_text:
            assert isinstance(field.help_text, Promise), f"{label}.{field.name}"
        for _value, text in field.flatchoices:
            assert isinstance(text, Promise), f"{label}.{field.name}: {text}"


@pytest.mark.parametrize("app_label", LABELLED_APPS)
def test_app_names_are_lazy_translations(app_label):
    assert isinstance(apps.get_app_config(app_label).verbose_name, Promise)


def test_an_app_name_follows_the_active_language():
    """Once the catalogue has it, the admin's name of the app changes language."""
    links = apps.get_app_config("links")
    assert str(links.verbose_name) == "Short links"
    with translation.override("es"):
        assert str(links.verbose_name) != "Short links"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("clock", "06:49 GMT 28 January 2026"),
        ("time", "06:49 GMT"),
        ("date", "28 January 2026"),
        ("j F Y", "28 January 2026"),
    ],
)
def test_gmt_in_english_is_unchanged(fmt, expected):
    assert gmt(AT, fmt) == expected


def test_gmt_defaults_to_the_whole_clock():
    assert gmt(AT) == "06:49 GMT 28 January 2026"
    assert gmt(None) == ""


def test_gmt_writes_the_month_in_the_active_language():
    with translation.override("es"):
        assert "enero" in gmt(AT)
        # The Spanish catalogue writes dates the Spanish way: "28 de enero de 2026".
        assert gmt(AT, "date").endswith("de enero de 2026")
        assert "January" not in gmt(AT, "j F Y")


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (datetime.timedelta(seconds=59), "Just now"),
        (datetime.timedelta(minutes=1), "1 minute ago"),
        (datetime.timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (datetime.timedelta(hours=3, minutes=20), "3 hours ago"),
        (datetime.timedelta(hours=23, minutes=59), "23 hours ago"),
        (datetime.timedelta(days=1), "1 day ago"),
        (datetime.timedelta(days=6, hours=23), "6 days ago"),
        (datetime.timedelta(days=7), "21 Jan 2026"),
    ],
)
def test_ago_in_english(before, expected):
    # Django's durations put a no-break space between number and unit.
    assert ago(AT - before, AT).replace("\xa0", " ") == expected


def test_ago_in_spanish_uses_the_catalogues_plural_forms():
    with translation.override("es"):
        assert ago(AT - datetime.timedelta(seconds=5), AT) == "Ahora mismo"
        three_hours = ago(AT - datetime.timedelta(hours=3), AT)
        one_minute = ago(AT - datetime.timedelta(minutes=1), AT)
        older = ago(AT - datetime.timedelta(days=30), AT)
    assert "3\xa0horas" in three_hours and "hours" not in three_hours
    assert "1\xa0minuto" in one_minute and "minutos" not in one_minute
    # The Spanish short date abbreviates the month in lower case, as Spanish does.
    assert older == "29 dic 2025"


def test_ago_in_spanish_says_ago_in_spanish():
    """Needs the Spanish entry of "%(time)s ago" in gazette/locale."""
    with translation.override("es"):
        text = ago(AT - datetime.timedelta(hours=3), AT)
    assert "ago" not in text
    assert "hace" in text


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], ""),
        (["Ana"], "Ana"),
        (["Ana", "Ben"], "Ana and Ben"),
        (["Ana", "Ben", "Cy"], "Ana, Ben and Cy"),
    ],
)
def test_names_join_as_a_sentence_does(names, expected):
    assert names_list(names) == expected


def test_a_bylines_names_are_escaped_and_keep_their_roles():
    class Author:
        def __init__(self, name, role):
            self.name, self.role = name, role

        def get_absolute_url(self):
            return "/authors/x/"

    names = byline_names([Author("Ana <b>", "Health editor"), Author("Ben", "")])
    assert names == (
        '<a href="/authors/x/" rel="author">Ana &lt;b&gt;</a>'
        '<span class="article-byline__role">, Health editor</span>'
        ' and <a href="/authors/x/" rel="author">Ben</a>'
    )


def test_the_newscast_in_english_is_unchanged():
    parts = bulletin.script("", [], AT)
    assert parts[0].text == "This is Gazette radio. The news, updated at 06:49 G M T."
    assert parts[-1].text == "That was the news from Gazette radio."


@pytest.mark.django_db
def test_an_account_email_is_written_in_the_language_of_the_request(make_reader):
    """The worker sends it later, in its own language: the task carries the
    request's."""
    user = make_reader("Ana", confirmed=False)
    real_task = account_tasks.send_account_mail_task
    with (
        mock.patch.object(account_tasks, "send_account_mail_task") as task,
        translation.override("es"),
    ):
        account_services.send_confirmation(user, base_url="http://localhost")
    (call,) = task.enqueue.call_args_list
    assert call.kwargs == {"language": "es"}
    # The worker, in the site's default language.
    with translation.override("en"):
        real_task.call(*call.args, **call.kwargs)
    (message,) = mail.outbox
    assert message.subject == "Confirme su dirección de correo electrónico"


@pytest.mark.django_db
def test_an_account_email_without_a_language_uses_the_workers(make_reader):
    """Tasks enqueued before the language was carried still send."""
    user = make_reader("Bea", confirmed=False)
    with translation.override("en"):
        account_tasks.send_account_mail_task.call(
            "confirm",
            {"display_name": "Bea", "url": "http://localhost/x", "days": 7},
            user.email,
        )
    (message,) = mail.outbox
    assert message.subject == "Confirm your email address"
