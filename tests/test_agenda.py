"""The coach's agenda and the impact story, on small histories written for these tests."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import entries_of, goal_after, run_cli
from reflectai.coach import Coach
from reflectai.config import Settings
from reflectai.embeddings import Embedder
from reflectai.errors import InputError
from reflectai.models import Agenda, Entry, Finding
from reflectai.review.agenda import DIP_NOTE, MAX_MINUTES, MIN_MINUTES, templates, timeboxes
from reflectai.samr import UseReading


@pytest.fixture()
def home_coach(tmp_path: Path, embedder: Embedder, coach: Coach) -> Iterator[Coach]:
    instance = Coach(Settings.load(env={}, home=tmp_path / "agenda-home"))
    instance.__dict__["embedder"] = embedder
    instance.__dict__["tone"] = coach.tone
    instance.__dict__["samr_classifier"] = coach.samr_classifier
    yield instance
    instance.journal.close()


def _pair(
    coach: Coach,
    entries: list[tuple[str, str, str, str]],
    members: tuple[str, ...] = ("Mina Patel", "Joe Hart"),
    model: str = "one_to_one",
) -> str:
    pair = coach.create_pair("Library pair " + str(len(entries)), model, members)  # type: ignore[arg-type]
    for day, kind, author, text in entries:
        coach.add_entry(pair.id, text, kind=kind, author=author, on=day)  # type: ignore[arg-type]
    return pair.id


LIBRARY = [
    (
        "2026-09-01",
        "goal",
        "Mina Patel",
        "My goal: by the end of October every Year 7 tutor group will have booked and run one research lesson "
        "with the new catalogue search on the library laptops. Right now I print the catalogue lists as PDFs.",
    ),
    (
        "2026-09-04",
        "session_note",
        "Joe Hart",
        "First session with Mina. She is unsure whether the laptops can reach the catalogue from the science "
        "block. Mina said next week I will write a one-page search guide for tutors.",
    ),
    (
        "2026-09-15",
        "reflection",
        "Mina Patel",
        "I wrote the one-page search guide and three tutors used it. Two lessons were chaotic because logins "
        "failed, and honestly I am tempted to go back to the printed lists. It feels slower than before.",
    ),
    (
        "2026-10-02",
        "reflection",
        "Mina Patel",
        "Logins work now. Students compare search results in pairs and post their best sources to a shared "
        "Padlet wall that other classes comment on.",
    ),
    (
        "2026-10-30",
        "reflection",
        "Mina Patel",
        "All nine tutor groups have now run their research lesson with the catalogue search. I'd call my goal "
        "done, and I'm curious what Year 8 could do with it.",
    ),
]


def test_time_boxes_add_up_and_bad_lengths_are_refused() -> None:
    for minutes in (MIN_MINUTES, 17, 30, 45, 91, MAX_MINUTES):
        boxes = timeboxes(minutes)
        assert sum(boxes) == minutes and len(boxes) == 6 and min(boxes) >= 1
    for minutes in (MIN_MINUTES - 1, MAX_MINUTES + 1, 0, -5):
        with pytest.raises(InputError, match="minutes"):
            timeboxes(minutes)


def _questions(agenda: Agenda) -> list[str]:
    return [q.text for s in agenda.sections for q in s.questions]


def test_first_session_agenda_for_a_pair_without_entries(home_coach: Coach) -> None:
    pair = home_coach.create_pair("New pair", "one_to_one", ["Ana Lima", "Ben Cole"])
    agenda = home_coach.agenda(pair.id, minutes=30)
    assert [s.key for s in agenda.sections] == [
        "check_in",
        "goal_review",
        "reality",
        "options",
        "commitments",
        "coaching",
    ]
    assert sum(s.minutes for s in agenda.sections) == 30
    assert agenda.findings == [] and any("first-session" in n for n in agenda.notices)
    assert all(1 <= len(s.questions) <= 3 for s in agenda.sections)
    labels = {u.label for u in home_coach.tone.label_turns(_questions(agenda))}
    assert labels == {"open_question"}


def test_agenda_surfaces_goal_commitment_dip_samr_and_cites_entries(home_coach: Coach) -> None:
    pair = _pair(home_coach, LIBRARY)
    agenda = home_coach.agenda(pair, minutes=45)
    entry_ids = {e.id: e.date for e in home_coach.journal.entries(pair)}
    kinds = {f.kind: f for f in agenda.findings}

    goal = kinds["goal"]
    assert goal.status == "met" and goal.sources[-1].date == "2026-10-30"
    commitment = kinds["commitment"]
    assert "search guide" in commitment.summary and commitment.status == "followed_up"
    assert [s.date for s in commitment.sources] == ["2026-09-04", "2026-09-15"]
    dip = kinds["dip"]
    assert "2026-09-15" in [s.date for s in dip.sources]
    reality = next(s for s in agenda.sections if s.key == "reality")
    assert DIP_NOTE in reality.notes
    # every source points at a real entry of this pair, with its date
    for finding in agenda.findings:
        for source in finding.sources:
            assert entry_ids[source.entry_id] == source.date
    # the goal question quotes the coachee's own goal and cites the entry it rests on
    goal_review = next(s for s in agenda.sections if s.key == "goal_review")
    assert any("research lesson" in q.text and q.sources for q in goal_review.questions)
    assert {u.label for u in home_coach.tone.label_turns(_questions(agenda))} == {"open_question"}
    assert not any(
        u.label == "directive" for s in agenda.sections for u in home_coach.tone.label_turns(s.notes)
    )


def test_open_goal_and_unfollowed_topic(home_coach: Coach) -> None:
    entries = LIBRARY[:3] + [
        (
            "2026-10-02",
            "reflection",
            "Mina Patel",
            "Only four of the nine tutor groups have run their lesson so far, and the rest are still waiting for "
            "laptops. The printed lists are still in use in most classes.",
        ),
        (
            "2026-10-09",
            "session_note",
            "Joe Hart",
            "Mina spoke about the laptop booking sheet and the search guide. We looked at the booking sheet together.",
        ),
    ]
    pair = _pair(home_coach, entries)
    agenda = home_coach.agenda(pair)
    goal = next(f for f in agenda.findings if f.kind == "goal")
    assert goal.status == "in_progress"
    topics = [f for f in agenda.findings if f.kind == "unfollowed_topic"]
    assert any("science block" in f.summary and f.sources[0].date == "2026-09-04" for f in topics)


def test_a_topic_taken_up_later_is_not_unfollowed(home_coach: Coach) -> None:
    entries = LIBRARY[:2] + [
        (
            "2026-09-15",
            "reflection",
            "Mina Patel",
            "I checked, and the laptops can reach the catalogue from the science block after all.",
        ),
        ("2026-09-20", "reflection", "Mina Patel", "Two tutors booked lessons for next week."),
    ]
    agenda = home_coach.agenda(_pair(home_coach, entries))
    assert not any("science block" in f.summary for f in agenda.findings if f.kind == "unfollowed_topic")


def test_samr_movement_is_reported_with_its_entries(home_coach: Coach) -> None:
    entries = [
        (
            "2026-09-01",
            "reflection",
            "Mina Patel",
            "I scanned the worksheet and uploaded it as a PDF to Google Classroom instead of handing out paper. "
            "The students do exactly the same task as before.",
        ),
        (
            "2026-09-20",
            "reflection",
            "Mina Patel",
            "The groups now co-edit one Google Doc at the same time and comment on each other's paragraphs, "
            "so the whole drafting process has been redesigned around peer feedback.",
        ),
        (
            "2026-10-10",
            "reflection",
            "Mina Patel",
            "Our class now writes with a partner class in Kenya over video calls, publishing a shared e-book "
            "for a real audience, something we could never have done before.",
        ),
    ]
    agenda = home_coach.agenda(_pair(home_coach, entries))
    samr = next(f for f in agenda.findings if f.kind == "samr_change")
    assert samr.summary.index("substitution") < samr.summary.rindex("redefinition")
    assert {s.date for s in samr.sources} >= {"2026-09-01", "2026-10-10"}


def test_every_question_template_filled_in_is_an_open_question(coach: Coach) -> None:
    slots = {
        "date": "3 March",
        "goal": "every student will have published two poems on the class blog",
        "topic": "whether parents can see these documents at home",
        "commitment": "write a one-page search guide for tutors",
        "tool": "Padlet",
    }
    filled = []
    for template in templates():
        text = template.text
        for name, value in slots.items():
            text = text.replace("{" + name + "}", value)
        filled.append(text)
    labels = coach.tone.label_turns(filled)
    assert [(t, u.label) for t, u in zip(filled, labels, strict=True) if u.label != "open_question"] == []


def test_questions_are_checked_only_while_they_could_be_chosen(
    home_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking candidates lazily gives the agenda that checking every one would, with fewer checked."""
    pair = _pair(
        home_coach, LIBRARY + [("2026-11-02", "reflection", "Mina Patel", "I also wonder about e-books.")]
    )
    asked = ["What has been on your mind since we last met?"]
    home_coach.journal.record_questions(pair, None, [(None, q) for q in asked])
    builder = home_coach.agenda_builder
    checked: list[int] = []
    fresh_and_open = builder.fresh_and_open

    def counted(texts: list[str], asked: list[str]) -> list[int]:
        checked.append(len(texts))
        return fresh_and_open(texts, asked)

    monkeypatch.setattr(builder, "fresh_and_open", counted)
    lazy = home_coach.agenda(pair)
    lazily_checked = sum(checked)

    def check_all(candidates: list[Any], asked: list[str]) -> list[Any]:
        kept, seen = [], set()
        for i in counted([c.text for c in candidates], asked):
            if (candidates[i].section, candidates[i].template) not in seen:
                seen.add((candidates[i].section, candidates[i].template))
                kept.append(candidates[i])
        return kept

    checked.clear()
    monkeypatch.setattr(builder, "_guard", check_all)
    assert home_coach.agenda(pair).model_dump() == lazy.model_dump()
    assert lazily_checked < sum(checked)
    assert asked[0] not in [q.text for s in lazy.sections for q in s.questions]


