"""``search.services.deferred_indexing()``: article saves inside it are indexed
once, in bulk, at its end; other threads keep indexing as they save; an
exception leaves the index as the database is."""

import threading

import pytest
from django.db import transaction

from gazette.articles import services as articles
from gazette.search import fulltext, services
from gazette.search.models import ArticleSearchDocument
from gazette.search.query import Filters, RankedResults

pytestmark = pytest.mark.django_db


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def found(query):
    fulltext.forget_cutoffs()
    results = RankedResults(query, Filters())
    return sorted(a.title for a in results[0 : results.count()])


def indexed():
    return set(ArticleSearchDocument.objects.values_list("article_id", flat=True))


def test_saves_inside_are_indexed_together_at_the_end(
    make_article, django_assert_max_num_queries
):
    with services.deferred_indexing() as noted:
        made = [make_article(f"Crane {n}", body=paragraph("Cranes.")) for n in range(6)]
        assert indexed() == set() and found("crane") == []
        assert noted == {a.pk for a in made}
        # The noted articles' keys are kept until the end, then indexed in
        # one pass whose statements do not grow with their number.
        with django_assert_max_num_queries(8):
            services.index_articles(noted)
        ArticleSearchDocument.objects.all().delete()
    assert indexed() == {a.pk for a in made}
    assert len(found("crane")) == 6


def test_a_withdrawal_inside_drops_the_row_at_the_end(make_article):
    kept = make_article("Ferry timetable", body=paragraph("Ferries."))
    gone = make_article("Ferry strike", body=paragraph("Ferries."))
    with services.deferred_indexing():
        articles.unpublish_article(gone)
        draft = kept.get_latest_revision_as_object()
        draft.title = "Ferry timetable changes"
        draft.save_revision().publish()
        assert indexed() == {kept.pk, gone.pk}
        row = ArticleSearchDocument.objects.get(article=kept)
        assert row.title == "Ferry timetable"
    assert found("ferry") == ["Ferry timetable changes"]
    assert indexed() == {kept.pk}


def test_an_exception_indexes_what_the_database_kept(make_article):
    with pytest.raises(RuntimeError), services.deferred_indexing():
        kept = make_article("Tunnel opens", body=paragraph("Tunnel."))
        with transaction.atomic():
            rolled_back = make_article("Tunnel collapses", body=paragraph("Tunnel."))
            raise RuntimeError("the import failed half way")
    assert indexed() == {kept.pk}
    assert rolled_back.pk not in indexed()
    assert found("tunnel") == ["Tunnel opens"]


def test_a_block_ending_in_a_doomed_transaction_writes_nothing(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "index_articles", lambda ids: calls.append(ids))
    with transaction.atomic():
        transaction.set_rollback(True)
        with services.deferred_indexing():
            services.article_changed(1)
        transaction.set_rollback(False)
    assert calls == []


def test_nested_blocks_leave_the_work_to_the_outermost(make_article):
    with services.deferred_indexing() as outer:
        with services.deferred_indexing() as inner:
            article = make_article("Canal lock", body=paragraph("Locks."))
        assert inner is outer and indexed() == set()
    assert indexed() == {article.pk}


def test_other_threads_keep_indexing_as_they_save(monkeypatch):
    now = []
    monkeypatch.setattr(services, "index_article", lambda pk: now.append(pk))
    with services.deferred_indexing() as noted:
        services.article_changed(1)
        worker = threading.Thread(target=services.article_changed, args=(2,))
        worker.start()
        worker.join()
        assert noted == {1} and now == [2]
    # Outside the block, this thread indexes at once again.
    monkeypatch.setattr(services, "index_articles", lambda ids: None)
    services.article_changed(3)
    assert now == [2, 3]
