"""The shapes of the API: query parameters in, JSON out (and in the OpenAPI schema)."""

import datetime
import re
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator

# Keys are database ids: anything larger is no id at all, and some databases
# refuse to compare with it.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _printable(value: str | None) -> str | None:
    # PostgreSQL refuses NUL in any text, so a search for one would be a 500.
    if value is not None and "\x00" in value:
        raise ValueError("must not contain the NUL character")
    return value


def _iso_day(value):
    # Pydantic alone would take "0" as a Unix time: only YYYY-MM-DD is a day.
    if isinstance(value, str) and not re.fullmatch(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value
    ):
        raise ValueError("must be a day written YYYY-MM-DD")
    return value


Day = Annotated[datetime.date, BeforeValidator(_iso_day)]
Cursor = Annotated[str | None, AfterValidator(_printable)]


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_ID, description="Page number, from 1.")
    page_size: int = Field(20, ge=1, le=100, description="Items per page, 1 to 100.")


class ArticleFilters(PageParams):
    locale: Annotated[str | None, AfterValidator(_printable)] = Field(
        None,
        max_length=35,
        description="Only this edition's articles: its language code "
        "(en, es, ar, as the site's editions are named; see each article's "
        "locale). An unknown code is a 400 naming the editions.",
    )
    section: Id | None = Field(None, description="Only this section's articles.")
    story: Id | None = Field(None, description="Only this story's articles.")
    author: Id | None = Field(None, description="Only articles with this byline.")
    since: Day | None = Field(
        None, description="First published on or after this day (UTC), YYYY-MM-DD."
    )
    until: Day | None = Field(
        None,
        description="First published on or before this day (UTC), YYYY-MM-DD; "
        "before since, an empty list.",
    )
    q: Annotated[str | None, AfterValidator(_printable)] = Field(
        None,
        max_length=200,
        description='Words to search for: all of them, "a phrase" in quotes, '
        "OR between alternatives, -word to leave out. Results by relevance "
        "(recent first among close matches), not by date; at most 500.",
    )
    after: Cursor = Field(
        None,
        max_length=64,
        description="A cursor from a list's next link: the articles after it "
        "(older). Not with page or q.",
    )
    before: Cursor = Field(
        None,
        max_length=64,
        description="A cursor from a list's previous link: the articles before "
        "it (newer). Not with page or q.",
    )


class StoryFilters(PageParams):
    open: bool | None = Field(
        None, description="true: only stories still open; false: only closed ones."
    )


class SectionRef(Schema):
    id: int
    title: str
    url: str


class StoryRef(Schema):
    id: int
    title: str
    url: str
    article_count: int
    # False for a story the engine started for this article alone: the site
    # shows no story tag for it until a second article joins.
    is_listed: bool


class AuthorRef(Schema):
    id: int
    name: str
    url: str


class Image(Schema):
    url: str = Field(description="A rendition 960 pixels wide at most.")
    width: int
    height: int
    alt: str
    caption: str
    credit: str


class TranslationRef(Schema):
    id: int
    locale: str = Field(description="The translation's edition: its language code.")
    url: str


class ArticleOut(Schema):
    id: int
    url: str
    locale: str = Field(description="The article's edition: its language code.")
    translations: list[TranslationRef] = Field(
        description="The article's live versions in other editions (the "
        "original or its other translations), in the editions' order; "
        "empty for an article that has none."
    )
    title: str
    lede: str
    first_published_at: datetime.datetime
    last_published_at: datetime.datetime
    section: SectionRef | None
    story: StoryRef | None
    authors: list[AuthorRef]
    image: Image | None
    comment_count: int


class BodyBlock(Schema):
    type: Literal[
        "paragraph",
        "heading",
        "quote",
        "image",
        "gallery",
        "embed",
        "fact_box",
        "pull_quote",
        "table",
        "callout",
        "related_article",
    ]
    text: str = Field(description="The block as plain text.")
    html: str | None = Field(None, description="A paragraph as HTML.")
    attribution: str | None = Field(None, description="Who a quote is from.")
    image: Image | None = None


class ArticleDetail(ArticleOut):
    body: list[BodyBlock]


class StoryOut(Schema):
    id: int
    url: str
    title: str
    summary: str
    is_open: bool
    article_count: int
    is_listed: bool
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None


class SectionOut(Schema):
    id: int
    url: str
    title: str
    intro: str


class AuthorOut(Schema):
    id: int
    url: str
    name: str
    role: str
    bio: str


class Pagination(Schema):
    page: int | None = Field(description="The page number; null on a cursor's page.")
    page_size: int
    total_count: int | None = Field(
        description="How many items the list holds (a search counts up to "
        "500); null on a cursor's page."
    )
    total_pages: int | None = Field(description="Null on a cursor's page.")
    next: str | None = Field(description="The next page's URL, null on the last.")
    previous: str | None = Field(
        description="The previous page's URL, null on the first."
    )


class Meta(Schema):
    pagination: Pagination


class ArticleList(Schema):
    articles: list[ArticleOut]
    meta: Meta


class StoryList(Schema):
    stories: list[StoryOut]
    meta: Meta


class SectionList(Schema):
    sections: list[SectionOut]
    meta: Meta


class AuthorList(Schema):
    authors: list[AuthorOut]
    meta: Meta


class ArticleEnvelope(Schema):
    article: ArticleDetail


class StoryEnvelope(Schema):
    story: StoryOut


class SectionEnvelope(Schema):
    section: SectionOut


class AuthorEnvelope(Schema):
    author: AuthorOut


class ErrorDetail(Schema):
    status: int
    message: str
    errors: list[str] = Field(
        default_factory=list, description="One line per bad parameter."
    )


class Error(Schema):
    error: ErrorDetail
