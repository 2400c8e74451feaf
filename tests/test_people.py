"""Participants from prose and headed lists; name normalisation, keys and mention resolution.

The sentence table holds synthetic sentences in every shape of site-notes §5.1–5.3 (names
invented), each with the hand-written list of people it names as taking part.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import pytest

from riac_archive.extract import people
from riac_archive.extract.blocks import Block
from riac_archive.extract.people import (
    name_key,
    normalise_name,
    parse_participants,
    resolve_mention,
)
from riac_archive.items import Position

# (id, lang, sentence, expected names in order, expected role of every person or None)
SENTENCES = [
    ("semicolon-list-colon", "en",
     "Other speakers included: Pavel Orlov, Senior Fellow at the Institute of World Economy, "
     "RIAC Member; Irina Volkova, RIAC Expert, Professor at Saint Petersburg University; and "
     "Mark Ellison, Director of the Baltic Policy Centre.",
     ["Pavel Orlov", "Irina Volkova", "Mark Ellison"], "speaker"),
    ("semicolon-list-no-colon", "en",
     "Other speakers included Lena Hartmann, Research Fellow at the Kiel Institute; and Omar "
     "Haddad, Professor at Cairo University.",
     ["Lena Hartmann", "Omar Haddad"], "speaker"),
    ("session-speakers-quoted-title", "en",
     "The speakers at the “Energy Transition. Risks and Opportunities” session included: Sergei "
     "Morozov, Head of the Energy Department at MGIMO University; Clara Weiss, Senior Analyst at "
     "the Vienna Energy Forum; and Jun Tanaka, Professor at Keio University.",
     ["Sergei Morozov", "Clara Weiss", "Jun Tanaka"], "speaker"),
    ("country-represented-by", "en",
     "Finland was represented at the seminar by: Mikko Laine, Senior Researcher at the Finnish "
     "Institute of International Affairs; and Aino Virtanen, Counsellor at the Embassy of "
     "Finland in Moscow.",
     ["Mikko Laine", "Aino Virtanen"], "participant"),
    ("delegation-composed-of", "en",
     "The Chinese delegation was composed of Liu Wen, Director of the Silk Road Institute, "
     "Zhang Wei, Deputy Director of the Centre for Russian Studies, and Chen Hao, Research "
     "Fellow.",
     ["Liu Wen", "Zhang Wei", "Chen Hao"], "participant"),
    ("side-represented-by-initials", "en",
     "The Indian side was represented by K.S. Raman, Senior Fellow at the Delhi Policy Group, "
     "and Priya Nair, Professor at Jawaharlal Nehru University.",
     ["K.S. Raman", "Priya Nair"], "participant"),
    ("several-positions", "en",
     "The discussion was opened by Oleg Zimin, Director of the RAS Institute of Northern "
     "Studies, RIAC Member, RAS Corresponding Member.",
     ["Oleg Zimin"], "opening remarks"),
    ("two-people-one-chunk", "en",
     "Speakers included Artur Sargsyan, Director of the Yerevan Policy Institute, and Denis "
     "Klimov, Associate Professor at MGIMO University; and Nina Kowalska, Analyst at the Warsaw "
     "Institute.",
     ["Artur Sargsyan", "Denis Klimov", "Nina Kowalska"], "speaker"),
    ("stray-semicolon-before-verb", "en",
     "Professor Sergei Dolgov, Rector of the Yerevan State Linguistic University; Academician "
     "Viktor Panin, Vice-President of the Russian Academy of Sciences; and Karen Hovsepyan, "
     "Chairman of the Bridge Foundation; spoke at the opening.",
     ["Sergei Dolgov", "Viktor Panin", "Karen Hovsepyan"], "opening remarks"),
    ("parentheses-year-ranges", "en",
     "Participants included Robert J. Allen, US Ambassador to Poland (1997–2001), Deputy "
     "Secretary of Commerce (2001–2004); and Marta Nowak, Senior Fellow at the Centre for "
     "European Policy Studies (CEPS).",
     ["Robert J. Allen", "Marta Nowak"], "participant"),
    ("period-inside-quotes", "en",
     'Speakers included Gen. (ret.) Thomas Whitfield, Coordinator of the "Arctic Dialogue. '
     'Science and Policy" project, and Hanna Berg, Director of the Polar Institute.',
     ["Thomas Whitfield", "Hanna Berg"], "speaker"),
    ("honorifics-dropped", "en",
     "The conference was opened by Dr. Emily Carter, President of the Atlantic Council of "
     "Canada, and Ambassador Sergei Frolov, RIAC Member.",
     ["Emily Carter", "Sergei Frolov"], "opening remarks"),
    ("family-name-first", "en",
     "Park Jiwon, Asia Dialogue Foundation President, and Kim Sunho, Counsellor at the Korean "
     "Embassy, delivered welcoming remarks.",
     ["Park Jiwon", "Kim Sunho"], "opening remarks"),
    ("comma-only-runs-of-spaces", "en",
     "Andrey Kortunov, RIAC Director General, Park Jiwon, Asia Dialogue Foundation President,   "
     "Mikhail Lebedev, Head of Department at MGIMO University, RIAC Member, and Kim Sunho, "
     "Counsellor at the Korean Embassy, delivered welcoming remarks.",
     ["Andrey Kortunov", "Park Jiwon", "Mikhail Lebedev", "Kim Sunho"], "opening remarks"),
    ("comma-only-shared-title", "en",
     "Representatives from Russia Nikita Osipov, RIAC Director for Development, Sergei Danilov, "
     "Marat Gafurov (HSE), and Yulia Petrenko, RIAC experts, also took part.",
     ["Nikita Osipov", "Sergei Danilov", "Marat Gafurov", "Yulia Petrenko"], "participant"),
    ("title-before-name", "en",
     "The conference was opened by RIAC Director General Andrey Kortunov and Russian Ambassador "
     "to Norway and RIAC member Oleg Maltsev.",
     ["Andrey Kortunov", "Oleg Maltsev"], "opening remarks"),
    ("lowercase-title-before-name", "en",
     "Also taking part were journalist Viktor Lapin and RIAC Program Coordinator Elena Sidorova.",
     ["Viktor Lapin", "Elena Sidorova"], "participant"),
    ("plural-title-over-group", "en",
     "The Russian side was represented by Ambassadors Extraordinary and Plenipotentiary Pavel "
     "Sergeev, a RIAC member, Ilya Fomin and Boris Lvov, as well as Director of the Centre for "
     "Asian Studies Yuri Kasatkin and journalist Viktor Lapin.",
     ["Pavel Sergeev", "Ilya Fomin", "Boris Lvov", "Yuri Kasatkin", "Viktor Lapin"],
     "participant"),
    ("missing-comma-after-name", "en",
     "Dmitry Sokolov RIAC Vice-President and Maria Lind, Director of the Nordic Centre, took "
     "part in the discussion.",
     ["Dmitry Sokolov", "Maria Lind"], "participant"),
    ("both-riac-experts", "en",
     "Anna Kovaleva, Head of the Arctic Programme, and Ilya Gusev, Research Fellow, both RIAC "
     "experts, also took part.",
     ["Anna Kovaleva", "Ilya Gusev"], "participant"),
    ("shared-title-after-names", "en",
     "Anna Kovaleva, Ilya Gusev, and Timur Zakirov, RIAC experts, also took part.",
     ["Anna Kovaleva", "Ilya Gusev", "Timur Zakirov"], "participant"),
    ("moderated-by-semicolon", "en",
     "The discussion was moderated by Natalia Reznik, RIAC Program Manager; and Ivan Sorokin, "
     "RIAC Program Coordinator.",
     ["Natalia Reznik", "Ivan Sorokin"], "moderator"),
    ("moderated-by-comma-and", "en",
     "The session was moderated by Fyodor Lukin, Editor-in-Chief of Global Affairs, and Sofia "
     "Marin, RIAC Program Assistant.",
     ["Fyodor Lukin", "Sofia Marin"], "moderator"),
    ("moderated-the-meeting", "en",
     "Ivan Timofeev, RIAC Director General, moderated the meeting.",
     ["Ivan Timofeev"], "moderator"),
    ("opening-speech-and-moderated", "en",
     "Elena Alekseenkova, RIAC Program Manager, made an opening speech and moderated the event.",
     ["Elena Alekseenkova"], "opening remarks"),
    ("inaugurated-by", "en",
     "The conference was inaugurated by Ivan Timofeev, RIAC Director General.",
     ["Ivan Timofeev"], "opening remarks"),
    ("made-opening-speeches", "en",
     "Igor Ivanov, RIAC President, and Alexander Gromov, Deputy Minister of Foreign Affairs of "
     "Russia, made opening speeches.",
     ["Igor Ivanov", "Alexander Gromov"], "opening remarks"),
    ("opened-by-relative-clause", "en",
     "The discussion was opened by Andrey Kortunov, RIAC Director General, who stressed the "
     "importance of expert dialogue with Sweden and Norway.",
     ["Andrey Kortunov"], "opening remarks"),
    ("welcoming-remarks-delivered-by", "en",
     "Welcoming remarks were delivered by Igor Ivanov, RIAC President.",
     ["Igor Ivanov"], "opening remarks"),
    ("chaired-by", "en",
     "The seminar was chaired by A. V. Kozlov, Dean of the School of World Politics.",
     ["A.V. Kozlov"], "moderator"),
    ("among-the-participants", "en",
     "Among the participants were Hans Keller, Head of the Swiss Centre for Security Policy, "
     "and Lucia Ferrari, Professor at the University of Bologna.",
     ["Hans Keller", "Lucia Ferrari"], "participant"),
    ("per-speaker-apposition", "en",
     "Andrey Kortunov, RIAC Director General, outlined the main trends in Russian–Chinese "
     "relations.",
     ["Andrey Kortunov"], "speaker"),
    ("per-speaker-title-first", "en",
     "RIAC President Igor Ivanov summarised the results of the discussion.",
     ["Igor Ivanov"], "speaker"),
    ("several-speakers-all-mentioned", "en",
     "Andrei Kortunov, RIAC Academic Director, Liu Wen, Director of the Silk Road Institute, and "
     "Pavel Orlov all mentioned the role of transport corridors.",
     ["Andrei Kortunov", "Liu Wen", "Pavel Orlov"], "speaker"),
    ("bare-name-speaker-paragraph", "en",
     "Natalia Reznik noted in her speech that the region needs new formats.",
     ["Natalia Reznik"], "speaker"),
    ("speaker-with-participial-aside", "en",
     "Oleg Fedin, agreeing with Natalia Reznik, added that standards matter.",
     ["Oleg Fedin"], "speaker"),
    ("no-possessive-mention", "en",
     "At the same time, Russian Foreign Minister Sergey Lavrov’s visit to Yerevan on May 21, "
     "2025, has created an opening for a potential reset.", [], None),
    ("no-countries", "en",
     "Participants discussed relations between South Korea, North Korea and the United States.",
     [], None),
    ("no-back-reference", "en",
     "A. Kortunov noted that the dialogue had become one of the few stable channels.", [], None),
    ("no-event-description", "en",
     "On June 2, 2025, the TASS Press Center hosted a RIAC roundtable on “Russian–Armenian "
     "Cooperation at the Present Stage.” The event included a presentation of RIAC Policy Brief "
     "No. 59 / 2025.", [], None),
    ("no-honorific-surname-only", "en",
     "Dr. Ellison focused on the Baltic experience of regional maritime governance.", [], None),
    ("ru-title-first-i", "ru",
     "В дискуссии приняли участие генеральный директор РСМД Иван Тимофеев, ведущий научный "
     "сотрудник ИМЭМО РАН Ольга Никитина и программный координатор РСМД Денис Волков.",
     ["Иван Тимофеев", "Ольга Никитина", "Денис Волков"], "participant"),
    ("ru-several-titles-before-name", "ru",
     "В заседании приняли участие президент РСМД Игорь Иванов, заместитель министра иностранных "
     "дел РФ, член Попечительского совета РСМД Павел Громов и директор Института Европы РАН "
     "Алексей Громыко.",
     ["Игорь Иванов", "Павел Громов", "Алексей Громыко"], "participant"),
    ("ru-instrumental-latin", "ru",
     "Эксперты РСМД встретились с делегацией Университета Осло во главе с директором "
     "департамента Питером Хартли (Peter Hartley).",
     ["Питер Хартли"], "participant"),
    ("en-speaker-first-elaborated", "en",
     "Andrey Kortunov, RIAC Director General, elaborated on the outlook for the talks.",
     ["Andrey Kortunov"], "speaker"),
    ("ru-two-moderators", "ru",
     "Модераторами выступили программный директор РСМД Иван Тимофеев и ведущий научный "
     "сотрудник ИМЭМО РАН Ольга Никитина.",
     ["Иван Тимофеев", "Ольга Никитина"], "moderator"),
    ("ru-perfective-headed", "ru",
     "Делегацию Университета Цинхуа возглавил профессор Ли Вэй.",
     ["Ли Вэй"], "participant"),
    ("ru-instrumental-short-name-in-vowel-jem", "ru",
     "Эксперты РСМД встретились с делегацией Пекинского университета во главе с профессором "
     "Ван Лэем (Wang Lei).",
     ["Ван Лэй"], "participant"),
    ("ru-instrumental-female", "ru",
     "Генеральный директор РСМД Андрей Кортунов встретился с заместителем директора Института "
     "Азии Марией Петровой.",
     ["Андрей Кортунов", "Мария Петрова"], "participant"),
    ("ru-vystupili-name-first", "ru",
     "На конференции выступили: Ольга Никитина, ведущий научный сотрудник ИМЭМО РАН; Сергей "
     "Рябов, профессор МГИМО МИД России.",
     ["Ольга Никитина", "Сергей Рябов"], "speaker"),
    ("ru-vel-vstrechu", "ru",
     "Вел встречу программный директор РСМД Иван Сорокин.", ["Иван Сорокин"], "moderator"),
    ("ru-genitive", "ru",
     "Круглый стол прошел при участии Ивана Петрова, эксперта РСМД, и Анны Смирновой.",
     ["Иван Петров", "Анна Смирнова"], "participant"),
    ("ru-name-first-speech", "ru",
     "Иван Тимофеев, генеральный директор РСМД, отметил, что санкции не работают.",
     ["Иван Тимофеев"], "speaker"),
    ("ru-initials", "ru",
     "В обсуждении приняли участие И.С. Иванов и А.В. Кортунов.",
     ["И.С. Иванов", "А.В. Кортунов"], "participant"),
    ("ru-patronymic-moderator", "ru",
     "Модератором выступил профессор МГИМО Андрей Андреевич Сушенцов.",
     ["Андрей Андреевич Сушенцов"], "moderator"),
    ("ru-welcoming-words", "ru",
     "С приветственным словом к участникам обратился президент РСМД Игорь Иванов.",
     ["Игорь Иванов"], "opening remarks"),
    ("ru-no-people", "ru", "Россия и Китай подписали соглашение в Москве.", [], None),
    ("attended-by-titles-first", "en",
     "The meeting was attended by RIAC Director General Andrey Kortunov, RIAC Program Director "
     "Ivan Timofeev, and RIAC Program Manager Elena Alekseenkova.",
     ["Andrey Kortunov", "Ivan Timofeev", "Elena Alekseenkova"], "participant"),
    ("delegation-headed-by", "en",
     "The Chinese delegation was headed by Wang Yiwei, Director of the Institute of "
     "International Affairs of the Renmin University of China.", ["Wang Yiwei"], "participant"),
    ("met-with-both-sides", "en",
     "Andrey Kortunov, RIAC Director General, met with Jane Doe, Ambassador of Canada to Russia.",
     ["Andrey Kortunov", "Jane Doe"], "participant"),
    ("among-those-who-took-part", "en",
     "Among those who took part in the discussion were Ivan Timofeev, RIAC Director of "
     "Programs, and Sergey Utkin, Head of Strategic Assessment Section at IMEMO RAS.",
     ["Ivan Timofeev", "Sergey Utkin"], "participant"),
    ("took-part-including", "en",
     "Experts from leading think tanks took part in the discussion, including Timofei "
     "Bordachev, Valdai Club Programme Director, and Dmitry Suslov, Deputy Director at HSE.",
     ["Timofei Bordachev", "Dmitry Suslov"], "participant"),
    ("no-names-attended-by", "en",
     "The event was attended by representatives of the Ministry of Foreign Affairs, experts and "
     "journalists.", [], None),
    ("company-after-title-is-no-person", "en",
     "Sergey Ivanov, Head of Research, Gazprom Neft, and Olga Smirnova, Chief Economist at "
     "Sberbank, spoke at the round table.", ["Sergey Ivanov", "Olga Smirnova"], "speaker"),
    ("accents-particles-hyphens", "en",
     "Dr. Nasser bin Nasser, Director of the Gulf Research Center, Mehmet Özbaş, Professor at "
     "Ankara University, and Jean-Pierre Dupont, Senior Fellow at IFRI, delivered presentations.",
     ["Nasser bin Nasser", "Mehmet Özbaş", "Jean-Pierre Dupont"], "speaker"),
    ("ru-object-first-opened", "ru",
     "Встречу открыл генеральный директор РСМД Андрей Кортунов.",
     ["Андрей Кортунов"], "opening remarks"),
    ("ru-delegation-composed", "ru",
     "В состав российской делегации вошли генеральный директор РСМД Андрей Кортунов и член "
     "РСМД, профессор МГИМО МИД России Алексей Подберезкин.",
     ["Андрей Кортунов", "Алексей Подберезкин"], "participant"),
    ("ru-meeting-with-instrumental", "ru",
     "Состоялась встреча с послом Японии в России Тоёхисой Кодзуки.",
     ["Тоёхиса Кодзуки"], "participant"),
    ("org-words-after-title-are-no-name", "en",
     "Speakers included: Gen. (ret.) Martin Hale, former Commander of the Allied Maritime "
     "Component, Senior Fellow at the Atlantic Policy Institute; Lars Eriksen, Deputy Head of "
     "the Joint Regional Operations Directorate; and Olga Berezina, RIAC Expert.",
     ["Martin Hale", "Lars Eriksen", "Olga Berezina"], "speaker"),
    ("as-well-as-by-three-word-name", "en",
     "Welcoming remarks were delivered by Ivan Timofeev, RIAC Director General, as well as by "
     "Tran Van Minh, Ambassador Extraordinary and Plenipotentiary of Vietnam to Russia.",
     ["Ivan Timofeev", "Tran Van Minh"], "opening remarks"),
    ("title-word-then-three-word-name", "en",
     "The meeting was attended by journalist Le Thi Hoa and RIAC expert Bui Quang Vinh.",
     ["Le Thi Hoa", "Bui Quang Vinh"], "participant"),
    ("ru-pri-uchastii-then-main-clause", "ru",
     "При участии директора Института Азии Сергея Ломова, доцента МГИМО Марины Кротовой и "
     "посла Республики Гана в России Кваме Асанте участники обсудили ситуацию в Западной Африке.",
     ["Сергей Ломов", "Марина Кротова", "Кваме Асанте"], "participant"),
    ("ru-pri-uchastii-then-verb", "ru",
     "При участии главы представительства Ассоциации Дмитрия Орлова эксперты обменялись "
     "мнениями о будущем Северного морского пути.",
     ["Дмитрий Орлов"], "participant"),
    ("ru-slovo-predostavleno-dative", "ru",
     "Слово также было предоставлено советнику посольства Египта в России Ахмеду Саиду "
     "(Ahmed Said).",
     ["Ахмед Саид"], "speaker"),
    ("ru-slovo-predostavili-dative-female", "ru",
     "Затем слово предоставили ведущему научному сотруднику ИМЭМО РАН Ольге Петровой и "
     "заместителю директора Института Европы Андрею Соколову.",
     ["Ольга Петрова", "Андрей Соколов"], "speaker"),
    ("ru-italian-surname-like-a-place-stem", "ru",
     "В заседании приняли участие Иван Петров, Паоло Росси и Фуми Танака.",
     ["Иван Петров", "Паоло Росси", "Фуми Танака"], None),
    ("ru-names-like-stems-in-a-list", "ru",
     "Участники встречи: Франциско Гарсия, Рания Хассан и Олег Москвин.",
     ["Франциско Гарсия", "Рания Хассан", "Олег Москвин"], None),
    ("ru-represented", "ru",
     "Российскую сторону представляли директор Института Дальнего Востока РАН Кирилл Бабаев и "
     "ведущий научный сотрудник ИМЭМО РАН Алексей Кузнецов.",
     ["Кирилл Бабаев", "Алексей Кузнецов"], "participant"),
]


def _people(lang: str, *texts: str, kind: str = "para"):
    """Participants of a body made of one block per text."""
    return parse_participants([Block(kind, t) for t in texts], lang)


@pytest.mark.parametrize(("lang", "text", "names", "role"),
                         [s[1:] for s in SENTENCES], ids=[s[0] for s in SENTENCES])
def test_sentence_names_and_roles(lang, text, names, role):
    people = _people(lang, text)
    assert [p.name for p in people] == names
    if role is not None:
        assert {p.role for p in people} == {role}


def test_sentence_table_is_large_and_bilingual():
    assert len(SENTENCES) >= 40
    assert sum(1 for s in SENTENCES if s[1] == "ru") >= 10


def _positions(people, name):
    """The positions of one person as (title, organization) pairs."""
    person = next(p for p in people if p.name == name)
    return [(p.title, p.organization) for p in person.positions]


def test_prose_positions_follow_the_record_rules():
    people = _people("en", SENTENCES[0][2])
    assert _positions(people, "Pavel Orlov") == [
        ("Senior Fellow", "Institute of World Economy"), ("Member", "RIAC")]
    assert _positions(people, "Irina Volkova") == [
        ("Expert", "RIAC"), ("Professor", "Saint Petersburg University")]
    assert _positions(people, "Mark Ellison") == [("Director of the Baltic Policy Centre", None)]


def test_several_positions_and_parentheses():
    people = _people("en", dict((s[0], s[2]) for s in SENTENCES)["parentheses-year-ranges"])
    assert _positions(people, "Robert J. Allen") == [
        ("US Ambassador to Poland (1997–2001)", None),
        ("Deputy Secretary of Commerce (2001–2004)", None)]
    assert _positions(people, "Marta Nowak") == [
        ("Senior Fellow", "Centre for European Policy Studies (CEPS)")]


def test_title_in_quotes_keeps_its_period_and_ret_is_not_a_position():
    people = _people("en", dict((s[0], s[2]) for s in SENTENCES)["period-inside-quotes"])
    assert _positions(people, "Thomas Whitfield") == [
        ('Coordinator of the "Arctic Dialogue. Science and Policy" project', None)]


def test_plural_title_before_a_group_and_as_well_as():
    people = _people("en", dict((s[0], s[2]) for s in SENTENCES)["plural-title-over-group"])
    ambassador = ("Ambassador Extraordinary and Plenipotentiary", None)
    assert _positions(people, "Pavel Sergeev") == [ambassador, ("member", "RIAC")]
    assert _positions(people, "Ilya Fomin") == [ambassador]
    assert _positions(people, "Boris Lvov") == [ambassador]
    assert _positions(people, "Yuri Kasatkin") == [
        ("Director of the Centre for Asian Studies", None)]
    assert _positions(people, "Viktor Lapin") == [("journalist", None)]


def test_shared_title_after_names_and_bracketed_organisation():
    people = _people("en", dict((s[0], s[2]) for s in SENTENCES)["comma-only-shared-title"])
    assert _positions(people, "Nikita Osipov") == [("Director for Development", "RIAC")]
    assert _positions(people, "Sergei Danilov") == [("expert", "RIAC")]
    assert _positions(people, "Marat Gafurov") == [(None, "HSE"), ("expert", "RIAC")]


def test_both_riac_experts_reaches_two_titled_people():
    people = _people("en", dict((s[0], s[2]) for s in SENTENCES)["both-riac-experts"])
    assert _positions(people, "Anna Kovaleva") == [
        ("Head of the Arctic Programme", None), ("expert", "RIAC")]
    assert _positions(people, "Ilya Gusev") == [("Research Fellow", None), ("expert", "RIAC")]


def test_title_before_name_with_two_posts():
    people = _people("en", dict((s[0], s[2]) for s in SENTENCES)["title-before-name"])
    assert _positions(people, "Andrey Kortunov") == [("Director General", "RIAC")]
    assert _positions(people, "Oleg Maltsev") == [
        ("Russian Ambassador to Norway", None), ("member", "RIAC")]


def test_missing_comma_after_name():
    people = _people("en", dict((s[0], s[2]) for s in SENTENCES)["missing-comma-after-name"])
    assert _positions(people, "Dmitry Sokolov") == [("Vice-President", "RIAC")]


def test_russian_titles_belong_to_the_next_name():
    text = dict((s[0], s[2]) for s in SENTENCES)["ru-several-titles-before-name"]
    people = _people("ru", text)
    assert _positions(people, "Игорь Иванов") == [("президент", "РСМД")]
    assert _positions(people, "Павел Громов") == [
        ("заместитель министра иностранных дел РФ", None),
        ("член Попечительского совета", "РСМД")]
    assert _positions(people, "Алексей Громыко") == [("директор Института Европы РАН", None)]


def test_russian_title_first_positions():
    people = _people("ru", dict((s[0], s[2]) for s in SENTENCES)["ru-title-first-i"])
    assert _positions(people, "Иван Тимофеев") == [("генеральный директор", "РСМД")]
    assert _positions(people, "Ольга Никитина") == [
        ("ведущий научный сотрудник ИМЭМО РАН", None)]
    assert _positions(people, "Денис Волков") == [("программный координатор", "РСМД")]


def test_russian_declined_title_back_in_nominative():
    people = _people("ru", dict((s[0], s[2]) for s in SENTENCES)["ru-meeting-with-instrumental"])
    assert _positions(people, "Тоёхиса Кодзуки") == [("посол Японии в России", None)]
    people = _people("ru", dict((s[0], s[2]) for s in SENTENCES)["ru-instrumental-latin"])
    assert _positions(people, "Питер Хартли") == [("директор департамента", None)]


def test_organisation_words_stay_in_the_title():
    people = _people("en", dict((s[0], s[2]) for s in SENTENCES)[
        "org-words-after-title-are-no-name"])
    assert _positions(people, "Martin Hale") == [
        ("former Commander of the Allied Maritime Component", None),
        ("Senior Fellow", "Atlantic Policy Institute")]
    assert _positions(people, "Lars Eriksen") == [
        ("Deputy Head of the Joint Regional Operations Directorate", None)]


def test_whole_name_run_after_a_connector_or_title_word():
    people = _people("en", dict((s[0], s[2]) for s in SENTENCES)["as-well-as-by-three-word-name"])
    assert _positions(people, "Tran Van Minh") == [
        ("Ambassador Extraordinary and Plenipotentiary of Vietnam to Russia", None)]
    people = _people("en", dict((s[0], s[2]) for s in SENTENCES)[
        "title-word-then-three-word-name"])
    assert _positions(people, "Le Thi Hoa") == [("journalist", None)]
    assert _positions(people, "Bui Quang Vinh") == [("expert", "RIAC")]


def test_organisation_before_a_name_is_not_swallowed_by_the_name():
    people = _people("en", "Other speakers included correspondent of the newspaper Novaya "
                           "Gazeta Pavel Orlov.")
    assert [p.name for p in people] == ["Pavel Orlov"]


def test_russian_genitive_title_nouns_keep_their_vowels():
    people = _people("ru", dict((s[0], s[2]) for s in SENTENCES)[
        "ru-pri-uchastii-then-main-clause"])
    assert _positions(people, "Сергей Ломов") == [("директор Института Азии", None)]
    assert _positions(people, "Марина Кротова") == [("доцент МГИМО", None)]
    assert _positions(people, "Кваме Асанте") == [("посол Республики Гана в России", None)]
    people = _people("ru", dict((s[0], s[2]) for s in SENTENCES)["ru-pri-uchastii-then-verb"])
    assert _positions(people, "Дмитрий Орлов") == [
        ("глава представительства Ассоциации", None)]


def test_russian_dative_speakers_and_titles():
    people = _people("ru", dict((s[0], s[2]) for s in SENTENCES)["ru-slovo-predostavleno-dative"])
    assert _positions(people, "Ахмед Саид") == [("советник посольства Египта в России", None)]
    people = _people("ru", dict((s[0], s[2]) for s in SENTENCES)[
        "ru-slovo-predostavili-dative-female"])
    assert _positions(people, "Ольга Петрова") == [("ведущий научный сотрудник ИМЭМО РАН", None)]
    assert _positions(people, "Андрей Соколов") == [
        ("заместитель директора Института Европы", None)]


def test_russian_list_after_a_lead_in_keeps_plural_nouns_that_look_like_verbs():
    people = _people("ru", "Круглый стол прошел при участии директора Центра по изучению "
                           "модели развития Ивана Петрова и Анны Смирновой.")
    assert [p.name for p in people] == ["Иван Петров", "Анна Смирнова"]


def test_russian_name_first_apposition():
    people = _people("ru", dict((s[0], s[2]) for s in SENTENCES)["ru-name-first-speech"])
    assert _positions(people, "Иван Тимофеев") == [("генеральный директор", "РСМД")]


# --- whole bodies ---------------------------------------------------------------------------

SEED_ITEMS = [
    "Tigran Meloyan, Analyst, Center for Mediterranean Studies, HSE University",
    "Nikolay Silaev, Leading Research Fellow, Institute for International Studies (IIS), MGIMO "
    "University",
    "Anna Pak, Associate Professor, Department of International Economic Relations, RUDN "
    "University",
    "Evgeniya Goryushina, Head of the Caucasus Studies Section, Institute of Oriental Studies, "
    "Russian Academy of Sciences; Research Fellow, Center for Middle Eastern and African "
    "Studies, HSE University",
    "Dmitry Sidorov, Head of the Department of Foreign Regional Studies, Moscow State "
    "Linguistic University",
    "Andrey Areshev, Political Analyst, Expert at the Foundation for Strategic Culture",
]
SEED_NAMES = ["Tigran Meloyan", "Nikolay Silaev", "Anna Pak", "Evgeniya Goryushina",
              "Dmitry Sidorov", "Andrey Areshev"]
SEED_PROSE = (
    "Participants noted that for much of their shared history, Russian–Armenian relations have "
    "been marked by a high degree of mutual trust. At the same time, Russian Foreign Minister "
    "Sergey Lavrov’s visit to Yerevan on May 21, 2025, has created an opening for a potential "
    "reset and renewed positive momentum in the bilateral relationship."
)


def seed_blocks(item_kind: str = "item") -> list[Block]:
    """The seed page's body: prose, the headed participant list and a highlights section."""
    blocks = [Block("para", SEED_PROSE), Block("para", "Participants included:")]
    blocks += [Block(item_kind, text) for text in SEED_ITEMS]
    blocks += [Block("heading", "Discussion Highlights"), Block("para", "Tigran Meloyan"),
               Block("item", "Russia continues to view Armenia as a strategic partner.")]
    return blocks


