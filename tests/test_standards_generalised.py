"""The standards hold on sentences nobody tuned them to, category by category.

``tests/data/standards-own-12.csv``, ``-13`` and ``-14`` were written for
these tests (paraphrases, other verbs, other targets, other word orders,
British and American usage), each category of the labelling rules with many
varied violations and harsh but civil comments. Two were measured blind
before the grammar was widened for their misses: own-13 (recall 0.833, false
holds 0.180) before own-12's fixes were in, own-14 (0.802, 0.020) after
own-12's and own-13's; all three are now the grammar's regression corpus
(and training data of the learned signal, like every own set).
Each row goes through ``check_comment`` with the shipped classifier and the
learned signal, as ``evaluate-standards`` does; the posting path is tested a
row per category below.
"""

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from gazette.discussion import datasets, learned, services, standards, toxicity
from gazette.discussion.models import CommentStatus
from gazette.discussion.policy import Policy

DATA = Path(__file__).parent / "data"
SETS = ("standards-own-12.csv", "standards-own-13.csv", "standards-own-14.csv")


@pytest.fixture(scope="module")
def decide():
    model = toxicity.get_model()
    policy = replace(Policy(), learned_hold=learned.get_model().holds)

    def run(text):
        return standards.check_comment(
            text, toxicity=model.score(text), standing=0, policy=policy
        )

    return run


@pytest.mark.parametrize("name", SETS)
def test_every_violating_category_is_caught_and_civil_ones_published(decide, name):
    rows = datasets.read_standards(DATA / name)
    flagged, totals = defaultdict(int), defaultdict(int)
    wrong = []
    for row in rows:
        verdict = decide(row.text)
        totals[(row.violates, row.category)] += 1
        if verdict.outcome != standards.PUBLISH:
            flagged[(row.violates, row.category)] += 1
        if (verdict.outcome != standards.PUBLISH) != row.violates:
            wrong.append((row.category, row.text, verdict.detail))
    violations = [key for key in totals if key[0]]
    allowed = [key for key in totals if not key[0]]
    assert len(violations) == 9 and len(allowed) == 7
    for key in violations:
        assert flagged[key] / totals[key] >= 0.9, (key, wrong)
    held = sum(flagged[key] for key in allowed)
    assert held / sum(totals[key] for key in allowed) <= 0.05, wrong


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Constructions, each with other words than the corpus's.
        ("Ever wondered what might happen to your family, reporter?", "threat"),
        ("Keep this up and his shop may suddenly catch fire.", "threat"),
        ("One of us is going to get to that judge, believe me.", "threat"),
        ("Print that again and you'll end up in the canal.", "threat"),
        ("It would be wonderful if the chairman's jet vanished.", "wish_harm"),
        ("I want the whole board to suffer the way we have.", "wish_harm"),
        ("Here's to the senator never waking up.", "wish_harm"),
        ("That bent official deserves a long and painful death.", "wish_harm"),
        ("Pity the avalanche didn't take the lot of them.", "wish_harm"),
        ("We should all go and set fire to their depot.", "incitement"),
        ("Lads, hurl bricks at the riot vans on Friday.", "incitement"),
        ("Push the migrants into the channel.", "incitement"),
        ("Time for the voters to string up a few ministers.", "incitement"),
        ("The village should rise up and hang the landlord.", "incitement"),
        ("Patriots, it's time to fire back.", "incitement"),
        ("Those asylum seekers aren't even human.", "dehumanisation"),
        ("Feed them and they multiply, like gulls.", "dehumanisation"),
        ("Norvekians are a verminous people.", "dehumanisation"),
        ("Migrants are naturally more violent than us.", "identity_attack"),
        ("Women can't understand economics.", "identity_attack"),
        ("Gay men are just confused.", "identity_attack"),
        ("Travellers steal, always have.", "identity_attack"),
        ("No woman should ever be a pilot.", "identity_attack"),
        ("Trans men aren't real men.", "identity_attack"),
        ("Women are only fit for the kitchen.", "identity_attack"),
        ("Everyone head over to Tom's page and flood it until he quits.", "harassment"),
        ("Send us a photo of you, gorgeous.", "harassment"),
        ("Show me your legs, love.", "harassment"),
        ("Reply again and I'll follow you everywhere.", "harassment"),
        ("Is he honestly this thick?", "insult"),
        ("The pundit is an embarrassment to humanity.", "insult"),
        ("Double your money in a week with CoinNest!", "spam"),
        # From own-14's blind misses, reworded.
        ("Watch over your shoulder on the way home, Holm.", "threat"),
        ("Accidents happen to reporters like you.", "threat"),
        ("His house isn't difficult to track down, you know.", "threat"),
        ("Wouldn't care if the lot of them went down with the plane.", "wish_harm"),
        ("Hoping the keeper's back gives out.", "wish_harm"),
        ("May the chairman burn in hell.", "wish_harm"),
        ("Storm the depot and take the guards out.", "incitement"),
        ("Ambush the visiting fans at the station.", "incitement"),
        ("Immigrants spread nothing but disease.", "identity_attack"),
        ("Muslim men are misogynists, all of them.", "identity_attack"),
        ("You only ever comment at night, Lena. Lonely?", "harassment"),
        ("The referee's daughters are at St Anne's Primary.", "harassment"),
        ("Her place is the blue door on Quay Road.", "harassment"),
        ("He's got the brains of a sea cucumber.", "insult"),
        ("The mayor is a pompous windbag.", "insult"),
        # A last probe round, after own-14's fixes.
        ("Keep the migrants out of our village school.", "identity_attack"),
        ("Refugees should never have been allowed in.", "identity_attack"),
        ("Women belong at home, not on the bench.", "identity_attack"),
        ("Nobody likes you here, log off for good.", "harassment"),
        ("Her husband drives the number 9 bus, wave at him.", "harassment"),
        ("Those traitors want lining up against a wall.", "threat"),
        ("I'd happily pull the trigger myself.", "threat"),
        ("Go round to the editor's flat and teach him a lesson.", "incitement"),
        ("Make sure that referee never walks again.", "threat"),
        ("Set the dogs on the marchers.", "incitement"),
        ("I'd love to see the senator's head on a spike.", "wish_harm"),
        ("The pundit has a face like a smacked arse.", "insult"),
    ],
)
def test_new_constructions_catch_other_wordings(decide, text, kind):
    verdict = decide(text)
    assert verdict.outcome != standards.PUBLISH, (kind, text)
    assert verdict.rule is not None


