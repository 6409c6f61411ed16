"""The standards' grammar: constructions by category, pure, without a database.

Every sentence here was written for these tests (none comes from the labelled
sets): each category of the labelling rules has violations that must be held
or rejected under the rule it breaks, and harsh but civil comments that must be
published. The labelled sets themselves are measured by evaluate-standards.
"""

import random
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from gazette.discussion import conduct, datasets, evaluation, grammar, grammar_text
from gazette.discussion.policy import policy_from_settings
from gazette.discussion.standards import (
    HOLD,
    PUBLISH,
    REJECT,
    Policy,
    check_comment,
    find_slur,
    fold,
    plain_words,
)

CALM = 0.05  # a classifier score far below every threshold
DATA = Path(__file__).parent / "data"

VIOLATIONS = [
    # Threats: explicit, conditional, veiled, a call on someone to harm (rule 4).
    ("threat", "I am going to stab that umpire when I catch him.", "threats"),
    ("threat", "If Varga comes back to our town he leaves on a stretcher.", "threats"),
    ("threat", "We know which house is yours, Delphine. Lovely garden.", "threats"),
    ("threat", "Somebody needs to put a bullet through the auditor.", "threats"),
    ("threat", "Carry on like this and you will regret it, reporter.", "threats"),
    ("threat", "My cousin keeps a rifle and he reads your column.", "threats"),
    # Wishes of harm (rule 4).
    ("wish_harm", "I hope the treasurer gets hit by a lorry on Monday.", "threats"),
    ("wish_harm", "Would not shed a tear if his jet went down.", "threats"),
    ("wish_harm", "Shame the sniper missed the governor.", "threats"),
    ("wish_harm", "May the whole board die slowly.", "threats"),
    ("wish_harm", "That judge deserves to be strung up.", "threats"),
    # Incitement (rule 4).
    ("incitement", "Torch the council depot tonight, everyone.", "threats"),
    ("incitement", "Round up the lot of them and march them out of town.", "threats"),
    ("incitement", "Let's storm the tax office and drag the clerks out.", "threats"),
    ("incitement", "Grab your pitchforks, lads, we go at dawn.", "threats"),
    # Dehumanisation: rule 2 for a protected group, rule 3 otherwise.
    ("dehumanisation", "Migrants are rats, plain and simple.", "hate-speech"),
    ("dehumanisation", "The Norvekians breed like vermin.", "hate-speech"),
    ("dehumanisation", "Striking dockers are parasites.", "personal-attacks"),
    (
        "dehumanisation",
        "Those protesters are a plague on the city.",
        "personal-attacks",
    ),
    # Identity attacks (rule 2).
    ("identity_attack", "Women are too hysterical to sit on a bench.", "hate-speech"),
    ("identity_attack", "Never rent a flat to a Muslim.", "hate-speech"),
    ("identity_attack", "Pensioners should lose their vote.", "hate-speech"),
    ("identity_attack", "Trans people are all mentally ill.", "hate-speech"),
    ("identity_attack", "The only good Ostrani is one in a cell.", "hate-speech"),
    # Slurs, masked, misspelt or aimed (rule 2, rejected).
    ("slur", "That sp4stic from the planning office again.", "hate-speech"),
    ("slur", "the board is run by r*tards", "hate-speech"),
    ("slur", "a bunch of k y k e s", "hate-speech"),
    ("slur", "typical towel-heads", "hate-speech"),
    # Harassment and personal data (rules 3 and 6).
    ("harassment", "Everyone go report Milo's comments until he's gone.", None),
    ("harassment", "Her daughter goes to Larchwood school, if anyone asks.", None),
    ("harassment", "He lives at 9 Quarry Lane, go and tell him yourselves.", None),
    ("harassment", "Text me on 0612 448 9031 for the details.", "personal-data"),
    ("harassment", "I found your real name, Sven. Want me to post it?", None),
    # Insults aimed at people (rule 3).
    ("insult", "The treasurer is a gormless buffoon.", "personal-attacks"),
    ("insult", "You utter moron, read the article.", "personal-attacks"),
    ("insult", "What a clown the new coach is.", "personal-attacks"),
    ("insult", "The columnist has the brains of a goldfish.", "personal-attacks"),
    # Constructions found by the fifth own set's blind round, each in another
    # sentence: illness, broken bones and a body failing wished on someone.
    (
        "wish_harm",
        "Here's hoping the auditor gets a long, agonising illness.",
        "threats",
    ),
    ("wish_harm", "I'd cheer if that winger shattered his kneecap.", "threats"),
    ("wish_harm", "May the chemist's lungs fill with his own fumes.", "threats"),
    (
        "wish_harm",
        "It would serve him right if the landlord fell off a cliff.",
        "threats",
    ),
    ("wish_harm", "Those smugglers? Let the wolves have them.", "threats"),
    ("wish_harm", "Hope his warehouse burns while he is trapped inside.", "threats"),
    # Veiled threats: an "accident", being "dealt with", names taken, paying
    # "not in cash", knowing someone's route, settling it outside.
    ("threat", "Pity if the auditor's van met with an accident one night.", "threats"),
    ("threat", "Whoever leaked the minutes will be dealt with for good.", "threats"),
    ("threat", "Keep it up and she will be taken care of.", "threats"),
    ("threat", "We are taking names, councillors. Remember that.", "threats"),
    ("threat", "The magistrate will pay for that ruling, and not in cash.", "threats"),
    ("threat", "Meet me at the car park and we'll settle this outside.", "threats"),
    ("threat", "We know which bus she catches after her shift.", "threats"),
    ("threat", "I will simply find you, Marco.", "threats"),
    # Retribution idioms, and a violent act described as the writer's intent.
    ("threat", "We will make them pay for this.", "threats"),
    ("threat", "Time to teach him a lesson he won't forget.", "threats"),
    ("threat", "I'm going to put my boot through the linesman's face.", "threats"),
    ("wish_harm", "Hope the senator's yacht has an accident.", "threats"),
    # Incitement: an armed "welcome", nobody leaving unhurt.
    ("incitement", "Let's meet their coach with bricks.", "threats"),
    (
        "incitement",
        "Wait outside the chapel and make sure none of them leaves in one piece.",
        "threats",
    ),
    # Identity attacks: denying who people are, a people named by its place,
    # exclusion at a distance, rights taken away.
    ("identity_attack", "Trans men are just girls in binders.", "hate-speech"),
    ("identity_attack", "Typical Halvard folk, always with a hand out.", "hate-speech"),
    (
        "identity_attack",
        "Muslims pray at their desks all day and should be barred from the service.",
        "hate-speech",
    ),
    (
        "identity_attack",
        "Immigrants should have their passports revoked.",
        "hate-speech",
    ),
    # Dehumanisation: people as refuse.
    ("dehumanisation", "Rough sleepers are human debris.", "personal-attacks"),
    # Insults: likened to a thing, the dimmest bulb, named by a participle.
    (
        "insult",
        "The chancellor talks like a sat-nav and thinks like one.",
        "personal-attacks",
    ),
    ("insult", "Our MP is the dimmest bulb in Westminster.", "personal-attacks"),
    ("insult", "The consultant quoted here is a pompous halfwit.", "personal-attacks"),
    # Harassment: sexual remarks to a commenter.
    ("harassment", "Bet you look hot in that uniform, Clara.", None),
    ("harassment", "Go on, post a selfie of yourself for us.", None),
    # Spam (rule 5).
    ("spam", "Win cash prizes daily at luckyspin.win, use code GAZ5", "spam"),
    ("spam", "THE BRIDGE WAS NEVER SAFE AND THEY ALL KNEW IT", "spam"),
    ("spam", "so true so true so true so true", "spam"),
]