def test_seed_page_participants_are_exactly_the_six_bulleted_people():
    people = parse_participants(seed_blocks(), "en")
    assert [p.name for p in people] == SEED_NAMES
    assert {p.role for p in people} == {"participant"}
    assert _positions(people, "Evgeniya Goryushina") == [
        ("Head of the Caucasus Studies Section",
         "Institute of Oriental Studies, Russian Academy of Sciences"),
        ("Research Fellow", "Center for Middle Eastern and African Studies, HSE University")]
    assert _positions(people, "Nikolay Silaev") == [
        ("Leading Research Fellow", "Institute for International Studies (IIS), MGIMO University")]


def test_headed_list_printed_as_paragraphs():
    people = parse_participants(seed_blocks("para"), "en")
    assert [p.name for p in people] == SEED_NAMES


def test_speakers_heading_gives_the_speaker_role_and_list_ends_at_narrative():
    blocks = [Block("heading", "Speakers"),
              Block("item", "Ivan Timofeev, Director General, RIAC"),
              Block("item", "Mehmet Aydin – President, Center for Strategic Studies (CSS)"),
              Block("para", "The speakers agreed that the region needs a new security "
                            "architecture.")]
    people = parse_participants(blocks, "en")
    assert [(p.name, p.role) for p in people] == [
        ("Ivan Timofeev", "speaker"), ("Mehmet Aydin", "speaker")]
    assert people[1].positions == [Position("President", "Center for Strategic Studies (CSS)")]


