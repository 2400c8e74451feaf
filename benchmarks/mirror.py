"""A synthetic mirror of russiancouncil.ru for the benchmarks, built from the fixture pages.

Every detail page is one of the reconstructed fixture pages (tests/fixtures/*.html) with its own
slug, shifted dates, other participants' surnames, another region word and a few extra sentences
(one with the page's number, so no two pages have the same content). Listings in both languages
link to them, newest first, 20 a page, with `?PAGEN_1=N` pagination. The tree is laid out for
`riac_archive.fixture_server`: `/en/news/?PAGEN_1=2` is `en/news/index@PAGEN_1=2.html`.

    python benchmarks/mirror.py DIR --pages 200 [--serve]
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from riac_archive import urls

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
PER_LISTING = 20
ROBOTS_TXT = "User-agent: *\nDisallow: /bitrix/\nDisallow: /en/search/\nDisallow: /search/\n"

LONG_MONTHS = (1, 3, 5, 7, 8, 10, 12)  # a day up to 31 stays valid in any of them
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")
EN_SURNAMES = ("Abramov", "Belov", "Chernov", "Davydov", "Egorov", "Frolov", "Gusev", "Ilyin",
               "Karpov", "Larin", "Makarov", "Nikitin", "Osipov", "Panov", "Rodin", "Savin",
               "Tarasov", "Ulyanov", "Vlasov", "Yakovlev", "Zotov", "Hansen", "Berg", "Novak",
               "Keller", "Moreau", "Rossi", "Tanaka", "Ozturk", "Haddad", "Okafor", "Lindqvist")
RU_SURNAMES = {"ов": ("Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Морозов", "Беляков",
                      "Комаров", "Орлов", "Крылов"),
               "ев": ("Зайцев", "Медведев", "Соловьев", "Васильев", "Григорьев", "Алексеев"),
               "ин": ("Ильин", "Никитин", "Фомин", "Сорокин", "Карпин", "Голубин")}
REGIONS = ("Arctic", "Baltic", "Caspian", "Pacific", "Mediterranean", "Danube", "Barents")
EXTRA_SENTENCES = {
    "en": ("Participants also discussed the outlook for regional energy projects.",
           "The meeting paid particular attention to transport corridors and logistics.",
           "Experts agreed that dialogue between research centres should continue.",
           "The sides exchanged views on sanctions and their effect on trade.",
           "A joint report on the results of the discussion is planned for next year.",
           "Several speakers stressed the role of universities in people-to-people ties."),
    "ru": ("Участники также обсудили перспективы региональных энергетических проектов.",
           "Особое внимание было уделено транспортным коридорам и логистике.",
           "Эксперты согласились, что диалог исследовательских центров нужно продолжать.",
           "Стороны обменялись мнениями о санкциях и их влиянии на торговлю.",
           "По итогам дискуссии планируется подготовить совместный доклад."),
}
_LONG_PARAGRAPH = re.compile(r"<(p|div)(?:\s[^>]*)?>((?:(?!</?(?:p|div)[\s>]).){120,}?)</\1>",
                             re.S)


@dataclass(frozen=True)
class Template:
    """One fixture page a mirror page is made from."""

    name: str
    html: str
    lang: str
    section: str
    slug: str
    surnames: tuple[str, ...]


@dataclass(frozen=True)
class MirrorPage:
    """One detail page of the mirror."""

    path: str  # site path below the root, e.g. "en/news/some-slug-00012/"
    file: Path
    template: str

    @property
    def canonical(self) -> str:
        """The page's canonical URL on the real site (what the crawl stores it under)."""
        return f"{urls.SITE_BASE}/{self.path}"


@dataclass
class Mirror:
    """A built mirror: its root directory, detail pages and listing pages."""

    root: Path
    documents: list[MirrorPage] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)  # request targets, e.g. "/news/?PAGEN_1=2"

    def read(self, page: MirrorPage) -> bytes:
        """The bytes of one detail page."""
        return page.file.read_bytes()


# --- templates -------------------------------------------------------------------------------

def _surnames(expected: dict) -> tuple[str, ...]:
    """Surnames of the people a fixture's expectation names (participants and authors)."""
    names = [p.get("name") for p in expected.get("participants") or []]
    names += [a.get("name") for a in expected.get("authors") or []]
    found = [name.split()[-1] for name in names if name and len(name.split()) >= 2]
    return tuple(dict.fromkeys(s for s in found if len(s) >= 3 and s.isalpha()))


