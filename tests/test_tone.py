from __future__ import annotations

import pytest

from reflectai.coach import Coach
from reflectai.embeddings import Embedder
from reflectai.errors import InputError
from reflectai.tone.checker import split_utterances
from reflectai.tone.rewrite import open_rewrite, topic_of


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("So you moved the files. What happened next?", "open_question"),
        ("Can you tell me more about the first week with the scanners?", "open_question"),
        ("Tell me about Monday's ward round.", "open_question"),
        ("um so how did that go for you", "open_question"),
        ("Did the Year 9s log in on their own?", "closed_question"),
        ("How many patrons used the self-checkout?", "closed_question"),
        ("Have you considered switching to Padlet?", "directive"),
        ("Wouldn't it be easier to just use a shared calendar?", "directive"),
        ("Set a deadline.", "directive"),
        ("I suggest you mute the channel after six.", "directive"),
        ("If I were you I'd book the tablet cart for every lesson.", "directive"),
        ("You should set a deadline. What do you think?", "directive"),
        ("It sounds like the new rota took more out of you than you expected.", "reflection"),
        ("You're proud that the team kept going.", "reflection"),
        ("You feel you ought to be further along by now.", "reflection"),
        ("Thanks for making time today.", "other"),
        ("You're doing a great job, honestly.", "other"),
        ("WHAT WOULD MAKE NEXT WEEK FEEL MORE MANAGEABLE", "open_question"),
        ("What went well 🙂", "open_question"),
    ],
)
def test_labels_hard_cases(coach: Coach, text: str, label: str) -> None:
    assert coach.tone.label(text).label == label


def test_every_label_has_a_cue_and_confidence(coach: Coach) -> None:
    for utterance in coach.tone.label_turns(["How did it go?", "Try again tomorrow."]):
        assert utterance.cue and 0.0 < utterance.confidence <= 1.0


def test_split_keeps_a_reflection_with_its_question_and_advice_apart() -> None:
    text = "Hi Sam, thanks for coming. So you moved the files. What happened next? You should email IT."
    assert split_utterances(text) == [
        "Hi Sam, thanks for coming.",
        "So you moved the files. What happened next?",
        "You should email IT.",
    ]


def test_analyse_summarises(coach: Coach) -> None:
    report = coach.check_tone(
        "It sounds like a long week.\nWhat felt hardest?\nDid it help?\nYou should take a break."
    )
    assert [u.label for u in report.utterances] == [
        "reflection",
        "open_question",
        "closed_question",
        "directive",
    ]
    assert report.summary.open_question_share == 0.5
    assert report.summary.reflection_to_question_ratio == 0.5
    assert report.summary.directive_count == 1 and report.non_directive is False


def test_suggestions_keep_the_topic_and_are_open(coach: Coach) -> None:
    report = coach.check_tone(
        "You should set a deadline.\nHave you considered switching to Padlet?\nDid you try the rota tool?",
        suggest=True,
    )
    suggestions = [u.suggestion for u in report.utterances]
    assert suggestions[0] == "What timeline would feel realistic to you?"
    assert suggestions[1] is not None and "Padlet" in suggestions[1]
    assert suggestions[2] is not None and "rota tool" in suggestions[2]
    for suggestion in suggestions:
        assert suggestion is not None and coach.tone.label(suggestion).label == "open_question"


def test_topic_extraction() -> None:
    assert topic_of("You should set a deadline.") == "a deadline"
    assert topic_of("Have you considered switching to the new rota tool?") == "the new rota tool"
    assert open_rewrite("Make sure my slides are ready", "directive").endswith("your slides are ready?")