def test_russian_headed_list():
    blocks = [Block("para", "Участники:"),
              Block("item", "Иван Тимофеев, генеральный директор РСМД"),
              Block("item", "ведущий научный сотрудник ИМЭМО РАН Ольга Никитина")]
    people = parse_participants(blocks, "ru")
    assert [p.name for p in people] == ["Иван Тимофеев", "Ольга Никитина"]
    assert people[1].positions == [Position("ведущий научный сотрудник ИМЭМО РАН", None)]


def test_intro_ending_in_colon_without_people_is_not_a_list():
    blocks = [Block("para", "Topics covered:"), Block("item", "Arctic shipping and ice"),
              Block("item", "Search and rescue cooperation")]
    assert parse_participants(blocks, "en") == []


def test_one_entry_per_person_first_role_kept_variants_merged():
    people = _people(
        "en",
        "The discussion was opened by Andrey Kortunov, RIAC Director General.",
        "Speakers included Andrei Kortunov, RIAC Director General, and Ivan Timofeyev, RIAC "
        "Program Director; and Ivan Timofeev, RIAC Program Director.",
    )
    assert [(p.name, p.role) for p in people] == [
        ("Andrey Kortunov", "opening remarks"), ("Ivan Timofeyev", "speaker")]


def test_per_speaker_paragraph_only_at_paragraph_start():
    people = _people(
        "en",
        "The round table focused on sanctions. Andrey Kortunov, RIAC Director General, noted "
        "that the sanctions regime was unlikely to change.",
    )
    assert people == []


