"""Score the extractor on the sixth holdout round the way the acceptance check describes it.

Adapted from tests/holdout5/score.py: same checks and thresholds, this round's chrome lists.

Each `tests/holdout6/<name>.html` has a hand-written `<name>.json`:
`{"url": ..., "lead": [<the lead block(s) the page prints twice, or its first paragraph>],
"expected": {<the full record, docs/record.md>}}`.
The markup of these pages was written without reading the extractor, the team's fixtures, the
earlier holdout pages or tests/markup_variants.py. This round is about MARKUP VARIETY: every page
uses a different, unusual-but-plausible template: a WordPress theme (`entry-content`,
`wp-block-*`, kk-star-ratings, wp-polls), a Drupal node (`field--name-body`, paragraphs
speaker entities, `views-row` sidebar, poll module `<dl>`), a Tilda page (`t396` absolutely
positioned atoms, `t-text` blocks split by `<br /><br />`), XHTML 1.0 Strict with `<acronym>` and
`<abbr>` inside names and titles, `<div><span>` paragraphs with `&nbsp;` runs, a lead printed and
in `<meta name="description">`, a title in `<header class="article-header"><div><span>` with no
h1, schema.org microdata, a rating widget with `<img alt="rating 4.5">`, Key quotes as
`<cite>`/`<q>`, a `<br>`/"•" participant list inside one `<p>`, an HTML bar-chart poll, a
windows-1251 page declared by `<meta http-equiv>` laid out in three levels of tables, and an AMP
page with `<amp-accordion>`.

One check per field per page (14 per page):
canonical URL, lang, section, title, published, translation link, rating, no chrome in
paragraphs, each lead sentence exactly once, no near-duplicate paragraphs, participants' names
(a set), highlights per speaker (speaker -> number of points), authors, poll counts (votes list).

Run: `.venv/bin/python tests/holdout6/score.py` from the repository root.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HOLDOUT = Path(__file__).resolve().parent
sys.path.insert(0, str(HOLDOUT.parent.parent))

from riac_archive.extract import extract_page  # noqa: E402
from riac_archive.extract.text import fold  # noqa: E402

NEAR_DUPLICATE_RATIO = 0.9
NEAR_DUPLICATE_MIN_LENGTH = 30  # shorter blocks (names, headings) may legitimately repeat
PASS_MARK = 95.0

# Whole-paragraph chrome: widget labels, menus, sidebars, footers used on this round's pages.
CHROME_LABELS = {fold(s) for s in [
    "Print", "Распечатать", "Читать на русском", "Read in English", "Print Читать на русском",
    "Распечатать Read in English", "Rate this article", "Оценить статью", "Share this article",
    "Поделиться статьей", "Short version", "Full version", "Video", "Poll conducted",
    "For business", "For researchers", "For students", "Бизнесу", "Исследователям", "Студентам",
    "Tags:", "Теги:", "Comments (0)", "Комментарии (0)", "Most read", "Читайте также",
    "Other materials by the author", "Другие материалы автора", "Menu", "Меню", "Find", "Найти",
    "Login", "Sign up", "In", "Login if you are already registered", "RU", "EN", "RU EN", "VK",
    "Telegram", "X", "RSS", "VK Telegram RSS", "Interview", "Analytics", "Аналитика", "News",
    "Новости", "Events", "About Council", "Projects", "Publications", "Regions", "Contacts",
    "Mission", "Board of Trustees", "Presidium", "Staff", "Main", "Home", "Главная", "Мероприятия",
    "О Совете", "Проекты", "Аналитика и комментарии", "Образование", "Контакты", "Russia",
    "Europe", "Arctic", "Full version of the site", "Полная версия сайта", "РСМД", "RIAC",
    "Russian International Affairs Council", "Российский совет по международным делам",
    # this round's pages
    "Read also", "Subscribe", "Subscribe to the RIAC newsletter", "Your e-mail", "E-mail",
    "Next", "Prev", "След.", "Популярное", "Report", "Comments", "Analytics and comments",
    "Login", "Sign up", "« Prev", "Next »", "Comments (3)", "Comments (12)", "Комментарии (4)",
    # this round's pages
    "|", "EN | RU", "EN RU", "OK", "Accept", "Accept all", "Settings", "Got it", "Learn more",
    "Privacy policy", "Хорошо", "×", "Related materials", "Other publications", "Read also",
    "Читайте также", "Популярное", "Интервью", "Interview", "Unsubscribe",
    "Update your preferences", "View this email in your browser", "@russiancouncil",
    "Аналитика и комментарии /", "Главная /", "Новости", "Share:", "Поделиться:",
    # this round's pages (holdout5): Bitrix menu, header, poll and AMP chrome
    "About Us", "Activity", "Analytics and Comments", "Blogs", "Experts", "Деятельность",
    "Библиотека", "Блоги", "Эксперты", "Вход", "Регистрация", "Проводимый опрос", "Vote",
    "Голосовать", "Comments", "Analytics",
    # holdout6: WordPress, Drupal, Tilda, XHTML, microdata and AMP chrome
    "Skip to content", "Skip to main content", "Related", "Breadcrumb", "Recent Posts",
    "Previous post", "Post navigation", "Комментарии", "Made on Tilda", "Made on", "Tilda", "↑",
    "Back to top", "Valid XHTML 1.0 Strict", "Search the site", "Interview", "Home",
]}

# Chrome that must not appear anywhere inside a paragraph (rating, poll, footer, sidebars...).
CHROME_PATTERNS = [re.compile(p, re.I) for p in [
    r"\((?:no votes|votes: \d+, rating: [\d.]+|\d+ votes?)\)",
    r"\((?:Голосов: \d+, Рейтинг: [\d.]+|\d+ голос(?:а|ов)?)\)",
    r"^(?:Region|Type|Регион|Тип):", r"Rate this article", r"Share this article",
    r"Оценить статью", r"Поделиться статьей", r"Poll conducted",
    r"what are the US long-term goals for Russia", r"U\.S\. wants to (?:establish|deter|dissolve)",
    r"\b\d+ \(\d+%\)", r"©", r"cookies", r"Only registered users", r"processing of personal data",
    r"только зарегистрированные", r"welcome@russiancouncil\.ru", r"Yakimanka", r"Якиманка",
    r"\+7 \(495\)", r"^Tags:", r"^Теги:", r"^Comments \(\d+\)", r"^Комментарии \(\d+\)",
    r"For business \| For researchers", r"Use of materials is allowed", r"a link to russiancouncil",
    r"ссылка на russiancouncil", r"некоммерческая организация, созданная",
    r"Search the site", r"Поиск по сайту", r"^[★☆✩✪✭½\s|]+$", r"^(?:Main|Главная) / ",
    r"Home » ", r"РСМД и НИУ ВШЭ провели конференцию", r"Северная Европа после расширения НАТО",
    r"Калининград в новой реальности", r"The INF Treaty: Lessons", r"Hypersonic Weapons and Deter",
    r"^\d{2}\.\d{2}\.\d{4}$",  # a bare dd.mm.yyyy date line (title date or sidebar teaser)
    r"^(?:[A-Z][a-z]+ \d{1,2}|\d{1,2} [A-Z][a-z]+), \d{4}$", r"^\d{1,2} [A-Z][a-z]+ \d{4}$",
    r"^\d{1,2} [а-я]+ \d{4}$",  # a date line next to the title
    # this round: sidebar / related / "most read" teaser titles
    r"Greenland and the New Arctic Rivalry", r"Why the Caspian Matters Again",
    r"Bab el-Mandeb Shipping Two Years On", r"Yemen and the Red Sea Crisis", r"Oman as a Mediator",
    r"The G20 Summit in New Delhi", r"ASEAN at Fifty-Six", r"Африка в многополярном мире",
    r"Индия и БРИКС: пределы сближения", r"RIAC and IFRI Hold Consultations",
    r"Baltic Sea Security Roundtable", r"RIAC Delegation Visits Hanoi",
    r"ASEAN–Russia Expert Forum", r"РСМД и КИСИ подписали", r"Каспийский регион в новых условиях",
    r"Houthis and the Limits of Deterrence", r"Suez Canal Revenues in Free Fall",
    r"China’s Economy before the Congress",
    # user comments and their pagination
    r"Excellent overview of the tanker shortage", r"are there real talks already",
    r"Интересный разбор", r"tanker war in the Gulf", r"arctic_reader", r"navy_watcher",
    r"m\.kovalenko", r"Сергей П\.", r"Only registered users", r"^(?:« ?Prev|\d+ \d+ (?:Next|След))",
    r"Next »", r"Оставлять комментарии",
    # newsletter forms and footers
    r"Subscribe to the RIAC newsletter", r"I consent to the processing", r"Your e-mail",
    r"Якиманск", r"119049", r"Бизнесу · Исследователям", r"Tel\.:",
    # this round: banners, promos, glyphs, newsletters, downloads, share rows, crumbs
    r"cookie", r"GDPR", r"персональных данных", r"Telegram channel", r"Telegram-канал",
    r"Подписывайтесь", r"@russiancouncil", r"[\ue000-\uf8ff]", r"enable JavaScript",
    r"\(\d+%\)", r"You are receiving this email", r"Unsubscribe", r"View this email",
    r"Download the report", r"\(PDF, ", r"^(?:Share|Поделиться):", r"^(?:Main|Home|Главная)\s*[/»]",
    r"Dobryninsky", r"Добрынинский", r"Тел\.:", r"Все права защищены", r"^Tags: ",
    # this round: sidebar / related / "other materials" teaser titles
    r"Greenland and the Polar Silk Road", r"Icebreaker Fleets Compared",
    r"The Mekong as a Strategic River", r"ASEAN Summit in Jakarta",
    r"Water Diplomacy in Central Asia",
    r"The EAEU Labour Market at Ten", r"Африка и БРИКС после расширения",
    r"Сахель: новая архитектура безопасности", r"Газовый рынок Европы после кризиса",
    r"СПГ и новая конкуренция", r"Arctic Expert Club Holds Its Spring Session",
    r"Svalbard: A Century of the Treaty", r"Ливия: десять лет после распада",
    r"Эфиопия и Египет: спор о плотине", r"ASEAN and the Pandemic Economy",
    r"Central Asia 2030: Scenarios", r"Калининград и Балтика: итоги семинара",
    r"Арктический форум экспертов: первые итоги",
    # holdout5: Russian poll wording, footer, sidebar teaser titles
    r"долгосрочные цели США", r"^США хотят", r"Bolshaya Yakimanka", r"Большая Якиманка",
    r"При использовании материалов",
    r"RIAC and KISI Hold Expert Consultations",
    r"The OSCE at Fifty", r"RIAC and IFANS Hold Annual Consultations",
    r"Remittances and the Ruble", r"РСМД и ИФРИ провели ежегодные", r"Договор о РСМД: что дальше",
    r"Svalbard and the Fisheries Dispute", r"Arctic Council Chairmanship: Priorities",
    r"sessid", r"voteScript",
    # holdout6: theme chrome, poll bar-chart text, sidebar / related teaser titles
    r"^Posted in ", r"^Tagged ", r"^(?:Previous|Next) post", r"Proudly powered by WordPress",
    r"Total votes", r"Made on\s*Tilda", r"Valid XHTML", r"^\d{1,3}%$",
    r"For business · For researchers", r"Как вы считаете, каковы долгосрочные цели",
    r"Svalbard Seminar Marks the Treaty Centenary", r"The Barents Euro-Arctic Council at Twenty",
    r"RIAC and SIPRI Hold Arms Control Dialogue", r"Kaliningrad Transit Seminar in Berlin",
    r"The Aral Sea Basin in 2040", r"Hydropower Diplomacy on the Vakhsh",
    r"BRICS Think Tanks Meet in Goa", r"Russia and India: A Strategic Partnership at 70",
    r"Saudi Arabia and the Yemeni Settlement", r"The Kingdom is looking for an exit",
    r"Sea of Azov Shipping Seminar", r"RIAC and SAM Discuss Caucasus Transit Routes",
]]

_SENTENCE_END = re.compile(r"(?<=[.!?…”»])\s+(?=[A-ZА-ЯЁ“«\"])")
_TRAILING = ".;:!?…”»\"' "


def load_specs() -> dict[str, dict[str, Any]]:
    """Every holdout page's spec, by name."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(HOLDOUT.glob("*.json"))}