def test_guard_keeps_only_open_questions(coach: Coach) -> None:
    kept, rejected = coach.tone.guard(
        ["What would help most this week?", "Why don't you ask IT?", "Is it working?"]
    )
    assert kept == ["What would help most this week?"]
    assert [u.label for u in rejected] == ["directive", "closed_question"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("a" * 1_000_001, "too long"),
        ("¿Qué es lo que más te preocupa de la nueva plataforma esta semana?", "English"),
        ("このツールは難しいと感じています", "English"),
    ],
)
def test_bad_input(coach: Coach, text: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        coach.check_tone(text)


def test_no_punctuation_and_all_caps_still_label(coach: Coach) -> None:
    report = coach.check_tone("how did the first session go what surprised you")
    assert report.utterances and report.utterances[0].label == "open_question"
    shouted = coach.check_tone("YOU NEED TO CALL IT SUPPORT NOW")
    assert shouted.utterances[0].label == "directive"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("What a week it's been, honestly.", "other"),
        ("Who doesn't love a spreadsheet?", "other"),
        ("How the upgrade will go, nobody can say yet.", "other"),
        ("Where do you think the resistance is coming from?", "open_question"),
        ("Isn't it time you asked for protected training time?", "directive"),
        ("Can I suggest something here?", "closed_question"),
        ("Which did you use in the end, Kahoot or Quizizz?", "closed_question"),
    ],
)
def test_question_words_do_not_make_a_question(coach: Coach, text: str, label: str) -> None:
    assert coach.tone.label(text).label == label


def test_the_shipped_classifier_was_trained_on_these_exemplars(embedder: Embedder) -> None:
    """Regenerate with `python -m reflectai.tone.classifier` after editing prompts/tone/exemplars*."""
    from reflectai.tone.classifier import ToneClassifier, fingerprint, shipped_weights_path

    assert ToneClassifier.load(shipped_weights_path(), fingerprint(embedder.model_id)) is not None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("So the students liked it more than you expected?", "reflection"),
        ("So the regulars miss browsing the shelves?", "reflection"),
        ("So the new rota, did it help?", "closed_question"),  # asks in question order after the comma
        ("So how did the students take it?", "open_question"),
        ("So is the scanner working now?", "closed_question"),
    ],
)
def test_a_summary_with_a_rising_tone_is_a_reflection(coach: Coach, text: str, label: str) -> None:
    assert coach.tone.label(text).label == label


THIRD_AUTHOR = [
    ("Who decides which software the school buys?", "closed_question"),
    ("When's your next shift with the new handheld devices?", "closed_question"),
    ("When you tried the voice notes, did they transcribe properly?", "closed_question"),
    ("When you tried the voice notes, what happened?", "open_question"),
    ("Anything else on that?", "closed_question"),
    ("Which part would you rather look at first, the reports or the reminders?", "closed_question"),
    ("What are the residents saying about the new schedule, good or bad?", "open_question"),
    ("So the pilot's finished. Where does that leave you?", "open_question"),
    ("Where is the charger kept?", "closed_question"),
    ("Can I suggest you keep a log of the times it freezes?", "directive"),
    ("Can I suggest something?", "closed_question"),
    ("Is there any reason you can't just delegate the data entry?", "directive"),
    ("You'll want to check the consent forms are uploaded before the audit.", "directive"),
    ("Have a word with the caretaker about the Wi-Fi in the hall.", "directive"),
    ("I'd be interested to hear what the other librarians thought.", "open_question"),
    ("Carry on, I'd like to hear how the meeting ended up.", "open_question"),
    ("Share with me what you've noticed about the students who are struggling.", "open_question"),
    ("Let me just find a pen.", "other"),
    ("You'd hoped it would free up time for the patients, and so far it hasn't?", "reflection"),
]

FIFTH_AUTHOR = [
    ("So you love the idea, but the wifi in the east wing lets it down?", "reflection"),
    ("So the kiosk's fine for the younger ones, but the older borrowers avoid it?", "reflection"),
    ("So you've done two shifts on the new system?", "closed_question"),  # no two sides: it checks
    ("How did it go - better or worse than last time?", "closed_question"),
    ("When you say it's slow, how many seconds are we talking?", "closed_question"),
    ("Tell me, did the kiosk take the card in the end?", "closed_question"),
    ("Tell me about the kiosk.", "open_question"),
    ("Looking back, what did you learn that you'd want to keep?", "open_question"),
    ("You'd want to back that spreadsheet up first.", "directive"),
    ("Give me a sec, Teams is being weird.", "other"),
    ("Give me the login details.", "directive"),
    ("hmm, whats your sense of why nobody's using the Planner board?", "open_question"),
]

