"""Threading on the site: publish places articles, editors stay in charge."""

import datetime
import json

import pytest
from django.core.management import call_command

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage
from gazette.stories import services
from gazette.stories.models import (
    SectionThreadingMode,
    Story,
    ThreadingDecision,
    ThreadingState,
)

QUAKE = (
    "A magnitude 6.1 earthquake struck near Valparaiso in Chile on Tuesday, "
    "the Chilean seismology office said. Buildings shook in Santiago and the "
    "port of Valparaiso was evacuated. Michelle Bachelet visited Valparaiso."
)
FLOOD = (
    "Floods in Bavaria forced thousands from their homes as the Danube rose "
    "above its banks near Passau. Markus Soeder promised help for Passau and "
    "the Bavarian villages along the Danube."
)
STORM = (
    "Storm Ciaran battered Brittany with winds of 180 km/h, cutting power to "
    "a million homes. Emmanuel Macron visited Brest as Brittany counted damage."
)


def body(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def decisions(article):
    return list(ThreadingDecision.objects.filter(article_id=article.pk).order_by("pk"))


def test_automatic_publish_starts_a_story_then_joins_it(publish):
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    assert first.story is not None
    assert first.story.title == "Earthquake shakes Valparaiso"
    assert first.story.article_count == 1
    second = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=2)
    assert second.story_id == first.story_id
    [decision] = decisions(second)
    assert decision.decided_by == "engine" and decision.applied
    assert decision.confidence > 0.2
    assert Story.objects.get(pk=first.story_id).article_count == 2
    other = publish("Danube floods Passau", FLOOD, hours=3)
    assert other.story_id not in (None, first.story_id)


def test_threading_places_without_a_new_revision_and_drafts_keep_the_story(publish):
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    assert article.revisions.count() == 1
    assert article.latest_revision.content["story"] == article.story_id
    # A later edit, published from the draft, keeps the engine's story.
    with_edit = ArticlePage.objects.get(pk=article.pk)
    with_edit.title = "Earthquake shakes Valparaiso, Chile"
    with_edit.save_revision().publish()
    with_edit.refresh_from_db()
    assert with_edit.story_id == article.story_id
    assert len(decisions(article)) == 1


def test_suggest_mode_records_a_suggestion_the_editor_accepts(publish, settings):
    settings.GAZETTE_THREADING_MODE = "suggest"
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    assert article.story is None
    [suggestion] = decisions(article)
    assert not suggestion.applied and suggestion.new_story
    assert suggestion.proposed_title == "Earthquake shakes Valparaiso"
    services.accept_suggestion(article)
    article.refresh_from_db()
    assert article.story.title == "Earthquake shakes Valparaiso"
    assert article.story.article_count == 1
    assert decisions(article)[-1].decided_by == "editor"


def test_off_mode_does_nothing(publish, settings):
    settings.GAZETTE_THREADING_MODE = "off"
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    assert article.story is None
    assert decisions(article) == []


@pytest.mark.parametrize(
    ("site_mode", "section_mode", "placed", "recorded"),
    [
        ("automatic", "off", False, False),
        ("automatic", "suggest", False, True),
        ("off", "automatic", True, True),
    ],
)
def test_a_section_overrides_the_site_mode(
    publish, settings, section, site_mode, section_mode, placed, recorded
):
    settings.GAZETTE_THREADING_MODE = site_mode
    SectionThreadingMode.objects.create(section=section, mode=section_mode)
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    assert (article.story is not None) is placed
    assert bool(decisions(article)) is recorded


@pytest.mark.parametrize(
    ("site", "section_own", "decided_as"),
    [
        ("running", "", "running"),
        ("running", "event", "event"),
        ("event", "running", "running"),
        ("event", "", "event"),
    ],
)
def test_a_section_overrides_the_site_granularity(
    publish, settings, section, monkeypatch, site, section_own, decided_as
):
    from gazette.stories.threading import ThreadingEngine

    settings.GAZETTE_THREADING_GRANULARITY = site
    # Blank mode: the section keeps the site's mode and sets only granularity.
    SectionThreadingMode.objects.create(
        section=section, mode="", granularity=section_own
    )
    seen = []
    decide = ThreadingEngine.decide
    monkeypatch.setattr(
        ThreadingEngine,
        "decide",
        lambda engine, article: (
            seen.append(article.granularity) or decide(engine, article)
        ),
    )
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    assert seen == [decided_as]
    assert article.story is not None  # the site's automatic mode still applies
    assert services.threading_granularity(article) == decided_as


