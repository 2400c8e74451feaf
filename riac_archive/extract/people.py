"""Participants from headed lists and from prose, in English and Russian; name helpers.

How a page's people are found (site-notes §5, docs/record.md "Positions" and "Roles"):

1. Headed lists: a block ending in ":" that introduces people ("Participants included:",
   "Speakers:", "Участники:"), then a run of blocks that each start with a person:
   "Name, Title, Organisation; Title 2, Organisation 2".
2. Prose: each sentence is searched for triggers. A lead-in ("Other speakers included:",
   "was moderated by", "во главе с") is followed by a list; a verb after a list ("…, also took
   part", "delivered welcoming remarks") ends one. Russian verbs work both ways. The list text is
   cut into top-level comma/semicolon chunks (brackets and quotes protected), each chunk is a
   person (a name, "title Name", "Name title") or a title, and titles are attached to people:
   in English to the person before; in a Russian title-first list to the person after.
3. Per-speaker paragraphs: a paragraph starting with a full name and a speech verb ("Name,
   title, noted …", "title Name noted …", "Name noted in her speech …") adds that person as a
   speaker; an initial + surname ("A. Kortunov noted") is a mention of someone named before.
4. Embedded speech headings ("Deputy Foreign Minister Pavel Gromov’s speech") add a speaker, and
   speakers of "Key quotes" and highlight sections not named elsewhere are added at the end.

A name is 2–4 capitalised words (Latin or Cyrillic), initials allowed ("K.S. Raman"), with no
organisation/title/place word in it (see `_STOP_WORDS`). Honorifics are dropped from names. A
name after title words is their last two capitalised words, or the whole run of up to four
after a connector or title noun ("as well as by Nguyen Van Hai"). A Russian list after a
prepositional lead-in ends where the main clause starts ("…, Z участники обсудили …"); declined
names and titles (genitive, dative, instrumental) are brought back to the nominative.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from riac_archive.extract.blocks import Block
from riac_archive.extract.text import clean_space
from riac_archive.items import Participant, Position

# ---------------------------------------------------------------------------------------------
# Vocabulary

# Words that never occur in a person's name: titles, organisation words, places, function words.
_STOP_WORDS = frozenset(
    """
    director directors general president vice ambassador ambassadors ambassadorial professor
    professors member members expert experts head heads chairman chairwoman chair chairperson
    fellow fellows analyst analysts research researcher researchers senior junior deputy deputies
    minister ministers secretary secretaries department school academy academician society
    association agency committee federation union office program programme programs project
    coordinator manager assistant assistants editor chief journalist journalists correspondent
    officer officers adviser advisor advisers counsellor counselor consul attache envoy
    representative representatives delegation group club company corporation bank fund forum
    press news service chancellor dean rector lecturer associate principal leading executive
    founder partner ceo commander admiral colonel lieutenant major captain marshal governor
    mayor senator parliament duma state national international studies economics economy
    relations affairs policy political science sciences history law government federal
    administration board trustees staff commission division section sector laboratory initiative
    network media television radio magazine journal newspaper review house hall museum library
    chamber commerce industry trade business partnership alliance organization organisation
    army navy force forces military defence defense security strategic strategy analysis
    analytical centre center council ministry embassy foundation institute university college
    riac ras hse mgimo msu rudn imemo nato un osce cis csto eaeu sco brics asean phd ph.d
    candidate extraordinary plenipotentiary emeritus honorary visiting retired ret acting
    corresponding full doctor dr mr mrs ms prof sir excellency conference dialogue summit session
    readings round table seminar workshop panel report reports award prize week youth
    russia russian russians china chinese america american americans usa europe european asia
    asian africa african arctic korea korean japan japanese india indian germany german france
    french britain british england english uk kingdom united states republic moscow petersburg
    saint beijing washington london paris berlin north south east west northern southern eastern
    western middle central new york armenia armenian azerbaijan azerbaijani turkey turkish iran
    iranian israel israeli syria syrian ukraine ukrainian belarus belarusian kazakhstan norway
    norwegian finland finnish sweden swedish poland polish italy italian spain spanish canada
    canadian brazil brazilian mexico vietnam vietnamese indonesia pakistan egypt saudi arabia
    emirates qatar baltic caucasus eurasian eurasia pacific atlantic nordic balkan balkans
    georgia georgian mongolia serbia greece greek switzerland swiss austria hungary
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    the a an this that these those in on at of for with from by to as and but or it its he she
    they we our his her their during after before also both all other among some many several
    participants speakers guests moderator moderators discussion meeting event
    neft gazprom rosneft rosatom sberbank lukoil novatek rostec kommersant vedomosti izvestia
    tass ria novosti interfax valdai carnegie brookings chatham rand sputnik xinhua reuters
    bloomberg times inc ltd llc holding holdings capital partners consulting energy oil gas
    petroleum airlines railways motors systems technologies solutions
    component components command commands fleet fleets headquarters groups services offices
    bureau maritime allied joint regional directorate authority authorities operations corps
    brigade regiment squadron battalion unit mission missions secretariat cabinet tribunal coast
    naval marine marines air aerospace nations foreign public world global economic social
    development coalition movement party league assembly congress senate parliamentary
    municipal city district province provincial territorial governmental intergovernmental
    departments task observatory platform consortium networks centres centers institutes
    universities councils committees commissions
    """.split()
)

# Cyrillic stems that mark an organisation, place or title, never a name.
_RU_STOP_STEMS = (
    "институт", "университет", "центр", "фонд", "совет", "министер", "посольств", "академи",
    "агентств", "комитет", "ассоциац", "департамент", "форум", "клуб", "администрац",
    "правительств", "федерац", "государств", "росси", "москв", "европ", "азии", "китa", "китай",
    "китая", "китае", "америк", "арктик", "кавказ", "армени", "азербайджан", "турци", "германи",
    "франци", "британи", "норвеги", "финлянди", "украин", "беларус", "казахстан", "санкт",
    "петербург", "евразийск", "российск", "международн", "национальн", "федеральн", "высшей",
    "высшая", "генеральн", "президент", "директор", "председател", "профессор", "эксперт",
    "сотрудник", "руководител", "организац", "общества", "общество", "совета", "союз", "участник",
    "японии", "индии", "корее", "кореи", "сша", "оон", "нато", "мид", "рсмд", "ран", "мгимо",
)
# Names that start like a stem above: Росси (Rossi) like России, Москвин like Москва,
# Франциско like Франция, Рания like РАН. Without this, "Паоло Росси" is no name and the rest
# of a list ("…, Паоло Росси и Фуми Танака") becomes the previous person's title.
_RU_NAMES_LIKE_STEMS = frozenset(
    "росси москвин москвина франциско франциск рания ранджит мидори".split())
_RU_STOP_WORDS = frozenset(
    """в во на по с со и а но из при для о об у к от до за это этот эта также его ее её их
    январь января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    россия европы азия""".split()
)

_PARTICLES = frozenset(
    "de da del della der den di du van von la le bin ibn al el dos das ter zu".split()
)

_HONORIFIC = re.compile(
    r"^(?:(?:(?:Dr|Mr|Mrs|Ms|Mme|Prof|Gen|Lt|Col|Adm|Capt|Maj|Amb|Rev|Sir|Dame|H\.\s?E)\.?"
    r"|Professor|Academician|Ambassador|General|Colonel|Admiral|Doctor|Mister|Madam"
    r"|(?:His|Her) Excellency|Sheikh|Lieutenant General|Major General)"
    r"(?:\s*\((?:ret|retd|Ret|Retd)\.?\))?\s+)+"
)
_ONLY_HONORIFICS = re.compile(_HONORIFIC.pattern.rstrip("+") + r"*$")

_INITIAL = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яё]?\.){1,3}$")
_PATRONYMIC = re.compile(r"(?:ович|евич|ич|овна|евна|ична|инична)(?:а|у|ем|ом|ой|ы|е|и)?$")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_CYRILLIC_RUN = re.compile(r"[А-Яа-яЁё]+")

# Plural title words and their singulars (a plural title is shared by several people).
_PLURALS = {
    "experts": "expert", "members": "member", "ambassadors": "ambassador",
    "professors": "professor", "researchers": "researcher", "fellows": "fellow",
    "analysts": "analyst", "diplomats": "diplomat", "scholars": "scholar",
    "journalists": "journalist", "directors": "director", "officials": "official",
    "эксперты": "эксперт", "члены": "член", "сотрудники": "сотрудник", "послы": "посол",
    "профессора": "профессор", "представители": "представитель",
}
_RU_TITLE_HEADS = re.compile(
    r"\b(?:генеральн\w+|директор\w*|президент\w*|член\w*|сотрудник\w*|профессор\w*|посол\w*|"
    r"заместител\w+|руководител\w+|председател\w+|эксперт\w*|координатор\w*|научн\w+|"
    r"ведущ\w+|старш\w+|главн\w+|советник\w*|глав\w+|декан\w*|ректор\w*|журналист\w*|"
    r"исполнительн\w+|программн\w+|академик\w*)"
)

# ---------------------------------------------------------------------------------------------
# Triggers: (pattern, role, grammatical case of the list that follows, cheap words). A match
# always contains one of the cheap words (casefolded for the re.I patterns), so a sentence
# without any of them skips the regex.


def _literal_trie(words: Iterable[str]) -> str:
    """A regex matching any of the words, shared prefixes factored out (the engine tries a few
    first letters at a place, not every word); at a place it matches the longest word there."""
    heads: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        heads.setdefault(word[:1], []).append(word[1:])
    optional = heads.pop("", None) is not None
    alternatives = [re.escape(head) + _literal_trie(tails) for head, tails in heads.items()]
    pattern = "|".join(alternatives)
    if optional:
        return f"(?:{pattern})?" if pattern else ""
    return pattern if len(alternatives) == 1 else f"(?:{pattern})"


class _Triggers:
    """A trigger table, with the entries that need each cheap word."""

    def __init__(self, entries: list[tuple]) -> None:
        self.entries = entries
        self.by_word: dict[str, list[int]] = {}
        for index, entry in enumerate(entries):
            for word in entry[-1]:
                self.by_word.setdefault(word, []).append(index)
        # Keyed on sets of the table's few trigger words (never on text): a small, fixed space.
        self._needing_set = functools.lru_cache(maxsize=256)(self._entries_for)

    def needing(self, present: set[str] | None) -> list[tuple]:
        """The entries, in table order, whose cheap words include one present (all for None)."""
        if present is None:
            return self.entries
        return self._needing_set(frozenset(present))

    def _entries_for(self, present: frozenset[str]) -> list[tuple]:
        """`needing` for a set of words (the table's own words decide)."""
        indexes = sorted({i for word in present for i in self.by_word.get(word, ())})
        return [self.entries[i] for i in indexes]


_COLON = r"\s*:?"
_EN_LEAD_INS = [
    (r"\b(?:other\s+)?(?:speakers|panel+ists|presenters|discussants|keynote speakers)\b"
     r"(?:\s+(?:at|of|in|for|during|on)\b[^:;]*?)?\s+(?:also\s+)?(?:included|were|was)\b",
     "speaker", ("speakers", "panel", "presenters", "discussants")),
    (r"\bamong (?:the )?(?:other )?(?:speakers|panel+ists)\b[^:;]*?\s+(?:were|was)\b", "speaker",
     ("among",)),
    (r"\b(?:reports|presentations|speeches|talks) (?:were|was) (?:made|delivered|given) by\b",
     "speaker", ("made by", "delivered by", "given by")),
    (r"\bspeakers\s*:", "speaker", ("speakers",)),
    (r"\b(?:other\s+)?(?:participants|attendees|guests)\b(?:\s+(?:at|of|in|from)\b[^:;]*?)?"
     r"\s+(?:also\s+)?(?:included|were)\b", "participant", ("participants", "attendees", "guests")),
    (r"\bamong (?:the )?(?:other )?(?:participants|attendees|guests)\b[^:;]*?\s+(?:were|was)\b",
     "participant", ("among",)),
    (r"\b(?:was|were) represented\b[^:;]*?\bby\b", "participant", ("represented",)),
    (r"\bdelegation\b[^:;]*?\b(?:was composed of|consisted of|comprised|included|"
     r"was headed by|was led by|led by|headed by|including)\b", "participant", ("delegation",)),
    (r"\b(?:attended|joined) by\b", "participant", ("attended by", "joined by")),
    (r"\bwith the participation of\b", "participant", ("with the participation of",)),
    (r"\b(?:also )?taking part\b[^:;]*?\s+(?:were|was)\b", "participant", ("taking part",)),
    (r"\bparticipants\s*:", "participant", ("participants",)),
    (r"\b(?:(?:was|were)\s+)?(?:moderated|chaired|facilitated)\s+by\b", "moderator",
     ("moderated", "chaired", "facilitated")),
    (r"\bmoderators?\s+(?:was|were|is)\b", "moderator", ("moderator",)),
    (r"\bmoderators?\s*:", "moderator", ("moderator",)),
    (r"\b(?:was|were)\s+(?:opened|inaugurated)\s+by\b", "opening remarks",
     ("opened", "inaugurated")),
    (r"\b(?:opening|welcoming|introductory|welcome) (?:remarks|speech(?:es)?|address(?:es)?|"
     r"words|statements?) (?:were |was )?(?:made |delivered |given )?by\b", "opening remarks",
     ("opening", "welcom", "introductory")),
    (r"\bwelcomed by\b", "opening remarks", ("welcomed by",)),
    (r"\bamong those (?:who )?(?:took part|participating|present|attending)\b[^:;]*?"
     r"\s+(?:were|was)\b", "participant", ("among those",)),
    (r"\bbrought together\b", "participant", ("brought together",)),
    (r",\s+including\b", "participant", ("including",)),
    (r"\bfeatured (?:speeches|presentations|reports|talks) by\b", "speaker", ("featured",)),
    (r"\b(?:a|the) meeting with\b", "participant", ("meeting with",)),
]
_EN_BOTH = [
    (r"\b(?:met|held talks|had a meeting) with\b", "participant",
     ("met with", "held talks with", "had a meeting with")),
]
_EN_TRAILERS = [
    (r"(?:made|delivered|gave|offered) (?:an? |the )?(?:opening|welcoming|welcome|introductory)"
     r" (?:remarks|speech(?:es)?|address(?:es)?|statements?|words)", "opening remarks",
     ("opening", "welcom", "introductory")),
    (r"(?:opened|inaugurated) the (?:[\w-]+ ){0,3}?(?:meeting|event|conference|discussion|"
     r"session|round[ -]?table|seminar|forum|workshop|debate|dialogue|lecture|webinar)",
     "opening remarks", ("opened the", "inaugurated the")),
    (r"spoke at the opening", "opening remarks", ("spoke at the opening",)),
    (r"welcomed the (?:participants|guests|audience|attendees)", "opening remarks",
     ("welcomed the",)),
    (r"(?:moderated|chaired|facilitated)\b", "moderator", ("moderated", "chaired", "facilitated")),
    (r"(?:acted|served) as (?:the )?(?:moderator|chair)", "moderator", ("acted as", "served as")),
    (r"took part\b", "participant", ("took part",)),
    (r"spoke at the (?:[\w-]+ ){0,3}?(?:event|meeting|conference|session|round[ -]?table|"
     r"seminar|forum|workshop|discussion|panel|plenary)", "speaker", ("spoke at the",)),
    (r"presented (?:their |his |her )?(?:reports|papers|presentations)", "speaker", ("presented",)),
    (r"participated\b", "participant", ("participated",)),
    (r"attended\b", "participant", ("attended",)),
    (r"joined the (?:discussion|meeting|event|conference|session|debate)", "participant",
     ("joined the",)),
    (r"(?:were|was) (?:also )?(?:present|among the participants)", "participant",
     ("present", "among the participants")),
    (r"(?:made|delivered|gave) (?:presentations|reports|speeches|talks|papers|"
     r"a presentation|a report|a speech|a talk|a lecture|keynote \w+)", "speaker",
     ("made", "delivered", "gave")),
]
# Speech verbs (English, "_" for a space): whole words, so no two of them match at one place and
# their order in the regex does not matter.
_EN_SPEECH_VERBS = [verb.replace("_", " ") for verb in """
    noted said stated stressed emphasised emphasized outlined underlined underscored highlighted
    pointed_out summarised summarized summed_up remarked observed argued added believes mentioned
    drew_attention focused shared expressed explained described analysed analyzed discussed
    addressed commented suggested proposed called warned recalled reminded touched_upon agreed
    presented reviewed spoke talked gave_an_overview elaborated reflected expounded assessed
    considered examined concluded insisted cautioned urged reported characterised characterized
    identified offered believed maintained asserted
""".split()]
_RU_TRIGGERS = [
    (r"\bприня(?:ли|л|ла) участие\b", "participant", None, ("участие",)),
    (r"\bучастие\s+в\s+[^:;]*?\s+приня(?:ли|л|ла)\b", "participant", None, ("участие",)),
    (r"\bучастники\b[^:;]*?:", "participant", None, ("участники",)),
    (r"\bс\s+приветственн\w+\s+слов\w+\s+(?:к\s+участникам\s+)?"
     r"(?:выступил[аи]?|обратил(?:ись|ся|ась))", "opening remarks", None, ("приветственн",)),
    (r"\b(?:встречу|конференцию|заседание|круглый стол|мероприятие|дискуссию|семинар|форум|"
     r"сессию|обсуждение)\s+открыл[аи]?\b", "opening remarks", None, ("открыл",)),
    (r"\b(?:встречу|конференцию|заседание|круглый стол|мероприятие|дискуссию|семинар|форум|"
     r"сессию|обсуждение)\s+(?:вел[аи]?|модерировал[аи]?)\b", "moderator", None,
     ("вел", "модерировал")),
    (r"\bучаств(?:овали|овал|овала)\b", "participant", None, ("участвовал",)),
    (r"\bучастниками\s+[^:;]*?\s+стали\b", "participant", None, ("участниками",)),
    (r"\bвозглав(?:лял|ил)[аи]?\b", "participant", None, ("возглав",)),
    (r"\bвстреч[аеиу]\s+со?\b", "participant", "ins", ("встреч",)),
    (r"\bвыступил[аи]?(?:\s+с\s+(?:доклад(?:ами|ом)|сообщени(?:ями|ем)|презентаци(?:ями|ей)))?",
     "speaker", None, ("выступил",)),
    (r"\bоткрыл[аи]?\s+(?:встречу|конференцию|заседание|круглый стол|мероприятие|дискуссию|"
     r"семинар|форум|сессию|обсуждение)", "opening remarks", None, ("открыл",)),
    (r"\bвел[аи]?\s+(?:\w+(?:ую|юю|ое|ее|ый|ий)\s+)?(?:встречу|дискуссию|заседание|"
     r"круглый стол|мероприятие|обсуждение|семинар|сессию)", "moderator", None, ("вел",)),
    (r"\bмодератор(?:ом|ами|ы)?\s*(?:встречи|дискуссии|круглого стола|заседания|мероприятия|"
     r"обсуждения|сессии)?\s*(?:выступил[аи]?|был[аи]?|стал[аи]?|—|–|-|:)", "moderator", None,
     ("модератор",)),
    (r"\bмодерировал[аи]?\s+(?:встречу|дискуссию|заседание|круглый стол|мероприятие|"
     r"обсуждение|сессию)", "moderator", None, ("модерировал",)),
    (r"\bвстрети(?:лись|лся|лась)\s+со?\b", "participant", "ins", ("встрети",)),
    (r"\bво главе со?\b", "participant", "ins", ("во главе",)),
    (r"\b(?:при|с) участи(?:и|ем)\b", "participant", "gen", ("участи",)),
    (r"\bв состав\w*\s+(?:\w+\s+){0,3}?делегаци\w+\s+(?:входили|вошли|вош[её]л|вошла)",
     "participant", None, ("делегаци",)),
    (r"\bпредставлял[иа]?\b", "participant", None, ("представлял",)),
    # "Слово (также) было предоставлено советнику … Ахмеду Саиду": the speaker is in the dative
    (r"\b(?:слово\s+(?:(?:также|затем|далее|было)\s+){0,2}предостав(?:лено|или|ил[аи]?)|"
     r"предостав(?:лено|или|ил[аи]?)\s+(?:(?:также|затем|было)\s+){0,2}слово)\b", "speaker",
     "dat", ("предостав",)),
]
_RU_SPEECH = (
    r"(?:отметил[аи]?|подчеркнул[аи]?|заявил[аи]?|сказал[аи]?|рассказал[аи]?|указал[аи]?|"
    r"напомнил[аи]?|обратил[аи]? внимание|выразил[аи]?|считает|предложил[аи]?|представил[аи]?|"
    r"поделил(?:ся|ась|ись)|остановил(?:ся|ась|ись)|коснул(?:ся|ась|ись)|констатировал[аи]?|"
    r"призвал[аи]?|пояснил[аи]?|акцентировал[аи]?)\b"
)
_ADVERBS = r"(?:(?:also|all|both|then|jointly|later|subsequently|in turn|respectively|each),?\s+)*"
# "[,;]\s*" or "\s+", written so that the regex engine can skip to those characters.
_SEPARATOR = r"[,;\s]\s*"
_TRAIL_PREFIX = _SEPARATOR + _ADVERBS

_LEAD_IN_RES = [(re.compile(p + _COLON, re.I), role, words) for p, role, words in _EN_LEAD_INS]
_BOTH_RES = [(re.compile(p + _COLON, re.I), role, words) for p, role, words in _EN_BOTH]
_TRAILER_RES = [(re.compile(_TRAIL_PREFIX + "(?P<v>" + p + ")"), role, words)
                for p, role, words in _EN_TRAILERS]
_EN_SPEECH_RE = re.compile(_TRAIL_PREFIX + "(?P<v>" + _literal_trie(_EN_SPEECH_VERBS) + r"\b)")
_RU_TRIGGER_RES = [(re.compile(p + _COLON, re.I), role, case, words)
                   for p, role, case, words in _RU_TRIGGERS]
_LEAD_WORDS = frozenset(w for *_, words in _LEAD_IN_RES + _BOTH_RES for w in words)
_TRAIL_WORDS = frozenset(w for *_, words in _TRAILER_RES for w in words)
_RU_WORDS = frozenset(w for *_, words in _RU_TRIGGER_RES for w in words)
_LEAD_IN_TABLE = _Triggers(_LEAD_IN_RES)
_BOTH_TABLE = _Triggers(_BOTH_RES)
_TRAILER_TABLE = _Triggers(_TRAILER_RES)
_RU_TRIGGERS_TABLE = _Triggers(_RU_TRIGGER_RES)
_ALL_WORDS = _LEAD_WORDS | _TRAIL_WORDS | _RU_WORDS
# Any cheap word of any table; a match is the longest one starting at its place.
_TRIGGER_WORD = re.compile(_literal_trie(_ALL_WORDS))
# For each word, the words that occur inside it, and those that start inside it and run past it.
_WORDS_INSIDE = {w: frozenset(v for v in _ALL_WORDS if v in w) for w in _ALL_WORDS}
_WORDS_OVERLAPPING = {w: frozenset(v for v in _ALL_WORDS if v not in w and any(
    v.startswith(w[i:]) for i in range(1, len(w)))) for w in _ALL_WORDS}
_RU_SPEECH_RE = re.compile(_SEPARATOR + r"(?:также\s+|в свою очередь,?\s+)?(?P<v>" + _RU_SPEECH
                           + ")")

# Where a Russian list after a lead-in ("При участии X, Y и Z участники обсудили …") ends: the
# main clause, a subject noun and its verb or a past-tense plural verb ("обсудили", "обменялись").
_RU_MAIN_CLAUSE = re.compile(
    r"\s(?:(?:участники|эксперты|стороны|собравшиеся|гости|присутствующие|специалисты|"
    r"делегаты|коллеги|они)\s+(?:также\s+|затем\s+)?[а-яё]+|[а-яё]{3,}[аеиуыя]ли(?:сь)?)"
    r"(?![а-яё])"
)
# Plural nouns that look like a past-tense verb ("цели", "детали").
_RU_VERB_LOOKALIKES = frozenset("цели модели недели детали магистрали спирали дали".split())
# Where a list inside a sentence ends: a relative clause.
# (",?\s+" spelled as a comma before a space, or a space, so that the search skips to those.)
_CLAUSE_END = re.compile(
    r"[,\s](?<!,(?!\s))\s*"
    r"(?:who|which|whose|where|to discuss|in order to|которы\w+|где|чтобы|что)\b"
)
# The words a chunk may open with. _CONJUNCTION, _FRESH_START, _BOTH_ALL and _LEADING_ARTICLE
# are built from them, and tests/test_scan_helpers.py checks the first-letter gates
# (_CONNECTOR_INITIALS, prose_position's) against them: add a connector here, not in a regex.
_EN_CONNECTORS = ("and also", "and", "as well as", "also", "including", "with", "plus")
_RU_CONNECTORS = ("и", "а также", "также")
_AGENT_WORD = "by"
_FRESH_STARTERS = ("as well as", "а также")
_GROUP_STARTERS = ("both", "all")
_LEADING_ARTICLES = ("a", "an", "the", *_GROUP_STARTERS)
# A chunk's leading connector, with the "by" of a repeated agent ("as well as by X").
_CONJUNCTION = re.compile(
    rf"^(?:(?:(?:{'|'.join(_EN_CONNECTORS)})\s+)?{_AGENT_WORD}|"
    rf"{'|'.join(_EN_CONNECTORS + _RU_CONNECTORS)})\s+", re.I
)
_INNER_AND = (" and ", " as well as ", " и ", " а также ")
_INNER_AND_PAIRS = tuple((sep, re.compile(re.escape(sep))) for sep in _INNER_AND)
_VERB_LIKE = re.compile(r"^[a-z]+(?:ed|ing)\b|^(?:is|was|were|has|have|had|will|would|can|"
                        r"could|also|then|who|which|that)\b")
_TITLE_PARTICIPLES = frozenset(
    "leading acting visiting retired founding distinguished honoured honored managing "
    "renowned noted respected".split()
)
_LIST_INTRO = re.compile(
    r"participants|speakers|panel+ists|moderators?|presenters|discussants|took part|taking part|"
    r"attendees|guests|included|участники|участвовали|спикеры|выступили|выступающие|докладчики|"
    r"модератор|приняли участие",
    re.I,
)
_LIST_VERBS = re.compile(r"\b(?:noted|said|stressed|believes|argued|emphasi[sz]ed|"
                         r"отметил\w*|заявил\w*|подчеркнул\w*)\b")

# The nouns of a speech heading. The "X by Y" and Russian branches of _SPEECH_HEADING open with
# exactly these words, and _SPEECH_WORD (its gate) is built from the same tuples: add one here.
_EN_SPEECH_NOUNS = ("speech", "address", "remarks", "statement", "report", "lecture")
_RU_SPEECH_NOUNS = ("выступление", "доклад", "речь", "приветствие")
_EN_SPEECH_NOUN = "(?:" + "|".join(_EN_SPEECH_NOUNS) + ")"
_RU_SPEECH_NOUN = "(?:" + "|".join(_RU_SPEECH_NOUNS) + ")"
_SPEECH_WORD = re.compile("|".join(_EN_SPEECH_NOUNS + _RU_SPEECH_NOUNS), re.I)
_SPEECH_HEADING = re.compile(
    rf"^(?:(?P<a>.+?)[’']s\s+(?:opening\s+|welcoming\s+|keynote\s+)?{_EN_SPEECH_NOUN}"
    rf"|{_EN_SPEECH_NOUN}\s+(?:by|of)\s+(?P<b>.+)|{_RU_SPEECH_NOUN}\s+(?P<c>.+))\s*:?$",
    re.I,
)

_ABBREVIATIONS = frozenset(
    """dr mr mrs ms mme prof gen lt col adm capt maj amb st jr sr no nos ret retd vs inc ltd co
    corp jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e ph.d u.s u.k approx vol pp fig
    г гг им т.е т.д т.п проф акад ул см тыс млн млрд руб др чл корр ген д н ст вв""".split()
)
_OPENERS = {"(": ")", "[": "]", "“": "”", "«": "»", "„": "“"}
# Name helpers are pure and see the same names and chunks again and again; bounded caches.
_CACHE_SIZE = 1024  # per-page reuse needs few entries; a bound keeps memory flat over a long crawl

# Precompiled patterns of the helpers below (each is run hundreds of thousands of times a crawl).
_SPACED_INITIALS = re.compile(r"\b([A-ZА-ЯЁ][a-zа-яё]?\.)\s+(?=[A-ZА-ЯЁ][a-zа-яё]?\.)")
_INITIALS_BEFORE_WORD = re.compile(r"\b((?:[A-ZА-ЯЁ][a-zа-яё]?\.)+)(?=[A-ZА-ЯЁ][a-zа-яё]{2,})")
_KEY_PUNCTUATION = re.compile(r"[.\-'’]+")
_KEY_YE = re.compile(r"^ye")
_KEY_Y_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])y(?=[aeiou])")
_KEY_YA = re.compile(r"(?<=[^aeiouy])ya")
_KEY_FINAL_Y = re.compile(r"(?:iy|ii|y)$")
_LEADING_ARTICLE = re.compile(rf"^(?:{'|'.join(_LEADING_ARTICLES)})\s+", re.I)
_RIAC_TITLE = re.compile(r"^RIAC\s+(.+)$", re.I)
# prose_position's "X РСМД" and "X at Y" titles; its gates look for these same words.
_ORG_SUFFIXES = ("РСМД",)
_RSMD_TITLE = re.compile(rf"^(.+?)\s+({'|'.join(_ORG_SUFFIXES)})$")
_AT_WORDS = ("at",)
_AT_TITLE = re.compile(rf"^(.+?)\s+(?:{'|'.join(_AT_WORDS)})\s+(?:the\s+)?(.+)$")
_AT_GATES = tuple(f" {word} " for word in _AT_WORDS)
_PAREN_NOTE = re.compile(r"\(([^()]*)\)")
_PAREN_GROUP = re.compile(r"\s*\([^()]*\)")
_WORD_JOINERS = re.compile(r"[-'’]")
_DOTTED_WORDS = re.compile(r"[\w.]+")
_FRESH_START = re.compile(rf"^(?:{'|'.join(_FRESH_STARTERS)})\b", re.I)
_BOTH_ALL = re.compile(rf"^(?:{'|'.join(_GROUP_STARTERS)})\s+", re.I)
# Every character that starts a match of _FRESH_START, _CONJUNCTION or _BOTH_ALL (re.I also
# matches "i" to "İ"/"ı" and "т" to "ᲄ"/"ᲅ"; tests/test_scan_helpers.py checks the list against
# the connector words above).
_CONNECTOR_INITIALS = frozenset("ABIPWabipwİıАИТаитᲄᲅ")
_RETIRED_NOTE = re.compile(r"(?:ret|retd)\.?", re.I)
_REPRESENTATIVES = re.compile(r"^representatives?\b", re.I)
_RU_PREPOSITION_START = re.compile(r"^(?:в|во|на|из|по|при|с|со|у|после|затем|также|кроме того)\b",
                                   re.I)