def test_questions_asked_last_session_are_not_asked_again(home_coach: Coach) -> None:
    pair = _pair(home_coach, LIBRARY)
    first = home_coach.agenda(pair, record=True)
    second = home_coach.agenda(pair)
    asked = {q.lower() for q in _questions(first)}
    assert not asked & {q.lower() for q in _questions(second)}
    # and near-repeats are caught too: the embedding similarity to last session's questions stays low
    vectors = home_coach.embedder.embed(_questions(second) + _questions(first))
    n = len(_questions(second))
    assert float((vectors[:n] @ vectors[n:].T).max()) < 0.85


def test_whose_turn_in_a_group(home_coach: Coach) -> None:
    members = ("Ada Wong", "Bea Nunez", "Cal Price", "Dee Shah")
    entries = [
        (
            "2026-09-01",
            "session_note",
            "Ada Wong",
            "First group session. Today I coached Bea on the rota app.",
        ),
        ("2026-09-15", "session_note", "Bea Nunez", "Second session: I coached Cal and Dee kept the time."),
        (
            "2026-09-29",
            "session_note",
            "Cal Price",
            "Third session: Dee was coached by me about Teams channels.",
        ),
    ]
    agenda = home_coach.agenda(_pair(home_coach, entries, members, "group"))
    assert agenda.coachee == "Ada Wong"  # the only member not coached yet
    turn = next(f for f in agenda.findings if f.kind == "turn")
    assert [s.date for s in turn.sources] == ["2026-09-01", "2026-09-15", "2026-09-29"]
    entries.append(("2026-10-13", "session_note", "Dee Shah", "Fourth session: I coached Ada."))
    agenda = home_coach.agenda(_pair(home_coach, entries, members, "group"))
    assert agenda.coachee == "Bea Nunez"  # everyone has had a turn: Bea waited longest


def test_a_later_agenda_needs_no_model_and_deleting_the_pair_forgets(
    tmp_path: Path, embedder: Embedder
) -> None:
    settings = Settings.load(env={}, home=tmp_path / "remembering")
    first_coach = Coach(settings)
    first_coach.__dict__["embedder"] = embedder
    pair = _pair(first_coach, LIBRARY)
    first = first_coach.agenda(pair)
    cache = settings.path("cache")
    assert list(cache.glob("remembered-vectors-*.npz")) and list(cache.glob("samr-readings-*.json"))

    class NoModel:
        model_id = embedder.model_id

        def preload(self) -> None:
            pass

        def embed(self, texts: list[str]) -> None:
            raise AssertionError("questions, notes and SAMR levels already read are not embedded again")

    later = Coach(settings)
    later.__dict__["embedder"] = NoModel()
    assert later.agenda(pair).model_dump() == first.model_dump()
    later.journal.close()

    first_coach.delete_pair(pair)
    assert not list(cache.glob("remembered-vectors-*.npz")) and not list(cache.glob("samr-readings-*.json"))
    first_coach.journal.close()


def test_a_thousand_entries_are_read_in_a_bounded_window(home_coach: Coach) -> None:
    pair = home_coach.create_pair("Busy pair", "one_to_one", ["Mina Patel", "Joe Hart"])
    with home_coach.journal.transaction() as db:
        for i in range(1000):
            db.execute(
                "INSERT INTO entries (uid, pair_id, kind, author, date, text, tags, created_at, indexed) "
                "VALUES (?, ?, 'reflection', 'Mina Patel', ?, ?, '[]', '2026-01-01', 0)",
                (
                    f"u{i}",
                    pair.id,
                    f"2026-{1 + i // 100:02d}-{1 + i % 28:02d}",
                    f"Week {i}: the catalogue search lesson went fine with group {i % 9}.",
                ),
            )
    start = time.perf_counter()
    agenda = home_coach.agenda(pair.id)
    assert time.perf_counter() - start < 30  # a loose guard; the 2 s target is measured in benchmarks/
    assert agenda.entries_read == 60 and any("1000 entries" in n for n in agenda.notices)