def load_templates(fixtures: Path = FIXTURES) -> list[Template]:
    """Every fixture page with an expectation (error fixtures are left out), by name."""
    templates = []
    for expectation in sorted(fixtures.glob("*.json")):
        data = json.loads(expectation.read_text(encoding="utf-8"))
        page = expectation.with_suffix(".html")
        if not data.get("expected") or not page.is_file():
            continue
        url = data["url"]
        section = urls.section(url)
        section = section if section in urls.LISTING_SECTIONS else "analytics"
        templates.append(Template(expectation.stem, page.read_text(encoding="utf-8"),
                                  urls.language(url), section, urls.slug(url) or expectation.stem,
                                  _surnames(data["expected"])))
    return templates


def listing_slots(templates: list[Template]) -> list[tuple[Template, str, str]]:
    """(template, lang, section) for every template, plus one for each listing none fills."""
    slots = [(t, t.lang, t.section) for t in templates]
    for lang in ("en", "ru"):
        for section in urls.LISTING_SECTIONS:
            if not any(s[1:] == (lang, section) for s in slots):
                same_lang = [t for t in templates if t.lang == lang] or templates
                slots.append((same_lang[0], lang, section))
    return slots


# --- site furniture ----------------------------------------------------------------------------

# What the real site prints around every document (site-notes: a header with the language switch,
# search and login, a mega-menu of sections, regions and topics, a "Most read" sidebar, a footer).
# The fixtures carry only a little of it; `furnish` adds it for the extraction figure 1b.
FURNITURE_LABELS = {
    "en": {"sections": ("News", "Analytics and Comments", "Projects", "Publications", "Events",
                        "Experts", "About us", "Membership"),
           "regions": ("Russia", "USA", "European Union", "China", "India", "Middle East",
                       "Central Asia", "Africa", "Latin America", "Arctic", "Caucasus", "Balkans",
                       "Japan", "Korean Peninsula", "Iran", "Turkey", "Southeast Asia"),
           "topics": ("Security", "Energy", "Economy", "Migration", "Climate", "Cybersecurity",
                      "Arms control", "Education", "Science", "Global governance", "Trade"),
           "words": ("Regions", "Topics", "Search", "Find", "Login", "Most read", "Subscribe",
                     "Teaser headline about the world order and Russia", "Author",
                     "Footer link", "Address: 1 Example Street, Moscow, 119049",
                     "© 2010–2026 Russian International Affairs Council")},
    "ru": {"sections": ("Новости", "Аналитика и комментарии", "Проекты", "Публикации",
                        "Мероприятия", "Эксперты", "О Совете", "Членство"),
           "regions": ("Россия", "США", "Евросоюз", "Китай", "Индия", "Ближний Восток",
                       "Центральная Азия", "Африка", "Латинская Америка", "Арктика", "Кавказ",
                       "Балканы", "Япония", "Корейский полуостров", "Иран", "Турция"),
           "topics": ("Безопасность", "Энергетика", "Экономика", "Миграция", "Климат",
                      "Кибербезопасность", "Контроль над вооружениями", "Образование"),
           "words": ("Регионы", "Темы", "Поиск", "Найти", "Вход", "Самое читаемое",
                     "Подписаться", "Заголовок материала о мировом порядке и России", "Автор",
                     "Ссылка", "Адрес: 119049, Москва, ул. Примерная, 1",
                     "© 2010–2026 Российский совет по международным делам")},
}


_BODY_START = re.compile(r"<body\b[^>]*>", re.I)


def _site_header(lang: str, rng: random.Random) -> str:
    """Top bar, main menu with sub-menus, and the regions/topics mega-menu."""
    labels, prefix = FURNITURE_LABELS[lang], "/en" if lang == "en" else ""
    words = labels["words"]
    menu = "".join(
        f'<li class="menu-item"><a href="{prefix}/s{i}/">{name}</a><ul class="submenu">'
        + "".join(f'<li><a href="{prefix}/s{i}/{j}/">{name} {j}</a></li>'
                  for j in range(rng.randint(4, 9))) + "</ul></li>"
        for i, name in enumerate(labels["sections"]))
    columns = "".join(
        f'<div class="col"><span class="col-title">{title}</span><ul>'
        + "".join(f'<li><a href="{prefix}/{key}/{i}/">{name}</a></li>'
                  for i, name in enumerate(labels[key])) + "</ul></div>"
        for title, key in ((words[0], "regions"), (words[1], "topics")))
    return ('<header class="site-header"><div class="top-bar"><a href="/">Рус</a> '
            f'<a href="/en/">Eng</a><form class="search" action="{prefix}/search/">'
            f'<input name="q" placeholder="{words[2]}"><button>{words[3]}</button></form>'
            f'<a href="{prefix}/login/">{words[4]}</a></div><nav class="main-nav"><ul>{menu}'
            f'</ul></nav><div class="mega">{columns}</div></header>')


