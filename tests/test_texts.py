"""The message catalogue: every text in both languages, with the same placeholders."""

import string

import pytest

from grantsheet import texts


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(texts.LABELS))
def test_label_has_both_languages_with_the_same_placeholders(key):
    swedish, english = texts.LABELS[key]
    assert swedish and english
    assert placeholders(swedish) == placeholders(english)


@pytest.mark.parametrize("kind", sorted(texts.PROBLEMS))
def test_problem_has_message_and_fix_in_both_languages(kind):
    (sv_message, sv_fix), (en_message, en_fix) = texts.PROBLEMS[kind]
    assert all(part.strip() for part in (sv_message, sv_fix, en_message, en_fix))
    assert placeholders(sv_message) | placeholders(sv_fix) == placeholders(en_message) | placeholders(en_fix)


def test_sheet_names_fit_excel_limits():
    for key, names in texts.LABELS.items():
        if key.startswith("sheet_"):
            for name in names:
                assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
