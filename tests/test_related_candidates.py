"""Related candidates: the story, the stories the engine named, the section."""

from gazette.core import editions
from gazette.stories import services
from gazette.stories.models import DecidedBy


def test_candidates_are_the_storys_newest_then_each_named_storys_then_the_sections(
    make_article, make_section, make_story, django_assert_num_queries
):
    business = make_section("Business")
    own, named, other = make_story("Own"), make_story("Named"), make_story("Other")
    own_articles = [make_article(story=own, hours=h) for h in range(25)]
    make_article(story=own, hours=50, publish=False)  # a draft: never
    named_articles = [
        make_article(story=named, in_section=business, hours=h) for h in range(8)
    ]
    other_articles = [
        make_article(story=other, in_section=business, hours=h) for h in range(3)
    ]
    loose = [make_article(hours=h) for h in (100, 101)]
    target = make_article(story=own, hours=30)
    services._record(
        target,
        own,
        decided_by=DecidedBy.ENGINE,
        mode="automatic",
        candidates=[[str(named.pk), 0.5], [str(other.pk), 0.4], ["gone", 0.3]],
    )

    # The decision, the stories' newest (one query however many), their pages,
    # the section's newest; on a site of one edition, no other edition's
    # (the editions are read once, then kept: gazette.core.editions).
    editions.edition_codes()
    with django_assert_num_queries(4):
        candidates = services._candidates(target)

    def newest(articles, n):
        return [a.pk for a in sorted(articles, key=lambda a: -a.pk)[:n]]

    assert [c.pk for c in candidates] == (
        newest(own_articles, services.SAME_STORY_CANDIDATES)
        + newest(named_articles, services.OTHER_STORY_CANDIDATES)
        + newest(other_articles, services.OTHER_STORY_CANDIDATES)
        + newest(loose, 2)
    )
