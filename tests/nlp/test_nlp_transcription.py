"""Sound keys: how English, German and French names are written in Russian and Ukrainian."""
import pytest

from archive.text.transcription import latin_sound_keys, sound_key


@pytest.mark.parametrize("latin, cyrillic", [
    ("Hunt", "Хант"), ("Maas", "Маас"), ("Johnson", "Джонсон"), ("Jeremy", "Джереми"),
    ("Theresa", "Тереза"), ("May", "Мэй"), ("May", "Мей"), ("Heiko", "Хайко"), ("Heiko", "Гайко"),
    ("Vladimir", "Владимир"), ("Vladimir", "Володимир"), ("Michel", "Мишель"), ("Christopher", "Кристофер"),
    ("Juncker", "Юнкер"), ("Scholz", "Шольц"), ("George", "Джордж"), ("Williamson", "Уильямсон"),
    ("Barnier", "Барньє"), ("Stephen", "Стівен"), ("Matthew", "Мэттью"), ("Dominic", "Доминик"), ("Eric", "Эрик"),
])
def test_a_latin_name_and_its_transcription_share_a_key(latin, cyrillic):
    assert sound_key(cyrillic) in latin_sound_keys(latin)


@pytest.mark.parametrize("latin, cyrillic", [("Hunt", "Мэй"), ("Maas", "Меркель"), ("Johnson", "Джавид")])
def test_different_names_keep_different_keys(latin, cyrillic):
    assert sound_key(cyrillic) not in latin_sound_keys(latin)


@pytest.mark.parametrize(
    "latin, cyrillic",
    [
        ("Wright", "Райт"), ("Knight", "Найт"), ("Czaputowicz", "Чапутович"), ("Mateusz", "Матеуш"),
        ("Morawiecki", "Моравецкий"), ("Jaroslaw", "Ярослав"), ("Kaczynski", "Качиньский"),
        ("Schinas", "Схинас"), ("Jean", "Жан"), ("Jose", "Хосе"), ("Brzezinski", "Бжезинский"),
    ],
)
def test_more_transcription_habits_give_the_same_sound_key(latin, cyrillic):
    assert sound_key(cyrillic) in latin_sound_keys(latin)


@pytest.mark.parametrize("latin, cyrillic", [("Schmidt", "Схмидт"), ("Wright", "Врангель"), ("Czaputowicz", "Капутович")])
def test_the_new_readings_stay_apart_from_other_names(latin, cyrillic):
    assert sound_key(cyrillic) not in latin_sound_keys(latin)
