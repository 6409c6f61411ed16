"""The threading engine's rules, on small hand-made articles (no database)."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from gazette.stories.text_features import extract
from gazette.stories.threading import Article, Config, ThreadingEngine

QUAKE_IRAN = [
    Article(
        "iran-1",
        "Earthquake hits Qeshm Island off southern Iran, five hurt",
        "A magnitude 6.1 earthquake struck Qeshm Island in the Persian Gulf off "
        "southern Iran on Sunday, injuring five people, the Iranian Red Crescent "
        "said. The quake damaged houses in the villages of Qeshm.",
    ),
    Article(
        "iran-2",
        "Five injured as 6.1 quake shakes Iran's Qeshm Island",
        "Five people were injured when a 6.1 magnitude earthquake shook Qeshm "
        "Island off southern Iran, the Iranian Red Crescent reported. Houses in "
        "several villages on Qeshm were damaged by the quake.",
    ),
    Article(
        "iran-3",
        "Qeshm Island quake: Red Crescent sends tents",
        "The Iranian Red Crescent sent tents to Qeshm Island after Sunday's 6.1 "
        "earthquake off southern Iran damaged houses and injured five villagers.",
    ),
]
QUAKE_INDIA = Article(
    "india-1",
    "Strong earthquake strikes Andaman Islands in India",
    "A magnitude 7.3 earthquake struck the Andaman Islands in the Bay of Bengal "
    "on Thursday, the India Meteorological Department said. No injuries were "
    "reported in Port Blair, and officials said houses were not damaged.",
)
REHAB = Article(
    "rehab-1",
    "Lindsay Lohan checks into Betty Ford Center",
    "Lindsay Lohan has checked into the Betty Ford Center to begin a 90-day "
    "court-mandated stay, her lawyer Shawn Holley said.",
)


def stream(engine, articles):
    """Add articles and return the story each went to."""
    placed = {}
    for article in articles:
        decision = engine.add(article)
        placed[article.id] = decision.story_id or engine.last_new_story
    return placed


def test_features_find_names_numbers_and_dates():
    features = extract(
        "Lindsay Lohan checks into Betty Ford Center",
        "On May 3, 2013 Lindsay Lohan began a 90-day stay in Rancho Mirage.",
    )
    assert {"lindsay lohan", "lohan", "betty ford center", "rancho mirage"} <= set(
        features.names
    )
    assert "90" in features.numbers
    assert {"y2013", "5-3"} <= set(features.dates)
    assert "check" in features.words


def test_same_event_joins_and_other_topic_starts_a_story():
    engine = ThreadingEngine()
    placed = stream(engine, [*QUAKE_IRAN, REHAB])
    assert placed["iran-1"] == placed["iran-2"] == placed["iran-3"]
    assert placed["rehab-1"] != placed["iran-1"]


def test_first_article_starts_a_new_story():
    decision = ThreadingEngine().add(QUAKE_IRAN[0])
    assert decision.is_new_story
    assert decision.confidence == 1.0
    assert decision.candidates == ()


def test_different_event_of_the_same_kind_starts_a_new_story():
    engine = ThreadingEngine()
    placed = stream(engine, [*QUAKE_IRAN, QUAKE_INDIA])
    assert placed["india-1"] != placed["iran-1"]


def test_decision_lists_candidates_with_scores_in_order():
    engine = ThreadingEngine()
    stream(engine, [*QUAKE_IRAN[:2], QUAKE_INDIA, REHAB])
    decision = engine.decide(QUAKE_IRAN[2])
    assert decision.story_id == decision.candidates[0].story_id
    scores = [candidate.score for candidate in decision.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert 0.5 <= decision.confidence <= 1.0


def test_decide_does_not_change_the_state():
    engine = ThreadingEngine()
    stream(engine, QUAKE_IRAN[:2])
    before = json.dumps(engine.to_dict())
    engine.decide(QUAKE_IRAN[2])
    assert json.dumps(engine.to_dict()) == before


def test_pinned_assignment_is_recorded_without_deciding():
    engine = ThreadingEngine()
    engine.observe(QUAKE_IRAN[0], "editors-quake")
    engine.observe(REHAB, "editors-quake")  # an editor's choice, however odd
    assert engine.stories["editors-quake"].size == 2
    assert engine.decide(QUAKE_IRAN[1]).story_id == "editors-quake"


def test_closed_story_never_receives_new_articles():
    engine = ThreadingEngine()
    placed = stream(engine, QUAKE_IRAN[:2])
    engine.close(placed["iran-1"])
    decision = engine.add(QUAKE_IRAN[2])
    assert decision.is_new_story
    assert all(c.story_id != placed["iran-1"] for c in decision.candidates)
    engine.reopen(placed["iran-1"])
    assert engine.decide(QUAKE_IRAN[2]).story_id in {
        placed["iran-1"],
        engine.last_new_story,
    }


def test_state_round_trips_through_json_and_decides_identically():
    engine = ThreadingEngine()
    stream(engine, [QUAKE_IRAN[0], QUAKE_INDIA, REHAB])
    engine.close(engine.last_new_story)
    restored = ThreadingEngine.from_dict(json.loads(json.dumps(engine.to_dict())))
    assert restored.to_dict() == engine.to_dict()
    for article in QUAKE_IRAN[1:]:
        assert restored.add(article) == engine.add(article)
    assert restored.to_dict() == engine.to_dict()


def test_a_single_article_story_is_joined_only_above_its_own_threshold():
    engine = ThreadingEngine()
    stream(engine, QUAKE_IRAN[:1])
    score = engine.decide(QUAKE_IRAN[1]).candidates[0].score
    strict = ThreadingEngine(Config(join_threshold=0.0, single_threshold=score + 0.01))
    stream(strict, QUAKE_IRAN[:1])
    assert strict.decide(QUAKE_IRAN[1]).is_new_story
    # Once the story has two articles, the (lower) join threshold applies.
    strict.observe(QUAKE_IRAN[1], strict.last_new_story)
    assert strict.decide(QUAKE_IRAN[2]).story_id == strict.last_new_story


def test_state_saved_before_the_single_threshold_keeps_one_threshold():
    state = json.loads(json.dumps(ThreadingEngine().to_dict()))
    del state["config"]["single_threshold"]
    state["config"]["join_threshold"] = 0.2
    config = ThreadingEngine.from_dict(state).config
    assert config.join_threshold == config.single_threshold == 0.2


def test_unknown_state_version_is_refused():
    state = ThreadingEngine().to_dict()
    state["version"] = 99
    with pytest.raises(ValueError, match="version"):
        ThreadingEngine.from_dict(state)


def test_merge_folds_one_story_into_another():
    engine = ThreadingEngine()
    engine.observe(QUAKE_IRAN[0], "a")
    engine.observe(QUAKE_IRAN[1], "b")
    engine.close("b")
    engine.merge("a", "b")
    assert set(engine.stories) == {"a"}
    assert engine.stories["a"].size == 2
    assert "b" not in engine.closed
    assert engine.decide(QUAKE_IRAN[2]).story_id == "a"


def test_remove_takes_an_article_out():
    engine = ThreadingEngine()
    engine.observe(QUAKE_IRAN[0], "a")
    engine.observe(REHAB, "a")
    engine.remove(REHAB, "a")
    assert engine.stories["a"].size == 1
    assert "lohan" not in engine.stories["a"].names
    assert engine.documents == 1
    engine.remove(QUAKE_IRAN[0], "a")
    assert "a" not in engine.stories


def test_publication_time_gap_lowers_the_score():
    def score(days_later):
        engine = ThreadingEngine()
        first = QUAKE_IRAN[0]
        engine.observe(
            Article(first.id, first.title, first.text, datetime(2024, 1, 7)), "a"
        )
        later = QUAKE_IRAN[1]
        published = datetime(2024, 1, 7 + days_later)
        return (
            engine.decide(Article(later.id, later.title, later.text, published))
            .candidates[0]
            .score
        )

    assert score(20) < score(1)


def test_memory_per_story_is_bounded():
    engine = ThreadingEngine()
    for number in range(60):
        words = " ".join(f"word{number}x{i}" for i in range(40))
        engine.observe(Article(str(number), "Qeshm quake", words), "one")
    story = engine.stories["one"]
    limit = 2 * engine.config.story_terms
    assert len(story.words) <= limit and len(story.term_docs) <= limit
    assert len(story.members) == engine.config.members_kept


def test_punctuation_ends_a_name_and_decimals_are_not_years():
    features = extract(
        "Fred LaRue, Nixon aide, dies",
        "The quake (magnitude 20.6 on a made-up scale) hit in 2013; Paris said.",
    )
    assert {"fred larue", "larue", "nixon"} <= set(features.names)
    assert "fred larue nixon" not in features.names
    assert "y2013" in features.dates
    assert not any(date.startswith("y20.") for date in features.dates)
    assert "20.6" in features.numbers


HEIST = [
    Article(
        f"heist-{year}-{n}",
        f"Jewellery heist at Paris store, {n}",
        f"Armed robbers stole jewels from a store on the Avenue Montaigne in Paris "
        f"on Thursday, December 4, {year}, police said. The thieves escaped with "
        f"diamonds and watches; no one was hurt in the Paris jewellery heist.",
    )
    for year in (2008, 2013)
    for n in (1, 2)
]


def _values(engine, article):
    [(_, values)] = engine.candidates(article)
    return values


def test_latest_year_mentioned_is_compared_with_the_story_s():
    engine = ThreadingEngine()
    engine.observe(HEIST[0], "a")
    same, other = _values(engine, HEIST[1]), _values(engine, HEIST[2])
    assert (same["year_same"], same["year_other"]) == (1.0, 0.0)
    assert (other["year_same"], other["year_other"]) == (0.0, 1.0)
    # Everything else about the two articles is alike: the year decides.
    weights = Config().weights
    assert weights.year_same > 0 and weights.year_other < 0
    assert engine.decide(HEIST[1]).candidates[0].score > (
        engine.decide(HEIST[2]).candidates[0].score
    )
    # Counted per story, undone by remove, carried by merge and by saving.
    engine.observe(HEIST[2], "b")
    engine.merge("a", "b")
    assert engine.stories["a"].years == {"y2008": 1, "y2013": 1}
    engine.remove(HEIST[2], "a")
    assert engine.stories["a"].years == {"y2008": 1}
    restored = ThreadingEngine.from_dict(json.loads(json.dumps(engine.to_dict())))
    assert restored.stories["a"].years == {"y2008": 1}


def test_state_with_the_weights_an_earlier_release_shipped_gets_todays():
    from gazette.stories.threading import SHIPPED_WEIGHTS

    engine = ThreadingEngine()
    stream(engine, QUAKE_IRAN[:2])
    state = json.loads(json.dumps(engine.to_dict()))
    state["config"]["weights"] = dict(SHIPPED_WEIGHTS[0])
    state["config"]["single_threshold"] = 0.123
    for story in state["stories"].values():
        del story["years"]  # saved before years were counted
    restored = ThreadingEngine.from_dict(state)
    assert restored.config.weights == Config().weights
    assert restored.config.single_threshold == Config().single_threshold
    assert all(not story.years for story in restored.stories.values())
    assert restored.decide(QUAKE_IRAN[2]) == engine.decide(QUAKE_IRAN[2])


def test_state_with_its_own_weights_keeps_them_and_new_features_stay_off():
    from gazette.stories.threading import SHIPPED_WEIGHTS

    state = json.loads(json.dumps(ThreadingEngine().to_dict()))
    state["config"]["weights"] = dict(SHIPPED_WEIGHTS[0], bias=-1.5)
    weights = ThreadingEngine.from_dict(state).config.weights
    assert weights.bias == -1.5
    assert weights.member == SHIPPED_WEIGHTS[0]["member"]
    assert weights.year_same == weights.year_other == 0.0


def test_each_granularity_decides_with_its_own_weights_and_thresholds():
    from dataclasses import replace

    from gazette.stories.threading import RUNNING

    # Running stories that never take a second article, events as shipped.
    config = Config(running_join_threshold=1.01, running_single_threshold=1.01)
    engine = ThreadingEngine(config)
    placed = stream(engine, QUAKE_IRAN[:2])
    assert engine.decide(QUAKE_IRAN[2]).story_id == placed["iran-1"]
    running = replace(QUAKE_IRAN[2], granularity=RUNNING)
    assert engine.decide(running).is_new_story
    # And the weights, not only the thresholds, follow the granularity.
    event_score = engine.decide(QUAKE_IRAN[2]).candidates[0].score
    favoured = replace(config, running_weights=replace(config.weights, bias=5.0))
    engine.config = favoured
    assert engine.decide(running).candidates[0].score > event_score


T0 = datetime(2026, 9, 1, 8, tzinfo=UTC)
BACKGROUND = [
    Article(f"bg-{n}", title, text, T0 - timedelta(days=30 - n))
    for n, (title, text) in enumerate(
        [
            (
                "Council approves new budget for schools",
                "The city council approved a budget of 12 million for schools on "
                "Tuesday, said councillor Maria Holm.",
            ),
            (
                "Striker signs for Corvina",
                "FC Corvina signed the striker Lars Dahl on a three-year contract, "
                "the club said.",
            ),
            (
                "Central bank holds rates",
                "The central bank kept its main rate at 3.25% and warned that energy "
                "prices would rise.",
            ),
            (
                "Railway strike halts trains",
                "A strike by railway workers halted trains across the north on "
                "Friday, the union said.",
            ),
            (
                "New museum opens in Halvard",
                "A museum of maps opened in Halvard with 600 maps from six centuries, "
                "director Eva Lund said.",
            ),
            (
                "Wolves return to Brenna forest",
                "A pack of wolves has been confirmed in the Brenna forest for the "
                "first time in a century, rangers said.",
            ),
        ]
    )
]
FLOODS = [
    Article(
        "ilsen-1",
        "Floods swamp Ilsen as the Vell bursts its banks",
        "The river Vell burst its banks in Ilsen on Monday, flooding 300 homes in "
        "the old town. Mayor Anna Berg said the fire brigade had rescued dozens of "
        "residents by boat. Water reached the harbour and the railway station was "
        "closed.",
        T0,
    ),
    Article(
        "ilsen-2",
        "Ilsen floods: 1,200 people leave their homes",
        "About 1,200 people have left their homes in Ilsen as the Vell kept rising, "
        "Mayor Anna Berg said on Wednesday. Schools in the flooded old town stay "
        "closed and the harbour is under water.",
        T0 + timedelta(days=2),
    ),
]
# Two weeks on: new figures, a new person, the same place and subject.
FOLLOW_UP = Article(
    "ilsen-3",
    "Ilsen floods: engineers warn the harbour wall will not survive another winter",
    "Engineers inspecting Ilsen's flooded harbour say the old wall, built in 1890, "
    "is cracked along 400 metres and could give way in the next storm on the Vell. "
    "Repairs would cost 4 million, said Tomas Lind of the regional water board, and "
    "Mayor Anna Berg asked the government for help.",
    T0 + timedelta(days=14),
)
# The same kind of event, elsewhere, the same week.
FLOOD_ELSEWHERE = Article(
    "passau-1",
    "Floods hit Passau as the Danube rises",
    "The Danube flooded the old town of Passau on Thursday. Markus Soeder promised "
    "help for Passau, where 500 homes were under water and the fire brigade "
    "evacuated residents by boat.",
    T0 + timedelta(days=3),
)


@pytest.mark.parametrize("granularity", ["event", "running"])
def test_a_flood_elsewhere_stays_apart_at_either_granularity(granularity):
    from dataclasses import replace

    engine = ThreadingEngine()
    stream(engine, [replace(a, granularity=granularity) for a in BACKGROUND + FLOODS])
    decision = engine.decide(replace(FLOOD_ELSEWHERE, granularity=granularity))
    assert decision.is_new_story


def test_a_running_story_takes_a_follow_up_more_surely_than_an_event_does():
    from dataclasses import replace

    from gazette.stories.threading import RUNNING

    engine = ThreadingEngine()
    placed = stream(engine, [replace(a, granularity=RUNNING) for a in BACKGROUND])
    placed.update(stream(engine, [replace(a, granularity=RUNNING) for a in FLOODS]))
    assert placed["ilsen-1"] == placed["ilsen-2"]
    running = engine.decide(replace(FOLLOW_UP, granularity=RUNNING))
    event = engine.decide(FOLLOW_UP)
    assert running.story_id == placed["ilsen-1"]
    assert running.confidence > 0.5
    assert event.candidates[0].story_id == placed["ilsen-1"]
    assert event.candidates[0].score < running.confidence


def test_headline_words_are_stemmed_like_the_text_s():
    from gazette.stories.text_features import title_words

    words = title_words("Ilsen floods: 1,200 people leave their homes in 2026")
    assert words == extract("", "ilsen floods people leave homes").words


def test_state_saved_before_running_weights_gets_the_shipped_ones():
    from gazette.stories.threading import RUNNING_WEIGHTS

    state = json.loads(json.dumps(ThreadingEngine().to_dict()))
    for key in (
        "running_weights",
        "running_join_threshold",
        "running_single_threshold",
    ):
        del state["config"][key]
    config = ThreadingEngine.from_dict(state).config
    assert config.running_weights == RUNNING_WEIGHTS
    assert config.running_join_threshold == Config().running_join_threshold
    assert config.running_single_threshold == Config().running_single_threshold


def test_state_with_running_weights_an_earlier_release_shipped_gets_todays():
    from gazette.stories.threading import RUNNING_WEIGHTS, SHIPPED_RUNNING_WEIGHTS

    state = json.loads(json.dumps(ThreadingEngine().to_dict()))
    state["config"]["running_weights"] = dict(SHIPPED_RUNNING_WEIGHTS[0])
    state["config"]["running_join_threshold"] = 0.1
    config = ThreadingEngine.from_dict(state).config
    assert config.running_weights == RUNNING_WEIGHTS
    assert config.running_join_threshold == Config().running_join_threshold


def test_state_with_its_own_running_weights_keeps_them():
    state = json.loads(json.dumps(ThreadingEngine().to_dict()))
    state["config"]["running_weights"]["bias"] = -7.25
    del state["config"]["running_weights"]["year_other"]
    state["config"]["running_join_threshold"] = 0.33
    config = ThreadingEngine.from_dict(state).config
    assert config.running_weights.bias == -7.25
    assert config.running_weights.year_other == 0.0
    assert config.running_join_threshold == 0.33


def test_fit_reads_dates_and_fits_running_weights_in_date_order(tmp_path, capsys):
    from gazette.stories import threading_fit

    articles = [*QUAKE_IRAN, QUAKE_INDIA, REHAB, *HEIST]
    lines = []
    # Written out of date order: the fit must stream them by date.
    for day, article in reversed(list(enumerate(articles, start=1))):
        story = article.id.rsplit("-", 1)[0]
        record = {"id": article.id, "title": article.title, "text": article.text}
        date = f"2026-03-{day:02d}T08:00:00Z"
        lines.append(json.dumps({**record, "story": story, "date": date}))
    path = tmp_path / "dated.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    rows = threading_fit.read_jsonl(str(path), "running")
    assert [row[0].id for row in rows] == [a.id for a in articles]
    assert all(row[0].granularity == "running" for row in rows)
    assert len(threading_fit.orders(rows)) == 1
    threading_fit.main([str(path), "--granularity", "running", "--no-heldout"])
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: {len(articles)} articles (running)"
    # Dated rows fit gap_days instead of keeping the hand-set value.
    fitted = next(line for line in out if line.startswith("fitted on all"))
    assert "gap_days=-0.5," not in fitted


def test_fit_command_prints_dev_and_held_out_figures(tmp_path, capsys):
    from gazette.stories import threading_fit

    articles = [*QUAKE_IRAN, QUAKE_INDIA, REHAB, *HEIST]
    lines = []
    for article in articles:
        story = article.id.rsplit("-", 1)[0]
        topic = "quake" if story in {"iran", "india"} else story.split("-")[0]
        record = {"id": article.id, "title": article.title, "text": article.text}
        lines.append(json.dumps({**record, "story": story, "topic": topic}))
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    threading_fit.main([str(path)])
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: {len(articles)} articles (event)"
    assert any(line.startswith("tuned on this file: mean ") for line in out)
    assert sum(line.startswith("held out ") for line in out) == 2
    assert out[-1].startswith("heldout_pairwise_f1=")


def test_fit_refuses_a_malformed_file(tmp_path):
    from gazette.stories import threading_fit

    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "title": "t"}\n', encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        threading_fit.main([str(path)])
    assert caught.value.code == 2


def test_logistic_fit_learns_the_sign_of_a_feature():
    from gazette.stories.threading_fit import FEATURES, fit_logistic

    member = FEATURES.index("member")
    pairs = []
    for i in range(40):
        x = [0.0] * len(FEATURES)
        x[member] = i / 40
        pairs.append((x, int(i >= 20)))
    assert fit_logistic(pairs, l2=0.1).member > 1.0


def test_recording_a_decided_article_gives_the_state_of_recording_it_alone():
    """Deciding then recording an article (the batch import's way, which reuses
    the decision's vectors) leaves the engine as recording it alone does, even
    when another article was recorded between the decision and the record."""
    first, second, third = QUAKE_IRAN
    plain, reused = ThreadingEngine(), ThreadingEngine()
    for engine in (plain, reused):
        engine.observe(first, "quake")
    reused.decide(second)
    reused.observe(second, "quake")
    plain.observe(second, "quake")
    reused.decide(third)
    reused.observe(QUAKE_INDIA, "india")
    reused.observe(third, "quake")
    plain.observe(QUAKE_INDIA, "india")
    plain.observe(third, "quake")
    assert json.dumps(reused.to_dict(), sort_keys=True) == json.dumps(
        plain.to_dict(), sort_keys=True
    )


def test_stories_share_one_copy_of_each_term():
    """Terms are interned: a story's centroid, members and core counts hold
    the same string object as every other story's, not one per article."""
    engine = ThreadingEngine()
    for article in QUAKE_IRAN + FLOODS:
        engine.add(article)
    assert len(engine.stories) >= 2
    seen: dict[str, int] = {}
    for story in engine.stories.values():
        terms = [*story.words, *story.names, *story.term_docs, *story.numbers]
        for _, words, names in story.members:
            terms += [*words, *names]
        for term in terms:
            assert seen.setdefault(term, id(term)) == id(term), term
    shared = [t for t in seen if sum(t in s.words for s in engine.stories.values()) > 1]
    assert shared, "some word should be in two stories"