def extract(name: str, spec: dict[str, Any]) -> dict[str, Any] | BaseException:
    """The extractor's record for a holdout page, or what it raised."""
    try:
        return extract_page((HOLDOUT / f"{name}.html").read_bytes(), spec["url"])
    except Exception as exc:  # a crash fails every check of the page
        return exc


def chrome_in(paragraphs: list[str]) -> list[str]:
    """The paragraphs that are, or contain, a known chrome line."""
    return [p for p in paragraphs
            if fold(p) in CHROME_LABELS or any(rx.search(p) for rx in CHROME_PATTERNS)]


def lead_sentences(lead: list[str]) -> list[str]:
    """The lead's sentences as comparison keys (folded, trailing punctuation dropped)."""
    keys = []
    for block in lead:
        keys += [fold(s).rstrip(_TRAILING) for s in _SENTENCE_END.split(block)]
    return [k for k in keys if k]


def sentence_counts(lead: list[str], paragraphs: list[str]) -> dict[str, int]:
    """How many times each lead sentence occurs across the paragraphs."""
    folded = [fold(p) for p in paragraphs]
    return {s: sum(p.count(s) for p in folded) for s in lead_sentences(lead)}


def near_duplicates(paragraphs: list[str]) -> list[tuple[str, str]]:
    """Pairs of paragraphs whose difflib ratio exceeds the near-duplicate threshold."""
    pairs = []
    long_enough = [p for p in paragraphs if len(p) >= NEAR_DUPLICATE_MIN_LENGTH]
    for i, a in enumerate(long_enough):
        for b in long_enough[i + 1:]:
            matcher = difflib.SequenceMatcher(None, a, b)
            if matcher.real_quick_ratio() > NEAR_DUPLICATE_RATIO and \
                    matcher.ratio() > NEAR_DUPLICATE_RATIO:
                pairs.append((a[:60], b[:60]))
    return pairs