def test_items_are_read_for_lists_but_not_for_speech_verbs():
    people = _people("en", "Andrey Kortunov, RIAC Director General, noted the trend.",
                     kind="item")
    assert people == []
    people = _people("en", "Speakers included Ivan Sorokin, RIAC Program Coordinator.",
                     kind="item")
    assert [p.name for p in people] == ["Ivan Sorokin"]


# --- name helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("Dr. Emily Carter", "Emily Carter"),
    ("Gen. (ret.) Thomas Whitfield", "Thomas Whitfield"),
    ("Professor Sergei Dolgov", "Sergei Dolgov"),
    ("Academician Viktor Panin", "Viktor Panin"),
    ("Ambassador Sergei Frolov", "Sergei Frolov"),
    ("Mr.  Ivan   Ivanov", "Ivan Ivanov"),
    ("K. S. Raman", "K.S. Raman"),
    ("K.S.Raman", "K.S. Raman"),
    ("Robert J.Allen", "Robert J. Allen"),
    ("И. С. Иванов", "И.С. Иванов"),
    ("Park Jiwon", "Park Jiwon"),
])
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("Andrey Kortunov", "Andrei Kortunov"),
    ("Ivan Timofeev", "Ivan Timofeyev"),
    ("Dmitry Sidorov", "Dmitriy Sidorov"),
    ("Dmitrii Sidorov", "Dmitry Sidorov"),
    ("Natalya Reznik", "Natalia Reznik"),
    ("Yevgeny Primakov", "Evgeny Primakov"),
    ("Alexey Gromov", "Aleksei Gromov"),
    ("Пётр Семёнов", "Петр Семенов"),
    ("Dr. Mark Ellison", "mark  ellison"),
])
def test_name_key_unifies_variants(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Ivan Ivanov", "Igor Ivanov"),
    ("Anna Petrova", "Anna Petrov"),
    ("Mark Ellison", "Mark Allison"),
])
def test_name_key_keeps_different_people_apart(a, b):
    assert name_key(a) != name_key(b)