def test_story_before_and_after_with_sources(home_coach: Coach) -> None:
    pair = _pair(home_coach, LIBRARY)
    story = home_coach.story(pair)
    assert story.before[0].source.date == "2026-09-01" and story.after[-1].source.date == "2026-10-30"
    assert "Mina and Joe kept 5 journal entries" in story.summary
    assert "1 of the 1 goal they set was met" in story.summary
    assert story.goals[0].status == "met"
    assert not any(u.label == "directive" for u in home_coach.tone.label_turns([story.summary]))
    assert story.questions and {u.label for u in home_coach.tone.label_turns(story.questions)} == {
        "open_question"
    }


def test_story_of_a_pair_without_entries_is_a_clear_error(home_coach: Coach) -> None:
    pair = home_coach.create_pair("Empty pair", "one_to_one", [])
    with pytest.raises(InputError, match="no entries yet"):
        home_coach.story(pair.id)


def test_cli_agenda_and_story(tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    created = run_cli(
        "pair", "create", "CLI pair", "--members", "Mina Patel", "--members", "Joe Hart", "--json", home=home
    )
    assert created.returncode == 0 and json.loads(created.stdout)["members"] == ["Mina Patel", "Joe Hart"]
    for day, kind, author, text in LIBRARY:
        added = run_cli(
            "journal",
            "add",
            "-p",
            "cli-pair",
            "--kind",
            kind,
            "--author",
            author,
            "--date",
            day,
            text,
            home=home,
        )
        assert added.returncode == 0, added.stderr
    md = run_cli("agenda", "-p", "cli-pair", "--minutes", "20", home=home)
    assert md.returncode == 0 and "## 00–02 min · Check-in" in md.stdout
    data = json.loads(run_cli("agenda", "-p", "cli-pair", "--json", home=home).stdout)
    assert sum(s["minutes"] for s in data["sections"]) == 30
    # the command leaves without the interpreter's teardown: what it recorded and remembered is on disk
    recorded = json.loads(run_cli("agenda", "-p", "cli-pair", "--json", "--record", home=home).stdout)
    asked = [q["text"] for s in recorded["sections"] for q in s["questions"]]
    stored = [text for _, text in Coach(home=home).journal.recent_questions("cli-pair", 100)]
    assert sorted(stored) == sorted(asked)
    assert list((home / "cache").glob("remembered-vectors-agenda.npz"))
    bad = run_cli("agenda", "-p", "cli-pair", "--minutes", "200", home=home)
    assert bad.returncode != 0 and bad.stderr.count("\n") == 1 and "10–180" in bad.stderr
    story = run_cli("story", "-p", "cli-pair", home=home)
    assert story.returncode == 0 and "## Before" in story.stdout and "2026-09-01" in story.stdout


@pytest.mark.parametrize(
    ("goal", "update", "verdict"),
    [
        (
            "At least 80% of my patients log a reading each month.",
            "This month 118 of 160 patients did.",
            "in_progress",
        ),
        ("Get 90% of homework in on time by spring.", "412 were due and 379 of 412 came in on time.", "met"),
        (
            "Students under 40% on the baseline average at least 55%.",
            "They now average 52% on the section.",
            "in_progress",
        ),
        ("Keep the backlog below 50 open tickets.", "We finished the month with 71 open.", "in_progress"),
        ("Cut printing by 30% on last quarter.", "We printed 12,100 pages, down from 18,400.", None),
        ("Keep the backlog below 50 open tickets.", "It is better than before.", None),
        # a share in words is a percentage to reach
        ("At least eight of every ten new patients leave with the app.", "26 of 30 did.", "met"),
        ("Nine in ten referrals arrive online.", "January: 84% online, 16% paper.", "in_progress"),
        ("At least 1,500 of 2,000 members renew online.", "We reached 80% this year.", "met"),
        # a goal for everyone is met only when the count is complete
        ("Every student in 9M2 prints two versions.", "21 of 26 students have printed two.", "in_progress"),
        ("Every student in 9M2 prints two versions.", "26 of 26 have printed two.", "met"),
        # counts written as people write them
        (
            "50% of repeat requests come through the app.",
            "Q4 closed with 1,940 online requests out of 3,700.",
            "met",
        ),
        (
            "At least 80% of the group attend by week 8.",
            "The register shows 31 of her 36 students present.",
            "met",
        ),
        (
            "All 28 children submit their logs on Seesaw.",
            "Nineteen of the 28 are submitting now.",
            "in_progress",
        ),
        (
            "At least half of my day patients do the questionnaire.",
            "52 patients, 31 of 52 did it first.",
            "met",
        ),
        # where 'to' points
        ("Reduce sickness absence from 6% to 4.5%.", "The year-end figure is 4.8%.", "in_progress"),
        ("Bring the activation rate up to 70% by June.", "The June figure: 66%.", "in_progress"),
        # an amount of time
        (
            "Get first response under two hours by Q1.",
            "Q1 closed at 1 hour 47 minutes, March alone 1 hour 20.",
            "met",
        ),
        (
            "Get first response under two hours by Q1.",
            "January's average was 3 hours 10 minutes.",
            "in_progress",
        ),
        ("Reduce time-to-hire from 45 days to 30 days.", "The report puts time-to-hire at 28 days.", "met"),
        (
            "Handover down to 30 minutes or less.",
            "Over the past two weeks the longest was 29 minutes.",
            "met",
        ),
        ("All recordings up within 24 hours.", "Up within a day for ten of the twelve weeks.", "in_progress"),
        (
            "Average age of laptops below four years.",
            "The register now shows an average age of 3.6 years.",
            "met",
        ),
        (
            "Average complaint response under three working days.",
            "An average of 2.4 working days; the worst took nine days.",
            "met",
        ),
        ("At least 15 families attending the workshop.", "Eighteen families came along.", "met"),
        ("At least eight sessions this autumn.", "Eight sessions are planned for the autumn.", None),
        ("At least one resource shared every half term.", "Shared a pack in autumn 1.", None),
        ("Overdue rate below 10% of loans.", "812 loans this term, of which 73 are overdue.", "met"),
        (
            "At least half of my family meetings include a relative by video.",
            "More than half, and I'm pleased.",
            "met",
        ),
        (
            "Nine in ten claimants submit through the app.",
            "Claimants are at about three quarters now.",
            "in_progress",
        ),
        # the aim said again is not a result
        ("Average at least 55% on the algebra section.", "I'm not confident we'll reach 55%.", None),
        ("Return rate up from 60% to 85%.", "She wants to keep the 85% target going.", None),
    ],
)
def test_numbers_in_an_update_are_compared_with_the_goal(goal: str, update: str, verdict: str | None) -> None:
    from reflectai.review.goals import numbers_say

    assert numbers_say(goal, update) == verdict


@pytest.mark.parametrize(
    ("update", "met"),
    [
        ("The last three went in on the final inset day.", True),
        ("Made the last three calls in the week before half term.", True),
        ("The other three go in next month.", False),
        ("The last two went in on Friday.", False),  # two is not the three still to go
        ("We spent the rest of the call on that.", False),
    ],
)
def test_the_last_ones_done_complete_a_goal_for_all(update: str, met: bool) -> None:
    found = _findings_of(
        ["Ana Ruiz", "Ben Osei"],
        [
            (
                "goal",
                "2026-09-01",
                "Ana Ruiz",
                "My goal: replace all the old Wi-Fi access points in the science block.",
            ),
            (
                "reflection",
                "2026-09-20",
                "Ana Ruiz",
                "Eleven of the fourteen access points were swapped over.",
            ),
            ("reflection", "2026-10-20", "Ana Ruiz", update),
        ],
    )
    assert (found[0].status == "met") is met


def test_a_goal_named_by_its_words_is_that_goal_only() -> None:
    found = _findings_of(
        ["Bea Sutton", "Lorraine Achebe"],
        [
            ("goal", "2026-08-10", "Bea Sutton", "My goal: notes done at the time, in the room, not at 8pm."),
            ("goal", "2026-08-10", "Bea Sutton", "And I want the night team confident with it by September."),
            (
                "reflection",
                "2026-09-28",
                "Bea Sutton",
                "As far as I'm concerned that's the in-the-room goal done.",
            ),
        ],
    )
    assert [f.status for f in found if "in the room" in f.summary] == ["met"]
    # the sentence speaks of the other goal by its words: it says nothing of this one
    assert [f.status for f in found if "night team" in f.summary] == ["no_news"]


def test_a_figure_reports_on_the_only_goal_it_can_measure() -> None:
    """'Semester two was 7%' names no word of the goal, but only one goal of hers is measured in %."""
    found = _findings_of(
        ["Ana Ruiz", "Ben Osei"],
        [
            (
                "goal",
                "2026-09-01",
                "Ana Ruiz",
                "My goal: reduce late submissions on my module from 18% to under 10%.",
            ),
            ("goal", "2026-09-01", "Ana Ruiz", "I also want to try one new Moodle quiz each half term."),
            ("reflection", "2027-01-10", "Ana Ruiz", "Semester one came in at 11%, a start."),
            ("reflection", "2027-06-10", "Ana Ruiz", "Semester two was 7%, and the year as a whole 9%."),
        ],
    )
    late = next(f for f in found if f.kind == "goal" and "late submissions" in f.summary)
    assert late.status == "met" and late.sources[-1].date == "2027-06-10"
    quiz = next(f for f in found if f.kind == "goal" and "quiz" in f.summary)
    assert quiz.status == "no_news"


@pytest.mark.parametrize(
    ("goal", "update", "status"),
    [
        (
            "I want every discharge letter on Ward 7 drafted before noon.",
            "All discharge letters on Ward 7 were drafted in the morning. Pharmacy still holds up the "
            "take-home medicines on Ward 7 sometimes, a separate problem.",
            "met",
        ),
        (
            "Switch on multi-factor authentication for every staff account.",
            "Joel has had authentication enforced for all 312 staff accounts. A few people still ring "
            "the helpdesk about the staff authentication app.",
            "met",
        ),
        (
            "Move all 24 module handbooks into the SharePoint site.",
            "All 24 module handbooks are uploaded to the SharePoint site. Two module handbooks are still "
            "waiting for updated room numbers.",
            "met",
        ),
        (
            "Get every Year 7 form using a Teams channel for notices.",
            "Two Year 7 forms are back on paper notices; the Teams channel is still not used there.",
            "in_progress",
        ),
        (
            "Every new mother on the ward is shown the MyChart app before discharge.",
            "The ward audited 40 discharges and all 40 had a documented MyChart app demonstration.",
            "met",
        ),
        (
            "Every Year 7 form has a Teams channel for the weekly notices.",
            "The Year 7 forms went back to paper notices after the complaints.",
            "in_progress",
        ),
    ],
)
def test_a_leftover_does_not_undo_a_goal_reported_done(goal: str, update: str, status: str) -> None:
    assert goal_after(goal, update).status == status


def _findings_of(members: list[str], rows: list[tuple[str, str, str, str]]) -> list[Any]:
    from reflectai.models import Entry, Pair
    from reflectai.review.goals import goal_findings
    from reflectai.review.reading import read_sentences

    pair = Pair(id="eval-g", name="g", model="group", members=members, created_at="2026-01-01")
    entries = [
        Entry(
            id=i + 1, uid=str(i), pair_id="g", kind=kind, author=author, date=day, text=text, created_at="x"
        )
        for i, (kind, day, author, text) in enumerate(rows)
    ]
    return goal_findings(read_sentences(entries), pair)


def _sentences_of(text: str, kind: str = "session_note", author: str = "Tom Walsh") -> list[Any]:
    """The sentences of one entry, as the agenda's readers see them."""
    from reflectai.models import Entry
    from reflectai.review.reading import read_sentences

    entry = Entry(
        id=1, uid="1", pair_id="p", kind=kind, author=author, date="2026-10-01", text=text, created_at="x"
    )
    return read_sentences([entry])


def test_an_entry_can_set_several_goals_under_a_heading() -> None:
    found = _findings_of(
        ["Hannah Price", "Luis Ortega"],
        [
            (
                "goal",
                "2026-09-09",
                "Hannah Price",
                "Goals I agreed with Luis. One: get the homework return rate up from 60% to 85%. "
                "Two: cut my Sunday marking to under an hour.",
            ),
            (
                "goal",
                "2026-09-10",
                "Luis Ortega",
                "My goals after our talk. 1. Visit two schools. 2. Read the report.",
            ),
        ],
    )
    assert [f.sources[0].quote for f in found] == [
        "get the homework return rate up from 60% to 85%.",
        "cut my Sunday marking to under an hour.",
        "Visit two schools.",
        "Read the report.",
    ]


def test_a_goal_reported_in_a_group_note_belongs_to_the_member_spoken_of() -> None:
    members = ["Aisha Bello", "Tom Reilly", "Grace Lin"]
    found = _findings_of(
        members,
        [
            (
                "session_note",
                "2026-09-14",
                "Tom Reilly",
                "Aisha is leading our move to Koha. Her goal: all of us able to place a hold without help.",
            ),
            (
                "session_note",
                "2026-10-26",
                "Grace Lin",
                "Coached Aisha again. Half-term check on her goal: all of us have now placed a hold without "
                "help. Her grid shows it.",
            ),
        ],
    )
    assert len(found) == 1  # "check on her goal:" reports on the goal; it sets none
    assert found[0].person == "Aisha Bello" and found[0].status == "met"


def test_who_was_in_the_chair_counts_as_coached() -> None:
    from reflectai.models import Entry, Pair
    from reflectai.review.reading import read_sentences
    from reflectai.review.turns import turn_finding

    members = ["Nadia Hussain", "Ben Carter", "Sofia Rossi"]
    pair = Pair(id="trio", name="trio", model="group", members=members, created_at="2026-01-01")
    notes = [
        ("2027-01-06", "Ben Carter", "First round. I coached Nadia, Sofia took notes."),
        ("2027-01-27", "Sofia Rossi", "My turn to coach, Ben in the chair, Nadia listening."),
        ("2027-02-24", "Sofia Rossi", "Coached Nadia again, she asked for it."),
    ]
    entries = [
        Entry(
            id=i + 1, uid=str(i), pair_id="t", kind="session_note", author=a, date=d, text=t, created_at="x"
        )
        for i, (d, a, t) in enumerate(notes)
    ]
    turn = turn_finding(read_sentences(entries), pair)
    assert turn is not None and turn.person == "Sofia Rossi"


@pytest.mark.parametrize(
    ("sentence", "coached"),
    [
        ("Grace's turn.", ["Grace Okafor"]),
        ("Back round to Grace.", ["Grace Okafor"]),
        ("Round two, Liam up first again.", ["Liam Hughes"]),
        ("Round two starts with Liam again.", ["Liam Hughes"]),
        ("Sunita swapped in and had her session early.", ["Sunita Rao"]),
        ("Liam back and in the chair.", ["Liam Hughes"]),
        ("Grace's turn really but she's on leave, so Sunita swapped and took the hot seat.", ["Sunita Rao"]),
        ("Liam's turn next time.", []),
        ("Grace's turn to coach, Liam's session.", ["Liam Hughes"]),
        ("Session four, and Liam's delayed turn.", ["Liam Hughes"]),
        ("Grace was coached, since she coached last time.", ["Grace Okafor"]),
        ("Grace was coached by Liam.", ["Grace Okafor"]),
        ("It was meant to be Sunita's turn as coachee, but she was off unwell.", []),
    ],
)
def test_how_a_group_writes_who_was_coached(sentence: str, coached: list[str]) -> None:
    from reflectai.review.turns import _coachees

    members = ["Grace Okafor", "Liam Hughes", "Sunita Rao"]
    names = {m.split()[0].lower(): m for m in members}
    assert [who for s in _sentences_of(sentence, author=members[0]) for who in _coachees(s, names)] == coached


@pytest.mark.parametrize(
    "sentence",
    [
        "October close was the worst I've done.",
        "But the first week with real starters was a disaster.",
        "Half the team have gone back to downloading copies to be safe.",
        "It took me about nine hours instead of the usual five.",
        "Feel like I'm letting the team down being the so called champion.",
        "I'm scared I'll miss the alert because the sound is off half the time.",
        "Half my parents haven't even logged in, so what's the point.",
        "September close ran two days late.",
        # second thoughts, the old way told as quicker, the work done twice
        "I drove home wondering if I've dragged a happy group into something they never asked for.",
        "I could have ticked the statements with a highlighter in an hour.",
        "Feels like I've got two jobs now.",
    ],
)
def test_dip_told_plainly(sentence: str) -> None:
    from reflectai.review.dips import _DIP

    assert _DIP.search(sentence)


def test_the_samr_peak_is_read_from_what_was_done_not_from_plans(home_coach: Coach) -> None:
    pair = _pair(
        home_coach,
        [
            (
                "2026-09-01",
                "reflection",
                "Mina Patel",
                "I email the reading list out as a PDF, the same list as every year.",
            ),
            (
                "2026-09-08",
                "goal",
                "Mina Patel",
                "My goal is that by spring the students will co-write a live reading guide on a website with "
                "a partner school abroad, published online for the public.",
            ),
            (
                "2026-10-01",
                "reflection",
                "Mina Patel",
                "The reading list is now a shared Google Doc: students add links, comment on each other's "
                "sources and the list changes every week as they work on it together.",
            ),
        ],
    )
    samr = next(f for f in home_coach.agenda(pair).findings if f.kind == "samr_change")
    assert "2026-10-01" in [s.date for s in samr.sources]
    assert "2026-09-08" not in [s.date for s in samr.sources]  # a goal is where they want to go


def _samr_finding_of(coach: Coach, readings: dict[str, list[UseReading]]) -> Finding | None:
    """The SAMR finding over one entry per key of `readings`, each read as its list of uses."""
    from reflectai.review.agenda import AgendaBuilder

    class Reader:
        def read_uses_of(self, texts: list[str]) -> list[list[UseReading]]:
            return [readings[t] for t in texts]

        def remember_readings(self) -> None:
            pass

    builder = AgendaBuilder(coach.tone, coach.embedder, Reader())  # type: ignore[arg-type]
    entries = [
        Entry(
            id=i,
            uid=key,
            pair_id="t",
            kind="reflection",
            author="Jo",
            date=f"2026-09-0{i}",
            text=key,
            created_at="x",
        )
        for i, key in enumerate(readings, start=1)
    ]
    return builder.samr_finding(entries)


def test_the_samr_change_cites_the_surest_uses_that_went_furthest(coach: Coach) -> None:
    """A journal brushes against its tools in passing; those sentences are read with little
    confidence, and the change cited is the use read most surely at the levels reached."""
    readings = {
        "a": [UseReading("We print the rota and pin it up, as ever.", "substitution", 0.8, None)],
        "b": [UseReading("Staff now swap shifts with each other in the app.", "modification", 0.7, "app")],
        "c": [UseReading("The app chat was a nightmare this week.", "modification", 0.3, "app")],
        "d": [UseReading("Coffee with Jo about the app.", "modification", 0.31, "app")],
        "e": [UseReading("Talked over the app's settings with IT.", "modification", 0.32, "app")],
        "e2": [UseReading("Moaned about the app at lunch.", "modification", 0.33, "app")],
        "f": [UseReading("Still printing a copy for the kitchen.", "substitution", 0.6, None)],
    }

    finding = _samr_finding_of(coach, readings)
    assert finding is not None
    cited = [s.quote for s in finding.sources]
    assert readings["b"][0].text in cited  # the sure modification, though four later ones are as high
    assert readings["c"][0].text not in cited  # the least sure of them is left out
    assert cited[0] == readings["a"][0].text and cited[-1] == readings["f"][0].text


def test_an_idea_parked_as_a_whole_other_thing_is_raised() -> None:
    from reflectai.review.topics import raises

    assert raises(
        "I keep thinking we should ask leavers the same questions in an exit survey, but that's a whole other thing."
    )


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        (
            "New kiosks went live last week. What I want by half term: get half of Saturday loans through "
            "the kiosks. Also would love a one-page help sheet volunteers can use.",
            [
                "get half of Saturday loans through the kiosks.",
                "Also would love a one-page help sheet volunteers can use.",
            ],
        ),
        (
            "Where I am: I email the same PDF. Two things I'm after: cut my DNA rate below 10% (it's about "
            "18% now), and get comfortable doing video reviews.",
            ["cut my DNA rate below 10%", "get comfortable doing video reviews"],
        ),
        (
            "Setting up our rotation. My own aim for this block: stop doing obs on paper first.",
            ["stop doing obs on paper first."],
        ),
        (
            "Kwame is coaching me. By Christmas I'd like every Y8 group to write one lab report in a shared doc.",
            ["By Christmas I'd like every Y8 group to write one lab report in a shared doc."],
        ),
    ],
)
def test_goals_as_people_write_them(text: str, goals: list[str]) -> None:
    from reflectai.review.goals import find_goals

    assert [goal for _, goal in find_goals(_sentences_of(text, kind="goal", author="Priya Nair"))] == goals


