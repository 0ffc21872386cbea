"""Text a person types (issue 12): invisible characters, digits in any script."""

from __future__ import annotations

import pytest

from desktop.text.normalize import digits_as, is_blank, normalize_input

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u2060", "\u00ad", "\u061c"]


@pytest.mark.parametrize("text", ["".join(INVISIBLE), "\u200b \u200c\t\u200d", "\u2066\u200b\u2069", " \u3164 ",
                                  "\u034f", "\ufe0f\u034f\U000e0100"])  # marks that draw nothing too
def test_a_text_of_invisible_characters_only_is_blank_and_normalises_to_empty(text: str) -> None:
    assert is_blank(text)
    assert normalize_input(text) == ""


def test_invisible_characters_at_either_end_go_and_a_half_space_inside_stays() -> None:
    assert normalize_input("\u200b\ufeffحادثه\u200c\u200e ") == "حادثه"
    assert normalize_input("\u200fنمی\u200cدهد\u200f") == "نمی\u200cدهد"
    assert not is_blank("نمی\u200cدهد") and not is_blank("\u200ba")
    assert not is_blank("a\x00")  # a control character is not "blank": it is refused by its own rule


@pytest.mark.parametrize("typed", ["۱۴۰۵/۰۹/۱۱", "١٤٠٥/٠٩/١١", "1405/09/11", "۱۴۰۵/٠٩/11"])
def test_digits_of_any_script_are_written_in_the_editors_own(typed: str) -> None:
    assert digits_as(typed, "0") == "1405/09/11"
    assert digits_as(typed, "۰") == "۱۴۰۵/۰۹/۱۱"
    assert digits_as(typed, "٠") == "١٤٠٥/٠٩/١١"
