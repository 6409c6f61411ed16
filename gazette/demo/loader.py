"""Load the demo newsroom: original content set in an invented world.

Loading is idempotent: what already exists (matched by slug, or by title for
images) is left exactly as it is, so running it again adds nothing twice and
never overwrites an editor's changes.

The content is dated in an invented autumn, up to the moment named by
``as_of`` in ``articles.json``. Loading moves that whole timeline so that
``as_of`` becomes the time of loading: the newest article is a few hours old
and every gap between articles and comments is kept. Only what a load creates
is dated; what an earlier load stored keeps its dates.
"""

import datetime
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import PageLogEntry, Site

from gazette.articles import services as articles
from gazette.articles.models import ArticleGenre, ArticlePage, Author, SectionPage
from gazette.core.groups import EDITORS, MODERATORS, WRITERS
from gazette.core.models import GazetteImage, HomePage, NewsroomSettings, StandardPage
from gazette.core.services import SiteUrlError, set_site_url
from gazette.fronts import services as fronts
from gazette.radio import services as radio
from gazette.stories.models import Story

from .images import draw_picture

CONTENT_DIR = Path(__file__).parent / "content"
DEMO_PASSWORD = "gazette-demo"
# The demo's brand red, also Gazette's default accent.
DEMO_ACCENT = "#b80000"
DEMO_USERS = [
    # (username, group or None for the superuser)
    ("admin", None),
    ("writer", WRITERS),
    ("editor", EDITORS),
    ("moderator", MODERATORS),
]


class DemoContentError(Exception):
    """The demo content files are missing or malformed."""


@dataclass
class Summary:
    created: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    # The editions' home pages, the default edition's first.
    editions: list = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.kept
        bucket[kind] = bucket.get(kind, 0) + 1

    def __str__(self) -> str:
        kinds = sorted(set(self.created) | set(self.kept))
        return ", ".join(
            f"{kind}: {self.created.get(kind, 0)} new, {self.kept.get(kind, 0)} kept"
            for kind in kinds
        )


def read_content(directory: Path = CONTENT_DIR) -> tuple[dict, list[dict]]:
    """Return the newsroom description and the articles, checking their shape."""
    try:
        newsroom = json.loads((directory / "newsroom.json").read_text(encoding="utf-8"))
        articles_file = directory / "articles.json"
        articles_data = json.loads(articles_file.read_text(encoding="utf-8"))[
            "articles"
        ]
    except FileNotFoundError as error:
        raise DemoContentError(f"{error.filename} is missing.") from None
    except (json.JSONDecodeError, KeyError) as error:
        raise DemoContentError(
            f"Demo content in {directory} is malformed: {error}"
        ) from None
    for index, article in enumerate(articles_data, start=1):
        for key in ("slug", "section", "title", "lede", "body", "published"):
            if key not in article:
                raise DemoContentError(
                    f"{articles_file}: article {index} ({article.get('slug', '?')}) "
                    f"has no “{key}”."
                )
        if article.get("genre", ArticleGenre.NEWS) not in ArticleGenre.values:
            raise DemoContentError(
                f"{articles_file}: article {index} ({article['slug']}) has the "
                f"unknown genre “{article['genre']}” (one of "
                f"{', '.join(ArticleGenre.values)})."
            )
    return newsroom, articles_data


@dataclass(frozen=True)
class Timeline:
    """Move the content's dates so that its ``as_of`` moment is ``now``.

    The shift is a whole number of minutes, rounded down: the newest date
    lands at most a minute before ``now``, never after it.
    """

    shift: datetime.timedelta
    # The content's own "now" (no content may be dated after it).
    as_of: datetime.datetime | None = None

    @classmethod
    def ending_now(cls, as_of: datetime.datetime, now: datetime.datetime) -> "Timeline":
        shift = now - as_of
        return cls(
            shift - datetime.timedelta(seconds=shift.total_seconds() % 60), as_of
        )

    def at(self, value: str | None) -> datetime.datetime | None:
        """Return the content's date ``value`` moved to the time of loading."""
        when = _when(value)
        return when + self.shift if when else None