ALLOWED = [
    ("criticism", "The treasurer's budget is reckless and she should resign."),
    ("criticism", "This newspaper's sports desk got the score wrong again."),
    ("criticism", "The writer is clueless about how ferries are funded."),
    ("criticism", "The Norvekian government has lied to its own people."),
    ("profanity_nontargeted", "Bloody hell, the ring road is shut again."),
    ("profanity_nontargeted", "This fucking heat is unbearable."),
    ("news_violence", "The gunman shot three people outside the bank."),
    ("news_violence", "She said she had received death threats for weeks."),
    ("news_violence", "The court heard he shouted 'I'll kill you' at the guard."),
    ("news_violence", "Nobody should wish death on a politician, whatever they did."),
    ("news_violence", "Rioters burned two cars in the square last night."),
    ("sarcasm", "Oh marvellous, another consultation on the consultation."),
    ("disagreement", "You're wrong about the date, it opened in 2004."),
    ("neutral", "Does the number 12 bus still stop at the library?"),
    ("benign_tricky", "That new editing tool is a killer app."),
    ("benign_tricky", "Shoot me an email and I'll send the map."),
    ("benign_tricky", "I'd kill for a decent coffee in this town."),
    ("benign_tricky", "The Dutch dyke system is worth copying."),
    ("benign_tricky", "Late frosts retard growth in the orchards."),
    ("benign_tricky", "Popping out for a fag break."),
    ("benign_tricky", "As a queer reader I liked this piece."),
    ("benign_tricky", "Our keeper was an absolute beast today."),
    ("benign_tricky", "My grandmother grew up in Niger."),
    # Near misses of the constructions above.
    ("criticism", "The taxpayer will pay for this, as always."),
    ("news_violence", "He will be dealt with by the courts, as he should be."),
    ("neutral", "Complaints will be dealt with within a week."),
    ("neutral", "Don't worry about the puppies, they will be taken care of."),
    ("neutral", "The council is taking names for the allotment waiting list."),
    ("news_violence", "Thousands of soldiers paid with their lives in that war."),
    ("disagreement", "Let's settle this in person at the next meeting."),
    ("disagreement", "I know which train you mean, the 7:15, and it was late."),
    ("neutral", "My son's school won the regional quiz this year."),
    ("news_violence", "The chants of 'burn the traitors' were shameful."),
    ("criticism", "The economist quoted here is wrong about the tax."),
    ("neutral", "It would be a shame if the museum had to close."),
    ("neutral", "Let's go to the match with scarves and flags."),
    ("neutral", "Nobody walks out of that film unmoved."),
    ("news_violence", "Trans women face abuse on the street every day."),
    ("criticism", "These policies are garbage and the minister knows it."),
    ("news_violence", "The striker broke his leg in training and misses the derby."),
    ("neutral", "I'd throw a party if we won the league."),
    ("criticism", "The voters will make them pay at the ballot box."),
    ("criticism", "Make the polluters pay for the clean-up."),
    ("neutral", "I put my foot down and cancelled the subscription."),
    ("neutral", "Our car had a bad day on the motorway, it's at the garage now."),
]


