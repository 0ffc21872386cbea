"""persian.md's rules for letters, search keys, digits and bidi controls."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.text.normalize import (
    digits_to_ascii, isolate, neutralize_bidi, normalize_input, parse_decimal, parse_int, search_key,
    sort_key,
)

ZWNJ = "\u200c"


def test_arabic_letters_become_persian_on_input() -> None:
    assert normalize_input("كاربر مديريت") == "کاربر مدیریت"
    assert normalize_input("علي") == "علی"  # ى/ي at a word end


def test_zwnj_is_kept_on_input() -> None:
    text = "سرور db01.tehran.example.ir از ساعت ۰۲:۱۵ پاسخ نمی\u200cدهد"
    assert normalize_input(text) == text
    assert ZWNJ in normalize_input("دسترس\u200cپذیری")


def test_test_string_4_matches_and_sorts_with_its_persian_form() -> None:
    assert search_key("كاربر مديريت") == search_key("کاربر مدیریت")
    assert sort_key("كاربر مديريت") == sort_key("کاربر مدیریت")


def test_one_search_finds_all_four_spellings_of_major_incident() -> None:
    keys = {search_key(t) for t in ("حادثهٔ مهم", "حادثۀ مهم", "حادثه\u200cی مهم", "حادثه مهم")}
    assert keys == {"حادثه مهم"}
    assert search_key("خانه\u200cای") == "خانه ای"  # the indefinite ـه‌ای is a different word


def test_search_key_folds_digits_marks_tatweel_presentation_forms_and_case() -> None:
    assert search_key("خطای HTTP ۵۰۳") == search_key("خطاي http 503")
    assert search_key("مـــهم") == "مهم"  # tatweel
    assert search_key("مُهِمّ") == "مهم"  # short vowels
    assert search_key("\ufee3\ufeec\ufee2") == "مهم"  # presentation forms
    assert search_key("أإٱ ؤ") == "ااا و"
    assert search_key("\u202eabc\u202c") == "abc"


def test_persian_alphabetical_order() -> None:
    words = ["ی", "ه", "و", "گ", "ک", "پ", "چ", "ژ", "ب", "آ", "ا"]
    expected = ["ا", "آ", "ب", "پ", "چ", "ژ", "ک", "گ", "و", "ه", "ی"]
    assert sorted(words, key=sort_key) == expected


@pytest.mark.parametrize("text, value", [("۴۴۱۲", 4412), ("٤٤١٢", 4412), ("4412", 4412), ("۱٬۲۳۴", 1234),
                                         ("-۱۲", -12)])
def test_integers_in_any_digit_script(text: str, value: int) -> None:
    assert parse_int(text) == value


def test_decimals_with_persian_separator() -> None:
    assert parse_decimal("۹۹٫۹۵") == pytest.approx(99.95)
    assert parse_decimal("-12.5") == pytest.approx(-12.5)
    with pytest.raises(ValueError):
        parse_int("۱۲a")


def test_digits_to_ascii_leaves_identifiers_alone() -> None:
    assert digits_to_ascii("کد خطا: ERR-4012-B — تیکت INC-000123") == "کد خطا: ERR-4012-B — تیکت INC-000123"
    assert digits_to_ascii("۰۲:۱۵") == "02:15"


def test_bidi_overrides_are_removed_so_a_title_cannot_lie() -> None:
    assert neutralize_bidi("abc\u202edcba\u202c") == "abcdcba"
    assert neutralize_bidi("a\u2069b") == "ab"  # unpaired PDI
    assert neutralize_bidi("\u2067x") == "\u2067x\u2069"  # isolate left open is closed
    assert normalize_input("  \u202bعنوان\u202c  ") == "عنوان"


def test_isolate_picks_the_direction_of_the_first_strong_letter() -> None:
    assert isolate("+98 21 8888 1234") == "\u2066+98 21 8888 1234\u2069"
    assert isolate("Kubernetes در وضعیت بحرانی است") .startswith("\u2066")
    assert isolate("پل کنفرانس") == "\u2067پل کنفرانس\u2069"


@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_input(text)
    assert normalize_input(once) == once
    assert search_key(search_key(text)) == search_key(text)