NAMES = ["Andrey Kortunov", "Mark Ellison", "Sergei Frolov", "Ivan Ivanov", "Natalia Reznik",
         "Park Jiwon", "K.S. Raman"]


@pytest.mark.parametrize(("mention", "expected"), [
    ("A. Kortunov", "Andrey Kortunov"),
    ("Kortunov", "Andrey Kortunov"),
    ("Andrei Kortunov", "Andrey Kortunov"),
    ("Dr. Ellison", "Mark Ellison"),
    ("Ambassador Frolov", "Sergei Frolov"),
    ("Mr. Ivanov", "Ivan Ivanov"),
    ("N. Reznik", "Natalia Reznik"),
    ("Mr. Park", "Park Jiwon"),
    ("Raman", "K.S. Raman"),
    ("B. Kortunov", None),
    ("Lavrov", None),
    ("", None),
])
def test_resolve_mention(mention, expected):
    assert resolve_mention(mention, NAMES) == expected


def test_resolve_mention_is_none_when_ambiguous():
    assert resolve_mention("Mr. Ivanov", ["Ivan Ivanov", "Igor Ivanov"]) is None
    assert resolve_mention("I. Ivanov", ["Ivan Ivanov", "Igor Ivanov"]) is None
    assert resolve_mention("Igor Ivanov", ["Ivan Ivanov", "Igor Ivanov"]) == "Igor Ivanov"


