"""A table the dashboard shows and exports alike: one shape for the HTML and the CSV."""

import csv
import datetime
import io
from dataclasses import dataclass, field


@dataclass
class Table:
    """``rows`` hold plain values; the first column names the row (``th scope="row"``).

    ``links`` optionally gives, per row, a URL for its first cell: where an editor acts on it.
    """

    key: str
    caption: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    empty: str = "Nothing to show yet."

    def link_rows(self):
        """(link, first cell, other cells) per row, for the template."""
        links = self.links or [None] * len(self.rows)
        return [(link, row[0], row[1:]) for link, row in zip(links, self.rows, strict=True)]

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([csv_cell(value) for value in row])
        return out.getvalue()


def csv_cell(value) -> str:
    """Plain text a spreadsheet reads: ISO dates, numbers as they are, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return f"{value.total_seconds() / 3600:.1f}"
    text = str(value)
    # A cell a spreadsheet would run as a formula is kept as text.
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