def read_timeline(
    directory: Path = CONTENT_DIR, now: datetime.datetime | None = None
) -> Timeline:
    """Return the timeline that brings the content of ``directory`` up to ``now``.

    The content's own "now" is ``as_of`` in ``articles.json``, or else its
    newest date; no article may be dated after it.
    """
    _newsroom, articles_data = read_content(directory)
    raw = json.loads((directory / "articles.json").read_text(encoding="utf-8"))
    dates = {
        article["slug"]: max(
            when
            for when in (_when(article["published"]), _when(article.get("updated")))
            if when
        )
        for article in articles_data
    }
    as_of = _when(raw.get("as_of")) or max(dates.values())
    late = sorted(slug for slug, when in dates.items() if when > as_of)
    if late:
        raise DemoContentError(
            f"articles.json: {', '.join(late)} dated after as_of ({raw['as_of']})."
        )
    return Timeline.ending_now(as_of, now or timezone.now())


def _when(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise DemoContentError(
            f"“{value}” is not a date and time like 2026-10-01T08:30:00Z."
        )
    return parsed


def _body(blocks: list[dict], images: dict[str, GazetteImage]) -> list[dict]:
    body = []
    for block in blocks:
        if block["type"] == "image":
            image = images.get(block["value"]["image"])
            if image is None:
                continue
            block = {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "caption": block["value"].get("caption", ""),
                },
            }
        body.append({"type": block["type"], "value": block["value"]})
    return body


@transaction.atomic
def load_demo(
    directory: Path = CONTENT_DIR,
    *,
    with_users: bool = True,
    site_url: str | None = None,
    progress=lambda message: None,
    now: datetime.datetime | None = None,
) -> Summary:
    """Load the demo newsroom from ``directory``, keeping whatever already exists.

    ``with_users`` adds demo logins with a published password: never on a
    public site. ``site_url`` is the address the demo is served on
    (``GAZETTE_BASE_URL``): the default site is moved there, so that its
    canonical links, sitemaps and short links lead back to the demo. What is
    created is dated relative to ``now`` (the time of loading).
    """
    # The editions build on what this module loads (and import from it).
    from .editions import edition_directories, load_edition, read_edition

    newsroom, articles_data = read_content(directory)
    now = now or timezone.now()
    timeline = read_timeline(directory, now)
    # Every edition's files are read and checked before anything is written.
    others = [
        read_edition(path, newsroom, articles_data, timeline)
        for path in edition_directories(directory)
    ]
    summary = Summary()
    home = default_home()
    if site_url:
        try:
            site = set_site_url(site_url)
        except SiteUrlError as error:
            raise DemoContentError(f"GAZETTE_BASE_URL: {error}") from None
        progress(f"site: {site.root_url}/")

    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    if settings.name == "Gazette" and not settings.tagline:
        settings.name = newsroom["name"]
        settings.tagline = newsroom.get("tagline", "")
        settings.accent_colour = DEMO_ACCENT
        settings.save()

    sections = {}
    for data in newsroom["sections"]:
        section = SectionPage.objects.child_of(home).filter(slug=data["slug"]).first()
        summary.count("sections", section is None)
        if section is None:
            section = articles.create_section(
                home,
                title=data["title"],
                slug=data["slug"],
                intro=data.get("intro", ""),
            )
        sections[data["slug"]] = section.specific
    progress(f"sections: {len(sections)}")

    authors = {}
    for data in newsroom["authors"]:
        author, created = Author.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "role": data.get("role", ""),
                "bio": data.get("bio", ""),
            },
        )
        summary.count("authors", created)
        authors[data["slug"]] = author

    stories = {}
    for data in newsroom["stories"]:
        story, created = Story.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "short_label": data.get("short_label", ""),
                "summary": data.get("summary", ""),
                "is_open": True,
            },
        )
        summary.count("stories", created)
        stories[data["slug"]] = (story, data.get("open", True), created)

    images = {}
    for data in newsroom.get("images", []):
        image = GazetteImage.objects.filter(title=data["title"]).first()
        created = image is None
        if created:
            png = draw_picture(
                data["key"], data.get("colours", []), data.get("motif", "")
            )
            image = GazetteImage(
                title=data["title"],
                description=data.get("alt", ""),
                caption=data.get("caption", ""),
                credit=data.get("credit", ""),
            )
            image.file = ImageFile(io.BytesIO(png), name=f"demo-{data['key']}.png")
            image.save()
        summary.count("images", created)
        images[data["key"]] = image
    progress(f"images: {len(images)}")

    standards_page = _community_standards(
        home, newsroom.get("community_standards"), summary
    )
    if standards_page and settings.community_standards_page_id is None:
        settings.community_standards_page = standards_page
        settings.save()
    _standing_pages(home, newsroom.get("standing_pages", []), settings, summary)

    ordered = sorted(articles_data, key=lambda a: a["published"])
    for number, data in enumerate(ordered, start=1):
        section = sections.get(data["section"])
        if section is None:
            raise DemoContentError(
                f"Article {data['slug']}: unknown section {data['section']}."
            )
        exists = (
            ArticlePage.objects.child_of(section).filter(slug=data["slug"]).exists()
        )
        summary.count("articles", not exists)
        if exists:
            continue
        in_story = stories[data["story"]][0] if data.get("story") else None
        article = articles.create_article(
            section,
            title=data["title"],
            slug=data["slug"],
            lede=data["lede"],
            body=_body(data["body"], images),
            authors=[authors[slug] for slug in data.get("authors", [])],
            story=in_story,
            image=images.get(data.get("image") or ""),
        )
        genre = data.get("genre", ArticleGenre.NEWS)
        if genre != article.genre:
            # Publishing publishes the latest revision: the kind must be in it.
            article.genre = genre
            article.save_revision()
        published_at = timeline.at(data["published"])
        updated_at = timeline.at(data.get("updated"))
        articles.publish_article(
            article, published_at=published_at, updated_at=updated_at
        )
        _backdate_history(article, published_at, updated_at)
        if number % 10 == 0:
            progress(f"articles: {number}/{len(ordered)}")

    # Close finished stories only once their articles are in.
    for story, is_open, created in stories.values():
        if created and not is_open:
            story.is_open = False
            story.save(update_fields=["is_open"])

    for slug, blocks in newsroom.get("fronts", {}).items():
        page = home if slug == "home" else sections.get(slug)
        if page is None:
            raise DemoContentError(f"Front {slug}: no such section.")
        _front(page, blocks, sections, stories, now, summary)

    # The newsroom's own station, reading these headlines (docs/radio.md);
    # each edition's is its translation, reading the edition's.
    station, created = radio.load_demo_station(image=next(iter(images.values()), None))
    summary.count("radio stations", created)

    summary.editions.append(home)
    for edition in others:
        summary.editions.append(
            load_edition(
                edition,
                home=home,
                images=images,
                station=station,
                timeline=timeline,
                now=now,
                summary=summary,
                progress=progress,
            )
        )

    if with_users:
        _demo_users(summary)
        _demo_discussion(directory, summary, timeline)
    return summary


