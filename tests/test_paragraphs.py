"""Chrome lines, the rating widget and the twice-printed lead (site-notes §2, §4, §10)."""

from __future__ import annotations

import pytest

from riac_archive.extract.paragraphs import collapse_duplicates, is_chrome, parse_rating
from riac_archive.items import Rating

CHROME = [
    "Print", "Распечатать", "Читать на русском", "Read in English",
    "Print Читать на русском", "Распечатать Read in English", "Print  Read in English",
    "PRINT", " Print ",
    "Region: Russia", "Region: Russia, Europe", "Region: Middle East", "Region: Russia, Africa",
    "Type: News",
    "Rate this article", "Оценить статью",
    "(no votes)", " (0 votes)", "\u00a0(0 votes)", "(votes: 3, rating: 5)",
    "(votes: 2, rating: 4.5)",
    "(1 vote)", "(3 votes)", "(votes: 3, rating: 5) |", "(3 votes) |",
    "(Голосов: 3, Рейтинг: 4.79)", "(Голосов: 3, Рейтинг: 5)", "(5 голосов)", "(1 голос)",
    "(2 голоса)",
    "Share this article", "Поделиться статьей", "Поделиться статьёй",
    "Short version", "Full version",
    "Login if you are already registered", "In",  # "Log In" of the other interview rendering
    "Poll conducted", "Poll results", "Poll archive",
    "For business", "For researchers", "For students",
]

PROSE = [
    "",
    "   ",
    "The resolution received 120 votes, with 3 votes against (no abstentions).",
    "(3 votes) were cast against the proposal.",
    "Share this article with your colleagues, the moderator said.",
    "Print media were also represented at the forum.",
    "Read in English or Russian, the report is available online.",
    "For business leaders, the sanctions regime remains a challenge.",
    "For students of international relations, the school offers a rare chance.",
    "Poll conducted by the Levada Center shows 60% support for the talks.",
    "Region: the Arctic is changing fast. Experts say shipping will double.",
    "Type: the delegation's composition was not disclosed.",
    "Rate this article's arguments against the evidence, he urged.",
    "Participants included:",
    "Discussion Highlights",
    "Tigran Meloyan",
    "Голосов: 3, Рейтинг: 4.79 — так оценили статью читатели.",
    "В голосовании приняли участие 5 человек (5 голосов).",
]


@pytest.mark.parametrize("line", CHROME)
def test_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_is_chrome_tolerates_non_strings() -> None:
    assert not is_chrome(None)  # type: ignore[arg-type]


RATINGS = [
    (["Rate this article", "(no votes)", " (0 votes)", "Share this article"], Rating(None, 0)),
    (["Rate this article", "(votes: 3, rating: 5)", " (3 votes)"], Rating(5.0, 3)),
    (["(votes: 2, rating: 4.5)", " (2 votes)"], Rating(4.5, 2)),
    (["(votes: 1, rating: 5)", " (1 vote)"], Rating(5.0, 1)),
    (["Interview title", "(votes: 3, rating: 5) |", "(3 votes) |"], Rating(5.0, 3)),
    (["Оценить статью", "(Голосов: 3, Рейтинг: 4.79)", " (3 голоса)"], Rating(4.79, 3)),
    (["Оценить статью", "(Голосов: 5, Рейтинг: 4)", " (5 голосов)"], Rating(4.0, 5)),
    (["(Голосов: 3, Рейтинг: 4,79)"], Rating(4.79, 3)),  # a decimal comma
    (["(1 голос)"], Rating(None, 1)),
    (["(2 голоса)"], Rating(None, 2)),
    (["(3 votes) |"], Rating(None, 3)),
    ([" (7 votes)"], Rating(None, 7)),
    (["(votes: 0, rating: 0)"], Rating(None, 0)),
    # the first widget wins over the end-of-body repeat
    (["(votes: 3, rating: 5)", "(3 votes)", "Body text.", "(votes: 4, rating: 4)"],
     Rating(5.0, 3)),
]


@pytest.mark.parametrize("lines, expected", RATINGS, ids=[r[0][-1] for r in RATINGS])
def test_parse_rating(lines: list[str], expected: Rating) -> None:
    assert parse_rating(lines) == expected


