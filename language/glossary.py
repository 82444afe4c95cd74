"""Find vocabulary terms in text and in transcript words (plain Python, no Django)."""

import re


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower().replace("’", "'"))


def _matches(tokens: list[str], at: int, name: list[str]) -> bool:
    if at + len(name) > len(tokens):
        return False
    for offset, part in enumerate(name):
        token = tokens[at + offset]
        last = offset == len(name) - 1
        if token != part and not (last and token in (part + "s", part + "es")):
            return False
    return True


def term_spans(words: list[str], terms: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    """(first word, last word, key) for each term occurrence in a list of words.

    `terms` maps a key (a slug) to the term's spellings; the longest spelling wins, a trailing
    "s" counts (champions), and a hyphenated word is its parts (multi-threading).
    """
    names = sorted(
        ((key, _tokens(name)) for key, spellings in terms.items() for name in spellings),
        key=lambda item: -len(item[1]),
    )
    names = [(key, name) for key, name in names if name]
    tokens, owner = [], []
    for index, word in enumerate(words):
        for token in _tokens(word):
            tokens.append(token)
            owner.append(index)
    spans, at = [], 0
    while at < len(tokens):
        for key, name in names:
            if _matches(tokens, at, name):
                spans.append((owner[at], owner[at + len(name) - 1], key))
                at += len(name)
                break
        else:
            at += 1
    return spans


def count_terms(text: str, terms: dict[str, list[str]]) -> dict[str, int]:
    """How often each term occurs in the text, by key; terms that never occur are left out."""
    counts: dict[str, int] = {}
    for _first, _last, key in term_spans([text], terms):
        counts[key] = counts.get(key, 0) + 1
    return counts