def participant_names(record: dict[str, Any]) -> list[str]:
    """The participants' names as a sorted list (compared as a set)."""
    return sorted({p["name"] for p in record.get("participants") or []})


def highlight_counts(record: dict[str, Any]) -> dict[str, int]:
    """Speaker -> number of points."""
    return {h["speaker"]: len(h["points"]) for h in record.get("highlights") or []}


def poll_counts(record: dict[str, Any]) -> list[int | None]:
    """The poll options' vote counts in order ([] without a poll)."""
    poll = record.get("poll")
    return [o["votes"] for o in poll["options"]] if poll else []


def _field(name: str) -> Callable[[dict[str, Any]], Any]:
    """A check that compares one record field as is."""
    return lambda record: record.get(name)


# check name -> what to compare, taken from a record (the expectation or the extraction).
VALUE_CHECKS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "url": _field("url"),
    "lang": _field("lang"),
    "section": _field("section"),
    "title": _field("title"),
    "published": _field("published"),
    "translation_url": _field("translation_url"),
    "rating": _field("rating"),
    "participants": participant_names,
    "highlights": highlight_counts,
    "authors": _field("authors"),
    "poll": poll_counts,
}
CHECKS = [*list(VALUE_CHECKS)[:7], "no_chrome", "lead_once", "no_near_duplicates",
          *list(VALUE_CHECKS)[7:]]