@pytest.mark.parametrize("lines", [
    [],
    ["Rate this article", "Share this article"],
    ["The resolution received 120 votes (no abstentions)."],
    ["Rate this article", "(votes: three, rating: high)", "Share this article"],
    ["Rate this article", "★★★★☆ 4.5 / 5 (12 ratings)"],
    ["Оценить статью", "(Оценок: 3, Средняя: 4.5)"],
])
def test_parse_rating_none(lines: list[str]) -> None:
    assert parse_rating(lines) is None


def test_parse_rating_skips_non_strings() -> None:
    assert parse_rating([None, "(1 vote)"]) == Rating(None, 1)  # type: ignore[list-item]


# ---------------------------------------------------------------- duplicate collapse

ARCTIC = "On March 3, 2021, RIAC hosted a round table on Arctic shipping."
BODY = "Participants discussed the Northern Sea Route and the prospects of year-round navigation."
TAIL = "The round table was moderated by Ivan Timofeev, RIAC Director General."
FORUM = "On March 3, 2021, RIAC hosted the Nordic Security Forum."
MEMBERS = "Speakers included members of the Cold Seas Initiative."
MEMBERS_LIST = ("Speakers included members of the Cold Seas Initiative: Sarah Lind, Director of "
                "the Polar Institute; Erik Holm, Senior Fellow at the Nordic Council.")

COLLAPSE = [
    ("exact", [ARCTIC, ARCTIC, BODY], [ARCTIC, BODY], 1),
    ("case only",
     ["“Northern Trade Initiative” UNION met in Oslo to discuss Arctic routes.",
      "“Northern Trade Initiative” Union met in Oslo to discuss Arctic routes.", BODY],
     ["“Northern Trade Initiative” UNION met in Oslo to discuss Arctic routes.", BODY], 1),
    ("opening quote dropped",
     ["“Gateway to the North” was presented at RIAC on May 4, 2019.",
      "Gateway to the North” was presented at RIAC on May 4, 2019.", BODY],
     ["“Gateway to the North” was presented at RIAC on May 4, 2019.", BODY], 1),
    ("On added",
     ["March 4–6, 2019, Vienna hosted the Danube Security Dialogue.",
      "On March 4-6, 2019, Vienna hosted the Danube Security Dialogue.", BODY],
     ["March 4–6, 2019, Vienna hosted the Danube Security Dialogue.", BODY], 1),
    ("On dropped",
     ["On March 4–6, 2019, Vienna hosted the Danube Security Dialogue.",
      "March 4–6, 2019, Vienna hosted the Danube Security Dialogue.", BODY],
     ["On March 4–6, 2019, Vienna hosted the Danube Security Dialogue.", BODY], 1),
    ("whitespace and nbsp",
     [ARCTIC, ARCTIC.replace(" ", "\u00a0", 3) + "  ", BODY], [ARCTIC, BODY], 1),
    ("lead longer, body split in two",
     [f"{FORUM} {MEMBERS}", FORUM, MEMBERS_LIST, BODY], [FORUM, MEMBERS_LIST, BODY], 1),
    ("lead longer than body paragraph 1",
     [f"{ARCTIC} {TAIL}", ARCTIC, BODY], [f"{ARCTIC} {TAIL}", BODY], 1),
    ("body paragraph longer than the lead",
     [ARCTIC, f"{ARCTIC} {TAIL}", BODY], [f"{ARCTIC} {TAIL}", BODY], 1),
    ("two-paragraph lead as a block", [ARCTIC, TAIL, ARCTIC, TAIL, BODY], [ARCTIC, TAIL, BODY], 2),
    ("three-paragraph lead as a block",
     [ARCTIC, TAIL, BODY, ARCTIC, TAIL, BODY, MEMBERS], [ARCTIC, TAIL, BODY, MEMBERS], 3),
    # equal words: the lead's own paragraphs stay
    ("two-paragraph lead, one joined body paragraph",
     [ARCTIC, TAIL, f"{ARCTIC} {TAIL}", BODY], [ARCTIC, TAIL, BODY], 1),
    # ...unless the body splits the same words into more paragraphs (docs/record.md rule 4)
    ("one-paragraph lead, body split in two",
     [f"{ARCTIC} {TAIL}", ARCTIC, TAIL, BODY], [ARCTIC, TAIL, BODY], 1),
    ("intro sentence plus bullets repeated",
     ["Topics covered at the seminar included the following:",
      "Arctic shipping and the Northern Sea Route", "Fisheries and the Svalbard regime",
      "Topics covered at the seminar included the following:",
      "Arctic shipping and the Northern Sea Route", "Fisheries and the Svalbard regime", BODY],
     ["Topics covered at the seminar included the following:",
      "Arctic shipping and the Northern Sea Route", "Fisheries and the Svalbard regime", BODY], 3),
    ("AMP summary cut with an ellipsis",
     ["On March 3, 2021, RIAC hosted a round table on Arctic ship…", ARCTIC, BODY],
     [ARCTIC, BODY], 1),
    ("AMP summary of two paragraphs' start",
     [f"{ARCTIC} Participants discussed the Northern Sea Route…", ARCTIC, BODY],
     [ARCTIC, BODY], 1),
    ("AMP labels left in place",
     ["Short version", ARCTIC, "Full version", f"{ARCTIC} {TAIL}", BODY],
     ["Short version", "Full version", f"{ARCTIC} {TAIL}", BODY], 1),
    ("a wordless line between the copies", [ARCTIC, "* * *", ARCTIC, BODY],
     [ARCTIC, "* * *", BODY], 1),
    ("lead printed three times", [ARCTIC, ARCTIC, ARCTIC, BODY], [ARCTIC, BODY], 2),
    ("lead after a byline",
     ["Elena Markova", "Ph.D. in History, Leading Research Fellow, RIAC Member", ARCTIC, ARCTIC,
      BODY],
     ["Elena Markova", "Ph.D. in History, Leading Research Fellow, RIAC Member", ARCTIC, BODY], 1),
    ("Russian lead",
     ["12 марта в РСМД прошел круглый стол по арктическому судоходству.",
      "12 марта в РСМД прошел круглый стол по арктическому судоходству.",
      "Участники обсудили Северный морской путь."],
     ["12 марта в РСМД прошел круглый стол по арктическому судоходству.",
      "Участники обсудили Северный морской путь."], 1),
    ("exact copy of a long paragraph far down",
     [ARCTIC, BODY, TAIL, "a", "b", "c", "d", "e", "f", "g", BODY],
     [ARCTIC, BODY, TAIL, "a", "b", "c", "d", "e", "f", "g"], 1),
    ("empty", [], [], 0),
]


