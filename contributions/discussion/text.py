"""Plain text in, safe HTML out: links made clickable, everything else escaped.

Comments are plain text. Nothing a person types is ever markup: the text is escaped piece by
piece and only the web addresses we find become links (http and https only, so no
``javascript:``), marked ``nofollow ugc`` because we do not vouch for them.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
# Sentence punctuation right after an address belongs to the sentence, not the address.
TRAILING = ".,;:!?)]}'\""
# Control characters other than newline and tab have no place in a comment.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def text_clean(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL_RE.sub("", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def has_link(text: str) -> bool:
    return bool(URL_RE.search(text))


def _link(address: str) -> str:
    href = address if address.lower().startswith("http") else f"https://{address}"
    return format_html('<a href="{}" rel="nofollow ugc noopener" class="ext">{}</a>', href, address)


def text_render(text: str) -> SafeString:
    """Escaped text with its addresses as links and its line breaks kept."""
    parts, last = [], 0
    for match in URL_RE.finditer(text):
        address = match.group(0)
        stripped = address.rstrip(TRAILING)
        parts.append(escape(text[last : match.start()]))
        parts.append(_link(stripped))
        parts.append(escape(address[len(stripped) :]))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 - every piece escaped


def moment_parse(raw: str) -> float | None:
    """ "1:23", "01:02:03" or "83" as seconds; None for an empty value; ValueError otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"\d{1,5}(?:\.\d+)?|\d{1,3}(?::[0-5]?\d){1,2}", raw):
        raise ValueError("Write the moment as minutes:seconds, for example 1:23.")
    seconds = 0.0
    for part in raw.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def moment_label(seconds: float) -> str:
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