_GROUP_WORD = re.compile(r"^(?:both|all|the)\s+", re.I)
_OF_AT_FOR = re.compile(r"\s(?:of|at|for)\s")
# A second title in one prose title: (conjunction, what the second title starts with, what
# must follow that). _TITLE_JOINS and its gate in _titles_to_positions are built from these.
_SECOND_TITLES = (("and", "RIAC", r"\b"), ("и", "член", ""))
_SECOND_TITLE_WORDS = tuple(word for _, word, _ in _SECOND_TITLES)
_TITLE_JOINS = re.compile("|".join(rf"\s+{conj}\s+(?={word}{tail})"
                                   for conj, word, tail in _SECOND_TITLES))
_BOTH = re.compile(r"^both\b", re.I)
_ALL = re.compile(r"^all\b", re.I)
_DASH_ENTRY = re.compile(r"^([^,;–—]{3,60}?)\s+[–—-]\s+(.+)$")
# Lower-case words after which a run of capitalised words is all name (no organisation tail).
_BEFORE_WHOLE_NAME = frozenset(
    """by and with including as plus also both or journalist expert member ambassador professor
    director head diplomat scholar analyst researcher fellow correspondent editor adviser advisor
    counsellor counselor envoy minister president chairman secretary writer economist historian
    lawyer politician businessman entrepreneur colleague colleagues""".split()
)
_STRICT_OPENER = re.compile(r"^(?:in|at|during|then|later|next|finally|further|speaking|"
                            r"summing|commenting|в|на|по|затем|далее)\b", re.I)


