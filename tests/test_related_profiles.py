"""Similarity profiles: made once per text, stored, read back for ranking unchanged."""

import numpy as np
import pytest
from django.core.management import call_command

from gazette.stories import related, services, similarity
from gazette.stories.models import ArticleProfile, RelatedArticle

from .test_threading_site import FLOOD, QUAKE, body

QUAKE_ID = 17165896326961411393

STORM = (
    "Storm Ciaran battered Brittany with winds of 180 km/h, cutting power to "
    "1.2 million homes. Emmanuel Macron visited Brest as Brittany counted damage."
)


def no_profiles_made(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("a profile was made again")

    monkeypatch.setattr(similarity, "profile", fail)


def same(a, b):
    return (
        a.language == b.language
        and np.array_equal(a.offsets, b.offsets)
        and np.array_equal(a.ids, b.ids)
        and np.array_equal(a.counts, b.counts)
    )


def related_ids(article):
    return list(
        RelatedArticle.objects.filter(article_id=article.pk)
        .order_by("rank")
        .values_list("related_id", flat=True)
    )


# -- on plain data ------------------------------------------------------------


def test_a_packed_profile_survives_its_bytes_unchanged():
    packed = similarity.pack(similarity.profile("Quake in Chile", QUAKE))
    assert same(similarity.load_packed(similarity.dump_packed(packed)), packed)
    assert packed.language == "en"
    sizes = np.diff(packed.offsets)
    bags = similarity.profile("Quake in Chile", QUAKE).bags
    assert sizes.tolist() == [len(bags[family]) for family in similarity.FAMILIES]


def test_feature_ids_are_fixed_whatever_else_is_hashed_with_them():
    alone = similarity.feature_ids(["quake"])
    among = similarity.feature_ids(["valparaiso earthquake", "quake", "q"])
    assert among[1] == alone[0]
    assert len(set(among.tolist())) == 3
    assert similarity.feature_ids(["x" * 2000, "quake"])[1] == alone[0]
    # Stored profiles hold these ids: they must not change between releases
    # without PROFILE_FORMAT changing (it does whenever this module changes).
    assert int(alone[0]) == QUAKE_ID


def test_the_digest_follows_only_what_the_profile_reads():
    key = similarity.digest("Quake", QUAKE)
    assert similarity.digest("Quake", QUAKE) == key
    assert similarity.digest("Quake!", QUAKE) != key
    assert similarity.digest("Quake", QUAKE + " Aftershocks followed.") != key
    beyond = QUAKE + " " * 10 + "x" * similarity.TEXT_CHARS
    assert similarity.digest("Quake", beyond + "y") == similarity.digest(
        "Quake", beyond + "z"
    )


def test_packed_cosines_are_the_pairwise_cosines():
    profiles = [
        similarity.profile(f"Title {n}", text)
        for n, text in enumerate([QUAKE, QUAKE + " Aftershocks.", FLOOD, STORM, ""])
    ]
    frequencies = similarity.Frequencies.of(profiles)
    mine = similarity.vectors(profiles[0], frequencies)
    pairwise = [
        similarity.compare(mine, similarity.vectors(other, frequencies))
        for other in profiles[1:]
    ]
    packed = [similarity.pack(p) for p in profiles]
    together = similarity.packed_cosines(packed[0], packed[1:])
    assert np.allclose(together, pairwise, rtol=0, atol=1e-12)


def test_given_profiles_rank_exactly_as_profiles_made_from_text():
    items = [
        related.Item(n, f"Title {n}", text, story=story)
        for n, (text, story) in enumerate(
            [(QUAKE, 1), (QUAKE, 1), (FLOOD, 2), (STORM, None), (QUAKE, None)], 1
        )
    ]
    target, *candidates = items
    stored = {
        item.id: similarity.load_packed(
            similarity.dump_packed(related.profile_of(item))
        )
        for item in items
    }
    scores = related.similarities(target, candidates)
    assert related.similarities(target, candidates, profiles=stored) == scores
    assert related.rank(target, candidates, 6, profiles=stored) == related.rank(
        target, candidates, 6
    )
    # The pair-by-pair computation agrees but for float rounding.
    assert np.allclose(
        related.similarities_of_text(target, candidates), scores, rtol=0, atol=1e-12
    )
    assert related.order(
        target, candidates, related.similarities_of_text(target, candidates), 6
    ) == related.rank(target, candidates, 6)


# -- on the site ----------------------------------------------------------------


def test_publishing_stores_the_article_profile(publish):
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    row = ArticleProfile.objects.get(article_id=article.pk)
    item = services._as_item(article)
    assert row.digest == related.profile_key(item)
    assert row.format == similarity.PROFILE_FORMAT
    assert same(similarity.load_packed(row.data), related.profile_of(item))


def test_ranking_reads_stored_profiles_and_ranks_exactly_as_from_text(
    publish, monkeypatch
):
    publish("Earthquake shakes Valparaiso", QUAKE)
    publish("Danube floods Passau", FLOOD, hours=1)
    publish("Storm hits Brittany", STORM, hours=2)
    publish("Valparaiso counts the damage", QUAKE, hours=3)
    target = publish("Chile quake: aftershocks", QUAKE, hours=4)
    candidates = [services._as_item(c) for c in services._candidates(target)]
    item = services._as_item(target)
    from_text = related.rank(item, candidates, 6)
    unrounded = related.similarities(item, candidates)
    no_profiles_made(monkeypatch)
    stored = services.article_profiles([item, *candidates])
    assert len(stored) == len(candidates) + 1
    assert related.similarities(item, candidates, profiles=stored) == unrounded
    assert related.rank(item, candidates, 6, profiles=stored) == from_text
    services.refresh_related(target)
    assert list(
        RelatedArticle.objects.filter(article_id=target.pk)
        .order_by("rank")
        .values_list("related_id", "score")
    ) == [(pk, score) for pk, score in from_text]


def test_an_edited_article_gets_a_new_profile_and_new_related(
    publish, django_capture_on_commit_callbacks
):
    quake = publish("Earthquake shakes Valparaiso", QUAKE)
    flood = publish("Danube floods Passau", FLOOD, hours=1)
    article = publish("Valparaiso counts the damage", QUAKE, hours=2)
    assert article.story_id == quake.story_id
    assert flood.pk not in related_ids(article)
    old = ArticleProfile.objects.get(article_id=article.pk)

    article.body = body(FLOOD)
    article.lede = "Passau and the Danube."
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    article.refresh_from_db()
    # The republish ranked its related list again (the article kept its story).
    assert article.story_id == quake.story_id

    new = ArticleProfile.objects.get(article_id=article.pk)
    assert new.digest != old.digest
    assert same(
        similarity.load_packed(new.data), related.profile_of(services._as_item(article))
    )
    # Now about the floods: the flood article is similar enough to be shown.
    assert flood.pk in related_ids(article)


def test_an_edited_candidate_is_read_with_its_new_text(publish):
    quake = publish("Earthquake shakes Valparaiso", QUAKE)
    storm = publish("Storm hits Brittany", STORM, hours=1)
    assert storm.pk not in related_ids(quake)
    storm.body = body(QUAKE)
    storm.lede = "Valparaiso shaken."
    storm.save_revision()
    storm.save()
    services.refresh_related(quake)
    row = ArticleProfile.objects.get(article_id=storm.pk)
    assert row.digest == related.profile_key(services._as_item(storm))
    assert storm.pk in related_ids(quake)


def test_profiles_of_another_format_are_made_again(publish, monkeypatch):
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    ArticleProfile.objects.filter(article_id=article.pk).update(format="old", data=b"")
    services.refresh_related(article)
    row = ArticleProfile.objects.get(article_id=article.pk)
    assert row.format == similarity.PROFILE_FORMAT
    assert same(
        similarity.load_packed(row.data), related.profile_of(services._as_item(article))
    )


@pytest.mark.parametrize("since", [None, "2000-01-01"])
def test_store_profiles_fills_an_archive_and_then_has_nothing_to_do(
    publish, capsys, since
):
    articles = [
        publish("Earthquake shakes Valparaiso", QUAKE),
        publish("Danube floods Passau", FLOOD, hours=1),
        publish("Storm hits Brittany", STORM, hours=2),
    ]
    ArticleProfile.objects.all().delete()
    options = {"since": since} if since else {}
    call_command("store_profiles", **options)
    out = capsys.readouterr()
    assert "3 profiles made, 0 up to date" in out.out
    assert "3/3 articles" in out.err
    assert set(ArticleProfile.objects.values_list("article_id", flat=True)) == {
        a.pk for a in articles
    }
    call_command("store_profiles", **options)
    assert "0 profiles made, 3 up to date" in capsys.readouterr().out


def test_store_profiles_says_what_a_bad_date_is(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("store_profiles", since="yesterday")
