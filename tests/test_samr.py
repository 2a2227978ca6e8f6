from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_cli
from reflectai.coach import Coach
from reflectai.embeddings import Embedder
from reflectai.errors import InputError
from reflectai.samr import LEVELS


@pytest.mark.parametrize(
    ("text", "level"),
    [
        (
            "Instead of handing out paper worksheets, I post the same worksheet as a PDF in Google Classroom "
            "and nothing else changes.",
            "substitution",
        ),
        (
            "Students type their essays in Word now, and the spell-check and version history help them fix "
            "errors as they go.",
            "augmentation",
        ),
        (
            "Each group co-edits one Google Doc in real time and leaves peer feedback on the other groups' "
            "drafts before we discuss them.",
            "modification",
        ),
        (
            "My Year 6 class runs a weekly video call with a class in another country and they publish a "
            "joint blog that readers around the world comment on.",
            "redefinition",
        ),
        ("We started using Teams this month.", "unclear"),
    ],
)
def test_levels_with_evidence_and_questions(coach: Coach, text: str, level: str) -> None:
    result = coach.samr(text)
    assert result.level == level
    assert 0.0 <= result.confidence <= 1.0 and result.rationale
    if level != "unclear":
        assert result.evidence and result.evidence in text
    assert result.questions
    assert all(u.label == "open_question" for u in coach.tone.label_turns(result.questions))
    assert {s.id for s in result.sources} == {"samr-model", "samr-examples"}


def test_several_uses_in_one_reflection(coach: Coach) -> None:
    uses = coach.samr_uses(
        "On Monday I posted the same reading list as a PDF on Moodle instead of printing it. "
        "On Thursday the whole class co-edited one shared document in real time and commented on each "
        "other's sections."
    )
    assert [u.level for u in uses] == ["substitution", "modification"]