@pytest.mark.parametrize(("category", "text", "code"), VIOLATIONS)
def test_violations_are_held_or_rejected_citing_their_rule(category, text, code):
    verdict = check_comment(text, toxicity=CALM)
    assert verdict.outcome in (HOLD, REJECT), (category, verdict)
    if code is not None:
        assert verdict.rule.code == code, verdict
    else:
        assert verdict.rule.code in ("personal-attacks", "personal-data"), verdict
    assert verdict.detail and len(verdict.detail) < 255
    assert f"rule {verdict.rule.number}" in verdict.reason


@pytest.mark.parametrize(("category", "text"), ALLOWED)
def test_harsh_but_civil_comments_are_published(category, text):
    verdict = check_comment(text, toxicity=CALM)
    assert verdict.outcome == PUBLISH, (category, verdict)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Someone should shoot the bailiff.", "threat"),
        ("I hope the auditor drowns.", "wish_harm"),
        ("Burn their warehouse down tonight.", "incitement"),
        ("The Norvekians are cockroaches.", "dehumanisation"),
        ("Women should stay in the kitchen.", "identity_attack"),
        ("The mayor is a gutless weasel.", "insult"),
    ],
)
def test_the_grammar_names_the_construction_and_the_words(text, kind):
    matches = grammar.find(fold(text), text)
    assert kind in {m.kind for m in matches}
    detail = next(m.detail for m in matches if m.kind == kind)
    assert "'" in detail  # the matched words are quoted for moderators