def _site_sidebar(lang: str, rng: random.Random) -> str:
    """A "Most read" column of teasers with dates and authors, and a banner."""
    words, prefix = FURNITURE_LABELS[lang]["words"], "/en" if lang == "en" else ""
    teasers = "".join(
        f'<div class="item"><a href="{prefix}/analytics-and-comments/analytics/teaser-{i:03d}/">'
        f'{words[7]} {i}</a><div class="date">{rng.randint(1, 28):02d}.'
        f'{rng.randint(1, 12):02d}.20{rng.randint(12, 25)}</div><div class="author">'
        f'<a href="{prefix}/experts/e{i}/">{words[8]} {i}</a></div></div>' for i in range(8))
    return (f'<aside class="sidebar"><div class="block-title">{words[5]}</div>{teasers}'
            f'<div class="banner"><a href="{prefix}/subscribe/"><img src="/b.png" '
            f'alt="{words[6]}"></a></div></aside>')


def _site_footer(lang: str) -> str:
    """Four columns of links, social links, the address, the copyright line and a script."""
    words, prefix = FURNITURE_LABELS[lang]["words"], "/en" if lang == "en" else ""
    columns = "".join(
        '<div class="footer-col"><ul>' + "".join(
            f'<li><a href="{prefix}/f{c}/{j}/">{words[9]} {c}.{j}</a></li>' for j in range(10))
        + "</ul></div>" for c in range(4))
    return (f'<footer class="site-footer">{columns}<div class="social"><a href="https://t.me/x">'
            'Telegram</a> <a href="https://vk.com/x">VK</a></div>'
            f'<div class="address">{words[10]}</div><div class="copy">{words[11]}</div></footer>'
            "<script>var views = 0; for (var i = 0; i < 10; i++) { views += i; }</script>")


def furnish(page: str, lang: str, seed: int) -> str:
    """A page with the site's full furniture around its own markup (header first, then the
    page's body, then a sidebar and the footer)."""
    rng = random.Random(seed)
    header = _site_header(lang, rng)
    page = _BODY_START.sub(lambda m: m.group(0) + header, page, count=1)
    tail = _site_sidebar(lang, rng) + _site_footer(lang)
    return page.replace("</body>", tail + "</body>", 1) if "</body>" in page else page + tail


# --- varying one page --------------------------------------------------------------------------

def _shift_months(text: str, shift: int) -> str:
    """Map every month (names in both languages, numeric dates) onto a 31-day month."""
    def month(number: int) -> int:
        return LONG_MONTHS[(number + shift) % len(LONG_MONTHS)]

    text = re.sub(r"\b(" + "|".join(EN_MONTHS) + r")\b",
                  lambda m: EN_MONTHS[month(EN_MONTHS.index(m[1]) + 1) - 1], text)
    text = re.sub(r"(?<!\w)(" + "|".join(RU_MONTHS) + r")(?!\w)",
                  lambda m: RU_MONTHS[month(RU_MONTHS.index(m[1]) + 1) - 1], text)
    text = re.sub(r"\b(\d{1,2})\.(\d{2})\.((?:19|20)\d\d)\b",
                  lambda m: f"{m[1]}.{month(int(m[2])):02d}.{m[3]}", text)
    return re.sub(r"\b((?:19|20)\d\d)-(\d{2})-(\d{2})\b",
                  lambda m: f"{m[1]}-{month(int(m[2])):02d}-{m[3]}", text)


def _shift_years(text: str, years: int) -> str:
    """Move every year (1950-2099) back by `years`."""
    return re.sub(r"\b(19[5-9]\d|20\d\d)\b", lambda m: str(int(m[1]) - years), text)