def test_reading_uses_gives_the_same_levels_as_assessing_them(coach: Coach) -> None:
    text = (
        "The staff rota is a typed copy of the paper one, nothing else changed. "
        "Now the call bells log the time each call is answered, so nobody keeps a tally. "
        "We had a lovely lunch afterwards."
    )
    readings = coach.samr_classifier.read_uses(text)
    assessed = coach.samr_classifier.assess_uses(text)
    assert [(r.level, r.text) for r in readings] == [(a.level, a.text) for a in assessed]
    assert [r.confidence for r in readings] == [a.confidence for a in assessed]
    assert len(readings) == 2


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("We had a lovely staff meeting and then went for lunch together.", "no use of technology"),
        ("x " * 6000, "too long"),
    ],
)
def test_bad_input(coach: Coach, text: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        coach.samr(text)


def test_a_list_of_tools_is_unclear(coach: Coach) -> None:
    result = coach.samr("Teams, OneDrive, Padlet, Kahoot.")
    assert result.level == "unclear" and result.evidence == ""
    assert any("step by step" in q or "different" in q for q in result.questions)


def test_cli_samr_json(shared_home: Path) -> None:
    result = run_cli(
        "samr", "--json", "I post the same worksheet as a PDF instead of printing it.", home=shared_home
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {"level", "confidence", "evidence", "rationale", "questions", "uses"} <= set(payload)


def test_every_exemplar_file_is_loaded() -> None:
    from reflectai.resources import data_dir, read_jsonl
    from reflectai.samr import _exemplars

    path = data_dir("prompts") / "samr" / "exemplars_boundaries.jsonl"
    rows = list(read_jsonl(path))
    assert len(rows) >= 150
    texts = set(_exemplars().texts)
    assert all(row["text"] in texts for row in rows)
    assert all(row["cue"] in row["text"] for row in rows)


def test_a_cue_said_not_to_apply_is_not_evidence(coach: Coach) -> None:
    text = (
        "The children now type their ten spelling words into a Google Form with autocorrect switched off, "
        "and I mark each one by hand like before."
    )
    classifier = coach.samr_classifier
    _, found = classifier.level_scores(text, coach.embedder.embed_one(text))
    assert "augmentation" not in found
    assert not any("autocorrect" in span for span in coach.samr(text).evidence_spans)
    kept = "Students type their essays in Word now, and the spell-check catches slips as they go."
    _, found = classifier.level_scores(kept, coach.embedder.embed_one(kept))
    assert found.get("augmentation") == "spell-check"


def test_a_use_told_with_uncommon_verbs_is_still_assessed(coach: Coach) -> None:
    result = coach.samr(
        "Power Automate reads each complaint the moment it lands and tags its topic, so the manager "
        "spots a faulty product within hours."
    )
    assert result.level in {"augmentation", "modification", "redefinition"}


def test_technology_named_in_plain_words_is_recognised(coach: Coach) -> None:
    result = coach.samr(
        "The handout became a web page, so every hard word has its definition one tap away for my pupils."
    )
    assert result.level != "unclear"


def test_the_round2_exemplars_are_loaded_and_balanced() -> None:
    from collections import Counter

    from reflectai.resources import data_dir, read_jsonl
    from reflectai.samr import _exemplars

    rows = list(read_jsonl(data_dir("prompts") / "samr" / "exemplars_round2.jsonl"))
    counts = Counter(row["level"] for row in rows)
    assert counts["augmentation"] >= 60 and counts["unclear"] >= 15 and counts["modification"] >= 20
    assert set(counts) == {"substitution", "augmentation", "modification", "redefinition", "unclear"}
    texts = set(_exemplars().texts)
    assert all(row["text"] in texts and row["cue"] in row["text"] for row in rows)


PLAIN_WORDS = [
    (
        "The weekly quiz is the same, but the manager sees everyone's scores at a glance on the app.",
        "augmentation",
        "at a glance",
    ),
    (
        "Our discharge letters come from the EHR now, so there are no copying mistakes in the medicines.",
        "augmentation",
        "no copying mistakes",
    ),
    (
        "As the quiz answers come in on the tablets, I regroup the class around the questions they missed.",
        "modification",
        "regroup",
    ),
    (
        "The spelling test is typed on the laptops, and I mark it by hand like last year.",
        "substitution",
        "by hand like",
    ),
    (
        "The add-in checks five years of invoices in Excel, which no one could ever have done by hand.",
        "redefinition",
        "no one could ever have",
    ),
]

FOURTH_AUTHOR = [
    (
        "The machine log emails the technician whenever a centrifuge is due for its service.",
        "augmentation",
        "emails the technician whenever",
    ),
    (
        "Lab results are typed into the tablets rather than in their lab books.",
        "substitution",
        "rather than in their lab books",
    ),
    (
        "The carers plan the activities from what the family has added on the app.",
        "modification",
        "plan the activities from what",
    ),
]

TEAM_STYLE = [
    (
        "The chaplains visit the same wards as before, but they can check a bed list on their phones.",
        "augmentation",
        "but they can check",
    ),
    (
        "We dial into the client's weekly call through Teams instead of the desk phone. Same people, same agenda.",
        "substitution",
        "Same people, same agenda",
    ),
    (
        "Office hours are on Teams now: the others wait in the lobby just as they used to wait in the corridor.",
        "substitution",
        "just as they used to",
    ),
]

TEAM_STYLE_SECOND_AUTHOR = [
    (
        "Fluid charts are an Excel template now, but the HCA prints a blank one and fills it in with a biro.",
        "substitution",
        "prints a blank",
    ),
    (
        "Year 10 built a road-safety game in Scratch, and the council's road safety officers now use it in schools.",
        "redefinition",
        "council's road safety officers now use",
    ),
]

TEAM_STYLE_FOURTH_AUTHOR = [
    (
        "Referrals to the falls clinic arrive by email now instead of by fax, and the clerk copies each one out.",
        "substitution",
        "instead of by fax",
    ),
    (
        "I pick the reading group with a spinner app on the board instead of the old name cards in a tin.",
        "substitution",
        "instead of the old name",
    ),
    (
        "The bar staff log fridge temperatures on a tablet form, and the supervisor still copies them out by hand.",
        "substitution",
        "still copies them out by hand",
    ),
    (
        "Our minutes now live in a OneNote section that nobody else opens.",
        "substitution",
        "nobody else opens",
    ),
]


@pytest.mark.parametrize(
    ("text", "level", "cue"),
    [*PLAIN_WORDS, *FOURTH_AUTHOR, *TEAM_STYLE, *TEAM_STYLE_SECOND_AUTHOR, *TEAM_STYLE_FOURTH_AUTHOR],
)
def test_plain_word_cues(coach: Coach, text: str, level: str, cue: str) -> None:
    _, found = coach.samr_classifier.level_scores(text, coach.embedder.embed_one(text))
    assert found.get(level) == cue


def test_decide_matches_assess(coach: Coach) -> None:
    text = (
        "I set the same mental maths starter, but the answers come in on the screens and I know within a "
        "minute which sums tripped most of the class up."
    )
    level, confidence, found = coach.samr_classifier.decide(text, coach.embedder.embed_one(text))
    result = coach.samr(text)  # "screens" is enough to recognise the technology
    assert (result.level, result.confidence) == (level, confidence) == ("augmentation", result.confidence)
    assert found.get("augmentation") == "within a minute"
    assert 0.0 < confidence <= 1.0


def test_the_shipped_weights_were_trained_on_these_exemplars(embedder: Embedder) -> None:
    """A fresh install classifies without embedding 1,000+ exemplars first; regenerate the file with
    `python -m reflectai.samr` after editing any prompts/samr/exemplars*.jsonl."""
    from reflectai.samr import load_weights, shipped_weights_path, weights_stamp

    assert load_weights(shipped_weights_path(), weights_stamp(embedder.model_id)) is not None


def test_the_shipped_word_reading_was_trained_on_these_exemplars() -> None:
    from reflectai.samr import shipped_word_model_path, word_stamp
    from reflectai.wordbag import WordModel

    assert WordModel.load(shipped_word_model_path(), word_stamp()) is not None


def test_the_word_reading_learns_which_words_mark_a_level(tmp_path: Path) -> None:
    from reflectai.wordbag import WordModel, features

    assert features("The same Form, now typed") >= {"the", "same", "form", "now typed", "the same"}
    texts = [
        "the same quiz typed up",
        "the same form on screen",
        "pupils comment on each other's drafts",
        "groups edit each other's plans",
    ]
    levels = ["substitution", "substitution", "modification", "modification"]
    model = WordModel.train(texts, levels, ["substitution", "modification"])
    assert "the same" in model.vocabulary and "typed" not in model.vocabulary  # seen once: left out
    same, each = model.log_probabilities("the same worksheet"), model.log_probabilities("read each other's")
    assert same[0] > same[1] and each[1] > each[0]
    model.save(tmp_path / "words.npz", "stamp-1")
    loaded = WordModel.load(tmp_path / "words.npz", "stamp-1")
    assert loaded is not None and loaded.vocabulary == model.vocabulary
    assert WordModel.load(tmp_path / "words.npz", "stamp-2") is None  # trained on something else


def test_levels_read_once_are_remembered_without_the_words(tmp_path: Path, embedder: Embedder) -> None:
    from reflectai.config import Settings

    text = "We type the ward round notes into the tablet exactly as on paper. The call bells log each answer."
    first = Coach(Settings.load(env={}, home=tmp_path / "home"))
    first.__dict__["embedder"] = embedder
    readings = first.samr_classifier.read_uses(text)
    first.samr_classifier.remember_readings()
    [stored] = list((tmp_path / "home" / "cache").glob("samr-readings-*.json"))
    assert "ward round" not in stored.read_text() and "call bells" not in stored.read_text()

    class NoModel:
        model_id = embedder.model_id

        def embed(self, texts: list[str]) -> None:
            raise AssertionError("a remembered entry is not embedded again")

    second = Coach(Settings.load(env={}, home=tmp_path / "home"))
    second.__dict__["embedder"] = NoModel()
    assert second.samr_classifier.read_uses(text) == readings

    stored.write_text("{not json")  # a damaged file only costs reading again
    third = Coach(Settings.load(env={}, home=tmp_path / "home"))
    third.__dict__["embedder"] = embedder
    assert third.samr_classifier.read_uses(text) == readings

    pair = first.create_pair("Ward pair", "one_to_one", ["Ana", "Ben"])
    first.delete_pair(pair.id)
    assert not list((tmp_path / "home" / "cache").glob("samr-readings-*.json"))


def test_a_use_without_a_technology_word_is_assessed_only_when_the_reading_is_sure(coach: Coach) -> None:
    sure = coach.samr(
        "Each department lead now writes their own section of the one quarterly report, and the leads "
        "comment on each other's drafts before we meet."
    )
    assert sure.level == "modification"
    several = coach.samr_uses(  # what `reflectai samr` calls: the same answer
        "Each department lead now writes their own section of the one quarterly report, and the leads "
        "comment on each other's drafts before we meet."
    )
    assert [u.level for u in several] == ["modification"]
    for unrelated in (
        "Students now mark each other's essays with a rubric before handing them in.",
        "The ward sisters swapped the order of the handover so the night staff speak first.",
    ):
        with pytest.raises(InputError, match="no use of technology"):
            coach.samr(unrelated)


@pytest.mark.parametrize(
    "text",
    [
        # a product the lexicon does not know, told by what it holds
        "Children now remix each other's Scratch games in a shared studio and comment on each change.",
        # technology told by what it is rather than by brand, or by what only a machine does
        "The lunch menu is on the board now, and it greys out each dish once the kitchen has run out.",
        "The care home bed mats detect when a resident gets up at night and the night carer goes to them.",
        "I prescribe the same drugs on the same round; the e-prescribing warns me about recorded allergies.",
        "Our book sale still happens at the door, but we take cards on a small card reader now.",
        # kit named by what it is, and products named in CamelCase
        "In DT the keyring is the same project, but the acrylic is cut on the laser cutter, not with a saw.",
        "The Year 9 pupils now follow the live GPS tracks of two tagged seals and predict where they go.",
        "Closing time is a recorded announcement over the PA now, with the same words as the old bell round.",
        "Year 8 compose the same four-part piece, only in GarageBand, and can loop the bass line as they go.",
    ],
)
def test_technology_named_without_the_lexicon_is_assessed_not_refused(coach: Coach, text: str) -> None:
    assert coach.samr(text).level in LEVELS


@pytest.mark.parametrize(
    "text",
    [
        "We moved our staff meeting to a café in Leeds, so more people came.",
        "Our choir now rehearses in Manchester on Thursdays, which suits the commuters.",
    ],
)
def test_a_place_name_is_not_taken_for_a_product(coach: Coach, text: str) -> None:
    with pytest.raises(InputError, match="no use of technology"):
        coach.samr(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nearpod has come up at the last two staff briefings.",
        "All the ward clerks have been told to use the new discharge app from Monday.",
        "The librarians are really positive about the new self-issue kiosks.",
    ],
)
def test_talk_orders_and_feelings_about_a_tool_tell_no_use(coach: Coach, text: str) -> None:
    assert coach.samr(text).level == "unclear"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        (
            "It was only a shared spreadsheet. What made it different was that parents across the county "
            "added their own walking routes to it, and the council now uses it to plan safe crossings.",
            "redefinition",
        ),
        (
            "We were told the tablets would transform the ward round. In practice the consultant reads the "
            "same notes on a screen that she used to read on paper, and nothing else has changed.",
            "substitution",
        ),
        (
            "Our director describes the new rota app as a game changer. Each nurse types in the same "
            "shift preferences they used to write on the paper sheet, and the ward manager still builds "
            "the rota by hand.",
            "substitution",
        ),
    ],
)
def test_the_level_is_read_from_where_the_text_turns_to_what_happened(
    coach: Coach, text: str, level: str
) -> None:
    assert coach.samr(text).level == level
    # `reflectai samr` reads the framing and the turn as one use, not two
    assert [use.level for use in coach.samr_uses(text)] == [level]