def test_threats_and_incitement_are_rejected_and_wishes_held_by_default():
    assert check_comment("I will kill you", toxicity=CALM).outcome == REJECT
    assert check_comment("Storm the bank tonight.", toxicity=CALM).outcome == REJECT
    assert check_comment("I hope you die.", toxicity=CALM).outcome == HOLD
    lenient = Policy(reject_kinds=frozenset())
    assert check_comment("I will kill you", toxicity=CALM, policy=lenient).outcome == (
        HOLD
    )
    strict = Policy(reject_kinds=frozenset({"wish_harm"}))
    assert check_comment("I hope you die.", toxicity=CALM, policy=strict).outcome == (
        REJECT
    )


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        # Reported or quoted, the words of a threat are news.
        ("The court heard he shouted 'I will burn your house down'.", PUBLISH),
        ("Police say the letter said she should be hanged.", PUBLISH),
        # Negated, a wish is no wish.
        ("I hope nobody gets hurt at the march.", PUBLISH),
        ("I would never hurt anyone over football.", PUBLISH),
        # Abstract objects are not victims.
        ("We will kill this bill in the committee.", PUBLISH),
    ],
)
def test_reported_negated_and_abstract_harm_is_published(text, outcome):
    assert check_comment(text, toxicity=CALM).outcome == outcome


def test_the_classifier_holds_a_comment_aimed_at_nobody_only_when_sure():
    swearing = "What a shitshow of a timetable."
    assert check_comment(swearing, toxicity=0.6).outcome == PUBLISH
    assert check_comment(swearing, toxicity=0.85).outcome == HOLD
    aimed = "You clearly never read the timetable."
    assert check_comment(aimed, toxicity=0.6).outcome == HOLD


@pytest.mark.parametrize(
    ("text", "toxicity", "outcome"),
    [
        # Addressed to a reader: held from the hold threshold (0.5).
        ("You clearly never read the timetable.", 0.55, HOLD),
        # About a person in the news: fierce criticism scores 0.5 to 0.7.
        ("The minister is a disgrace and her policies are cruel.", 0.65, PUBLISH),
        ("The minister is a disgrace and her policies are cruel.", 0.75, HOLD),
        # Aimed at nobody: only from 0.8.
        ("This timetable is a bloody shambles.", 0.75, PUBLISH),
        ("This timetable is a bloody shambles.", 0.85, HOLD),
        # A reader quoted is not a reader addressed.
        ("The mayor's letter said 'you will pay more'.", 0.65, PUBLISH),
    ],
)
def test_the_classifier_threshold_depends_on_whom_a_comment_aims_at(
    text, toxicity, outcome
):
    verdict = check_comment(text, toxicity=toxicity)
    assert verdict.outcome == outcome, verdict
    if outcome == HOLD:
        assert verdict.detail.startswith(f"toxicity {toxicity:.2f} >= ")


@pytest.mark.parametrize(
    ("text", "slur"),
    [
        ("a pack of n1663rs", True),
        ("those f a g s on the back bench", True),
        ("that d*ke at the ministry", True),
        ("a chink in the armour", False),
        ("the dyke along the river", False),
        ("will retard growth", False),
        ("Niger and Nigeria", False),
    ],
)
def test_slurs_are_found_masked_misspelt_or_aimed(text, slur):
    folded = fold(text)
    assert (find_slur(plain_words(folded), folded) is not None) is slur


def test_nationality_by_shape_but_not_its_state():
    assert grammar.demonyms("The Vesperlanders and the Halvani") == [
        "vesperlanders",
        "halvani",
    ]
    state = "The Norvekian government is corrupt and arrogant."
    assert check_comment(state, toxicity=CALM).outcome == PUBLISH
    people = "Norvekians are corrupt and arrogant, all of them."
    assert check_comment(people, toxicity=CALM).outcome == HOLD