def test_a_story_chosen_in_the_editor_is_the_editors_and_final(publish, make_story):
    chosen = make_story("Chile")
    article = publish("Earthquake shakes Valparaiso", QUAKE, story=chosen)
    assert article.story_id == chosen.pk
    assert decisions(article)[-1].decided_by == "editor"
    # Republishing, later articles and a rethread never move it.
    publish("Valparaiso quake: Chile counts damage", QUAKE, hours=1)
    article.save_revision().publish()
    counts = services.rethread(
        datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
    )
    article.refresh_from_db()
    assert article.story_id == chosen.pk
    assert counts["kept"] >= 1


def test_an_editor_moving_an_article_is_never_undone(publish, make_story):
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    elsewhere = make_story("Elsewhere")
    services.place_article_by_editor(article, elsewhere)
    article.refresh_from_db()
    assert article.story_id == elsewhere.pk
    article.save_revision().publish()
    services.rethread(
        datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
    )
    article.refresh_from_db()
    assert article.story_id == elsewhere.pk
    assert Story.objects.get(pk=elsewhere.pk).article_count == 1


def test_set_article_story_records_an_editor_choice(publish, make_story):
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    other = make_story("Other")
    services.set_article_story(article, other)
    assert decisions(article)[-1].decided_by == "editor"
    assert decisions(article)[-1].story_id == other.pk


def test_a_closed_story_never_receives_from_the_engine(publish):
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    services.close_story(first.story)
    second = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=2)
    assert second.story_id not in (None, first.story_id)
    assert Story.objects.get(pk=first.story_id).article_count == 1
    services.reopen_story(first.story)
    third = publish("Chile: Valparaiso quake aftermath", QUAKE, hours=3)
    assert third.story_id in (first.story_id, second.story_id)


def test_merge_and_split_keep_counts_right(publish):
    a = publish("Earthquake shakes Valparaiso", QUAKE)
    b = publish("Danube floods Passau", FLOOD, hours=1)
    assert a.story_id != b.story_id
    services.merge_stories(a.story, b.story)
    merged = Story.objects.get(pk=a.story_id)
    assert merged.article_count == 2
    assert not Story.objects.filter(pk=b.story_id).exists()
    b.refresh_from_db()
    assert b.story_id == merged.pk
    new = services.split_story(merged, [b])
    assert new.title == "Danube floods Passau"
    assert Story.objects.get(pk=merged.pk).article_count == 1
    assert Story.objects.get(pk=new.pk).article_count == 1
    assert decisions(b)[-1].decided_by == "editor"
    # The engine follows: a new flood article joins the split-off story.
    c = publish("Passau floods: Danube peaks", FLOOD, hours=2)
    assert c.story_id == new.pk


def test_a_new_storys_title_follows_its_first_articles_until_renamed(publish):
    """Proposed from the headline alone at first, then from what the story's
    headlines share; an editor's title is final."""
    first = publish("Chile counts the cost", QUAKE)
    story = first.story
    assert story.title == "Chile counts the cost" and story.title_is_proposed
    publish("Valparaiso earthquake: port evacuated", QUAKE, hours=1)
    publish("Valparaiso earthquake leaves Santiago shaken", QUAKE, hours=2)
    story.refresh_from_db()
    assert story.article_count == 3
    assert story.title == "Valparaiso earthquake: port evacuated"
    assert story.slug == "chile-counts-the-cost"  # its address stays
    services.rename_story(story, "The Valparaiso earthquake")
    publish("Valparaiso earthquake: aftershocks", QUAKE, hours=3)
    story.refresh_from_db()
    assert story.article_count == 4 and not story.title_is_proposed
    assert story.title == "The Valparaiso earthquake"


def test_proposed_title_settles_after_the_first_articles(publish, monkeypatch):
    monkeypatch.setattr(services.titles, "FOLLOWS_UP_TO", 2)
    first = publish("Chile counts the cost", QUAKE)
    publish("Valparaiso earthquake: port evacuated", QUAKE, hours=1)
    story = Story.objects.get(pk=first.story_id)
    settled = story.title
    publish("Valparaiso earthquake leaves Santiago shaken", QUAKE, hours=2)
    publish("Valparaiso earthquake: Santiago counts damage", QUAKE, hours=3)
    story.refresh_from_db()
    assert story.article_count == 4 and story.title == settled


