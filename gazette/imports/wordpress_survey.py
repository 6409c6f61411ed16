"""The first pass over a WordPress export: what its items refer to (authors,
terms, attachments), and the section map that says where categories go."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import wxr
from .bodies import plain_text
from .reporting import ImportError_


@dataclass
class _Attachment:
    post_id: str
    title: str
    url: str
    relative: str
    alt: str
    caption: str
    credit: str
    parent: str
    link: str
    line: int


@dataclass
class _Survey:
    site: wxr.Site | None = None
    authors: dict[str, wxr.WxrAuthor] = field(default_factory=dict)
    categories: dict[str, wxr.WxrTerm] = field(default_factory=dict)
    tags: dict[str, wxr.WxrTerm] = field(default_factory=dict)
    attachments: dict[str, _Attachment] = field(default_factory=dict)
    by_file: dict[str, str] = field(default_factory=dict)
    by_parent: dict[str, list[str]] = field(default_factory=dict)
    error: wxr.WxrError | None = None


def _survey(path: Path) -> _Survey:
    """Read the file once for what items refer to: authors, terms, attachments."""
    survey = _Survey()
    try:
        # Neither bodies nor comments: the second pass reads them.
        for record in wxr.read_wxr(path, bodies=False):
            if isinstance(record, wxr.Site):
                survey.site = record
            elif isinstance(record, wxr.WxrAuthor):
                survey.authors[record.login] = record
            elif isinstance(record, wxr.WxrTerm):
                if record.kind == "category":
                    survey.categories[record.slug] = record
                elif record.kind == "tag":
                    survey.tags[record.slug] = record
            elif record.post_type == wxr.ATTACHMENT and record.post_id.isdigit():
                relative = record.meta.get("_wp_attached_file", "").strip()
                relative = relative or wxr.upload_path(record.attachment_url)
                attachment = _Attachment(
                    post_id=record.post_id,
                    title=record.title,
                    url=record.attachment_url,
                    relative=relative,
                    alt=record.meta.get("_wp_attachment_image_alt", "").strip(),
                    caption=plain_text(record.excerpt),
                    credit=wxr.attachment_credit(
                        record.meta.get("_wp_attachment_metadata", "")
                    ),
                    parent=record.parent,
                    link=record.link,
                    line=record.line,
                )
                survey.attachments[record.post_id] = attachment
                if relative:
                    survey.by_file[relative] = record.post_id
                if record.parent:
                    survey.by_parent.setdefault(record.parent, []).append(
                        record.post_id
                    )
    except wxr.WxrError as error:
        survey.error = error
    return survey


def read_section_map(path: Path | None) -> dict[str, str | None]:
    """Read a section map: JSON ``{"category-slug": "section-slug"}``.

    ``null`` leaves a category out of the choice of section; ``"*"`` names the
    section of posts none of whose categories is mapped.
    """
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportError_(f"{path}: no such section map.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportError_(f"{path}: not JSON ({error}).") from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str))
        for k, v in data.items()
    ):
        raise ImportError_(
            f"{path}: write an object of category slugs to section slugs, e.g. "
            '{"world-news": "world", "*": "news"}.'
        )
    return data