# --- Settings ----------------------------------------------------------------------


def test_policy_reads_reject_kinds_and_untargeted_threshold(settings):
    settings.GAZETTE_MODERATION_REJECT_KINDS = "threat, dehumanisation"
    settings.GAZETTE_MODERATION_UNTARGETED_HOLD_THRESHOLD = "0.7"
    settings.GAZETTE_MODERATION_ABOUT_HOLD_THRESHOLD = "0.6"
    policy = policy_from_settings()
    assert policy.reject_kinds == {"threat", "dehumanisation"}
    assert policy.untargeted_hold_threshold == 0.7
    assert policy.about_hold_threshold == 0.6


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("GAZETTE_MODERATION_REJECT_KINDS", "threat,shouting", "shouting"),
        ("GAZETTE_MODERATION_UNTARGETED_HOLD_THRESHOLD", "high", "not a number"),
        ("GAZETTE_MODERATION_UNTARGETED_HOLD_THRESHOLD", "1.5", "between 0 and 1"),
        ("GAZETTE_MODERATION_ABOUT_HOLD_THRESHOLD", "-1", "between 0 and 1"),
    ],
)
def test_bad_settings_are_named(settings, name, value, message):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        policy_from_settings()


# --- Measuring: evaluate-standards ---------------------------------------------


def test_evaluate_standards_counts_per_category_and_times_each_comment():
    rows = [
        ("a", "bad", True, "threat"),
        ("b", "bad", True, "threat"),
        ("c", "fine", False, "neutral"),
    ]
    outcomes = {"bad": "reject", "fine": "publish"}
    result = evaluation.evaluate_standards(rows, outcomes.__getitem__)
    assert result.recall == 1.0 and result.false_hold == 0.0
    assert [(c.category, c.flagged, c.total) for c in result.categories] == [
        ("threat", 2, 2),
        ("neutral", 0, 1),
    ]
    assert len(result.millis) == 3 and result.misses == ()
    assert result.summary_line().startswith("recall=1.000 false_hold=0.000 p99_ms=")


def test_read_standards_names_the_line_of_a_bad_label(tmp_path):
    path = tmp_path / "set.csv"
    path.write_text("id,text,label,category\nx,hello,maybe,neutral\n")
    with pytest.raises(datasets.DataError, match=r"set.csv:2: .*'violates'"):
        datasets.read_standards(path)


@pytest.mark.django_db
def test_evaluate_standards_command_on_an_own_set(capsys):
    call_command("evaluate_standards", str(DATA / "standards-own.csv"), "--misses")
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert last.startswith("recall=") and "false_hold=" in last and "p99_ms=" in last
    recall = float(last.split()[0].split("=")[1])
    false_hold = float(last.split()[1].split("=")[1])
    assert recall >= 0.9 and false_hold <= 0.05
    assert "threat" in out and "benign_tricky" in out


def test_evaluate_standards_command_explains_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("evaluate_standards", str(tmp_path / "nope.csv"))


# --- Shortcuts that change no result -------------------------------------------

_CONTRACTED = (
    "can't cant won't wont ain't shan't don't isn't dont isnt shouldnt havent i'll "
    "you'll youll theyll you're youre they're we've i've ive youve i'm im imma ima "
    "i'd he's she's it's that's thats whats theres what's john's players' a the so "
    "not been gonna wanna gotta u ur ya let's lets let us y'all it'll who's here's "
    "cannot is was you he she it we they i do does did"
)


def _contractions_one_after_another(text):
    for pattern, replacement in grammar_text._CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def test_contractions_in_one_pass_read_as_the_table_applied_in_order():
    draw = random.Random(17)
    for _ in range(3000):
        text = " ".join(draw.choices(_CONTRACTED.split(), k=draw.randint(1, 8)))
        one_pass = grammar_text._CONTRACTION.sub(grammar_text._expand_contraction, text)
        assert one_pass == _contractions_one_after_another(text), text