TEAM_STYLE = [
    (
        "What's bothering you is what a Turnitin flag does to your relationship with a student.",
        "reflection",
    ),
    ("What's bothering you about the flag?", "open_question"),
    ("What you need to do is ring the supplier.", "directive"),
    ("Can I make a suggestion? Show the directors one chart, not ten.", "directive"),
    ("I know you're shattered. Still, get the incident form in before you go home tonight.", "directive"),
    ("what if the HCAs entered the obs and you just reviewed the scores", "directive"),
    ("Yeah. And where does that leave you?", "open_question"),
]

TEAM_STYLE_SECOND_AUTHOR = [
    ("What age group is the Libby session aimed at?", "closed_question"),
    ("What's the extension for the digital nursing team?", "closed_question"),
    (
        "Which did the students prefer in the end: the live quiz or the recorded walkthrough?",
        "closed_question",
    ),
    ("Is there anything that's helped at all?", "closed_question"),
    ("So the real question for you is whether to keep going or call it a day.", "reflection"),
]

TEAM_STYLE_THIRD_AUTHOR = [
    ("Would you say the new rota is fairer?", "closed_question"),
    ("Would you say a bit more about that?", "open_question"),
    ("What's it called, the app the pharmacists use?", "closed_question"),
    ("Next time, though, send the agenda out the day before.", "directive"),
    ("Before the next session, draft two options for the rota.", "directive"),
    ("Provide a printed copy for anyone without a laptop.", "directive"),
    ("Couldn't the night team do the stock check instead?", "directive"),
    ("Keeping the old spreadsheet going matters a lot to you.", "reflection"),
    ("The printer jamming every morning is driving you up the wall.", "reflection"),
    ("Handing the class over feels like losing something.", "reflection"),
    ("It sounds like the team has already made up its mind.", "reflection"),
    ("You're a natural with the new till, honestly.", "other"),
    ("You've got this.", "other"),
    ("That's a terrific result for a first term.", "other"),
    ("What's the page limit on the portfolio?", "closed_question"),
    ("Give me the rundown of how a referral reaches you now.", "open_question"),
    ("For the next cohort, send the joining video a week earlier.", "directive"),
    ("Mm, yeah, fair point.", "other"),
    ("No worries at all.", "other"),
    ("Huge credit to you for sticking with the new rota.", "other"),
]


@pytest.mark.parametrize(
    ("text", "label"),
    [*THIRD_AUTHOR, *FIFTH_AUTHOR, *TEAM_STYLE, *TEAM_STYLE_SECOND_AUTHOR, *TEAM_STYLE_THIRD_AUTHOR],
)
def test_question_forms_as_each_author_labelled_them(coach: Coach, text: str, label: str) -> None:
    assert coach.tone.label(text).label == label


@pytest.mark.parametrize(
    "text",
    [
        "What did the quiz score come out at?",
        "Where would the new noticeboard go — in the foyer?",
        "The feedback forms from parents' evening — were they mostly fives?",
        "Who took over the handover after you left?",
        "How did you rate the training session out of ten?",
        "Would you mind telling me how many extra shifts you've picked up this month?",
    ],
)
def test_closed_questions_that_look_open(coach: Coach, text: str) -> None:
    assert coach.tone.label(text).label == "closed_question"


def test_a_feeling_reported_is_not_advice() -> None:
    from reflectai.tone.rules import cues

    said = (
        "so slack has cut down the email, but now you feel you have to reply the instant anything comes in."
    )
    assert not any(c.label == "directive" for c in cues(said, False))
    assert any(
        c.label == "directive" for c in cues("so now you have to reply the instant it comes in.", False)
    )