def test_a_goal_to_get_below_a_figure_is_compared_with_the_figure() -> None:
    from reflectai.review.goals import numbers_say

    goal = "cut my DNA rate for knee follow-ups below 10%"
    assert numbers_say(goal, "The knee follow-up DNA rate for October is 8%.") == "met"
    assert numbers_say(goal, "The DNA rate went up to 21%.") == "in_progress"
    assert (
        numbers_say("cut printing by 30%", "Printing is at 60% of last year.") is None
    )  # needs the baseline


@pytest.mark.parametrize(
    ("sentence", "who", "what"),
    [
        ("Tom to ask IT about the receipt printer jamming, it's doing it every week.", "Tom", "ask IT"),
        ("Agreed she'd have another go after half term with roles.", "Priya", "have another go"),
        ("Something to park for later: the fire exits.", None, None),  # not a member, not a task verb
        # a "would" inside what is to be done does not make the plan a wish
        ("Tom said: I'm going to ask the leads whether they'd share the scans.", "Tom", "ask the leads"),
        ("I'd ask the leads whether they'd share the scans.", None, None),
    ],
)
def test_commitments_written_as_minutes(sentence: str, who: str | None, what: str | None) -> None:
    from reflectai.models import Pair
    from reflectai.review.commitments import commitment_findings

    pair = Pair(id="pair-1", name="p", members=["Priya Nair", "Tom Walsh"], created_at="2026-01-01")
    found = commitment_findings(_sentences_of(sentence), pair)
    if who is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].summary.startswith(f"{who} planned to {what}")