def test_a_quote_closing_after_a_contraction_stays_a_quote():
    # Applied one after another, "what's'" lost its closing quote ("what i").
    sentences, _ = grammar.normalise(fold("He wrote 'that's what's' and left."))
    assert sentences == ("he wrote quote and left",)


@pytest.mark.parametrize(
    "sentence",
    [
        "women are too emotional to lead",
        "they cannot be trusted with the vote",
        "send the migrants back home",
        "the council cannot run a bath",
        "so expect more crime",
        "they look after their own",
        "never hire a woman as foreman",
        "these refugees breed like rats",
        "the virus spread through the ward",
        "the minister is a cancer on this country",
        "voters are a plague",
        "xgroupx should all be sent back",
    ],
)
def test_gated_constructions_match_as_their_full_patterns(sentence):
    def span(m):
        return m and m.span()

    verdict = conduct.GROUP_VERDICT
    assert span(verdict.search(sentence)) == span(verdict.full.search(sentence))
    if not conduct.HAS_GROUP.search(sentence):
        # The narrow form is what runs here: it must find what the full one does.
        assert span(verdict.narrow.search(sentence)) == span(
            verdict.full.search(sentence)
        )
    for gated in (conduct.DISEASED, conduct.GROUP_CONTEMPT, conduct.LIKE_BEAST):
        assert span(gated.search(sentence)) == span(gated.pattern.search(sentence))


def test_a_long_comment_repeating_a_phrase_is_still_spam():
    spam = ("buy cheap watches now " * 6).split()
    assert conduct.repeated(spam) == "buy cheap watches now"
    ordinary = "the council met on tuesday and the budget passed at last " * 3
    assert conduct.repeated((ordinary + "and then everyone went home").split()) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Casual registers: terrace, forum and council-row phrasings.
        ("praying the keeper does his acl in the warm up", "wish_harm"),
        ("hope the ref's hamstring tears in the first minute", "wish_harm"),
        ("here's hoping the chairman's coach veers off the road", "wish_harm"),
        ("would not mind if the landlord had a freak accident tbh", "wish_harm"),
        ("hope their flat floods again this winter", "wish_harm"),
        ("that columnist had better get security after this piece", "threat"),
        ("the umpire better hope we never spot him in the car park", "threat"),
        ("the surveyors are not going home in one piece", "threat"),
        ("keep blocking my extension and see how safe your car is", "threat"),
        ("mouth off again and you're getting your teeth kicked in", "threat"),
    ],
)
def test_casual_threats_and_wishes_are_found(text, kind):
    assert kind in {m.kind for m in grammar.find(fold(text), text)}


@pytest.mark.parametrize(
    "text",
    [
        "kill the task and reboot, that's what support told me",
        "execute the query again once the index is rebuilt",
        "shoot the parish clerk a quick email, she's helpful",
        "hope he gets fit again before the derby, we need him",
        "hope they get sick of losing and sack the manager",
        "fingers crossed the new bus route goes via the hospital",
        "we battered them and i hope we do it again on tuesday",
    ],
)
def test_casual_harmless_phrasings_are_not_found(text):
    kinds = {m.kind for m in grammar.find(fold(text), text)}
    assert not kinds & {"threat", "wish_harm", "incitement"}, kinds


def test_the_split_modules_are_read_through_lexicons_and_grammar():
    """``lexicons`` and ``grammar`` re-export their families' very objects."""
    from gazette.discussion import (
        grammar_speech,
        lexicons,
        lexicons_base,
        lexicons_harm,
        lexicons_people,
    )

    families = (lexicons_base, lexicons_harm, lexicons_people)
    for name in lexicons.__all__:
        owners = [m for m in families if name in vars(m)]
        assert owners, name
        if name.isupper():
            assert len(owners) == 1, name  # each class in one family
        assert getattr(lexicons, name) is getattr(owners[0], name), name
    assert lexicons.HARM_VERBS is lexicons_harm.HARM_VERBS
    assert grammar.normalise is grammar_text.normalise
    assert grammar.own_words is grammar_speech.own_words
    assert grammar.find(fold("Someone should shoot the referee."))[0].kind == "threat"
