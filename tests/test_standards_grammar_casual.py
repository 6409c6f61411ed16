"""Issue 17, fourth round: the grammar's constructions in casual registers.

Sentences of their own (not from the labelled sets), one or two for each
construction generalised in this round: harm to the body said in the future
or wished ("is getting his legs broken", "hope she trips down the stairs"),
someone else sent to hospital ("they'll be going home in an ambulance"),
what the writer knows of someone's routine, regret that a disaster's victim
was someone else, crowds gathered at someone's home or told to share an
address, and the same words where nobody is harmed.
"""

from __future__ import annotations

import pytest

from gazette.discussion import grammar
from gazette.discussion.checks import fold

VIOLENT = {"threat", "wish_harm", "incitement"}


def _kinds(text: str) -> set[str]:
    return {m.kind for m in grammar.find(fold(text), text)}


@pytest.mark.parametrize(
    "text",
    [
        # future, passive, "what's coming"
        "he'll get what's coming to him, and soon",
        "the chairman will get what's coming, mark my words",
        "she'll get hers, one dark night",
        "she'll be eating through a straw by next week",
        "if the landlord shows up again he's leaving in a wheelchair",
        "you'll need a new set of teeth when we're done",
        "the referee needs his legs breaking",
        "somebody needs to sort that bus driver out properly, if you know what I mean",
        "one of these days someone's going to put that vicar in hospital",
        # veiled: whereabouts and routine
        "we know what school your daughter goes to",
        "i know which gym you go to, see you there",
        "make them afraid to leave the house, every one of them",
        # wishes: "wouldn't cry if", "karma", "pity it wasn't"
        "wouldn't cry if the governor's car went off a bridge",
        "wouldn't lose any sleep if that judge never woke up",
        "karma would be that columnist falling down a lift shaft",
        "it'd be a shame if the mayor's brakes failed on the hill",
        "pity it wasn't the chief constable in that pile-up",
        "hope she trips down the stairs at the next press conference",
        "hope the tumour wins this time",
        "here's hoping the ice cracks under him",
        "hope someone runs him over in the car park",
        "count the days until someone finally shoots him",
        "the sooner he's six feet under the better",
        "karma's a bitch and i hope she breaks both his legs",
        # first-person plural calls, imperative gatherings
        "we should all go round to his flat and teach him some manners",
        "let's all turn up at her office on monday and make her regret it",
        "lads, meet outside the ground after and give their fans a kicking",
        "everyone get down to the town hall tonight and drag the councillors out",
        "turn up mob-handed and teach them a lesson",
    ],
)
def test_casual_violence_is_found_by_construction(text):
    assert _kinds(text) & VIOLENT, text


@pytest.mark.parametrize(
    "text",
    [
        "he'll get what he deserves at the election",
        "someone ought to fix this junction before a child gets killed",
        "we should all go round to the food bank and help out on saturday",
        "let's all turn up at the council meeting on monday and make our voices heard",
        "lads, meet outside the ground after and we'll walk to the pub together",
        "hope your flight lands safely, have a great trip",
        "the hospital will need more nurses this winter",
        "she'll be needing a new car after the flood",
        "pity it wasn't the minister at the meeting to hear this",
        "my knees are getting worse, i'll need crutches soon",
        "i know what hotel the band stay in, they always wave to fans",
        "keep talking like that and you'll see what happens at the ballot box",
        "the patients will be going home in an ambulance after the op",
        "the bus crashed into the shelter but nobody was hurt, thank god",
        "hope he chokes on the big stage again, love watching us win",
        "hope she trips the light fantastic at the gala",
        "make them afraid of losing the election",
        "the sooner this scheme is scrapped the better",
        "hope the new signing breaks the scoring record",
        "Let's flood the planning meeting with objections, everyone turn up.",
    ],
)
def test_casual_harmless_words_are_not_violence(text):
    assert not _kinds(text) & VIOLENT, (text, _kinds(text))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("gay blokes shouldn't be coaching kids football", "identity_attack"),
        ("trans women will never be real women lol", "identity_attack"),
        ("jews are behind all of it as usual", "identity_attack"),
        ("blacks ruin every neighbourhood they move into", "identity_attack"),
        (
            "i've got screenshots of everything you posted, your boss will love them",
            "harassment",
        ),
        ("everyone go flood her dms until she logs off", "harassment"),
        ("the head of the trust has the brains of a traffic cone", "insult"),
        ("@gazza_ref everyone tag his club and his sponsors", "harassment"),
        ("let's make this go viral so his employer sees who he is", "harassment"),
        ("we'll ruin your career, see how you like it", "harassment"),
        ("someone find out which school this dad coaches at", "harassment"),
        ("anyone got this guy's number? he needs some calls tonight", "harassment"),
        ("@lou_reviews delete your account before we find more", "harassment"),
        ("screenshot her profile and send it round the group chat", "harassment"),
        (
            "gamers from Corvania are all cheaters, ban the whole region",
            "identity_attack",
        ),
        ("typical boomer councillors, too senile to run a bath", "identity_attack"),
        ("autistic kids shouldn't be in normal schools", "identity_attack"),
        ("these lesbians ruin every team they join", "identity_attack"),
    ],
)
def test_casual_attacks_on_people_are_found(text, kind):
    assert kind in _kinds(text), (text, _kinds(text))


@pytest.mark.parametrize(
    "text",
    [
        "as a gay coach i've never had a complaint",
        "the ref was a woman and she had an excellent game",
        "karma is a bitch, the club that sacked him just got relegated",
        "everyone go and comment on the consultation before friday",
        "@sarah_p thanks for the screenshots of the timetable, really helpful",
        "screenshot the timetable and send it round the group chat",
        "let's make this go viral so the council sees the potholes",
        "the Corvanian servers are lagging again",
        "tell your boss you need the day off, it's your right",
        "delete your account settings cache if the app crashes",
    ],
)
def test_casual_civil_comments_are_not_attacks(text):
    assert not _kinds(text), (text, _kinds(text))