def test_sameness_is_a_substitution_cue_unless_a_gain_follows(coach: Coach) -> None:
    same = coach.samr(
        "Honestly the weekly minutes are identical. I just paste them into the team channel where I used "
        "to email them round."
    )
    assert "identical" in same.evidence_spans
    gained = coach.samr(
        "The library PCs now send jobs to a release station: people print the same way, but they only pay "
        "for the pages they collect."
    )
    assert "same way" not in gained.evidence_spans


def test_an_unchanged_task_with_a_gain_and_an_old_habit_kept_are_cues() -> None:
    from reflectai.samr import _CUES, _kept_but_gained

    assert _kept_but_gained("The reading room rules are unchanged, but readers can now photograph pages.")
    assert _kept_but_gained(
        "The practical ran as usual, but the microscope camera sent the image to the board."
    )
    assert not _kept_but_gained("The practical ran as usual, but the pupils still drew the cells by hand.")
    for kept in (
        "I just open it each morning the way I used to open the diary.",
        "The only change is that the due time is printed on a receipt.",
        "I don't share it or set reminders.",
    ):
        assert _CUES["substitution"].search(kept)


@pytest.mark.parametrize(
    ("level", "text"),
    [
        ("unclear", "Year 10 are on Quizizz a lot this term."),
        ("unclear", "Patrons keep asking us about e-audiobooks."),
        ("unclear", "The CEO sent round a memo about digital-first working."),
        ("redefinition", "Orders from customers they'll never meet decide which designs they reprint."),
        ("redefinition", "Readers in countries we never shipped to now order the e-books every week."),
        ("modification", "Patients spend the first group session teaching the key points to each other."),
        ("modification", "Each group adds a placemark and leaves a question the next group has to answer."),
        (
            "augmentation",
            "The booking site prints a label the driver scans, so we can see when it was signed for.",
        ),
        ("augmentation", "The task is the same, but they can move paragraphs around when they redraft."),
    ],
)
def test_cues_for_talk_without_a_task_for_reach_and_for_work_passed_between_people(
    level: str, text: str
) -> None:
    from reflectai.samr import _CUES, _NO_USE_TOLD

    assert (_NO_USE_TOLD if level == "unclear" else _CUES[level]).search(text)