def _backdate_history(article: ArticlePage, published_at, updated_at) -> None:
    """Date the article's revisions and log entries as its publication.

    So that the admin's history agrees with the dates readers see, instead of
    showing every demo article as edited at the moment of loading.
    """
    when = updated_at or published_at
    article.revisions.update(created_at=when)
    PageLogEntry.objects.filter(page=article).update(timestamp=published_at)
    ArticlePage.objects.filter(pk=article.pk).update(latest_revision_created_at=when)


def _standing_pages(home, pages: list[dict], settings, summary: Summary) -> None:
    """Add the newsroom's standing pages (About us, ...) and link them in settings.

    Kept out of the section menu; a settings link an editor already set stays.
    """
    changed = False
    for data in pages:
        page = StandardPage.objects.child_of(home).filter(slug=data["slug"]).first()
        summary.count("pages", page is None)
        if page is None:
            page = StandardPage(
                title=data["title"],
                slug=data["slug"],
                intro=data.get("intro", ""),
                body=[
                    {"type": block["type"], "value": block["value"]}
                    for block in data.get("body", [])
                ],
                show_in_menus=False,
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        field_name = data.get("setting")
        if field_name and getattr(settings, f"{field_name}_id") is None:
            setattr(settings, field_name, page)
            changed = True
    if changed:
        settings.save()


def _front(
    page, blocks: list[dict], sections, stories, now, summary, articles=None
) -> None:
    """Arrange ``page``'s front (the home page or a section) if it is still empty.

    Published as a revision, as an editor would, so that the admin shows it as
    the front's latest version. Chosen articles are named by slug; a slot with
    ``expires_in_hours`` returns to the block's rule that long after loading.
    """
    summary.count("fronts", not page.front)
    if page.front:
        return
    slugs = [slot["article"] for block in blocks for slot in block.get("pinned", [])]
    if articles is None:
        articles = ArticlePage.objects.live().filter(locale_id=page.locale_id)
    chosen = {article.slug: article for article in articles.filter(slug__in=slugs)}
    stream = []
    for block in blocks:
        value = {
            key: block[key] for key in ("heading", "count", "days") if key in block
        }
        if "pinned" in block:
            value["pinned"] = [
                fronts.slot(
                    chosen[slot["article"]],
                    now + datetime.timedelta(hours=slot["expires_in_hours"])
                    if slot.get("expires_in_hours")
                    else None,
                )
                for slot in block["pinned"]
                if slot["article"] in chosen
            ]
        if block.get("section") in sections:
            value["section"] = sections[block["section"]]
        if block.get("story") in stories:
            value["story"] = stories[block["story"]][0]
        stream.append((block["type"], value))
    fronts.arrange_front(page, stream)


def _community_standards(home, data: dict | None, summary: Summary):
    if not data:
        return None
    page = (
        StandardPage.objects.child_of(home).filter(slug="community-standards").first()
    )
    summary.count("pages", page is None)
    if page is not None:
        return page
    page = StandardPage(
        title=data.get("title", "Community standards"),
        slug="community-standards",
        body=standards_body(data),
        show_in_menus=False,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def standards_body(data: dict) -> list[dict]:
    """Return the community standards' page body: intro, numbered rules, closing."""
    body: list[dict] = []
    if data.get("intro"):
        body.append({"type": "paragraph", "value": f"<p>{data['intro']}</p>"})
    for rule in data.get("rules", []):
        body.append(
            {
                "type": "rule",
                "value": {
                    "number": rule["number"],
                    "title": rule["title"],
                    "text": f"<p>{rule['text']}</p>",
                },
            }
        )
    if data.get("closing"):
        heading = data.get("closing_heading", "Decisions and appeals")
        body.append({"type": "heading", "value": heading})
        body.append({"type": "paragraph", "value": f"<p>{data['closing']}</p>"})
    return body


def default_home() -> HomePage:
    """Return the default edition's home page: the default site's root page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.specific if site else None
    if isinstance(root, HomePage):
        return root
    home = HomePage.objects.order_by("pk").first()
    if home is None:
        raise DemoContentError("There is no home page: run `gazette migrate` first.")
    return home


def _demo_users(summary: Summary) -> None:
    User = get_user_model()
    for username, group_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        summary.count("users", user is None)
        if user is not None:
            continue
        user = User(
            username=username,
            email=f"{username}@example.invalid",
            first_name=username.capitalize(),
            is_staff=group_name is None,
            is_superuser=group_name is None,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))


def _demo_discussion(directory: Path, summary: Summary, timeline: Timeline) -> None:
    """Sign up the demo readers and post their comments, through the services.

    The comments go through the community standards like any other: the one
    with a phone number waits in the moderators' queue. A new comment is then
    dated at its ``posted`` time on the demo's timeline.
    """
    from gazette.accounts import services as accounts
    from gazette.discussion import services as discussion
    from gazette.discussion.models import Comment, ModerationAction

    path = directory / "discussion.json"
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    User = get_user_model()
    readers = {}
    for entry in data.get("readers", []):
        user = User.objects.filter(email__iexact=entry["email"]).first()
        summary.count("readers", user is None)
        if user is None:
            user = accounts.sign_up(
                email=entry["email"],
                password=DEMO_PASSWORD,
                display_name=entry["display_name"],
            )
            accounts.mark_email_confirmed(user)
        readers[entry["email"]] = user
    posted: dict[str, Comment] = {}
    for entry in data.get("comments", []):
        article = ArticlePage.objects.filter(slug=entry["article"]).first()
        author = readers.get(entry["reader"])
        if article is None or author is None:
            continue
        existing = Comment.objects.filter(
            article=article, author=author, body=entry["text"].strip()
        ).first()
        summary.count("comments", existing is None)
        if existing is None:
            existing = discussion.post_comment(
                article=article,
                author=author,
                text=entry["text"],
                parent=posted.get(entry.get("reply_to", "")),
            )
            when = timeline.at(entry.get("posted"))
            if when is not None:
                Comment.objects.filter(pk=existing.pk).update(created_at=when)
                ModerationAction.objects.filter(comment=existing).update(
                    created_at=when
                )
        posted[entry["key"]] = existing