@pytest.mark.parametrize(
    ("sentence", "intended"),
    [
        ("Helen said she'd email the History director of teaching herself.", True),
        ("She wants to move the reading logs to Seesaw next term.", True),
        ("She emailed the History director and got the lists on Friday.", False),
    ],
)
def test_a_use_promised_is_not_a_use_done(sentence: str, intended: bool) -> None:
    from reflectai.review.agenda import _INTENDED

    assert bool(_INTENDED.search(sentence)) is intended


def test_a_shared_goal_is_reported_on_by_any_member() -> None:
    [goal] = _findings_of(
        ["Helen Marsh", "Tariq Aziz", "Joanna Kerr"],
        [
            (
                "goal",
                "2026-08-26",
                "Helen Marsh",
                "Shared goal from Ruth: all 64 reading lists live in Leganto by week 1.",
            ),
            (
                "session_note",
                "2026-10-07",
                "Joanna Kerr",
                "All 64 reading lists live, Tariq did a victory lap.",
            ),
        ],
    )
    assert goal.status == "met"


@pytest.mark.parametrize(
    ("sentence", "goal"),
    [
        (
            "Olu wants to get the over-70s volunteers onto the app.",
            "get the over-70s volunteers onto the app.",
        ),
        (
            "Next she wants to take over training the band 5s in the new year.",
            "take over training the band 5s in the new year.",
        ),
        ("She left with five test cases she wants to run before trusting it again.", None),
        # in a clause of its own, or as what is next
        (
            "His problem is time: he wants to hear every child read at least once a fortnight.",
            "hear every child read at least once a fortnight.",
        ),
        (
            "She moves to Leeds in the new year - she wants a written handover pack by Christmas.",
            "a written handover pack by Christmas.",
        ),
        (
            "Tariq's next project is an accessibility check on every list by the end of semester.",
            "an accessibility check on every list by the end of semester.",
        ),
        ("Tariq's next meeting is on Friday.", None),
    ],
)
def test_a_goal_reported_in_a_session_note(sentence: str, goal: str | None) -> None:
    from reflectai.review.goals import find_goals

    found = [g for _, g in find_goals(_sentences_of(sentence, author="Denise Farrow"))]
    assert found == ([goal] if goal else [])


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("Every student logged in and saved a beat.", True),
        ("Niamh said: next lesson I'll get every student logged in and saving one beat.", False),
        ("They rework their tracks after every comment, which they have never done before.", False),
        ("Last day of term and we did it: the whole class has a page.", True),
        ("We did it on paper in the end.", False),
    ],
)
def test_a_completion_promised_or_negated_is_not_reported_done(text: str, met: bool) -> None:
    from reflectai.review.goals import says_met

    assert says_met(text) is met


