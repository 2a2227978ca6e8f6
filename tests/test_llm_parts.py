from __future__ import annotations

import logging
import sqlite3
import threading
import unicodedata
from pathlib import Path

import pytest

from reflectai.llm.budget import Fitted, context_window, fit_oldest_first
from reflectai.llm.cache import ResponseCache
from reflectai.llm.privacy import Redactor, redaction_default
from reflectai.tokens import count

# --- privacy: phone numbers -------------------------------------------------------------------------

PHONES = [
    "+44 20 7946 0958",
    "+44 (0)20 7946 0958",
    "020 7946 0958",
    "(555) 123-4567",
    "555-123-4567",
    "555.123.4567",
    "+1 555 123 4567",
    "1-800-555-0199",
    "07700 900123",
    "07700900123",
    "06 12 34 56 78",
    "+33 6 12 34 56 78",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_become_placeholders(phone: str) -> None:
    redactor = Redactor()
    assert redactor.redact(f"Ring me on {phone}, or text.") == "Ring me on [PHONE_1], or text."
    assert redactor.replaced == {"PHONE_1": phone}


NOT_PHONES = [
    "The review is on 2026-11-23 at 14:30.",
    "Deadline 23/11/2026, then 12.03.2025 for the second round.",
    "Since 2019 the intake grew; in 2019 2020 2021 it doubled.",
    "Attendance rose from 72% to 85.5 % this term.",
    "The grant was £1,250,000 (about $1 575 000), or 1 250 000 euros.",
    "We spent 30 minutes on it and 3 of 25 students finished.",
    "Moodle 4.1.2 replaced 3.11.7; the build is 10.0.19041.",
    "Room 204 and room 1105 are booked from 9:00 to 15:30.",
    "The printer at 192.168.1.20 jammed 1200 times.",
    "Essays of 100-1000 words, marked 12-15 out of 20.",
]


@pytest.mark.parametrize("text", NOT_PHONES)
def test_numbers_that_are_not_phone_numbers_stay(text: str) -> None:
    redactor = Redactor()
    assert redactor.redact(text) == text
    assert redactor.replaced == {}


def test_emails_become_placeholders_and_win_over_names_inside_them() -> None:
    redactor = Redactor(["Maria López"])
    text = "Write to maria.lopez@school.org or Maria+ict@example.co.uk."
    assert redactor.redact(text) == "Write to [EMAIL_1] or [EMAIL_2]."
    assert redactor.replaced == {"EMAIL_1": "maria.lopez@school.org", "EMAIL_2": "Maria+ict@example.co.uk"}


# --- privacy: names ---------------------------------------------------------------------------------


def test_a_full_name_and_its_parts_get_one_placeholder_per_surface_form() -> None:
    redactor = Redactor(["Maria López"])
    redacted = redactor.redact("Maria López joined. Later Maria said López was right, and maria agreed.")
    assert redacted == "[PERSON_1] joined. Later [PERSON_2] said [PERSON_3] was right, and [PERSON_4] agreed."
    assert redactor.replaced == {
        "PERSON_1": "Maria López",
        "PERSON_2": "Maria",
        "PERSON_3": "López",
        "PERSON_4": "maria",
    }


@pytest.mark.parametrize(
    ("names", "text", "expected"),
    [
        (["Maria"], "Maria's class loved it.", "[PERSON_1]'s class loved it."),
        (["Maria"], "Maria’s class loved it.", "[PERSON_1]’s class loved it."),
        (["Maria"], "Mariam, Marianne and AnnaMaria came.", "Mariam, Marianne and AnnaMaria came."),
        (["Siobhán"], "SIOBHÁN and siobhán, not Siobhánn.", "[PERSON_1] and [PERSON_2], not Siobhánn."),
        (["Anne-Marie"], "Anne-Marie's idea, not Marie's.", "[PERSON_1]'s idea, not Marie's."),
        (["O'Brien"], "O’Brien and O'Brien's team.", "[PERSON_1] and [PERSON_2]'s team."),
        (
            ["Dr. Okafor"],
            "Dr Okafor, then Okafor; Dr. Smith too.",
            "[PERSON_1], then [PERSON_2]; Dr. Smith too.",
        ),
        (["Maria de la Cruz"], "la classe de Cruz", "la classe de [PERSON_1]"),
        (["Maria  López"], "Maria\nLópez wrote", "[PERSON_1] wrote"),
        (["J", "Al", " "], "J met Al.", "J met [PERSON_1]."),
    ],
)
def test_names_match_whole_words_case_insensitively(names: list[str], text: str, expected: str) -> None:
    redactor = Redactor(names)
    assert redactor.redact(text) == expected
    assert redactor.restore(redactor.redact(text)) == text


def test_names_match_in_decomposed_unicode_too() -> None:
    redactor = Redactor(["López"])
    text = unicodedata.normalize("NFD", "López said so.")
    assert redactor.redact(text) == "[PERSON_1] said so."
    assert redactor.restore("[PERSON_1] said so.") == text


def test_numbering_is_stable_across_the_pieces_of_one_prompt() -> None:
    redactor = Redactor(["Maria", "Tom"])
    first = redactor.redact("Tom and maria@x.org")
    second = redactor.redact("Maria met Tom; mail maria@x.org or 020 7946 0958")
    assert first == "[PERSON_1] and [EMAIL_1]"
    assert second == "[PERSON_2] met [PERSON_1]; mail [EMAIL_1] or [PHONE_1]"
    assert Redactor(["Maria", "Tom"]).redact("Maria") == "[PERSON_1]"  # numbering is per instance


NURSE = """Night shift on Ward 7 with Siobhán O'Brien again. 3 of our 12 patients needed the new
e-obs charts and Siobhán showed me how to set the alerts. Her number is 07700 900123 if I get stuck.
Dr. Okafor asked me to email him at b.okafor@nhs-trust.example.org by 2026-11-23 with the audit.
I felt rushed at 04:30 but O'Brien's calm helped; my confidence went from 40% to maybe 70%."""

TEACHER = """Maria López observed my Year 10 lesson (Room 204) on 12.03.2025. We used Padlet for 30 minutes
and 25 students posted. Maria's feedback: slow down the instructions. Anne-Marie from the IT desk
(+44 20 7946 0958, anne-marie.dubois@school.example) fixed the projector. Next time I will ask
López whether Marianne's group can present first."""


@pytest.mark.parametrize(
    ("text", "names", "hidden"),
    [
        (NURSE, ["Siobhán O'Brien", "Dr. Okafor"], ["Siobhán", "O'Brien", "Okafor", "07700", "b.okafor@"]),
        (TEACHER, ["Maria López", "Anne-Marie"], ["Maria ", "López", "Anne-Marie", "7946", "dubois@"]),
    ],
)
def test_realistic_reflections_round_trip_exactly(text: str, names: list[str], hidden: list[str]) -> None:
    redactor = Redactor(names)
    redacted = redactor.redact(text)
    assert not [detail for detail in hidden if detail in redacted]
    assert redactor.restore(redacted) == text
    for kept in ("2026-11-23", "04:30", "40%", "Room 204", "12.03.2025", "30 minutes", "Marianne"):
        assert (kept in redacted) == (kept in text)


@pytest.mark.parametrize(
    "echo",
    ["[PERSON_1]", "PERSON_1", "[person_1]", "[ PERSON_1 ]", "Person_1"],
)
def test_restore_tolerates_how_a_model_echoes_placeholders(echo: str) -> None:
    redactor = Redactor(["Maria"])
    redactor.redact("Maria")
    assert redactor.restore(f"What did {echo} notice?") == "What did Maria notice?"


def test_restore_leaves_unknown_placeholders_alone() -> None:
    redactor = Redactor(["Maria"])
    redactor.redact("Maria")
    text = "[PERSON_2], PERSON_10, [EMAIL_1], NONPERSON_1 and [PERSON_1]"
    assert redactor.restore(text) == "[PERSON_2], PERSON_10, [EMAIL_1], NONPERSON_1 and Maria"


def test_replaced_is_a_copy() -> None:
    redactor = Redactor(["Maria"])
    redactor.redact("Maria")
    redactor.replaced.clear()
    assert redactor.restore("[PERSON_1]") == "Maria"


@pytest.mark.parametrize(
    ("base_url", "redact"),
    [
        (None, True),
        ("https://api.openai.com/v1", True),
        ("https://openrouter.ai/api/v1", True),
        ("http://8.8.8.8:8000/v1", True),
        ("http://172.32.0.1/v1", True),
        ("http://localhost:11434/v1", False),
        ("localhost:11434", False),
        ("http://LOCALHOST/v1", False),
        ("http://127.0.0.1:8080/v1", False),
        ("http://127.1.2.3/v1", False),
        ("http://[::1]:8000/v1", False),
        ("http://0.0.0.0:8000", False),
        ("http://gpu-box.local:8000/v1", False),
        ("http://10.1.2.3/v1", False),
        ("http://172.16.5.4/v1", False),
        ("http://172.31.255.255/v1", False),
        ("http://192.168.1.50:1234/v1", False),
        ("http://[::ffff:192.168.1.50]/v1", False),
        ("not a url", True),
        ("", True),
    ],
)
def test_redaction_is_on_by_default_only_for_remote_endpoints(base_url: str | None, redact: bool) -> None:
    assert redaction_default(base_url) is redact


# --- cache ------------------------------------------------------------------------------------------


def test_cache_round_trip_persists_and_creates_its_directory_lazily(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "cache.sqlite"
    cache = ResponseCache(path)
    key = ResponseCache.key("gpt-4o-mini", "questions", "3", {"reflection": "Ça va, López?"})
    assert cache.get(key) is None and cache.clear() == 0
    assert not path.parent.exists()
    cache.put(key, "What did you notice?")
    cache.put(key, "What would you like to try next?")
    assert cache.get(key) == "What would you like to try next?"
    cache.close()
    again = ResponseCache(path)
    assert again.get(key) == "What would you like to try next?"
    assert again.get(ResponseCache.key("gpt-4o-mini", "questions", "3", {})) is None
    columns = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(responses)")]
    assert columns == ["key", "response", "created"]
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again.close()


def test_cache_key_depends_on_each_part_but_not_on_dict_order() -> None:
    base = ResponseCache.key("gpt-4o", "questions", "1", {"a": 1, "b": ["x", "é"]})
    assert len(base) == 64 and int(base, 16) >= 0
    assert base == ResponseCache.key("gpt-4o", "questions", "1", {"b": ["x", "é"], "a": 1})
    variants = {
        ResponseCache.key("gpt-4o-mini", "questions", "1", {"a": 1, "b": ["x", "é"]}),
        ResponseCache.key("gpt-4o", "agenda", "1", {"a": 1, "b": ["x", "é"]}),
        ResponseCache.key("gpt-4o", "questions", "2", {"a": 1, "b": ["x", "é"]}),
        ResponseCache.key("gpt-4o", "questions", "1", {"a": 1, "b": ["é", "x"]}),
        ResponseCache.key("gpt-4o", "questions", "1", {"a": "1", "b": ["x", "é"]}),
    }
    assert base not in variants and len(variants) == 5
    # the parts are kept apart: moving text from one part to the next changes the key
    assert ResponseCache.key("a", "bc", "1", None) != ResponseCache.key("ab", "c", "1", None)


def test_cache_takes_concurrent_puts_from_eight_threads(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache.sqlite")
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(thread: int) -> None:
        try:
            start.wait()
            for i in range(25):
                cache.put(f"{thread}-{i}", f"response {thread}-{i}")
                assert cache.get(f"{thread}-{i}") == f"response {thread}-{i}"
        except BaseException as error:  # collected so the main thread can fail the test
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(cache.get(f"{t}-{i}") == f"response {t}-{i}" for t in range(8) for i in range(25))
    assert cache.clear() == 200
    assert cache.get("0-0") is None
    cache.close()


def test_a_corrupt_cache_file_never_breaks_a_call(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "cache.sqlite"
    garbage = bytes(range(256)) * 64
    path.write_bytes(garbage)
    cache = ResponseCache(path)
    with caplog.at_level(logging.WARNING, logger="reflectai.llm.cache"):
        assert cache.get("k") is None
        cache.put("k", "response")
        cache.put("k2", "response")
        assert cache.get("k") is None
        assert cache.clear() == 0
    assert len(caplog.records) == 1 and "unusable" in caplog.records[0].getMessage()
    assert path.read_bytes() == garbage


def test_a_cache_path_that_cannot_be_created_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = ResponseCache(blocker / "cache.sqlite")
    cache.put("k", "response")
    assert cache.get("k") is None


# --- budget -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "window"),
    [
        ("gpt-4o", 128_000),
        ("gpt-4o-mini-2024-07-18", 128_000),
        ("openai/gpt-4o", 128_000),
        ("gpt-4.1-nano", 1_047_576),
        ("gpt-3.5-turbo-0125", 16_385),
        ("llama3:8b", 8_192),
        ("llama3.1:8b-instruct-q4_K_M", 131_072),
        ("Qwen2.5:7b", 32_768),
        ("mistral-small", 32_768),
        ("some-new-model", 8_192),
    ],
)
def test_context_windows_match_by_longest_prefix(model: str, window: int) -> None:
    assert context_window(model) == window


def test_context_window_default_for_unknown_models() -> None:
    assert context_window("phi3", default=4096) == 4096


HISTORY = [
    "Week 1: I tried Padlet with Year 9 and it went quietly.",
    "Week 2: more students posted when I gave them sentence starters first.",
    "Week 3: short.",
    "Week 4: I want to try peer feedback on the Padlet posts next, maybe in pairs chosen by me.",
    "Week 5: the pairs worked; two students asked to lead next time.",
]


def test_history_keeps_the_newest_entries_and_drops_the_oldest() -> None:
    sizes = [count(item) for item in HISTORY]
    fitted = fit_oldest_first(HISTORY, sum(sizes[-2:]))
    assert fitted == Fitted(kept=HISTORY[-2:], dropped=3, tokens=sum(sizes[-2:]))
    assert fitted.notice == (
        "history truncated: the 3 oldest entries were left out to fit the model's context"
    )
    # one token short of the newest two: only the newest stays, even though "Week 3: short." would fit
    budget = sum(sizes[-2:]) - 1
    assert sizes[-1] + sizes[2] <= budget
    fitted = fit_oldest_first(HISTORY, budget)
    assert fitted.kept == HISTORY[-1:] and fitted.dropped == 4 and fitted.tokens == sizes[-1]


def test_history_that_fits_is_left_alone() -> None:
    fitted = fit_oldest_first(HISTORY, sum(count(item) for item in HISTORY), model="gpt-4o")
    assert fitted.kept == HISTORY and fitted.dropped == 0 and fitted.notice is None
    one_dropped = fit_oldest_first(HISTORY, sum(count(item) for item in HISTORY[1:]))
    assert one_dropped.notice == "history truncated: the oldest entry was left out to fit the model's context"


def test_an_oversized_newest_entry_keeps_its_end() -> None:
    newest = "Beginning of a long entry. " + "We talked about feedback, pacing and trust. " * 40 + "The end!"
    fitted = fit_oldest_first(["old entry", newest], 12)
    assert fitted.dropped == 1 and len(fitted.kept) == 1 and fitted.truncated
    tail = fitted.kept[0]
    assert newest.endswith(tail) and tail.endswith("The end!") and "Beginning" not in tail
    assert 9 <= count(tail) == fitted.tokens <= 12
    assert fitted.notice == (
        "history truncated: the oldest entry was left out and only the end of the newest entry was kept"
        " to fit the model's context"
    )
    alone = fit_oldest_first([newest], 12)
    assert alone.notice == (
        "history truncated: only the end of the newest entry was kept to fit the model's context"
    )


def test_a_cut_inside_a_multibyte_character_leaves_no_garbage() -> None:
    newest = "🙂🎉é漢字" * 30
    for budget in range(1, 8):
        tail = fit_oldest_first([newest], budget).kept[0]
        assert newest.endswith(tail) and "\ufffd" not in tail and count(tail) <= budget


@pytest.mark.parametrize("budget", [0, -5])
def test_no_budget_keeps_nothing(budget: int) -> None:
    fitted = fit_oldest_first(HISTORY, budget)
    assert fitted == Fitted(kept=[], dropped=5, tokens=0)
    assert fitted.notice == "history truncated: all 5 entries were left out to fit the model's context"
    assert fit_oldest_first(HISTORY[:1], 0).notice == (
        "history truncated: the only entry was left out to fit the model's context"
    )
    assert fit_oldest_first([], budget).notice is None


def test_mask_contacts_keeps_dates_and_counts() -> None:
    from reflectai.analysis.reflection import redact
    from reflectai.llm.privacy import mask_contacts

    text = (
        "On 2026-11-23 at 14:30 I rang 020 7946 0958 and emailed ana.lima@school.org about 3 of 25 students."
    )
    expected = "On 2026-11-23 at 14:30 I rang [phone] and emailed [email] about 3 of 25 students."
    assert mask_contacts(text) == expected
    assert redact(text) == expected  # what the offline engine reads and may quote back
