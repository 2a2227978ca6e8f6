"""Markdown for agendas and stories: what a coach pastes into their notes."""

from __future__ import annotations

from ..models import Agenda, EntryRef, Story


def _refs(sources: list[EntryRef]) -> str:
    if not sources:
        return ""
    return " _(" + ", ".join(f"entry {s.entry_id}, {s.date}" for s in sources) + ")_"


def agenda_markdown(agenda: Agenda) -> str:
    lines = [f"# Session agenda: {agenda.pair_id} ({agenda.minutes} minutes)", ""]
    if agenda.coachee:
        lines += [f"Coachee this time: **{agenda.coachee}**", ""]
    for notice in agenda.notices:
        lines.append(f"> {notice}")
    if agenda.notices:
        lines.append("")
    clock = 0
    for section in agenda.sections:
        lines.append(f"## {clock:02d}–{clock + section.minutes:02d} min · {section.title}")
        clock += section.minutes
        lines += [f"- {q.text}{_refs(q.sources)}" for q in section.questions]
        if section.notes:
            lines.append("")
            lines += [f"  _Note for the coach:_ {note}" for note in section.notes]
        lines.append("")
    lines.append(
        "_A draft from the pair's journal, for the coach to edit. "
        "Questions asked last session are not repeated._"
    )
    return "\n".join(lines) + "\n"


def story_markdown(story: Story) -> str:
    lines = [f"# {story.title}", "", f"_{story.period}_", "", story.summary, "", "## Before"]
    lines += [f"- **{m.label}** ({m.source.date}): “{m.text}”" for m in story.before]
    lines += ["", "## After"]
    lines += [f"- **{m.label}** ({m.source.date}): “{m.text}”" for m in story.after]
    if story.goals:
        lines += ["", "## Goals"]
        lines += [f"- {g.summary}{_refs(g.sources)}" for g in story.goals]
    if story.samr:
        lines += ["", "## Technology use (SAMR)", f"- {story.samr.summary}{_refs(story.samr.sources)}"]
    if story.questions:
        lines += ["", "## To talk about together"]
        lines += [f"- {q}" for q in story.questions]
    for notice in story.notices:
        lines += ["", f"> {notice}"]
    return "\n".join(lines) + "\n"