def test_the_goals_own_measure_repeated_is_not_a_count() -> None:
    from reflectai.review.goals import numbers_say

    goal = "every student will have composed a piece of at least 30 seconds in BandLab"
    assert numbers_say(goal, "Twenty-two students have a piece of at least 30 seconds shared.") is None
    assert numbers_say("handover done in under 10 minutes", "Handover done in 8 minutes.") == "met"


@pytest.mark.parametrize(
    "sentence",
    [
        "She said she was ready to shelve the iPads until after Christmas.",
        "Dev is about ready to switch the online bookings off until the new year.",
        "Niamh was considering putting the keyboards back out for the rest of term.",
        "Honestly I'm half tempted to keep the paper sign-in sheet going.",
        "By Friday I was about ready to tell them to write it on paper again.",
        "Some evenings I've wondered why I'm bothering with the portal at all.",
        "I'm starting to think I've taken on something the branch can't manage.",
        "By Thursday I was half ready to put the laptops back in the cupboard.",
        "She's close to asking the head to bring the paper registers back.",
        "I nearly pulled the self-check machines after the second weekend.",
        "I did the notes for Room 12 three times on Tuesday.",
        "The wifi dropped and I had to re-enter the whole handover.",
        "Bea's big fear is residents getting upset seeing her on a tablet.",
        "Some nights I'm wondering whether this is worth the extra evenings.",
        "I'm worried the department will think I've lost the plot.",
        "I was tempted to put the scanners in a drawer and forget them.",
        "He's wondering whether he pushed the team too fast.",
        "I keep questioning whether the old paper list was safer.",
        "She's worried she's making the practice look bad.",
    ],
)
def test_the_urge_to_undo_the_change_is_a_dip(sentence: str) -> None:
    from reflectai.review.dips import _DIP

    assert _DIP.search(sentence)


@pytest.mark.parametrize(
    ("sentence", "raised"),
    [
        ("As we were packing up she said the awarding body is moving its mocks to a new platform.", True),
        ("She'd love to get the school choir recording too, but that's for another year.", True),
        ("At the very end Liam said we should look at the sepsis screening prompt.", True),
        ("He spends ten minutes at the end of each shift updating the EHR.", False),
        ("Unrelated: a parent asked whether Boom Reader shares the children's data outside school.", True),
        ("She also told us the GP round still runs off a paper list the surgery faxes over.", True),
        ("A reader emailed to ask whether we'd ever publish the data itself.", True),
        ("The technician reckons we could ask the PTA for a second printer.", True),
        ("One other thing: I noticed the key safe code is written on the front of the folder.", True),
        ("Nadia's question was about the Y4 pupils - could they record in their home language?", True),
        ("She reckons the new timetable works better than the old one.", False),
    ],
)
def test_an_aside_said_on_the_way_out_is_raised(sentence: str, raised: bool) -> None:
    from reflectai.review.topics import raises

    assert raises(sentence) is raised