def _new_surname(surname: str, rng: random.Random, used: set[str]) -> str | None:
    """Another surname that declines like `surname` (Russian) or any from the pool (Latin)."""
    if re.match(r"^[A-Za-z]+$", surname):
        pool = EN_SURNAMES
    else:
        pool = RU_SURNAMES.get(surname[-2:], ())
    choices = [s for s in pool if s not in used and s != surname]
    return rng.choice(choices) if choices else None


def _swap_surnames(text: str, surnames: tuple[str, ...], rng: random.Random) -> str:
    """Give the page's people other surnames, consistently within the page."""
    used: set[str] = set()
    for surname in surnames:
        new = _new_surname(surname, rng, used)
        if new is None:
            continue
        used.add(new)
        if re.match(r"^[A-Za-z]+$", surname):
            text = re.sub(rf"\b{surname}\b", new, text)
        else:  # a Russian stem: declined endings (-а, -ым, -у) follow it unchanged
            text = re.sub(rf"(?<!\w){surname}", new, text)
    return text


def _is_prose(inner: str) -> bool:
    """True for a paragraph's inner HTML that reads as running text (not a menu or a widget)."""
    if re.search(r"<(ul|ol|li|br|table|tr|td|h\d|section|nav|img|form)\b", inner, re.I):
        return False
    text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", inner)).split())
    return len(text) >= 120 and text.endswith((".", "»", "”", '"')) and "(votes" not in text


def _extra_sentences(lang: str, index: int, rng: random.Random) -> str:
    """0-3 stock sentences plus one that carries the page's number, so no two pages are alike."""
    chosen = rng.sample(EXTRA_SENTENCES[lang], rng.randint(0, 3))
    guests = 20 + index
    chosen.append(f"The event brought together {guests} guests." if lang == "en"
                  else f"Число гостей составило {guests}.")
    return " ".join(chosen)


def _add_sentences(text: str, lang: str, index: int, rng: random.Random) -> str:
    """Append the extra sentences to the page's last prose paragraph (else to the end: a page
    cut short ends inside its last paragraph)."""
    matches = [m for m in _LONG_PARAGRAPH.finditer(text) if _is_prose(m[2])]
    end = matches[-1].end(2) if matches else len(text.rstrip())
    return f"{text[:end]} {_extra_sentences(lang, index, rng)}{text[end:]}"


def vary(template: Template, index: int, slug: str, lang: str) -> str:
    """The HTML of mirror page `index`: the template with its own slug, dates, names and text."""
    rng = random.Random(index)
    text = template.html.replace(template.slug, slug)
    text = _swap_surnames(text, template.surnames, rng)
    text = _shift_months(text, index % len(LONG_MONTHS))
    text = _shift_years(text, index % 12)
    text = re.sub(r"\bArctic\b", rng.choice(REGIONS), text)
    return _add_sentences(text, lang, index, rng)


def page_title(text: str) -> str:
    """The page's h1 (else its <title>) as plain text, for the listing that links to it."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S) or re.search(
        r"<title>(.*?)</title>", text, re.S)
    raw = re.sub(r"<[^>]+>", " ", match[1]) if match else "Untitled"
    return " ".join(html_lib.unescape(raw).split())


# --- listings ------------------------------------------------------------------------------------

_POLL = """<div class="vote-block"><div class="vote-block__title">Poll conducted</div>
<ol class="vote-block__questions"><li class="vote-question">
<div class="vote-question__text">In your opinion, what are the US long-term goals for Russia?</div>
<table class="vote-answers">
<tr><td class="vote-answer__text">U.S. wants to establish partnership relations with Russia on \
condition that it meets the U.S. requirements&nbsp;&nbsp;</td></tr>
<tr><td class="vote-answer__result">33 (31%)</td></tr>
<tr><td class="vote-answer__text">U.S. wants to deter Russia’s military and political \
activity&nbsp;&nbsp;</td></tr>
<tr><td class="vote-answer__result">30 (28%)</td></tr>
<tr><td class="vote-answer__text">U.S. wants to dissolve Russia&nbsp;&nbsp;</td></tr>
<tr><td class="vote-answer__result">24 (22%)</td></tr>
<tr><td class="vote-answer__text">U.S. wants to establish alliance relations with Russia under \
the US conditions to rival China&nbsp;&nbsp;</td></tr>
<tr><td class="vote-answer__result">21 (19%)</td></tr>
</table></li></ol></div>"""


def listing_path(lang: str, section: str) -> str:
    """The site path of a listing's first page, e.g. "/en/news/"."""
    prefix = "/en/" if lang == "en" else "/"
    return prefix + urls.LISTING_SECTIONS[section]