@pytest.mark.parametrize("paragraphs, expected, removed", [c[1:] for c in COLLAPSE],
                         ids=[c[0] for c in COLLAPSE])
def test_collapse_duplicates(paragraphs: list[str], expected: list[str], removed: int) -> None:
    assert collapse_duplicates(paragraphs) == (expected, removed)


KEPT = [
    ("distinct events sharing most words",
     ["On March 3, 2021, RIAC hosted a round table on Arctic shipping.",
      "On March 4, 2021, RIAC hosted a round table on Arctic fisheries."]),
    ("same opening, different point",
     ["Russia continues to view Armenia as a strategic partner and ally in the South Caucasus.",
      "Russia continues to view Armenia as a strategic partner, but economic ties are weakening "
      "and many experts doubt the alliance will last."]),
    ("bullets differing in one word",
     ["The EU is not conducting substantive negotiations with Armenia on this.",
      "The EU is not conducting substantive negotiations with Azerbaijan on this."]),
    ("one word swapped in a twenty-word paragraph",
     ["Experts from Moscow and Yerevan met on Monday to discuss trade, energy, transport, "
      "migration, education and the future of the EAEU.",
      "Experts from Moscow and Tbilisi met on Monday to discuss trade, energy, transport, "
      "migration, education and the future of the EAEU."]),
    ("repeated short answers in an interview",
     ["Do you expect the talks to resume this year?", "Yes.", "And will Norway take part?",
      "Yes.", "Is the Arctic Council still working?", "Yes."]),
    ("a speaker's name repeated as a heading",
     ["Tigran Meloyan", "Russia remains committed to dialogue.", "Nikolay Silaev",
      "Trust must come first.", "Tigran Meloyan", "Economic ties remain broad."]),
    ("heading that starts the next paragraph's words",
     ["Discussion Highlights", "Discussion highlights were summarised by the moderator."]),
    ("a short paragraph repeated far down",
     [ARCTIC, BODY, TAIL, "a", "b", "c", "d", "e", "f", "g", "Key quotes", "h", "Key quotes"]),
]


@pytest.mark.parametrize("paragraphs", [k[1] for k in KEPT], ids=[k[0] for k in KEPT])
def test_distinct_paragraphs_survive(paragraphs: list[str]) -> None:
    assert collapse_duplicates(paragraphs) == (paragraphs, 0)