def test_a_figure_short_of_the_target_keeps_a_goal_open() -> None:
    [goal] = _findings_of(
        ["Alasdair Grant", "Mina Shah"],
        [
            (
                "goal",
                "2026-09-21",
                "Alasdair Grant",
                "Goal: at least 60% of the students will answer each Vevox poll.",
            ),
            ("reflection", "2026-10-05", "Alasdair Grant", "The poll in lecture 2 reached 64%, a one-off."),
            (
                "session_note",
                "2026-12-07",
                "Mina Shah",
                "His figures to week 10: poll response rates between 48% and 55%.",
            ),
        ],
    )
    assert goal.status == "in_progress"


def test_an_action_before_we_meet_again_is_a_commitment() -> None:
    from reflectai.models import Pair
    from reflectai.review.commitments import commitment_findings

    pair = Pair(id="pair-3", name="p", members=["Alasdair Grant", "Mina Shah"], created_at="2026-01-01")
    said = _sentences_of(
        "His action before we meet again: put two polls in the middle of lecture 2.", author="Mina Shah"
    )
    [found] = commitment_findings(said, pair)
    assert "put two polls in the middle of lecture 2" in found.summary


@pytest.mark.parametrize(
    "sentence",
    [
        "We met three times on Tuesday to plan the unit.",
        "Bea's big hope is that the residents like the tablets.",
        "I did the notes for every room on Tuesday.",
        "I wonder whether it's worth asking the IT team for a second screen.",
        "We put the new leaflets in the drawer by the desk.",
        "We pushed the launch to March so the team had time.",
        "Nobody is questioning whether the old list was kept.",
    ],
)
def test_work_done_once_and_a_hope_are_not_a_dip(sentence: str) -> None:
    from reflectai.review.dips import _DIP

    assert not _DIP.search(sentence)


@pytest.mark.parametrize(
    ("sentence", "what"),
    [
        ("Next step for her is a call with the supplier by Friday.", "a call with the supplier by Friday"),
        ("Plan is: Tom rings the three schools by Thursday.", "Tom rings the three schools by Thursday"),
        ("Plan is for Tom to switch on the reminders before Monday.", "switch on the reminders"),
        ("He's also going to ask the board about the fee.", "ask the board about the fee"),
        ("Her plan for next week: pair the new volunteers with regulars.", "pair the new volunteers"),
        ("Action, T: upload the photos before next session.", "upload the photos before next session"),
        ("Plan for next week: try the app with two patients.", "try the app with two patients"),
    ],
)
def test_a_plan_next_step_or_action_in_other_shapes_is_a_commitment(sentence: str, what: str) -> None:
    from reflectai.models import Pair
    from reflectai.review.commitments import commitment_findings

    pair = Pair(id="pair-1", name="p", members=["Priya Nair", "Tom Walsh"], created_at="2026-01-01")
    [found] = commitment_findings(_sentences_of(sentence), pair)
    assert what in found.summary


@pytest.mark.parametrize(
    ("sentence", "dip"),
    [
        ("Rough fortnight.", True),
        ("Paper was quicker for the stock count.", True),
        ("I could do without the new rota on top of everything.", True),
        ("It's one more thing to remember at handover.", True),
        ("I've stopped reminding them about the app.", True),
        ("Couldn't get the projector to connect and the group wandered off.", True),
        ("Some days I think I could just hand out worksheets instead.", True),
        ("The whole of Sunday disappeared into marking clips.", True),
        ("We stopped using the paper forms in May.", False),
        ("The new rota is quicker than paper.", False),
        ("It was a good week for the bookings.", False),
    ],
)
def test_strain_told_as_a_burden_a_bad_stretch_or_a_lapse(sentence: str, dip: bool) -> None:
    from reflectai.review.dips import _DIP

    assert bool(_DIP.search(sentence)) is dip


@pytest.mark.parametrize(
    ("sentence", "raised"),
    [
        ("Near the end she said the weekend staff haven't seen any of it.", True),
        ("Just before we finished he said the scanner in room 4 is still broken.", True),
        ("Different subject: the car park barrier eats the visitor passes.", True),
        ("And while I think of it, the fridge alarm still rings the old number.", True),
        ("She also found out that half the loans have no return date.", True),
        ("Near the end of term we moved the clinic upstairs.", False),
        ("We finished the stock count before lunch.", False),
    ],
)
def test_a_change_of_subject_or_a_word_before_the_end_is_raised(sentence: str, raised: bool) -> None:
    from reflectai.review.topics import raises

    assert raises(sentence) is raised


def test_goals_in_a_bulleted_list_under_a_heading_line() -> None:
    from reflectai.review.goals import find_goals

    text = (
        "Goals to end of term:\n"
        "- cut 'where is my parcel?' calls down by half. About 40 a week now.\n"
        "- Every return logged on the portal within a day.\n"
        "And I want a weekly stock check done for all six shelves."
    )
    goals = [goal for _, goal in find_goals(_sentences_of(text, kind="goal"))]
    assert goals == [
        "cut 'where is my parcel?' calls down by half.",
        "Every return logged on the portal within a day.",
        "And I want a weekly stock check done for all six shelves.",
    ]


def test_a_quoted_question_does_not_end_the_sentence() -> None:
    said = _sentences_of("We asked 'is it working?' after every lesson. Then we stopped.")
    assert [s.text for s in said] == ["We asked 'is it working?' after every lesson.", "Then we stopped."]


@pytest.mark.parametrize(
    ("sentence", "raised"),
    [
        ("Over lunch Sam mentioned she's nervous the new rota might clash with half term.", True),
        ("One parent said the app won't install on her phone and I don't know what to do about that.", True),
        ("Me, wondering: are we even allowed to keep parents' numbers on the class phone?", True),
        ("She was nervous at first but the rota works.", False),
        ("I know what to do about the rota now.", False),
    ],
)
def test_a_worry_mentioned_not_knowing_what_to_do_or_a_wondering_aloud_is_raised(
    sentence: str, raised: bool
) -> None:
    from reflectai.review.topics import raises

    assert raises(sentence) is raised


def _next_in_trio(notes: list[tuple[str, str, str]]) -> str | None:
    from reflectai.models import Entry, Pair
    from reflectai.review.reading import read_sentences
    from reflectai.review.turns import turn_finding

    members = ["Nadia Hussain", "Ben Carter", "Sofia Rossi", "Omar Said"]
    pair = Pair(id="four", name="four", model="group", members=members, created_at="2026-01-01")
    entries = [
        Entry(
            id=i + 1, uid=str(i), pair_id="t", kind="session_note", author=a, date=d, text=t, created_at="x"
        )
        for i, (d, a, t) in enumerate(notes)
    ]
    turn = turn_finding(read_sentences(entries), pair)
    return turn.person if turn else None


def test_the_one_named_as_next_after_a_swap_is_next() -> None:
    notes = [
        ("2027-01-06", "Ben Carter", "First round. I coached Nadia, Sofia took notes."),
        (
            "2027-01-20",
            "Nadia Hussain",
            "Omar is on leave, so we swapped: Ben took his turn early, Nadia coached him, "
            "and Omar is coached next time.",
        ),
    ]
    assert _next_in_trio(notes) == "Omar Said"  # not Sofia, who has also not been coached yet