def test_rename_story(story):
    story.title_is_proposed = True
    story.save()
    services.rename_story(story, "  A better title ")
    story.refresh_from_db()
    assert story.title == "A better title"
    assert not story.title_is_proposed
    with pytest.raises(ValueError):
        services.rename_story(story, " ")


def test_engine_state_survives_a_new_process(publish, settings):
    settings.GAZETTE_THREADING_SNAPSHOT_EVERY = 2
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    publish("Danube floods Passau", FLOOD, hours=1)
    state = ThreadingState.objects.get()
    assert state.read_snapshot()["documents"] == 2
    assert state.snapshot_version == state.version
    services.forget_engine()  # as if another process
    second = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=2)
    assert second.story_id == first.story_id


def test_snapshot_is_zstandard_json_and_an_older_zlib_snapshot_still_reads():
    import zlib

    from gazette.stories.threading import Article, ThreadingEngine

    engine = ThreadingEngine()
    engine.add(Article("1", "Earthquake shakes Valparaiso", QUAKE))
    engine.add(Article("2", "Danube floods Passau", FLOOD))
    saved = engine.to_dict()
    state = ThreadingState(snapshot_data=ThreadingState.pack(saved))
    assert bytes(state.snapshot_data)[:4] == b"\x28\xb5\x2f\xfd"  # a zstd frame
    assert state.read_snapshot() == saved
    restored = ThreadingEngine.from_dict(state.read_snapshot())
    assert restored.to_dict() == saved
    older = json.dumps(saved, separators=(",", ":")).encode()
    state.snapshot_data = zlib.compress(older, 1)
    assert state.read_snapshot() == saved
    state.snapshot_data = b"not a snapshot"
    with pytest.raises(zlib.error):
        state.read_snapshot()


def test_the_snapshot_is_saved_after_the_publish_commits_not_inside_it(
    make_article, settings, django_capture_on_commit_callbacks
):
    """Saving the whole state takes seconds at 100,000 articles: the lock that
    every publish queues on must not be held meanwhile."""
    settings.GAZETTE_THREADING_SNAPSHOT_EVERY = 1
    with django_capture_on_commit_callbacks(execute=False) as published:
        article = make_article("Earthquake shakes Valparaiso", body=body(QUAKE))
    with django_capture_on_commit_callbacks(execute=False) as threaded:
        for callback in published:
            callback()  # the threading task: decides and logs, in its transaction
    assert decisions(article)
    state = ThreadingState.objects.get()
    assert state.version == 1 and state.snapshot_version == 0
    assert not state.snapshot_data
    with django_capture_on_commit_callbacks(execute=True):
        for callback in threaded:
            callback()  # after its commit: keep the engine, then the snapshot task
    state.refresh_from_db()
    assert state.snapshot_version == 1 and state.read_snapshot()["documents"] == 1


def test_save_snapshot_only_when_due_and_never_over_a_newer_one(publish, settings):
    from gazette.stories.models import ThreadingOperation

    quake = publish("Earthquake shakes Valparaiso", QUAKE)
    publish("Danube floods Passau", FLOOD, hours=1)
    assert services.save_snapshot() is None  # 2 changes, due every 500
    assert ThreadingOperation.objects.count() == 2
    assert services.save_snapshot(force=True) == 2
    assert ThreadingOperation.objects.count() == 0
    assert services.save_snapshot(force=True) is None  # nothing new
    # Another process saved a later state meanwhile: this one is not written.
    publish("Storm Ciaran hits Brittany", STORM, hours=2)
    ThreadingState.objects.update(snapshot_version=99)
    assert services.save_snapshot(force=True) is None
    assert ThreadingState.objects.get().read_snapshot()["documents"] == 2
    # The saved state decides as the live one: a new process joins the quake.
    ThreadingState.objects.update(snapshot_version=2)
    services.forget_engine()
    later = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=3)
    assert later.story_id == quake.story_id