# ---------------------------------------------------------------------------------------------
# Public name helpers


@functools.lru_cache(maxsize=1024)
def _cached_clean_space(text: str) -> str:
    """`clean_space`, remembered: each block's text is cleaned by several readers."""
    return clean_space(text)


def block_text(block: Block) -> str:
    """A block's text with whitespace collapsed (cached across the page's readers)."""
    return _cached_clean_space(block.text)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def normalise_name(name: str) -> str:
    """The name as printed, without honorifics, extra spaces or loose initials ("K. S.")."""
    text = clean_space(name).strip(" ,;:.–—-")
    text = _HONORIFIC.sub("", text + " ").strip()
    if "." in text:  # initials
        text = _SPACED_INITIALS.sub(r"\1", text)
        text = _INITIALS_BEFORE_WORD.sub(r"\1 ", text)
    return clean_space(text)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def name_key(name: str) -> str:
    """A matching key that unifies transliteration variants of one name.

    Rule: honorifics dropped, casefolded, accents and ё removed, dots/hyphens to spaces; then in
    each word x -> ks, a leading "ye" -> "e", "y" between vowels dropped ("Timofeyev" ->
    "timofeev"), "ya" after a consonant -> "ia" ("Natalya"), a final "y"/"iy"/"ii" -> "i"
    ("Andrey"/"Andrei", "Dmitry"/"Dmitriy"/"Dmitrii").
    """
    text = unicodedata.normalize("NFKD", normalise_name(name).casefold().replace("ё", "е"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _KEY_PUNCTUATION.sub(" ", text)
    return " ".join(_key_word(w) for w in text.split())


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _key_word(word: str) -> str:
    """One word of `name_key`: Latin transliteration variants folded together."""
    word = word.replace("x", "ks")
    word = _KEY_YE.sub("e", word)
    word = _KEY_Y_BETWEEN_VOWELS.sub("", word)
    word = _KEY_YA.sub("ia", word)
    word = _KEY_FINAL_Y.sub("i", word)
    return word


def resolve_mention(mention: str, names: list[str]) -> str | None:
    """The one name in `names` that a mention ("A. Kortunov", "Dr. Ellison") refers to, or None."""
    return _resolve_keyed(mention, [(n, name_key(n)) for n in names])


def _resolve_keyed(mention: str, keyed: list[tuple[str, str]]) -> str | None:
    """`resolve_mention` over (name, name_key(name)) pairs (each name's key looked up once)."""
    short = normalise_name(mention)
    if not short:
        return None
    key = name_key(short)
    # Candidates sharing the mention's key are one person: the first of them.
    found = next((n for n, k in keyed if k == key), None)
    if found is None and short.split():
        found = _resolve_partial(short, keyed)
    return found


def _resolve_partial(short: str, keyed: list[tuple[str, str]]) -> str | None:
    """Surname-only, initials + surname, or reversed-order mentions of one of the (name, key)
    pairs."""
    words = short.split()
    surname = name_key(words[-1])
    if len(words) == 1:
        by_last = [(n, k) for n, k in keyed if k.split()[-1:] == [surname]]
        return _unique(by_last) or _unique([(n, k) for n, k in keyed if surname in k.split()])
    if all(_INITIAL.match(w) for w in words[:-1]):
        first = words[0][0].casefold()
        return _unique([(n, k) for n, k in keyed if k.split()[-1:] == [surname]
                        and n[:1].casefold() == first])
    full = name_key(short)
    key = sorted(full.split())
    # Keys are single-spaced: the same words in another order make a key of the same length.
    return _unique([(n, k) for n, k in keyed if len(k) == len(full) and sorted(k.split()) == key])


def _unique(candidates: list[tuple[str, str]]) -> str | None:
    """The single person among (name, key) candidates (variants of one key count once)."""
    keys = {k for _, k in candidates}
    return candidates[0][0] if len(keys) == 1 else None


def parse_name_line(text: str) -> tuple[str, str | None] | None:
    """A short "Name" / "Name, title" / "Name (Org)" line as (name, title or None)."""
    text = clean_space(text).rstrip(":").strip()
    if not text or len(text) > 200 or _LIST_VERBS.search(text):
        return None
    chunks = _split_top(text, ",;")
    core, notes = _strip_parens(chunks[0])
    name = _as_name(core)
    if name is None:
        return None
    if len(chunks) > 1 and text.endswith("."):
        return None
    rest = ", ".join(notes + chunks[1:]) or None
    return name, rest


def prose_position(title: str) -> Position:
    """One prose position: "X at Y", "RIAC X", "X РСМД", else the whole chunk as the title."""
    title = clean_space(title)
    if title[:1] in "AaTtBb":  # what "a", "the", "both" start with, in either case
        title = _LEADING_ARTICLE.sub("", title)
    title = _singular(title) or title
    riac = _RIAC_TITLE.match(title) if title[:1] in "Rr" else None
    if riac:
        return Position(riac.group(1), "RIAC")
    # The title's spaces are single " ": the patterns below need these words as they are.
    rsmd = _RSMD_TITLE.match(title) if title.endswith(_ORG_SUFFIXES) else None
    if rsmd:
        return Position(rsmd.group(1), rsmd.group(2))
    at = _AT_TITLE.match(title) if any(map(title.__contains__, _AT_GATES)) else None
    if at and "(" not in at.group(1):
        return Position(at.group(1), at.group(2))
    return Position(title, None)


# ---------------------------------------------------------------------------------------------
# Text scanning


# Only these characters open or close a protected span; every other character leaves the depth
# alone, so scans visit just these and the caller's target characters (a per-character loop
# over whole paragraphs was the extractor's hottest spot).
_STRUCTURE = "()[]“”«»„\""
_NEXT_SENTENCE = re.compile(r"\s+[\"“«„(A-ZА-ЯЁ0-9]")
_SENTENCE_GAP = re.compile(r"[.!?”»\"]" + _NEXT_SENTENCE.pattern)
_INITIAL_TOKEN = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]?")
_DOTTED_TOKEN = re.compile(r"(?:\w{1,2}\.)+\w{1,2}")
_STRUCTURE_RE = re.compile("[" + re.escape(_STRUCTURE) + "]")


@functools.lru_cache(maxsize=64)
def _scan_re(targets: str) -> re.Pattern:
    """A pattern matching the structural characters and the given target characters."""
    return re.compile("[" + re.escape(_STRUCTURE + targets) + "]")


def _scan(text: str, targets: str):
    """Yield (index, char, depth) for structural and target chars; depth = open spans before."""
    stack: list[str] = []
    for match in _scan_re(targets).finditer(text):
        i, ch = match.start(), match.group()
        if stack and ch == stack[-1]:
            stack.pop()
            yield i, ch, len(stack)
            continue
        opens = ch == '"' or ch in _OPENERS
        if opens:
            stack.append(_OPENERS.get(ch, '"'))
        yield i, ch, len(stack) - opens


def _balanced(text: str) -> bool:
    """True when every bracket and quote in text is closed."""
    stack: list[str] = []
    for match in _STRUCTURE_RE.finditer(text):
        ch = match.group()
        if stack and ch == stack[-1]:
            stack.pop()
        elif ch == '"' or ch in _OPENERS:
            stack.append(_OPENERS.get(ch, '"'))
    return not stack


def _split_top(text: str, seps: str) -> list[str]:
    """Split at separators outside brackets and quotes (falls back to a plain split)."""
    if not _STRUCTURE_RE.search(text) or not _balanced(text):
        return [c.strip() for c in _split_re(seps).split(text) if c.strip()]
    parts, start = [], 0
    for i, ch, depth in _scan(text, seps):
        if depth == 0 and ch in seps:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


@functools.lru_cache(maxsize=16)
def _split_re(seps: str) -> re.Pattern:
    """A pattern matching any one of the separator characters."""
    return re.compile("[" + re.escape(seps) + "]")


def _split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; abbreviations, initials, brackets and quotes never split."""
    return list(_iter_sentences(text))


def _iter_sentences(text: str) -> Iterator[str]:
    """`_split_sentences` one at a time, so a reader needing only the first stops there."""
    if not _SENTENCE_GAP.search(text):  # no end mark before a new sentence's start: one sentence
        if text.strip():
            yield text.strip()
        return
    quoted = None  # whether brackets and quotes pair up: looked at only when a mark is inside
    start = 0
    for i, ch, depth in _scan(text, ".!?"):
        if depth > 0:
            if quoted is None:
                quoted = _balanced(text)
            if quoted:
                continue
        if ch in ".!?" or (ch in "”»\"" and i and text[i - 1] in ".!?"):
            if _is_boundary(text, i):
                sentence = text[start:i + 1].strip()
                if sentence:
                    yield sentence
                start = i + 1
    sentence = text[start:].strip()
    if sentence:
        yield sentence


def _is_boundary(text: str, i: int) -> bool:
    """True when the end mark at i ends a sentence (next word capitalised, no abbreviation)."""
    if not _NEXT_SENTENCE.match(text, i + 1):
        return False
    if text[i] != ".":
        return True
    token = _last_word(text, i).lstrip("([“«\"")
    if token.casefold() in _ABBREVIATIONS or _INITIAL_TOKEN.fullmatch(token):
        return False  # an abbreviation or an initial ("J.", "Yu.")
    return not _DOTTED_TOKEN.fullmatch(token)  # "K.S", "U.S", "Ph.D"


def _last_word(text: str, end: int) -> str:
    """The non-space run ending at `end` (or at a newline there), as a search for "non-space run,
    then end of string" finds it in text[:end]; read from the end: that search is quadratic."""
    head = text[:end]
    if head.endswith("\n"):
        head = head[:-1]
    if not head or head[-1].isspace():
        return ""
    return head.rsplit(None, 1)[-1]


def _strip_parens(text: str) -> tuple[str, list[str]]:
    """The text without its (…) groups, and the groups' contents."""
    if "(" not in text:
        return clean_space(text), []
    notes = _PAREN_NOTE.findall(text)
    return clean_space(_PAREN_GROUP.sub("", text)), [n.strip() for n in notes]


# ---------------------------------------------------------------------------------------------
# Name detection


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _is_cyrillic(text: str) -> bool:
    """True when the text is mostly Cyrillic (more Cyrillic letters than all other letters)."""
    if text.isascii():  # a flag of the string: no scan
        return False
    rest = _CYRILLIC_RUN.sub("", text)
    cyrillic = len(text) - len(rest)
    if not cyrillic or cyrillic > len(rest):
        return cyrillic > 0  # the other characters are too few to outnumber it, letters or not
    return cyrillic > sum(map(str.isalpha, rest))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _is_name_word(token: str) -> bool:
    """A capitalised word that may be part of a name (not an acronym, title or place)."""
    if token.endswith(("'s", "’s", "s'")):
        return False
    parts = [p for p in _WORD_JOINERS.split(token) if p]
    if not parts or not parts[0][0].isupper() or not all(p.isalpha() for p in parts):
        return False
    if len(token) > 1 and token.isupper():
        return False
    if _CYRILLIC.match(token):
        return _is_ru_name_word(token.casefold())
    return not any(p.casefold() in _STOP_WORDS for p in parts)


def _is_ru_name_word(word: str) -> bool:
    """A Cyrillic word that is not an organisation, place or title word."""
    if word in _RU_NAMES_LIKE_STEMS:
        return True
    return word not in _RU_STOP_WORDS and not word.startswith(_RU_STOP_STEMS)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _token_kind(token: str) -> str:
    """'word', 'initial', 'particle' or 'other' for one token of a candidate name."""
    if _INITIAL.match(token):
        return "initial"
    if token in _PARTICLES:
        return "particle"
    return "word" if _is_name_word(token) else "other"


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _as_name(text: str) -> str | None:
    """The normalised name when the whole text is a person's name, else None."""
    name = normalise_name(text)
    tokens = name.split()
    if not 2 <= len(tokens) <= 5 or len({_is_cyrillic(t) for t in tokens}) > 1:
        return None
    kinds = [_token_kind(t) for t in tokens]
    if "other" in kinds or kinds[-1] != "word" or kinds[0] == "particle":
        return None
    if not 1 <= kinds.count("word") <= 4 or (_is_cyrillic(name) and kinds.count("word") > 3):
        return None
    return name


def _trailing_name(text: str) -> tuple[str, str] | None:
    """("title", "Name") when text ends with a name after some title words."""
    tokens = text.split()
    if not tokens or _token_kind(tokens[-1]) == "other":  # a title's usual last word
        return None  # no name run can end the text
    taken = _whole_name_run(tokens) or _name_tail(tokens)
    prefix = " ".join(tokens[: len(tokens) - len(taken)])
    name = _as_name(" ".join(taken)) if len(taken) >= 2 else None
    if not name or not prefix or _ends_with_function_word(prefix):
        return None
    return prefix, name


def _whole_name_run(tokens: list[str]) -> list[str] | None:
    """The whole final run of name tokens when a connector or title word comes before it.

    "as well as by Nguyen Van Hai", "journalist Nguyen Van Hai": after such a lower-case word a
    run of up to four capitalised words is one name; otherwise `_name_tail` keeps two words,
    since capitalised words before a name are often the end of an organisation's name.
    """
    start = len(tokens)
    while start and _token_kind(tokens[start - 1]) != "other":
        start -= 1
    if start == 0 or len(tokens) - start < 3 or tokens[start - 1] not in _BEFORE_WHOLE_NAME:
        return None
    run = tokens[start:]
    return run if _as_name(" ".join(run)) else None


def _name_tail(tokens: list[str]) -> list[str]:
    """The last tokens that can form a name: two words (three with a patronymic), initials."""
    taken: list[str] = []
    words = 0
    for token in reversed(tokens):
        kind = _token_kind(token)
        if kind == "other" or (kind == "particle" and not taken):
            break
        if kind == "word" and words == 2 and not _PATRONYMIC.search(taken[0]):
            break
        taken.insert(0, token)
        words += kind == "word"
    while taken and _token_kind(taken[0]) == "particle":
        taken.pop(0)
    return taken


def _ends_with_function_word(prefix: str) -> bool:
    """True when a title prefix ends in a preposition or article ("Head of Rosneft Trading")."""
    last = prefix.split()[-1].casefold()
    return last in {"of", "at", "the", "for", "from", "in", "to", "with", "and", "on", "by", "a",
                    "an", "в", "на", "из", "при", "с", "по", "для", "и", "о", "у"}


def _leading_name(text: str) -> tuple[str, str] | None:
    """("Name", "title") when a name runs straight into a title ("Dmitry Sokolov RIAC VP")."""
    tokens = text.split()
    for size in (3, 2):
        if len(tokens) <= size:
            continue
        # The cached word test first: a title word must follow the name.
        if _token_kind(tokens[size]) == "word":
            continue
        name = _as_name(" ".join(tokens[:size]))
        rest = " ".join(tokens[size:])
        if name and _is_titleish(rest):
            return name, rest
    return None


def _is_titleish(text: str) -> bool:
    """True when text contains a title or organisation word."""
    words = _DOTTED_WORDS.findall(text.casefold())
    return any(w in _STOP_WORDS for w in words) or bool(_RU_TITLE_HEADS.search(text.casefold()))


# ---------------------------------------------------------------------------------------------
# Russian de-declension (instrumental, genitive and dative to nominative)

_RU_INSTRUMENTAL = [
    ("ским", "ский"), ("цким", "цкий"), ("ской", "ская"), ("цкой", "цкая"), ("овым", "ов"),
    ("евым", "ев"), ("ёвым", "ёв"), ("иным", "ин"), ("ыным", "ын"), ("овой", "ова"),
    ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына"), ("ием", "ий"),
    ("еем", "ей"), ("аем", "ай"), ("ьёй", "ья"), ("ьей", "ья"), ("ией", "ия"), ("ей", "я"),
    ("ой", "а"), ("ем", "ь"), ("ым", "ый"), ("ом", ""),
]
_RU_GENITIVE_FIRST = [("ии", "ия"), ("ьи", "ья"), ("ея", "ей"), ("ия", "ий"), ("ая", "ай"),
                      ("я", "ь"), ("ы", "а"), ("и", "а"), ("а", "")]
_RU_GENITIVE_SURNAME = [("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"),
                        ("иной", "ина"), ("ского", "ский"), ("цкого", "цкий"), ("ова", "ов"),
                        ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын")]


def _replace_ending(word: str, table: list[tuple[str, str]]) -> str:
    """The word with the first matching ending of table replaced."""
    for old, new in table:
        if word.endswith(old) and len(word) > len(old) + 1:
            return word[: len(word) - len(old)] + new
    return word


_RU_DATIVE_MALE = [("скому", "ский"), ("цкому", "цкий"), ("ею", "ей"), ("аю", "ай"),
                   ("ию", "ий"), ("ю", "ь"), ("у", "")]
_RU_DATIVE_FEMALE = [("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"),
                     ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына"), ("ии", "ия"),
                     ("ье", "ья"), ("е", "а")]


def _nominative(name: str, case: str | None) -> str:
    """A declined Russian name brought back to the nominative (simple ending rules)."""
    if not case or not _is_cyrillic(name):
        return name
    words = name.split()
    if case in ("ins", "dat"):
        table = _RU_INSTRUMENTAL if case == "ins" else _dative_table(words)
        return " ".join(w if _INITIAL.match(w) else _vowel_jem(w) if case == "ins" else
                        _replace_ending(w, table) for w in words)
    female = words[0].endswith(("ы", "и"))
    first = _replace_ending(words[0], _RU_GENITIVE_FIRST)
    rest = [_replace_ending(w, _RU_GENITIVE_SURNAME) if not female else
            _replace_ending(w, _RU_GENITIVE_SURNAME[:5]) for w in words[1:]]
    return " ".join([first, *rest])


def _vowel_jem(word: str) -> str:
    """An instrumental in vowel + "ем" is a name in -й, however short ("Лэем", "Цоем")."""
    if _VOWEL_JEM.search(word):
        return word[:-2] + "й"
    return _replace_ending(word, _RU_INSTRUMENTAL)


_VOWEL_JEM = re.compile(r"\w[аеёиоуыэюя]ем$")


def _dative_table(words: list[str]) -> list[tuple[str, str]]:
    """The dative endings table for a name: a woman's first name ends in -е/-и ("Ольге")."""
    female = words[0].endswith(("е", "и"))
    return _RU_DATIVE_FEMALE if female else _RU_DATIVE_MALE


# Endings of a title's leading adjectives and, as a fallback, of its head noun, per case.
_RU_TITLE_ENDINGS = {
    "ins": [("ым", "ый"), ("им", "ий"), ("ем", "ь"), ("ом", "")],
    "gen": [("ого", "ый"), ("его", "ий"), ("я", "ь"), ("а", "")],
    "dat": [("ому", "ый"), ("ему", "ий"), ("ю", "ь"), ("у", "")],
}
_RU_ADJECTIVE_ENDINGS = {"ins": ("ым", "им"), "gen": ("ого", "его"), "dat": ("ому", "ему")}
# Common title nouns whose declined forms the ending rules get wrong ("посла" -> "посол", not
# "посл"; "главы" -> "глава"), or that look like adjectives ("заведующего").
_RU_TITLE_NOUNS = (
    "посол директор профессор президент советник руководитель заведующий сотрудник эксперт "
    "член председатель заместитель министр глава ректор проректор декан координатор менеджер "
    "консультант доцент исследователь аналитик журналист консул посланник представитель "
    "секретарь редактор"
).split()


def _title_noun_forms(noun: str) -> tuple[str, str, str]:
    """A title noun's (genitive, dative, instrumental) forms by its declension class."""
    if noun == "посол":  # the fleeting vowel
        return "посла", "послу", "послом"
    if noun.endswith("ий"):  # adjectival noun: заведующий
        return noun[:-2] + "его", noun[:-2] + "ему", noun[:-2] + "им"
    if noun.endswith("а"):  # глава
        return noun[:-1] + "ы", noun[:-1] + "е", noun[:-1] + "ой"
    if noun.endswith("ь"):  # руководитель
        return noun[:-1] + "я", noun[:-1] + "ю", noun[:-1] + "ем"
    return noun + "а", noun + "у", noun + "ом"


def _declined_title_nouns() -> dict[str, dict[str, str]]:
    """For each case, a map from a declined title noun to its nominative."""
    tables: dict[str, dict[str, str]] = {"gen": {}, "dat": {}, "ins": {}}
    for noun in _RU_TITLE_NOUNS:
        for case, form in zip(("gen", "dat", "ins"), _title_noun_forms(noun), strict=True):
            tables[case][form] = noun
    return tables


_RU_DECLINED_TITLE_NOUNS = _declined_title_nouns()


def _nominative_title(title: str | None, case: str | None) -> str | None:
    """A declined Russian title's leading adjectives and head noun back in the nominative."""
    if not title or case not in _RU_TITLE_ENDINGS or not _is_cyrillic(title):
        return title
    words = title.split()
    for index, word in enumerate(words):
        noun = _RU_DECLINED_TITLE_NOUNS[case].get(word)
        if noun:
            words[index] = noun
            break  # the head noun: what follows is its complement, in its own case
        changed = _replace_ending(word, _RU_TITLE_ENDINGS[case]) if word.islower() else word
        if changed == word:
            break
        words[index] = changed
        if not word.endswith(_RU_ADJECTIVE_ENDINGS[case]):
            break
    return " ".join(words)


# ---------------------------------------------------------------------------------------------
# Chunks: a list's pieces, each a person or a title


@dataclass
class _Piece:
    """One chunk of a list: a person (with an optional title before/after) or a bare title."""

    kind: str  # "person", "title" or "stop"
    name: str | None = None
    title: str | None = None
    notes: list[str] = field(default_factory=list)
    fresh: bool = False  # began with "as well as": a group title does not reach it


def _classify(chunk: str, cyr: bool) -> list[_Piece]:
    """The pieces of one comma chunk ("A and B" gives two people)."""
    chunk = chunk.strip()
    fresh, text, both = False, chunk, None
    if chunk[:1] in _CONNECTOR_INITIALS:  # most chunks open with a name or title: no regex
        fresh = bool(_FRESH_START.match(chunk))
        text = _CONJUNCTION.sub("", chunk).strip()
        both = _BOTH_ALL.match(text)
    if both and _is_person(text[both.end():], cyr):
        text = text[both.end():]  # "both Anna X and Boris Y"; "both RIAC experts" stays
    if not text:
        return []
    for literal, sep in _INNER_AND_PAIRS:
        if literal not in text:  # most chunks hold no "and": skip its regex
            continue
        for match in sep.finditer(text):
            left, right = text[: match.start()], text[match.end():]
            if _is_person(left, cyr) and (cyr or _is_person(right, cyr)):
                pieces = _classify(left, cyr) + _classify(right, cyr)
                pieces[0].fresh = fresh
                return pieces
    piece = _classify_single(text, cyr)
    piece.fresh = fresh
    return [piece]


def _is_person(text: str, cyr: bool) -> bool:
    """True when the text is one person (with or without a title attached)."""
    return _classify_single(_CONJUNCTION.sub("", text.strip()), cyr).kind == "person"


def _classify_single(text: str, cyr: bool) -> _Piece:
    """One chunk as a person ("Name", "title Name", "Name title") or a title."""
    if not _may_name(text):
        return _title_or_stop(text)
    core, notes = _strip_parens(text)
    if notes:
        notes = [n for n in notes if not _RETIRED_NOTE.fullmatch(n)]
        if cyr:
            notes = [n for n in notes if _is_cyrillic(n) or not _as_name(n)]
    name = _as_name(core)
    if name:
        return _Piece("person", name, None, notes)
    trailing = _trailing_name(core)
    if trailing and not (cyr and not _is_cyrillic(trailing[1])):
        return _Piece("person", trailing[1], _clean_prefix(trailing[0]), notes)
    leading = _leading_name(core)
    if leading:
        return _Piece("person", leading[0], leading[1], notes)
    return _title_or_stop(text)


def _title_or_stop(text: str) -> _Piece:
    """A chunk that names nobody: a title, or a verb phrase that ends the list."""
    if _VERB_LIKE.match(text) and text.split()[0] not in _TITLE_PARTICIPLES:
        return _Piece("stop")
    return _Piece("title", title=text)


def _may_name(text: str) -> bool:
    """False when text has fewer than two capitals: a name needs two ("Anna Li", "A. Li")."""
    return not text[1:].islower()


def _clean_prefix(prefix: str) -> str | None:
    """A title written before a name, or None for honorifics and group labels."""
    prefix = prefix.strip(" ,;:")
    if _ONLY_HONORIFICS.match(prefix + " ") or _REPRESENTATIVES.match(prefix):
        return None
    if _RU_PREPOSITION_START.match(prefix):
        head = _RU_TITLE_HEADS.search(prefix)
        return prefix[head.start():] if head else None
    return prefix or None


def _singular(title: str) -> str | None:
    """The singular of a plural title ("RIAC experts" -> "RIAC expert"), else None."""
    plain = title.split()
    # Only the first, last, or (after a group word) second word can be the plural.
    if _PLURALS.keys().isdisjoint(" ".join(plain[:2] + plain[-1:]).casefold().split()):
        return None
    words = _GROUP_WORD.sub("", title.strip()).split()
    if not words:
        return None
    for index in (0, -1):
        singular = _PLURALS.get(words[index].casefold())
        # A plural last word after of/at/for is not the title's head: "Board of Directors".
        if singular and (index == 0 or not _OF_AT_FOR.search(title)):
            if words[index][0].isupper():
                singular = singular[0].upper() + singular[1:]
            words[index] = singular
            return " ".join(words)
    return None


# ---------------------------------------------------------------------------------------------
# Assembling people from pieces


@dataclass
class _Person:
    """A person being assembled: name, positions, and whether a comma title was seen."""

    name: str
    positions: list[Position] = field(default_factory=list)
    titled: bool = False


def _titles_to_positions(title: str) -> list[Position]:
    """Positions of one prose title ("Ambassador to Norway and RIAC member" gives two)."""
    joined = any(map(title.__contains__, _SECOND_TITLE_WORDS))  # a second title's first word
    parts = _TITLE_JOINS.split(title) if joined else [title]
    return [prose_position(p) for p in parts if p.strip()]


def _assemble(pieces: list[_Piece], cyr: bool) -> list[_Person]:
    """Attach titles to people: to the person before, or in a Russian title-first list after."""
    persons = [p for p in pieces if p.kind == "person"]
    title_first = cyr and bool(persons) and persons[0].title is not None
    people: list[_Person] = []
    pending: list[str] = []
    group: str | None = None
    for piece in pieces:
        if piece.kind == "stop":
            break
        if piece.kind == "title":
            _attach_title(piece.title or "", people, pending, title_first)
            continue
        person = _Person(piece.name or "")
        if title_first and pending:
            person.positions += [p for t in pending for p in _titles_to_positions(t)]
            pending = []
        group = _attach_own_title(person, piece, group)
        person.positions += [Position(None, n) for n in piece.notes if n]
        people.append(person)
    if pending and people:
        for title in pending:
            people[-1].positions += _titles_to_positions(title)
    return [p for p in people if p.name]


def _attach_own_title(person: _Person, piece: _Piece, group: str | None) -> str | None:
    """Give a person the title written next to their name (or the group's); new group title."""
    if piece.title:
        plural = _singular(piece.title)
        person.positions += _titles_to_positions(plural or piece.title)
        person.titled = True
        return plural
    if group and not piece.fresh:
        person.positions += _titles_to_positions(group)
        return group
    return None


def _attach_title(title: str, people: list[_Person], pending: list[str], title_first: bool):
    """A bare title: shared by the untitled people before it, or kept for the next person."""
    title = title.strip()
    if not title:
        return
    if title_first:
        pending.append(title)
        return
    if not people:
        return
    plural = _singular(title)
    if plural:
        for person in _sharing_run(title, people):
            person.positions += _titles_to_positions(plural)
            person.titled = True
        return
    people[-1].positions += _titles_to_positions(title)
    people[-1].titled = True


def _sharing_run(title: str, people: list[_Person]) -> list[_Person]:
    """Who a plural title after names covers: "both" two, "all" every one, else the untitled."""
    if _BOTH.match(title):
        return people[-2:]
    if _ALL.match(title):
        return people
    run: list[_Person] = []
    for person in reversed(people):
        if person.titled and run:
            break
        run.append(person)
        if person.titled:
            break
    return run


def _parse_list_text(text: str, case: str | None = None) -> list[_Person]:
    """People named in a piece of running text that is a list."""
    if not _may_name(text):
        return []
    text = clean_space(text).strip(" ,;:.")
    cyr = _is_cyrillic(text)
    colon = _split_top(text, ":") if ":" in text else [text]
    if len(colon) > 1 and not _has_person(colon[0], cyr):
        text = text[text.index(colon[0]) + len(colon[0]):].lstrip(" :")
    pieces = [piece for chunk in _split_top(text, ",;") for piece in _classify(chunk, cyr)]
    people = _assemble(pieces, cyr)
    for person in people:
        person.name = _nominative(person.name, case)
        for position in person.positions:
            position.title = _nominative_title(position.title, case)
    return people


def _has_person(text: str, cyr: bool) -> bool:
    """True when some chunk of text is a person."""
    return any(p.kind == "person" for c in _split_top(text, ",;") for p in _classify(c, cyr))


# ---------------------------------------------------------------------------------------------
# Sentences: triggers and the list segments they mark


@dataclass
class _Event:
    """A trigger found in a sentence: where its words are, and where a list before it ends."""

    start: int
    end: int
    cut: int
    role: str
    lead: bool  # the list follows it
    trail: bool  # the list precedes it
    case: str | None = None
    strict: bool = False  # a speech verb: needs a titled person at the sentence start


def _lead_event(match: re.Match, role: str, case: str | None, trail: bool) -> _Event:
    """An event for a lead-in match (Russian verbs are also trailers)."""
    return _Event(match.start(), match.end(), match.start(), role, True, trail, case)


def _trail_event(match: re.Match, role: str, strict: bool = False) -> _Event:
    """An event for a verb after a list; the list ends before the comma that precedes it."""
    return _Event(match.start("v"), match.end(), match.start(), role, False, True, None, strict)


def _find_events(sentence: str, cyr: bool, first: bool, words: set[str] | None) -> list[_Event]:
    """Every trigger in a sentence, in order, overlapping ones dropped (`words`: its cheap words,
    see `_cheap_words`)."""
    events = _table_events(sentence, cyr, words) if words != set() else []
    speech = _RU_SPEECH_RE if cyr else _EN_SPEECH_RE
    match = speech.search(sentence) if first else None
    if match:
        events.append(_trail_event(match, "speaker", strict=True))
    return _drop_overlaps(events)


def _table_events(sentence: str, cyr: bool, words: set[str] | None) -> list[_Event]:
    """The events of the trigger tables of the sentence's language (only the regexes whose
    cheap words are present run)."""
    if cyr:
        return [_lead_event(m, role, case, True)
                for regex, role, case, _ in _RU_TRIGGERS_TABLE.needing(words)
                for m in regex.finditer(sentence)]
    events = [_lead_event(m, role, None, False)
              for regex, role, _ in _LEAD_IN_TABLE.needing(words) for m in regex.finditer(sentence)]
    events += [_lead_event(m, role, None, True)
               for regex, role, _ in _BOTH_TABLE.needing(words) for m in regex.finditer(sentence)]
    # Case-sensitive patterns: their words must occur in the text as it is.
    present = set(filter(sentence.__contains__, _TRAIL_WORDS if words is None else words))
    events += [_trail_event(m, role)
               for regex, role, _ in _TRAILER_TABLE.needing(present)
               for m in regex.finditer(sentence)]
    return events


def _cheap_words(text: str, candidates: Iterable[str] | None = None) -> set[str] | None:
    """The cheap words of every trigger table in the casefolded text (only `candidates` looked
    up when given); None when a character defeats casefolding there (every case-insensitive
    regex must then run)."""
    # İ and ı match an ASCII letter under re.I but casefold to something else.
    if "\u0130" in text or "\u0131" in text:
        return None
    folded = text.casefold()
    if candidates is not None:
        return set(filter(folded.__contains__, candidates))
    # One scan in C: each match is the longest word starting there. A word occurring in the
    # text starts a match, lies inside one, or runs on from inside one (only those are looked up).
    found = set(_TRIGGER_WORD.findall(folded))
    if not found:
        return set()
    present = set().union(*map(_WORDS_INSIDE.__getitem__, found))
    overlapping = set().union(*map(_WORDS_OVERLAPPING.__getitem__, found)) - present
    present.update(filter(folded.__contains__, overlapping))
    return present


def _may_speak(text: str) -> bool:
    """False when no sentence of text holds a speech verb (a sentence's match is one in text)."""
    return bool(_EN_SPEECH_RE.search(text)
                or _CYRILLIC.search(text) and _RU_SPEECH_RE.search(text))


def _drop_overlaps(events: list[_Event]) -> list[_Event]:
    """Events sorted by position, keeping the earliest (then longest) of overlapping ones."""
    kept: list[_Event] = []
    for event in sorted(events, key=lambda e: (e.start, -e.end)):
        if kept and event.start < kept[-1].end:
            continue
        kept.append(event)
    return kept


def _sentence_people(sentence: str, cyr: bool, first: bool,
                     words: set[str] | None) -> list[tuple[_Person, str]]:
    """(person, role) for every list a sentence's triggers mark."""
    found: list[tuple[_Person, str]] = []
    start, lead = 0, None
    for event in _find_events(sentence, cyr, first, words):
        segment = sentence[start:event.cut]
        if lead is not None:
            found += _segment_people(segment, lead.role, lead.case, lead=True)
        elif event.trail and not event.strict:
            found += _segment_people(segment, event.role, None)
        elif event.strict and start == 0 and _strict_ok(segment, cyr):
            found += _segment_people(segment, event.role, None)
        if event.strict:
            return found
        start, lead = event.end, (event if event.lead else None)
    if lead is not None:
        found += _segment_people(sentence[start:], lead.role, lead.case, lead=True)
    return found


def _segment_people(segment: str, role: str, case: str | None,
                    lead: bool = False) -> list[tuple[_Person, str]]:
    """People in one list segment, cut at a relative clause (after a lead-in: a main clause)."""
    cut = _CLAUSE_END.search(segment)
    if cut:
        segment = segment[: cut.start()]
    if lead and _is_cyrillic(segment):
        segment = segment[: _ru_main_clause_start(segment)]
    return [(person, role) for person in _parse_list_text(segment, case)]


def _ru_main_clause_start(segment: str) -> int:
    """Where the main clause after a Russian lead-in list starts (the segment's end if none)."""
    for match in _RU_MAIN_CLAUSE.finditer(segment):
        if match.group().strip() not in _RU_VERB_LOOKALIKES:
            return match.start()
    return len(segment)


def _strict_ok(segment: str, cyr: bool) -> bool:
    """A speech-verb segment counts when it opens with a full name ("Name, title", "Name")."""
    if not _may_name(segment):
        return False
    chunks = _split_top(clean_space(segment).strip(" ,;"), ",;")
    while chunks and _STRICT_OPENER.match(chunks[0]) \
            and not _has_person(chunks[0], cyr):
        chunks.pop(0)
    first = next((pieces[0] for c in chunks if (pieces := _classify(c, cyr))), None)
    if first is None or first.kind != "person":
        return False
    return not _INITIAL.match((first.name or "").split()[0])  # "A. Kortunov" is a mention


# ---------------------------------------------------------------------------------------------
# Headed lists


def _list_intro_role(block: Block, text: str) -> str | None:
    """The role a list-introducing block (its text given) gives ("Speakers:" -> speaker)."""
    if len(text) > 200:
        return None
    if text.endswith(":") or block.kind == "heading" and _LIST_INTRO.fullmatch(text):
        return _role_of(text)
    return None


def _role_of(text: str) -> str:
    """The role a list heading names."""
    folded = text.casefold()
    if re.search(r"moderat|модератор|chair", folded):
        return "moderator"
    if re.search(r"opening|welcoming|приветств", folded):
        return "opening remarks"
    if re.search(r"speaker|panel|presenter|discussant|выступ|спикер|докладчик", folded):
        return "speaker"
    return "participant"


_ENUMERATOR = re.compile(r"^\d{1,2}[.)]\s+")  # "1. Name, title" in a numbered list


def _parse_list_item(text: str) -> _Person | None:
    """A list entry "Name, Title, Org; Title 2, Org 2" (or "title Name, …") as a person."""
    text = _ENUMERATOR.sub("", clean_space(text)).strip(" ;.")
    dash = _DASH_ENTRY.match(text)
    if dash and _as_name(_strip_parens(dash.group(1))[0]):
        text = dash.group(1) + ", " + dash.group(2)
    segments = _split_top(text, ";")
    if not segments:
        return None
    chunks = _split_top(segments[0], ",")
    head, notes = _strip_parens(chunks[0])
    person = _list_head(head)
    if person is None:
        return None
    person.positions += [Position(None, n) for n in notes]
    person.positions += _list_positions([", ".join(chunks[1:])] + segments[1:])
    return person


def _list_head(head: str) -> _Person | None:
    """The person a list entry starts with: "Name", "title Name" or "Name title"."""
    name = _as_name(head)
    if name:
        return _Person(name)
    trailing = _trailing_name(head)
    if trailing:
        prefix = _clean_prefix(trailing[0])
        return _Person(trailing[1], _titles_to_positions(prefix) if prefix else [])
    leading = _leading_name(head)
    if leading:
        return _Person(leading[0], _titles_to_positions(leading[1]))
    return None


def _list_positions(segments: list[str]) -> list[Position]:
    """List positions: first comma chunk the title, the rest the organisation."""
    positions = []
    for segment in segments:
        chunks = _split_top(segment, ",")
        if chunks:
            positions.append(Position(chunks[0], ", ".join(chunks[1:]) or None))
    return positions


def _headed_list(blocks: list[Block], start: int) -> tuple[list[_Person], int]:
    """The people listed after the intro block at `start`, and the index after the list."""
    people: list[_Person] = []
    kind = None
    index = start + 1
    while index < len(blocks):
        block = blocks[index]
        text = block_text(block)
        if block.kind == "heading" or (kind and block.kind != kind) or not text:
            break
        if block.kind == "para" and (len(text) > 300 or _LIST_VERBS.search(text)):
            break
        person = _parse_list_item(text)
        if person is None:
            break
        people.append(person)
        kind = block.kind
        index += 1
    return people, index


# ---------------------------------------------------------------------------------------------
# The page


def parse_participants(blocks: list[Block], lang: str) -> list[Participant]:
    """Every person the body names as taking part, one entry per person, in reading order."""
    from riac_archive.extract.highlights import missing_speakers  # highlights imports us

    participants = _merge(_body_people(blocks, lang))
    return participants + missing_speakers(blocks, participants)


def _speech_heading(text: str) -> _Person | None:
    """The speaker of a heading like "Deputy Foreign Minister Pavel Gromov’s speech"."""
    if len(text) > 150:
        return None
    # The heading has an apostrophe ("X’s speech") or opens with its word ("Speech by X").
    if "’" not in text and "'" not in text and not _SPEECH_WORD.match(text):
        return None
    match = _SPEECH_HEADING.match(text)
    if not match:
        return None
    who = match.group("a") or match.group("b") or match.group("c")
    people = _parse_list_text(who, "gen" if _is_cyrillic(who) else None)
    return people[0] if len(people) == 1 else None


def _body_people(blocks: list[Block], lang: str) -> list[tuple[_Person, str]]:
    """(person, role) from headed lists, speech headings and prose, in reading order."""
    found: list[tuple[_Person, str]] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        text = block_text(block)
        speech = _speech_heading(text)
        if speech is not None:
            found.append((speech, "speaker"))
            index += 1
            continue
        role = _list_intro_role(block, text)
        if role is not None:
            people, after = _headed_list(blocks, index)
            if people:
                found += [(person, role) for person in people]
                index = after
                continue
        if block.kind in ("para", "item"):
            found += _block_people(text, block.kind == "para")
        index += 1
    return found


def _block_people(text: str, para: bool) -> list[tuple[_Person, str]]:
    """(person, role) pairs from the prose of one block (`para`: a paragraph, not an item)."""
    in_block = _cheap_words(text)
    sentences = _iter_sentences(text)
    if in_block == set():  # no trigger: only a paragraph's "Name noted …" opening can name one
        if not (para and _may_speak(text)):
            return []
        sentences = itertools.islice(sentences, 1)
    found: list[tuple[_Person, str]] = []
    for number, sentence in enumerate(sentences):
        first = number == 0 and para
        # A sentence holds only words its block holds.
        words = in_block if in_block == set() or sentence == text else _cheap_words(
            sentence, in_block)
        if first or words != set():
            found += _sentence_people(sentence, _is_cyrillic(sentence), first, words)
    return found


def _merge(found: list[tuple[_Person, str]]) -> list[Participant]:
    """One participant per person: first mention's role; positions from the first that has any."""
    out: list[Participant] = []
    keyed: list[tuple[str, str]] = []  # the names of `out` with their keys
    for person, role in found:
        same = _resolve_keyed(person.name, keyed) if keyed else None
        if same is None:
            out.append(Participant(person.name, list(person.positions), role))
            keyed.append((person.name, name_key(person.name)))
            continue
        existing = out[[name for name, _ in keyed].index(same)]
        if not existing.positions:
            existing.positions = list(person.positions)
    return out