# --- the fixtures' hand-written participants -------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
EVENT_FIXTURES = ["arctic-shipping-semicolon-list", "korea-dialogue-comma-list",
                  "oslo-conference-title-before-name", "yerevan-forum-lead-longer",
                  "istanbul-key-quotes", "news-three-paragraph-lead", "ru-news-delegation",
                  "seed-plain"]


@pytest.mark.parametrize("name", EVENT_FIXTURES)
def test_fixture_paragraphs_give_the_expected_participants(name):
    path = FIXTURES / f"{name}.json"
    if not path.exists():
        pytest.skip(f"fixture {name} is not in this checkout")
    expected = json.loads(path.read_text(encoding="utf-8"))["expected"]
    blocks = [Block("heading" if t == "Discussion Highlights" else "para", t)
              for t in expected["paragraphs"]]
    people = parse_participants(blocks, expected["lang"])
    assert [asdict(p) for p in people] == expected["participants"]


# --- speed-ups that must not change results --------------------------------------------------

# One sentence for each trigger the sentence table and the fixtures do not exercise.
TRIGGER_SAMPLES = [
    "Among the other speakers were Anna Petrova and Boris Ivanov.",
    "Speakers: Anna Petrova, Boris Ivanov.",
    "The meeting was held with the participation of Anna Petrova.",
    "Participants: Anna Petrova, Boris Ivanov.",
    "The moderator was Anna Petrova.",
    "Moderator: Anna Petrova.",
    "The guests were welcomed by Anna Petrova.",
    "The session featured presentations by Anna Petrova and Boris Ivanov.",
    "RIAC held a meeting with Anna Petrova.",
    "Anna Petrova opened the annual conference.",
    "Anna Petrova welcomed the participants.",
    "Anna Petrova acted as moderator.",
    "Anna Petrova presented her reports.",
    "Anna Petrova participated in the discussion.",
    "Anna Petrova joined the discussion.",
    "Anna Petrova was also present.",
    "Участие в заседании приняли Анна Петрова и Борис Иванов.",
    "Участники встречи: Анна Петрова, Борис Иванов.",
    "Заседание вела Анна Петрова.",
    "В обсуждении участвовали Анна Петрова и Борис Иванов.",
    "Участниками дискуссии стали Анна Петрова и Борис Иванов.",
    "Делегацию возглавлял Борис Иванов.",
    "Анна Петрова открыла конференцию.",
    "Анна Петрова модерировала дискуссию.",
]