def test_a_bulk_run_saves_its_snapshot_once_at_its_end(publish, settings):
    """``snapshots_deferred`` (an archive's threading): no snapshot while it
    runs, however many changes are logged, then one of the whole state."""
    settings.GAZETTE_THREADING_SNAPSHOT_EVERY = 1
    with services.snapshots_deferred():
        quake = publish("Earthquake shakes Valparaiso", QUAKE)
        publish("Danube floods Passau", FLOOD, hours=1)
        state = ThreadingState.objects.get()
        assert state.version == 2 and state.snapshot_version == 0
        assert not state.snapshot_data
    state.refresh_from_db()
    assert state.snapshot_version == 2 and state.read_snapshot()["documents"] == 2
    # Outside a run, every change is due again (one a snapshot here).
    publish("Storm Ciaran hits Brittany", STORM, hours=2)
    state.refresh_from_db()
    assert state.snapshot_version == 3
    # The saved state decides as the live one did.
    services.forget_engine()
    later = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=3)
    assert later.story_id == quake.story_id


def test_a_run_that_fails_saves_no_snapshot_and_keeps_its_log(publish, settings):
    from gazette.stories.models import ThreadingOperation

    settings.GAZETTE_THREADING_SNAPSHOT_EVERY = 1
    with pytest.raises(RuntimeError), services.snapshots_deferred():
        publish("Earthquake shakes Valparaiso", QUAKE)
        raise RuntimeError("stopped")
    state = ThreadingState.objects.get()
    assert state.snapshot_version == 0 and ThreadingOperation.objects.count() == 1


def test_the_snapshot_is_streamed_story_by_story_into_one_frame():
    from gazette.stories.threading import Article, ThreadingEngine

    engine = ThreadingEngine()
    for n in range(30):
        text = QUAKE if n % 3 == 0 else FLOOD if n % 3 == 1 else STORM
        engine.add(Article(str(n), f"Report {n}", text))
    saved = engine.to_dict()
    assert len(saved["stories"]) > 1
    packed = ThreadingState.pack(saved)
    assert ThreadingState(snapshot_data=packed).read_snapshot() == saved
    assert json.loads(zstd_text(packed)) == saved
    for odd in ({"stories": {}}, {"version": 1}, {}):
        assert (
            ThreadingState(snapshot_data=ThreadingState.pack(odd)).read_snapshot()
            == odd
        )


def zstd_text(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdDecompressor().decompressobj().decompress(data)


def test_thread_articles_command_threads_an_import(make_article):
    first = make_article("Earthquake shakes Valparaiso", body=body(QUAKE))
    second = make_article("Valparaiso quake: Chile counts", body=body(QUAKE), hours=1)
    call_command("thread_articles")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.story_id and first.story_id == second.story_id


def test_rethread_command_reports(make_article, capsys):
    make_article("Earthquake shakes Valparaiso", body=body(QUAKE))
    call_command("rethread", since="2026-01-01", until="2027-01-01")
    out = capsys.readouterr().out
    assert "1 articles" in out and "new stories" in out


def test_unpublished_articles_are_not_threaded(
    section, django_capture_on_commit_callbacks
):
    article = articles.create_article(
        section, title="Draft", slug="draft", lede="x", body=body(QUAKE)
    )
    assert decisions(article) == []


# -- the admin -------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "x")
    client.force_login(user)
    return client


def test_article_editor_shows_the_suggestion_and_accepts_it(
    publish, settings, admin_client
):
    settings.GAZETTE_THREADING_MODE = "suggest"
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    html = admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "Story threading" in html
    assert "The engine suggests" in html and "Accept the suggestion" in html
    response = admin_client.post(f"/admin/stories/threading/{article.pk}/accept/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.story.title == "Earthquake shakes Valparaiso"
    html = admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "An editor placed this article" in html


def test_article_editor_places_in_a_candidate_story(publish, admin_client):
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    services.place_article_by_editor(first, None)
    second = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=1)
    assert second.story_id is not None
    target = Story.objects.create(title="Chile quake")
    admin_client.post(
        f"/admin/stories/threading/{second.pk}/place/", {"story": target.pk}
    )
    second.refresh_from_db()
    assert second.story_id == target.pk
    assert decisions(second)[-1].decided_by == "editor"


def test_threading_actions_need_the_right_to_edit(publish, client, django_user_model):
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    response = client.post(f"/admin/stories/threading/{article.pk}/accept/")
    assert response.status_code in (302, 403)
    assert decisions(article)[-1].decided_by == "engine"
    assert client.get(f"/admin/stories/threading/{article.pk}/accept/").status_code in (
        302,
        405,
    )


def test_story_admin_merges_and_splits(publish, admin_client):
    a = publish("Earthquake shakes Valparaiso", QUAKE)
    b = publish("Danube floods Passau", FLOOD, hours=1)
    listing = admin_client.get("/admin/snippets/stories/story/").content.decode()
    assert f"/admin/stories/story/{a.story_id}/merge/" in listing
    page = admin_client.get(f"/admin/stories/story/{a.story_id}/merge/")
    assert "Danube floods Passau" in page.content.decode()
    admin_client.post(
        f"/admin/stories/story/{a.story_id}/merge/", {"other": b.story_id}
    )
    assert Story.objects.get(pk=a.story_id).article_count == 2
    page = admin_client.get(f"/admin/stories/story/{a.story_id}/split/")
    assert "Danube floods Passau" in page.content.decode()
    admin_client.post(
        f"/admin/stories/story/{a.story_id}/split/",
        {"articles": [b.pk], "title": "Bavarian floods"},
    )
    b.refresh_from_db()
    assert b.story.title == "Bavarian floods" and b.story.article_count == 1
    assert Story.objects.get(pk=a.story_id).article_count == 1


def test_closing_a_story_in_the_admin_tells_the_engine(publish, admin_client):
    a = publish("Earthquake shakes Valparaiso", QUAKE)
    url = f"/admin/snippets/stories/story/edit/{a.story_id}/"
    assert admin_client.get(url).status_code == 200
    admin_client.post(
        url, {"title": "Chile quake", "slug": a.story.slug, "summary": ""}
    )
    story = Story.objects.get(pk=a.story_id)
    assert story.title == "Chile quake" and not story.is_open
    b = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=1)
    assert b.story_id != a.story_id