def test_back_round_to_someone_being_coached_is_their_turn() -> None:
    notes = [
        ("2027-01-06", "Ben Carter", "First round. I coached Nadia."),
        ("2027-01-20", "Nadia Hussain", "Second round. Nadia coached Sofia."),
        ("2027-02-03", "Sofia Rossi", "Third round. Sofia coached Omar."),
        ("2027-02-17", "Omar Said", "Fourth session, back round to Ben being coached, with Omar coaching."),
    ]
    assert _next_in_trio(notes) == "Nadia Hussain"  # Ben was coached last; Nadia waited longest


@pytest.mark.parametrize(
    ("sentence", "what"),
    [
        ("Tom said he will have the poster up by the door before next Monday.", "have the poster up"),
        ("She listed three gaps and agreed to send them to the data team.", "send them to the data team"),
        ("She agreed that for the next three weeks she would log each fault in writing.", "log each fault"),
        ("By Thursday I'll have a rough report built on last month's export.", "have a rough report built"),
    ],
)
def test_a_promise_with_a_deadline_or_agreed_after_another_clause_is_a_commitment(
    sentence: str, what: str
) -> None:
    from reflectai.models import Pair
    from reflectai.review.commitments import commitment_findings

    pair = Pair(id="pair-1", name="p", members=["Priya Nair", "Tom Walsh"], created_at="2026-01-01")
    [found] = commitment_findings(_sentences_of(sentence), pair)
    assert what in found.summary


def test_will_have_without_a_deadline_is_not_a_commitment() -> None:
    from reflectai.models import Pair
    from reflectai.review.commitments import commitment_findings

    pair = Pair(id="pair-1", name="p", members=["Priya Nair", "Tom Walsh"], created_at="2026-01-01")
    assert commitment_findings(_sentences_of("She will have a lot on in December."), pair) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "I've half a mind to finish the job in SketchUp.",
        "I feel like I'm neglecting the class while I type.",
        "Maybe the old way was fine and I'm just making work for myself.",
        "I've made a rod for my own back with these videos.",
    ],
)
def test_second_thoughts_and_guilt_about_the_change_are_a_dip(sentence: str) -> None:
    from reflectai.review.dips import _DIP

    assert _DIP.search(sentence)


def test_a_mention_with_a_long_aside_before_it_is_raised() -> None:
    from reflectai.review.topics import raises

    assert raises("He mentioned, in the tone of a man who has said it many times, that the rota is wrong.")


def test_an_aside_that_ends_in_a_dip_is_still_an_aside() -> None:
    from reflectai.review.topics import dip_first

    aside = "Just before we finished she said the night team can't open the photos, so what's the point."
    assert not dip_first(aside)  # the aside comes first: the photos are a topic to follow up
    assert dip_first("I'm fed up, and by the way the night team can't open the photos.")


@pytest.mark.parametrize(
    ("sentence", "dip"),
    [
        ("I'm tempted to just drop the app for Year 8.", True),
        ("Starting to think the scanner is more hassle than it's worth.", True),
        ("I might put the paper rota back up and forget the whole thing.", True),
        ("I caught myself writing in the old diary again on Friday.", True),
        ("A month learning a tool that saves me no time at all.", True),
        ("I'd rather just keep my ward off it.", True),
        ("He feels like an unpaid helpdesk rather than a nurse.", True),
        ("The app is less hassle than I feared.", False),
        ("I'd rather ask than guess.", False),
    ],
)
def test_second_thoughts_in_everyday_words_are_a_dip(sentence: str, dip: bool) -> None:
    from reflectai.review.dips import _DIP

    assert bool(_DIP.search(sentence)) is dip


@pytest.mark.parametrize(
    "sentence",
    [
        "Between you and me I still don't understand how the refunds work.",
        "She worries the older volunteers feel the app isn't for them.",
        "Not sure what we do about the two families without consent forms.",
        "A separate thing: the key-safe codes are in people's phones.",
        "The only thing on my mind is what happens in the snow.",
        "Nobody's really sure who answers the messages after 7pm.",
    ],
)
def test_worries_told_plainly_are_raised(sentence: str) -> None:
    from reflectai.review.topics import raises

    assert raises(sentence)


def test_the_samr_change_cites_a_use_told_as_what_is_done_now(coach: Coach) -> None:
    """At the same level, a use told as current practice ("now") goes before a surer passing mention."""
    readings = {
        "a": [UseReading("We print the rota and pin it up, as ever.", "substitution", 0.8, None)],
        "b": [UseReading("Residents now book their own slots in the app.", "modification", 0.3, "app")],
        "c": [UseReading("The app chat was a nightmare this week.", "modification", 0.5, "app")],
        "d": [UseReading("Coffee with Jo about the app.", "modification", 0.51, "app")],
        "e": [UseReading("Talked over the app's settings with IT.", "modification", 0.52, "app")],
        "e2": [UseReading("Moaned about the app at lunch.", "modification", 0.53, "app")],
        "e3": [UseReading("The app's icons are tiny.", "modification", 0.54, "app")],
        "f": [UseReading("Still printing a copy for the kitchen.", "substitution", 0.6, None)],
    }

    finding = _samr_finding_of(coach, readings)
    assert finding is not None
    assert readings["b"][0].text in [s.quote for s in finding.sources]


def test_an_initial_for_a_member_is_the_subject_of_a_commitment() -> None:
    from reflectai.models import Pair
    from reflectai.review.commitments import commitment_findings

    pair = Pair(id="pair-1", name="p", members=["Marcus Bell", "Tom Walsh"], created_at="2026-01-01")
    said = _sentences_of("Talked about starting small. M. will try dictating notes after his Monday visits.")
    assert [s.text for s in said][-1].startswith("M. will try")  # the initial does not end a sentence
    [found] = commitment_findings(said, pair)
    assert found.person == "Marcus Bell" and "try dictating notes" in found.summary


@pytest.mark.parametrize(
    "sentence",
    [
        "Stood in the field thinking I should have just used clipboards.",
        "I've slipped back to the paper diary when it's busy.",
        "It would be quicker to just do it for him.",
        "Wondering if I've wasted six weeks on this.",
        "She wondered whether she's too old for this.",
    ],
)
def test_regret_and_sliding_back_are_a_dip(sentence: str) -> None:
    from reflectai.review.dips import _DIP

    assert _DIP.search(sentence)


def test_the_latest_goals_are_kept_in_order_however_long_the_history() -> None:
    from reflectai.review.goals import find_goals
    from reflectai.review.reading import read_sentences

    rows = [
        ("goal", f"By the end of term I want {n + 3} tutor groups using the booking form.") for n in range(40)
    ]
    rows.append(
        ("goal", "By May I want the rota published online. By June I want every email answered in a day.")
    )
    # ids run against the dates: the order is the entries' dates, then their ids
    history = [e.model_copy(update={"id": 100 - e.id}) for e in entries_of(rows, author="Ana Ruiz")]
    found = [goal for _, goal in find_goals(read_sentences(history))]
    assert len(found) == 6 and "42 tutor groups" in found[-3] and "rota published online" in found[-2]
    assert found == [goal for _, goal in find_goals(read_sentences(history[-5:]))]
