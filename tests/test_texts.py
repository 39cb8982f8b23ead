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


def _strings(value):
    if isinstance(value, str):
        yield value
    else:
        for part in value:
            yield from _strings(part)


def test_addresses_and_servers_in_the_messages_are_on_reserved_domains():
    """A hint copied into a grant file must not send anything to a real domain (RFC 2606)."""
    import re

    found = set()
    for catalogue in (texts.LABELS, texts.PROBLEMS, texts.WEB_LABELS):
        for value in catalogue.values():
            for text in _strings(value):
                found |= set(re.findall(r"[\w.-]+@[\w-]+(?:\.[\w-]+)+|smtp\.[\w-]+(?:\.[\w-]+)+", text))
    assert found
    reserved = re.compile(r"(^|[.@])(example|test|invalid|example\.(org|com|net))$")
    assert {name for name in found if not reserved.search(name)} == set()