def test_a_merged_story_page_redirects_to_the_story_it_joined(publish, client):
    a = publish("Earthquake shakes Valparaiso", QUAKE)
    b = publish("Danube floods Passau", FLOOD, hours=1)
    c = publish("Storm hits Brittany", STORM, hours=2)
    b_url, a_url = b.story.get_absolute_url(), a.story.get_absolute_url()
    assert client.get(b_url).status_code == 200
    services.merge_stories(a.story, b.story)
    response = client.get(b_url)
    assert response.status_code == 301 and response["Location"].endswith(a_url)
    # Merged again: both old addresses lead to the last story standing.
    services.merge_stories(c.story, Story.objects.get(pk=a.story_id))
    c_url = c.story.get_absolute_url()
    for old in (a_url, b_url):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"].endswith(c_url)
    assert client.get(c_url).status_code == 200


def test_article_text_keeps_paragraphs_and_list_items_apart(make_article):
    """Run together, "said.</p><p>According" would read "According" as a name."""
    article = make_article(
        "Ferry timetable",
        lede="The ferry changes its timetable.",
        body=[
            {
                "type": "paragraph",
                "value": "<p>The council said.</p><p>According to"
                " <b>it</b>, boats</p><ul><li>leave earlier</li><li>return</li></ul>",
            },
            {"type": "paragraph", "value": "<p>One line<br/>and the next</p>"},
        ],
        publish=False,
    )
    assert services.article_text(article).splitlines() == [
        "The ferry changes its timetable.",
        "The council said.",
        "According to it, boats",
        "leave earlier",
        "return",
        "One line",
        "and the next",
    ]


def test_a_story_the_engine_started_goes_when_an_editor_moves_its_article_out(
    publish, make_story, client
):
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    started = article.story
    old_url = started.get_absolute_url()
    elsewhere = make_story("Chile")
    services.place_article_by_editor(article, elsewhere)
    assert not Story.objects.filter(pk=started.pk).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(elsewhere.get_absolute_url())


def test_a_story_is_kept_while_it_holds_articles_or_an_editor_made_it(
    publish, make_story
):
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    second = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=2)
    assert second.story_id == first.story_id
    services.place_article_by_editor(first, make_story("Elsewhere"))
    # The engine started it for the first article, but the second is still in it.
    assert Story.objects.filter(pk=second.story_id).exists()
    chosen = make_story("Floods")
    flood = publish("Danube floods Passau", FLOOD, story=chosen, hours=3)
    services.place_article_by_editor(flood, None)
    assert Story.objects.filter(pk=chosen.pk).exists()