def _trigger_corpus() -> list[str]:
    """Every sentence-like text the tests know: the table, the samples, fixture paragraphs."""
    texts = [s[2] for s in SENTENCES] + TRIGGER_SAMPLES
    for path in sorted(FIXTURES.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8")).get("expected") or {}
        texts += expected.get("paragraphs") or []
    return texts


def test_every_trigger_match_contains_one_of_its_cheap_words():
    corpus = _trigger_corpus()
    for regex, *_, words in people._LEAD_IN_RES + people._BOTH_RES + people._TRAILER_RES \
            + people._RU_TRIGGER_RES:
        matches = [m.group() for text in corpus for m in regex.finditer(text)]
        assert matches, f"no text exercises {regex.pattern!r}"
        for found in matches:
            seen = found.casefold() if regex.flags & re.IGNORECASE else found
            assert any(word in seen for word in words), (regex.pattern, found)


def test_upper_case_and_turkish_i_sentences_still_find_their_lists():
    shouted = _people("en", "OTHER SPEAKERS INCLUDED: Anna Petrova, Boris Ivanov.")
    assert [(p.name, p.role) for p in shouted] == [("Anna Petrova", "speaker"),
                                                  ("Boris Ivanov", "speaker")]
    # re.IGNORECASE matches "ı" and "İ" to "i", but casefold() does not: no cheap-word skip
    dotted = _people("en", "The meeting was held wİth the partıcipation of Anna Petrova.")
    assert [(p.name, p.role) for p in dotted] == [("Anna Petrova", "participant")]


def test_split_top_protects_brackets_and_quotes_and_falls_back_when_unbalanced():
    text = "Anna Petrova (RIAC, MGIMO), Director of «Baltic, Nordic» Centre; Boris Ivanov"
    assert people._split_top(text, ",;") == ["Anna Petrova (RIAC, MGIMO)",
                                             "Director of «Baltic, Nordic» Centre",
                                             "Boris Ivanov"]
    assert people._split_top("Anna Petrova (RIAC, Boris Ivanov", ",") == [
        "Anna Petrova (RIAC", "Boris Ivanov"]
    assert people._split_top("Anna Petrova; Boris Ivanov", ";") == ["Anna Petrova",
                                                                    "Boris Ivanov"]


def test_split_sentences_keeps_quotes_abbreviations_and_initials_whole():
    text = "He said “Stop. Now.” Then Dr. Smith left. K.S. Raman came."
    assert people._split_sentences(text) == ["He said “Stop. Now.”", "Then Dr. Smith left.",
                                             "K.S. Raman came."]
    assert people._split_sentences("No marks here") == ["No marks here"]
