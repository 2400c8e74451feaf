"""The fast scanning helpers of people.py and dates.py give what their plain versions give.

Each helper replaced a slower formulation (a per-character loop, a regex the engine cannot skip
through, a lookup per word); the plain formulation is kept here as the reference and both are
run on random strings built from the characters that matter.
"""

from __future__ import annotations

import random
import re

from riac_archive.extract import dates, people
from riac_archive.extract.text import clean_space
from riac_archive.items import Position

_RANDOM_STRINGS = 20000


def _random_texts(alphabet: list[str], longest: int, seed: int) -> list[str]:
    """Random concatenations of alphabet pieces."""
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, longest)))
            for _ in range(_RANDOM_STRINGS)]


def test_literal_trie_matches_every_word_and_the_longest_at_a_place():
    words = ["made", "made by", "meeting with", "met with", "вел", "во главе"]
    pattern = re.compile(people._literal_trie(words))
    assert all(pattern.fullmatch(word) for word in words)
    assert pattern.match("made by X").group() == "made by"
    assert pattern.match("made a speech").group() == "made"
    assert pattern.search("a talk") is None


def test_cheap_words_are_the_words_occurring_in_the_casefolded_text():
    words = sorted(people._ALL_WORDS)
    rnd = random.Random(7)
    filler = ["x", " ", "a", "ed", "the ", "by", "with ", "ing", "İ", "TOOK ", "ß"]
    for _ in range(_RANDOM_STRINGS):
        parts = [rnd.choice(words) if rnd.random() < 0.4 else rnd.choice(filler)
                 for _ in range(rnd.randint(1, 6))]
        # Cut words so that they overlap their neighbours.
        text = "".join(p[rnd.randint(0, len(p) - 1):] if rnd.random() < 0.3 else p
                       for p in parts)
        expected = None if "\u0130" in text or "\u0131" in text else {
            w for w in people._ALL_WORDS if w in text.casefold()}
        assert people._cheap_words(text) == expected, text


def test_english_speech_verbs_are_whole_words():
    speech = people._EN_SPEECH_RE
    assert speech.search("Ivan Petrov, RIAC expert, noted that").group("v") == "noted"
    assert speech.search("Anna Li in turn summed up the debate").group("v") == "summed up"
    assert speech.search("He gave an overview of it").group("v") == "gave an overview"
    assert speech.search("It was notedly calm") is None


def test_last_word_is_the_regex_search_for_a_final_non_space_run():
    final_run = re.compile(r"(\S+)$")
    for text in _random_texts(["ab", " ", ".", "\n", "\t", "\u00a0", "“("], 8, seed=1):
        for end in range(len(text) + 1):
            match = final_run.search(text, 0, end)
            assert people._last_word(text, end) == (match.group(1) if match else ""), text


def test_sentence_split_of_text_without_a_sentence_gap_is_the_text():
    assert people._split_sentences(" One sentence, no gap. ") == ["One sentence, no gap."]
    assert people._split_sentences("Dr. Smith left. Then he came.") == [
        "Dr. Smith left.", "Then he came."]
    assert people._split_sentences("  ") == []


def test_is_cyrillic_is_a_majority_of_letters():
    def plain(text: str) -> bool:
        letters = [c for c in text if c.isalpha()]
        return bool(letters) and sum(
            1 for c in letters if re.match("[А-Яа-яЁё]", c)) * 2 > len(letters)

    for text in _random_texts(["а", "Ж", "ё", "b", "Q", " ", "1", "é", "ß", "²", "-"], 9, seed=2):
        assert people._is_cyrillic.__wrapped__(text) == plain(text), text


def test_clause_end_is_an_optional_comma_then_spaces_then_the_word():
    plain = re.compile(
        r",?\s+(?:who|which|whose|where|to discuss|in order to|которы\w+|где|чтобы|что)\b")
    alphabet = [",", " ", "\n", "who", "whom", "which", "x", "где", "которые", "что", ",,"]
    for text in _random_texts(alphabet, 8, seed=3):
        assert [m.span() for m in people._CLAUSE_END.finditer(text)] == [
            m.span() for m in plain.finditer(text)], text


def test_may_name_is_false_only_without_two_capitals():
    for text in _random_texts(["a", "B", "ж", "Ё", " ", ".", "𝐀", "ǅ", "1"], 6, seed=4):
        if not people._may_name(text):
            assert sum(c.isupper() for c in text) < 2, text


def test_on_word_is_on_and_the_under_ignorecase():
    plain = re.compile(r"\bon\s+(?:the\s+)?", re.I)
    alphabet = ["on", "ON", "oN", "the ", "THE\t", " ", "\u00a0", "x", ".", "(", "1", "ы", "_"]
    for text in _random_texts(alphabet, 8, seed=5):
        assert [m.span() for m in dates._ON_WORD.finditer(text)] == [
            m.span() for m in plain.finditer(text)], text


def test_sentence_end_has_its_look_behinds_after_the_mark():
    plain = re.compile(r"(?<![\s.][A-ZА-ЯЁ])(?<!\bг)(?<!\bNo)[.!?]\s+(?=[\"“«A-ZА-ЯЁ])")
    alphabet = [".", "!", " ", "г", "No", "A", "Ж", "x", "«", "1", " J", "\n"]
    for text in _random_texts(alphabet, 9, seed=6):
        assert [m.span() for m in dates._SENTENCE_END.finditer(text)] == [
            m.span() for m in plain.finditer(text)], text