def test_the_channel_the_coaching_runs_on_is_not_a_use(coach: Coach) -> None:
    text = (
        "First Zoom session with Aoife; she is at the city campus library. "
        "Her reading lists are Word files that she emails to module leaders. "
        "Kwame and I agreed to coach each other over Teams, since our schools are far apart."
    )
    uses = [r.text for r in coach.samr_classifier.read_uses(text)]
    assert uses == ["Her reading lists are Word files that she emails to module leaders."]
    openings = (
        "Did this one on Teams as Priya is on nights. Short one on Zoom today. Teams call, Megan is in Leeds. "
        "Helen's turn, on Teams as she was at Medical. Coffee in the staff room, or Teams if someone's away. "
        "Done on Teams because Gareth couldn't get in with the flooding."
    )
    assert coach.samr_classifier.read_uses(openings) == []
    # the same tools used with the people the work is for are uses
    served = "Students talk to a partner school on Teams. Our weekly Zoom call with the parents replaced the newsletter."
    assert len(coach.samr_classifier.read_uses(served)) == 2


def test_a_contrast_that_keeps_things_the_same_and_a_gain_switched_off(coach: Coach) -> None:
    kept = coach.samr(
        "Ms Hart has moved her weekly quiz to Google Forms, but she has switched off the automatic marking "
        "and grades each response herself, exactly as she marked the paper sheets."
    )
    assert kept.level == "substitution"
    assert not any("automatic" in span for span in kept.evidence_spans)  # said not to apply
    assert any(span.startswith("exactly as") for span in kept.evidence_spans)


