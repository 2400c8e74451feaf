"""Discussion highlights (speaker name lines + bullets) and Key quotes."""

from __future__ import annotations

from riac_archive.extract.blocks import Block
from riac_archive.extract.highlights import missing_speakers, parse_highlights
from riac_archive.extract.people import parse_participants
from riac_archive.items import Participant, Position

SEED_SPEAKERS = {
    "Tigran Meloyan": 5, "Nikolay Silaev": 4, "Anna Pak": 4, "Evgeniya Goryushina": 4,
    "Dmitry Sidorov": 4, "Andrey Areshev": 3,
}


def _participants(*names: str) -> list[Participant]:
    """Participants with just names."""
    return [Participant(name) for name in names]


def seed_highlight_blocks(point_kind: str = "item") -> list[Block]:
    """The seed page's highlights section: six name lines, each followed by its bullets."""
    blocks = [Block("heading", "Discussion Highlights")]
    for speaker, count in SEED_SPEAKERS.items():
        blocks.append(Block("para", speaker))
        blocks += [Block(point_kind, f"{speaker.split()[1]} point {n}. It has two sentences.")
                   for n in range(1, count + 1)]
    return blocks


def test_seed_highlights_six_speakers_with_their_bullet_counts():
    highlights = parse_highlights(seed_highlight_blocks(), _participants(*SEED_SPEAKERS))
    assert [(h.speaker, len(h.points)) for h in highlights] == list(SEED_SPEAKERS.items())
    assert highlights[0].points[0] == "Meloyan point 1. It has two sentences."
    assert highlights[-1].points[-1] == "Areshev point 3. It has two sentences."


def test_bullets_printed_as_paragraphs():
    highlights = parse_highlights(seed_highlight_blocks("para"), _participants(*SEED_SPEAKERS))
    assert [(h.speaker, len(h.points)) for h in highlights] == list(SEED_SPEAKERS.items())


def test_section_ends_at_a_paragraph_after_item_bullets():
    blocks = seed_highlight_blocks()[:4] + [
        Block("para", "The round table ended with a discussion of the policy brief.")]
    highlights = parse_highlights(blocks, _participants("Tigran Meloyan"))
    assert highlights[0].points == ["Meloyan point 1. It has two sentences.",
                                    "Meloyan point 2. It has two sentences."]


def test_no_highlights_without_a_heading():
    blocks = [Block("para", "Tigran Meloyan"), Block("item", "A point.")]
    assert parse_highlights(blocks, _participants("Tigran Meloyan")) == []


def test_name_line_with_title_matches_a_participant_spelled_differently():
    blocks = [Block("heading", "Key points"),
              Block("para", "Andrei Kortunov, RIAC Director General"),
              Block("item", "Dialogue is still possible."),
              Block("para", "Dr. Mark Ellison:"),
              Block("item", "The Baltic is a test case.")]
    highlights = parse_highlights(blocks, _participants("Andrey Kortunov", "Mark Ellison"))
    assert [(h.speaker, h.points) for h in highlights] == [
        ("Andrey Kortunov", ["Dialogue is still possible."]),
        ("Mark Ellison", ["The Baltic is a test case."])]


def test_key_quotes_without_quote_marks_and_matched_to_participants():
    blocks = [Block("heading", "Key quotes"),
              Block("para", "Igor Ivanov, RIAC President: “Our countries have learned to work "
                            "together.”"),
              Block("para", 'Mehmet Aydin, President of the Center for Strategic Studies (CSS): '
                            '"The Black Sea must remain a sea of cooperation."'),
              Block("para", "Анна Белова, член РСМД: «Диалог. Он нужен»."),
              Block("para", "Rate the quotes below in the comments.")]
    highlights = parse_highlights(blocks, _participants("Igor Ivanov", "Mehmet Aydin"))
    assert [(h.speaker, h.points) for h in highlights] == [
        ("Igor Ivanov", ["Our countries have learned to work together."]),
        ("Mehmet Aydin", ["The Black Sea must remain a sea of cooperation."]),
        ("Анна Белова", ["Диалог. Он нужен"])]


def test_speaker_not_in_participants_is_reported_with_positions():
    blocks = [Block("para", "The conference was opened by Igor Ivanov, RIAC President."),
              Block("heading", "Key quotes"),
              Block("para", "Igor Ivanov, RIAC President: “We need dialogue.”"),
              Block("para", "Selin Demir, Senior Researcher at CSS: “Energy transit matters.”")]
    known = _participants("Igor Ivanov")
    assert missing_speakers(blocks, known) == [
        Participant("Selin Demir", [Position("Senior Researcher", "CSS")], "speaker")]
    highlights = parse_highlights(blocks, known)
    assert [h.speaker for h in highlights] == ["Igor Ivanov", "Selin Demir"]


def test_parse_participants_adds_quote_speakers_after_the_others():
    blocks = [Block("para", "The conference was opened by Igor Ivanov, RIAC President."),
              Block("heading", "Deputy Foreign Minister Pavel Gromov’s speech"),
              Block("para", "Dear colleagues, I am glad to welcome you."),
              Block("heading", "Key quotes"),
              Block("para", "Selin Demir, Senior Researcher at CSS: “Energy transit matters.”")]
    people = parse_participants(blocks, "en")
    assert [(p.name, p.role) for p in people] == [
        ("Igor Ivanov", "opening remarks"), ("Pavel Gromov", "speaker"),
        ("Selin Demir", "speaker")]
    assert people[1].positions == [Position("Deputy Foreign Minister", None)]