def test_first_line_is_the_first_non_blank_line_with_spaces_collapsed():
    alphabet = ["ab", " ", "  ", "\n", "\r", "\t", "\u00a0", "\u200b", "\u00ad", "\u2028", "x"]
    for text in _random_texts(alphabet, 8, seed=7):
        expected = next((clean_space(line) for line in text.splitlines() if line.strip()), "")
        assert dates._first_line(text) == expected, repr(text)


def test_an_opening_date_with_the_longest_names_fits_the_opening_span():
    weekday = max((n for g in dates.RiacParserInfo.WEEKDAYS for n in g), key=len)
    month = max((n for g in dates.RiacParserInfo.MONTHS for n in g), key=len)
    line = f"On {weekday.capitalize()}, {month.capitalize()}. 14, 2021, the forum opened."
    opener_end = dates._skip_opener(line)
    assert dates._ASCII_DIGIT.search(line).start() <= opener_end + dates._DAY_AFTER_OPENER_MAX
    assert dates.find_event_date(line) is not None


_CASED = [c for c in map(chr, range(0x110000)) if c.lower() != c.upper()]
# Every word the connector and article regexes are built from (a new one cannot be missed).
_CONNECTOR_WORDS = (people._EN_CONNECTORS + people._RU_CONNECTORS + (people._AGENT_WORD,)
                    + people._FRESH_STARTERS + people._GROUP_STARTERS + people._LEADING_ARTICLES)
# The rest of every connector, article and "RIAC" after its first letter.
_RESTS = tuple(sorted({word[1:] + " " for word in _CONNECTOR_WORDS})) + ("IAC X",)


def _ignorecase_initials(patterns: list[re.Pattern]) -> set[str]:
    """Every character that starts a match of one of the patterns (re.I matches a letter only
    to cased characters)."""
    return {c for c in _CASED for rest in _RESTS if any(p.match(c + rest) for p in patterns)}


def test_connector_initials_hold_every_first_character_of_a_connector():
    patterns = [people._FRESH_START, people._CONJUNCTION, people._BOTH_ALL]
    assert _ignorecase_initials(patterns) <= people._CONNECTOR_INITIALS


def test_prose_position_gates_hold_every_first_character():
    assert _ignorecase_initials([people._LEADING_ARTICLE]) <= set("AaTtBb")
    assert _ignorecase_initials([people._RIAC_TITLE]) <= set("Rr")


def test_connector_words_are_what_the_connector_regexes_match():
    for word in _CONNECTOR_WORDS:
        assert any(p.match(word + " X") for p in [
            people._FRESH_START, people._CONJUNCTION, people._BOTH_ALL,
            people._LEADING_ARTICLE]), word


def test_every_cheap_word_is_found_as_it_is_written():
    # _cheap_words scans the casefolded text, so a word with a capital ("represented RIAC")
    # would never be found and its case-sensitive trailer regex would never run.
    tables = [people._LEAD_IN_TABLE, people._BOTH_TABLE, people._TRAILER_TABLE,
              people._RU_TRIGGERS_TABLE]
    for word in {w for table in tables for w in table.by_word}:
        assert word in people._cheap_words(f"x {word} x"), word
        assert word in people._cheap_words(f"x {word} x", [word]), word


def test_speech_heading_gate_admits_every_speech_noun():
    for noun in people._EN_SPEECH_NOUNS:
        for heading in (f"{noun.capitalize()} by Ivan Petrov", f"Ivan Petrov’s {noun}"):
            assert people._speech_heading(heading).name == "Ivan Petrov", heading
    for noun in people._RU_SPEECH_NOUNS:
        heading = f"{noun.capitalize()} Ивана Петрова"
        assert people._speech_heading(heading).name == "Иван Петров", heading


def test_title_join_gate_admits_every_second_title():
    for conj, word, _ in people._SECOND_TITLES:
        title = f"Head of Centre {conj} {word} expert"
        assert len(people._titles_to_positions(title)) == 2, title


def test_prose_position_word_gates_admit_every_word():
    for suffix in people._ORG_SUFFIXES:
        assert people.prose_position(f"Expert {suffix}") == Position("Expert", suffix)
    for word in people._AT_WORDS:
        assert people.prose_position(f"Professor {word} MGIMO") == Position("Professor", "MGIMO")


def test_singular_is_the_plain_plural_rule():
    def plain(title: str) -> str | None:
        words = people._GROUP_WORD.sub("", title.strip()).split()
        for index in (0, -1):
            singular = people._PLURALS.get(words[index].casefold()) if words else None
            if singular and (index == 0 or not people._OF_AT_FOR.search(title)):
                if words[index][0].isupper():
                    singular = singular[0].upper() + singular[1:]
                words[index] = singular
                return " ".join(words)
        return None

    alphabet = ["experts", "Members", "ALL ", "both ", "the ", " of ", " at ", "Board", " ",
                "RIAC ", "эксперты", "x", "İ", "ß"]
    for text in _random_texts(alphabet, 6, 11):
        assert people._singular(text) == plain(text), text


def test_section_heading_is_highlights_then_quotes():
    from riac_archive.extract import highlights

    for text in ["Key quotes", "Discussion Highlights:", "quotes :", "KEY POINTS", "Цитаты",
                 "Key quotes and points", "highlights of the discussion", "x"]:
        match = highlights._SECTION_HEADING.fullmatch(text)
        expected = ("bullets" if highlights._HIGHLIGHTS_HEADING.fullmatch(text) else
                    "quotes" if highlights._QUOTES_HEADING.fullmatch(text) else None)
        assert (match.lastgroup if match else None) == expected, text
