"""What people type, made safe for any search engine, and matched back against captions.

Full-text engines read operators, quotes and brackets in their own syntax; Wagtail's SQLite
backend has crashed on a stray quote before, and PostgreSQL's raw tsquery would too. So a
query is reduced to plain words before any engine sees it: what is searched is always a
list of words, never syntax.
"""

import re
import unicodedata

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
MAX_TERM_CHARS = 40

_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")


def query_clean(raw) -> str:
    """The query as the person meant it: no control characters, single spaces, capped."""
    if not isinstance(raw, str):
        return ""
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in raw[:4000])
    return _SPACE.sub(" ", text).strip()[:MAX_QUERY_CHARS].strip()


def query_terms(cleaned: str) -> list[str]:
    """The words of a cleaned query, lower-cased, each capped: the only thing engines see."""
    words = (word[:MAX_TERM_CHARS] for word in _WORD.findall(cleaned.lower()))
    terms = []
    for word in words:
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def stem(word: str) -> str:
    """A crude English stem, enough to see that "meetings" matched "meeting" in a caption."""
    for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def words_of(text: str) -> set[str]:
    return {stem(word) for word in _WORD.findall(text.lower())}


def text_matches(text: str, terms: list[str]) -> bool:
    """Whether any search term is a word of ``text`` (compared by stem)."""
    if not terms or not text:
        return False
    return bool(words_of(text) & {stem(term) for term in terms})


def cue_matching(cues, terms: list[str]) -> dict | None:
    """The first caption cue that says one of the terms: where in the video it was said."""
    wanted = {stem(term) for term in terms}
    if not wanted:
        return None
    for cue in cues or ():
        try:
            text, start = str(cue["text"]), float(cue["start"])
        except (KeyError, TypeError, ValueError):
            continue
        if words_of(text) & wanted:
            return {"start": max(start, 0.0), "text": text}
    return None