def test_a_near_copy_below_the_top_is_left_alone() -> None:
    near = ARCTIC.replace("Arctic shipping", "Arctic shipping and ports")
    paragraphs = [BODY, TAIL, "a", "b", "c", "d", "e", "f", "g", ARCTIC, near]
    assert collapse_duplicates(paragraphs) == (paragraphs, 0)


SEED_LEAD = ("On June 2, 2025, the TASS Press Center hosted a RIAC roundtable on “Russian–Armenian "
             "Cooperation at the Present Stage.” The event included a presentation of RIAC Policy "
             "Brief No. 59 / 2025.")
SEED_COPY = SEED_LEAD.replace(" No. 59 / 2025.", ".")
SEED_SECOND = (
    "Participants noted that for much of their shared history, Russian–Armenian relations have "
    "been marked by a high degree of mutual trust and a traditionally warm dynamic grounded in the "
    "cultural affinity between the two societies. Since 2022, however, ties between Moscow and "
    "Yerevan have entered a period of cooling. At the same time, Russian Foreign Minister Sergey "
    "Lavrov’s visit to Yerevan on May 21, 2025, has created an opening for a potential reset and "
    "renewed positive momentum in the bilateral relationship.")
SEED_BULLETS = [
    "Tigran Meloyan, Analyst, Center for Mediterranean Studies, HSE University",
    "Nikolay Silaev, Leading Research Fellow, Institute for International Studies (IIS), MGIMO "
    "University",
    "Anna Pak, Associate Professor, Department of International Economic Relations, RUDN "
    "University",
]


def test_seed_page_near_duplicate_lead() -> None:
    """The seed page: a two-paragraph lead; the body's copy drops "No. 59 / 2025"."""
    paragraphs = [SEED_LEAD, SEED_SECOND, SEED_COPY, SEED_SECOND, "Participants included:",
                  *SEED_BULLETS, "Discussion Highlights", "Tigran Meloyan"]
    expected = [SEED_LEAD, SEED_SECOND, "Participants included:", *SEED_BULLETS,
                "Discussion Highlights", "Tigran Meloyan"]
    assert collapse_duplicates(paragraphs) == (expected, 2)


def test_seed_lead_pair_alone() -> None:
    long_lead = ("On June 2, 2025, the TASS Press Center hosted a RIAC roundtable on "
                 "“Russian–Armenian Cooperation at the Present Stage.” The event included a "
                 "presentation of RIAC Policy Brief No. 59 / 2025.")
    short_copy = long_lead.replace(" No. 59 / 2025.", ".")
    second = ("Participants noted that for much of their shared history, Russian–Armenian "
              "relations have been marked by a high degree of mutual trust.")
    out, removed = collapse_duplicates([short_copy, second, long_lead, second, "Participants "
                                        "included:"])
    assert (out, removed) == ([long_lead, second, "Participants included:"], 2)


@pytest.mark.parametrize("line", ["☆☆☆☆☆", "★★★★½", "Photo: TASS", "Фото: РИА Новости",
                                  "Rate this article ☆☆☆☆☆ (no votes) (0 votes)"])
def test_stars_and_photo_credits_are_chrome(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", ["Photo: the delegation at the entrance of the Kremlin, Moscow.",
                                  "Photographers say: nothing."])
def test_captions_that_say_more_than_a_credit_are_not_chrome(line):
    assert not is_chrome(line)


def test_stars_beside_a_rating_still_give_the_rating():
    assert parse_rating(["★★★★½ (votes: 7, rating: 4.57)"]) == Rating(4.57, 7)


def test_a_bare_vote_count_takes_its_value_from_the_full_line_after_it():
    assert parse_rating(["(7 votes)", "(votes: 7, rating: 4.57)"]) == Rating(4.57, 7)
    assert parse_rating(["(3 votes)", "Share this article"]) == Rating(None, 3)


@pytest.mark.parametrize("line", ["Subscribe to our Telegram channel to stay up to date",
                                  "Подписывайтесь на наш Telegram-канал"])
def test_calls_to_follow_the_site_elsewhere_are_chrome(line):
    assert is_chrome(line)


def test_prose_about_subscribers_is_not_chrome():
    assert not is_chrome("Subscribers of the journal received the report in March.")


@pytest.mark.parametrize("line", ["Tags: Arctic, Norway", "Теги: Австралия", "Подробности"])
def test_tag_lines_and_details_labels_are_chrome(line):
    assert is_chrome(line)