def run_check(check: str, spec: dict[str, Any], record: dict[str, Any]) -> tuple[bool, Any, Any]:
    """(passed, expected, got) for one check of one page."""
    paragraphs = record.get("paragraphs") or []
    if check == "no_chrome":
        return not chrome_in(paragraphs), [], chrome_in(paragraphs)
    if check == "lead_once":
        counts = sentence_counts(spec["lead"], paragraphs)
        wrong = {s[:70]: n for s, n in counts.items() if n != 1}
        return not wrong, "each lead sentence once", wrong
    if check == "no_near_duplicates":
        pairs = near_duplicates(paragraphs)
        return not pairs, [], pairs
    want, got = VALUE_CHECKS[check](spec["expected"]), VALUE_CHECKS[check](record)
    return want == got, want, got


def score_page(name: str, spec: dict[str, Any]) -> dict[str, tuple[bool, Any, Any]]:
    """Every check of one page."""
    record = extract(name, spec)
    if isinstance(record, BaseException):
        return {c: (False, "a record", repr(record)) for c in CHECKS}
    return {c: run_check(c, spec, record) for c in CHECKS}


def _short(value: Any, limit: int = 400) -> str:
    """A value as compact JSON, cut to `limit` characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def print_report(results: dict[str, dict[str, tuple[bool, Any, Any]]]) -> float:
    """Print the page x check table and the failures; return the overall percentage."""
    width = max(len(n) for n in results)
    abbrev = ["url", "lang", "sec", "title", "pub", "trans", "rate", "chrm", "lead", "ndup",
              "part", "hl", "auth", "poll"]
    print(" " * width + " " + " ".join(f"{a:>5}" for a in abbrev))
    for name, checks in results.items():
        cells = " ".join(f"{'ok' if checks[c][0] else 'FAIL':>5}" for c in CHECKS)
        print(f"{name:<{width}} {cells}")
    total = sum(len(c) for c in results.values())
    passed = sum(ok for checks in results.values() for ok, _, _ in checks.values())
    percent = 100.0 * passed / total
    print(f"\n{passed}/{total} checks passed: {percent:.1f}% (pass mark {PASS_MARK:.0f}%)\n")
    for name, checks in results.items():
        for check, (ok, want, got) in checks.items():
            if not ok:
                print(f"FAIL {name} [{check}]\n  expected: {_short(want)}\n"
                      f"  got:      {_short(got)}")
    return percent


def main() -> int:
    """Score every holdout page; exit 1 below the pass mark."""
    results = {name: score_page(name, spec) for name, spec in load_specs().items()}
    return 0 if print_report(results) >= PASS_MARK else 1


if __name__ == "__main__":
    sys.exit(main())