@pytest.mark.parametrize(
    "text",
    [
        # Near misses of the new constructions: the harsh-but-civil side.
        "Kill the engine and wait for the warden.",
        "We need to attack the causes of crime, not the symptoms.",
        "Time to kill off the myth that the ferry pays for itself.",
        "Oh sure, cutting the library budget will fix everything.",
        "The plan deserves a quiet death in committee.",
        "He deserves a peaceful end after all those years.",
        "The feral cats on the allotments are a nuisance.",
        "We should get rid of the old parking rules.",
        "The protester set himself on fire outside the embassy, police said.",
        "Rioters set fire to cars and smashed shop windows overnight.",
        "The gunman killed two men before police shot him dead.",
        "I hope the mayor loses her seat in May.",
        "I'd like to see the director prosecuted if the claims hold up.",
        "Shoot me a message if you want the minutes.",
        "Fingers crossed the rain holds off for the parade.",
        "During the blockade, families ate rats to survive.",
        "The vote was 52 to 48, not the other way round.",
        "Would be lovely if the buses ran on time for once.",
        "Imagine if the council actually listened.",
        "Feeding pigeons in the square is now banned.",
        "Rioters were jailed for setting the van alight, the court heard.",
        "The kids are at risk from this policy.",
        "Keep the cats out of the garden.",
        "We are fighting with our backs against the wall.",
        "Make sure the kids never walk home alone.",
        "Nobody reads you for the sports coverage anyway.",
        "I would pull the trigger on that deal tomorrow.",
        "The officer pulled the trigger too quickly, the inquiry found.",
        "The children go to school by bus now.",
        "Fire away, I'm listening.",
    ],
)
def test_civil_near_misses_stay_published(decide, text):
    verdict = decide(text)
    assert verdict.outcome == standards.PUBLISH, (text, verdict.detail)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "statuses", "rule"),
    [
        ("Carry on and your house might just catch fire.", {"rejected"}, 4),
        ("Would be lovely if his helicopter fell out of the sky.", {"held"}, 4),
        ("Throw the foreigners into the sea.", {"rejected"}, 4),
        ("These people aren't even human.", {"held"}, 3),
        ("Black people are naturally more violent.", {"held"}, 2),
        ("What a f a g g o t that referee is.", {"rejected"}, 2),
        ("Bet you'd look good with nothing on, Lisa.", {"held"}, 3),
        ("Are you genuinely this dense?", {"held"}, 3),
        ("Get 50% off with code NEWS50 at bestbuyz.example", {"held"}, 5),
    ],
)
def test_new_constructions_through_the_posting_path(
    make_article, make_reader, text, statuses, rule
):
    article = make_article("Harbour plans in Ostrava Vale")
    author = make_reader("Newcomer")
    comment = services.post_comment(article=article, author=author, text=text)
    comment.refresh_from_db()
    assert comment.status in {CommentStatus(s) for s in statuses}, comment.detail
    assert f"under rule {rule}:" in comment.reason
    assert comment.detail
