"""The design system: one generated stylesheet, tokens other CSS relies on,
the brand from the newsroom's settings, and the shared components."""

import re
from pathlib import Path

import pytest

from gazette.core import cssbundle

CSS = Path(cssbundle.CORE_CSS)

# The custom properties other apps' CSS uses (docs/design.md).
TOKENS = [
    "--color-ink",
    "--color-ink-muted",
    "--color-paper",
    "--color-paper-alt",
    "--color-rule",
    "--color-brand",
    "--color-brand-ink",
    "--color-link",
    "--color-focus",
    "--color-live",
    "--font-headline",
    "--font-text",
    "--font-ui",
    *[f"--step-{n}" for n in ("-2", "-1", "0", "1", "2", "3", "4", "5")],
    *[f"--space-{n}" for n in ("3xs", "2xs", "xs", "s", "m", "l", "xl", "2xl", "3xl")],
    "--measure",
    "--page-max",
    "--gutter",
    "--radius-s",
    "--radius-pill",
]


def test_the_committed_bundle_is_what_the_sources_build():
    """Edit the sources and rebuild them (make css), never the bundle."""
    built = cssbundle.build(cssbundle.sources())
    assert cssbundle.BUNDLE.read_text(encoding="utf-8") == built, (
        "gazette/core/static/gazette/gazette.css is out of date: "
        "run python -m gazette.core.cssbundle"
    )


def test_the_bundle_declares_its_layers_first_and_puts_print_last():
    text = cssbundle.build(cssbundle.sources())
    assert "GENERATED" in text.split("@layer", 1)[0]
    first_rule = text.split("*/\n", 1)[1].lstrip()
    assert first_rule.startswith("@layer tokens, base, layout, components, utilities;")
    wrappers = re.findall(r"^@(layer \w+|media print) \{$", text, flags=re.M)
    order = ["layer tokens", "layer base", "layer layout"]
    assert wrappers[:3] == order
    assert wrappers[-2:] == ["layer utilities", "media print"]
    assert set(wrappers[3:-2]) == {"layer components"}


def test_other_apps_components_come_after_cores_sorted_by_app(tmp_path):
    core = tmp_path / "core" / "static" / "gazette" / "css"
    (core / "components").mkdir(parents=True)
    for name in ("tokens", "base", "layout", "utilities", "print"):
        (core / f"{name}.css").write_text(f".{name} {{}}\n")
    (core / "components" / "teaser.css").write_text(".teaser {}\n")
    for app, name in [("stories", "story"), ("fronts", "front"), ("fronts", "a")]:
        folder = tmp_path / app / "static" / app / "components"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.css").write_text(f".{name} {{}}\n")
    apps = cssbundle.app_component_files(tmp_path)
    assert [p.name for p in apps] == ["a.css", "front.css", "story.css"]
    names = [s.path.name for s in cssbundle.sources(core, apps)]
    assert names == [
        "tokens.css",
        "base.css",
        "layout.css",
        "teaser.css",
        "a.css",
        "front.css",
        "story.css",
        "utilities.css",
        "print.css",
    ]
    text = cssbundle.build(cssbundle.sources(core, apps), root=tmp_path)
    assert "/* fronts/static/fronts/components/front.css */" in text


def test_check_reports_a_stale_bundle(monkeypatch, tmp_path, capsys):
    stale = tmp_path / "gazette.css"
    stale.write_text("/* edited by hand */")
    monkeypatch.setattr(cssbundle, "BUNDLE", stale)
    assert cssbundle.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert cssbundle.main([]) == 0
    assert cssbundle.main(["--check"]) == 0


@pytest.mark.parametrize("token", TOKENS)
def test_every_token_of_the_contract_is_defined(token):
    tokens = (CSS / "tokens.css").read_text()
    assert re.search(rf"^\s*{re.escape(token)}:", tokens, flags=re.M), token


def test_dark_mode_overrides_the_colours():
    tokens = (CSS / "tokens.css").read_text()
    assert "color-scheme: light dark" in tokens
    dark = tokens.split("@media (prefers-color-scheme: dark)", 1)[1]
    for token in ("--color-ink:", "--color-paper:", "--color-link:"):
        assert token in dark


def test_fonts_are_swapped_in():
    """Physical sides are refused by tests/test_rtl.py, for every stylesheet."""
    tokens = (CSS / "tokens.css").read_text()
    # Seven web font files (five Latin, two Arabic), each swapped in; two local
    # fallbacks drawn to their measure (no swap: they are on the reader's machine).
    assert tokens.count("font-display: swap") == 7
    assert tokens.count("@font-face") == 7 + 2 == 7 + tokens.count("size-adjust:")
    assert tokens.count("ascent-override:") == tokens.count("descent-override:") == 2


def test_the_old_per_component_stylesheets_are_gone():
    root = cssbundle.PACKAGE
    assert not (root / "links/static/links/short-url.css").exists()
    assert not (root / "radio/static/radio/radio.css").exists()


@pytest.mark.django_db
def test_pages_load_one_stylesheet_the_fonts_and_the_newsrooms_brand(client, home):
    from wagtail.models import Site

    from gazette.core.models import NewsroomSettings

    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.accent_colour = "#0a5c36"
    newsroom.tagline = "News from the valley"
    newsroom.save()
    html = client.get("/").content.decode()
    assert html.count('rel="stylesheet"') == 1
    assert "gazette/gazette.css" in html
    # Only the headline face is preloaded: the others must not compete with
    # the stylesheet and the lead picture on a slow line.
    assert html.count('rel="preload"') == 1
    assert "source-serif-4-latin-wght-normal.woff2" in html
    assert ":root{--color-brand:#0a5c36}" in html
    # The tagline is the description of a page without one of its own.
    assert '<meta name="description" content="News from the valley">' in html


@pytest.mark.django_db
def test_the_server_error_page_needs_no_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "gazette/gazette.css" in html


def test_a_source_names_its_files_from_where_it_lies_and_the_bundle_from_its_own():
    sources = cssbundle.CORE_CSS
    css = 'a{src:url("../fonts/a.woff2")} b{background:url("data:image/svg+xml,x")}'
    rebased = cssbundle.rebase_urls(css, sources, cssbundle.BUNDLE.parent)
    assert 'url("fonts/a.woff2")' in rebased
    assert 'url("data:image/svg+xml,x")' in rebased


@pytest.mark.skipif(
    not (cssbundle.BUNDLE.parent / "fonts").is_dir(),
    reason="the fonts are not fetched: run make fonts",
)
def test_production_collects_the_static_files(tmp_path, settings):
    """ManifestStaticFilesStorage checks every url() of every collected CSS file."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "gazette/gazette.css" in manifest
    assert "gazette/fonts/source-serif-4-latin-wght-normal.woff2" in manifest


def test_a_pictures_markup_is_worked_out_once_until_the_picture_changes(
    picture, django_assert_num_queries
):
    from gazette.core.templatetags.picture_tags import responsive_image

    first = responsive_image(picture, "teaser")
    with django_assert_num_queries(0):
        assert responsive_image(picture, "teaser") == first
    assert 'loading="lazy"' in first
    assert 'fetchpriority="high"' in responsive_image(picture, "teaser", eager=True)
    picture.set_focal_point(None)
    picture.focal_point_x, picture.focal_point_y = 10, 10
    picture.focal_point_width = picture.focal_point_height = 20
    picture.save()
    moved = responsive_image(picture, "teaser")
    # New renditions, cut around the new focal point (its key is in the name).
    assert moved != first and moved.count(".fill-320x213.") == first.count(
        ".fill-320x213."
    )