def test_moving_out_in_the_editor_and_publishing_also_drops_the_started_story(
    publish, make_story
):
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    started_pk = article.story_id
    elsewhere = make_story("Chile")
    edited = ArticlePage.objects.get(pk=article.pk)
    edited.story = elsewhere
    edited.save_revision().publish()
    services.thread_published_article(edited)
    assert not Story.objects.filter(pk=started_pk).exists()
    assert decisions(article)[-1].decided_by == "editor"


def test_a_decision_records_the_granularity_it_was_made_at(publish, settings):
    settings.GAZETTE_THREADING_GRANULARITY = "event"
    assert decisions(publish("Earthquake shakes Valparaiso", QUAKE))[
        -1
    ].granularity == ("event")
    settings.GAZETTE_THREADING_GRANULARITY = "running"
    assert decisions(publish("Danube floods Passau", FLOOD, hours=1))[
        -1
    ].granularity == ("running")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_saved_json_snapshot_is_carried_into_the_compressed_one():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from gazette.stories.threading import Article, ThreadingEngine

    engine = ThreadingEngine()
    engine.add(Article("1", "Earthquake shakes Valparaiso", QUAKE))
    saved = json.loads(json.dumps(engine.to_dict()))
    before = [("stories", "0006_decision_granularity")]
    after = [("stories", "0007_snapshot_compressed")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old_state = executor.loader.project_state(before).apps.get_model(
            "stories", "ThreadingState"
        )
        old_state.objects.create(pk=1, version=1, snapshot=saved, snapshot_version=1)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    state = ThreadingState.objects.get(pk=1)
    assert state.read_snapshot() == saved
    assert ThreadingEngine.from_dict(state.read_snapshot()).to_dict() == saved


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_stories_the_engine_titled_are_marked_as_proposed_on_upgrade(publish):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    kept = publish("Earthquake shakes Valparaiso", QUAKE).story
    renamed = publish("Danube floods Passau", FLOOD, hours=1).story
    Story.objects.filter(pk=renamed.pk).update(title="Bavarian floods")
    named = Story.objects.create(title="Storm Ciaran")
    executor = MigrationExecutor(connection)
    executor.migrate([("stories", "0007_snapshot_compressed")])
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("stories", "0008_story_title_is_proposed")])
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    proposed = dict(Story.objects.values_list("pk", "title_is_proposed"))
    assert proposed == {kept.pk: True, renamed.pk: False, named.pk: False}


SISMO = (
    "Un fuerte terremoto de magnitud 6,1 sacudió Valparaíso el 3 de mayo. Las "
    "autoridades chilenas informaron de 12 muertos y Gabriel Boric visitó "
    "Valparaíso, donde los equipos de rescate buscan supervivientes."
)


def test_articles_are_threaded_and_profiled_in_their_locales_language(
    make_article, django_capture_on_commit_callbacks
):
    """An article is read in its page's locale's language (editions give each
    its own); the engine's log keeps it, so another process replays it alike."""
    from wagtail.models import Locale

    from gazette.stories import similarity
    from gazette.stories.engine_store import article_language, engine_article
    from gazette.stories.models import ArticleProfile, ThreadingOperation

    spanish = Locale.objects.create(language_code="es")
    english = make_article("Earthquake shakes Valparaiso", body=body(QUAKE))
    assert article_language(english) == english.locale.language_code

    def publish_in_spanish(title, text):
        article = make_article(title, body=body(text), publish=False)
        ArticlePage.objects.filter(pk=article.pk).update(locale=spanish)
        article.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            articles.publish_article(article)
        article.refresh_from_db()
        return article

    first = publish_in_spanish("Terremoto en Valparaíso", SISMO)
    second = publish_in_spanish("Los terremotos de Valparaíso", SISMO)
    assert engine_article(first).language == "es"
    assert second.story_id == first.story_id
    logged = ThreadingOperation.objects.filter(op="observe").order_by("version")
    assert [op.article["language"] for op in logged][-2:] == ["es", "es"]
    stored = ArticleProfile.objects.get(article_id=second.pk)
    assert similarity.load_packed(stored.data).language == "es"
    assert "terremot" in similarity.profile("", SISMO, "es").bags["wn"]