def listing_date(index: int, lang: str) -> str:
    """The date a listing shows for page `index` (higher index, newer page)."""
    day = date(2011, 1, 1) + timedelta(days=index // 4)
    if lang == "en":
        return f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year}"
    return f"{day.day} {RU_MONTHS[day.month - 1]} {day.year}"


def _pager(path: str, page: int, last: int) -> str:
    """Pagination links like the site's: previous, a few next pages, the last page."""
    def href(number: int) -> str:
        return path if number == 1 else f"?PAGEN_1={number}"

    numbers = sorted({page - 1, page + 1, page + 2, page + 3, last} - {page})
    links = [f'<a href="{href(n)}">{n}</a>' for n in numbers if 1 <= n <= last]
    return f'<div class="pager"><span>{page}</span> {" ".join(links)}</div>'


def listing_html(lang: str, section: str, page: int, last: int,
                 items: list[tuple[str, str, str]]) -> str:
    """One listing page: menu, items (date, title, link), pager, the site-wide poll."""
    menu = "".join(f'<li><a href="{listing_path(lang, s)}">{s.title()}</a></li>'
                   for s in urls.LISTING_SECTIONS)
    entries = "".join(
        f'<div class="news-item"><div class="news-item__date">{when}</div>'
        f'<a class="news-item__title" href="{href}">{html_lib.escape(title)}</a></div>\n'
        for when, title, href in items)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="UTF-8">'
            f"<title>{section.title()} - RIAC</title></head><body>"
            f'<div class="header"><ul class="menu">{menu}</ul></div>'
            f'<div class="content"><h1>{section.title()}</h1><div class="news-list">\n{entries}'
            f"</div>{_pager(listing_path(lang, section), page, last)}</div>\n{_POLL}\n"
            "</body></html>\n")


def _write(path: Path, text: str) -> None:
    """Write a UTF-8 file, creating its directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_listings(mirror: Mirror, entries: dict[tuple[str, str], list]) -> None:
    """Every listing page of every language and section (an empty one where nothing is listed)."""
    for (lang, section), items in sorted(entries.items()):
        items = items[::-1]  # newest first
        last = max(1, -(-len(items) // PER_LISTING))
        base = listing_path(lang, section)
        for page in range(1, last + 1):
            chunk = items[(page - 1) * PER_LISTING:page * PER_LISTING]
            name = "index.html" if page == 1 else f"index@PAGEN_1={page}.html"
            _write(mirror.root / base.lstrip("/") / name,
                   listing_html(lang, section, page, last, chunk))
            mirror.listings.append(base if page == 1 else f"{base}?PAGEN_1={page}")


def build_mirror(root: Path, pages: int, fixtures: Path = FIXTURES) -> Mirror:
    """Write a mirror of `pages` detail pages (plus listings and robots.txt) under `root`."""
    if root.exists():
        shutil.rmtree(root)
    mirror = Mirror(root)
    slots = listing_slots(load_templates(fixtures))
    entries: dict[tuple[str, str], list] = {(lang, s): [] for lang in ("en", "ru")
                                            for s in urls.LISTING_SECTIONS}
    for index in range(pages):
        template, lang, section = slots[index % len(slots)]
        slug = f"{template.slug[:90].rstrip('-')}-{index:05d}"
        path = listing_path(lang, section).lstrip("/") + slug + "/"
        text = vary(template, index, slug, lang)
        _write(root / path / "index.html", text)
        mirror.documents.append(MirrorPage(path, root / path / "index.html", template.name))
        entries[(lang, section)].append((listing_date(index, lang), page_title(text), "/" + path))
    _write_listings(mirror, entries)
    _write(root / "robots.txt", ROBOTS_TXT)
    return mirror


def main() -> None:
    """Build a mirror into DIR; with --serve, serve it on 127.0.0.1 until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    mirror = build_mirror(args.root, args.pages)
    print(f"{len(mirror.documents)} pages, {len(mirror.listings)} listing pages in {args.root}")
    if args.serve:
        from riac_archive.fixture_server import serve_until_interrupted

        serve_until_interrupted(args.root)


if __name__ == "__main__":
    main()