def test_each_further_cue_of_a_level_counts_up_to_a_limit(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reflectai.samr as samr

    text = "The reports are typed on the laptop: exactly the same layout as usual, and nothing else about them has changed."
    vector = coach.embedder.embed_one(text)
    counted, _ = coach.samr_classifier.level_scores(text, vector)
    monkeypatch.setattr(samr, "MAX_CUES_COUNTED", 1)
    once, _ = coach.samr_classifier.level_scores(text, vector)
    # a cue tilts both readings (the embedding's and the words'), as it tilted one
    tilt = 1 + samr.WORD_WEIGHT
    assert counted["substitution"] - once["substitution"] == pytest.approx(2 * tilt * samr.CUE_WEIGHT)


def test_talk_about_a_tool_with_no_use_leans_unclear(coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    import reflectai.samr as samr

    text = "Our manager keeps telling us to use the shared drive more, and I'm thinking about trying it for the rota."
    assert coach.samr(text).level == "unclear"
    monkeypatch.setattr(samr, "_NO_USE_TOLD", re.compile(r"(?!x)x"))
    assert coach.samr(text).level != "unclear"  # without the cue the classifier reads a use


def test_more_of_the_same_after_but_is_no_gain() -> None:
    from reflectai.samr import _kept_but_gained

    assert _kept_but_gained("Staff still shelve by hand, but the wand beeps at a book in the wrong place.")
    assert _kept_but_gained("It is on Forms now, but she still marks every answer by hand.") is None


def test_praise_with_no_task_in_it_is_unclear(coach: Coach) -> None:
    assert coach.samr("Mentimeter has been a game changer for my form group!").level == "unclear"
