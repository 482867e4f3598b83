"""``manage.py benchmark --queries FILE`` times exactly the listed searches."""

from io import StringIO

from django.core.management import call_command
from wagtail.contrib.search_promotions.models import Query

from search.management.commands.benchmark import searches_from


def test_a_queries_file_gives_labelled_searches_with_their_parameters(tmp_path):
    listed = tmp_path / "queries.txt"
    listed.write_text(
        "# a comment\n\n"
        "rare word * | /search/?q=zebracorn\n"
        "phrase | /search/?q=agenda+first&page=2\n"
    )
    assert searches_from(str(listed)) == [
        ("rare word *", "/search/", {"q": "zebracorn"}),
        ("phrase", "/search/", {"q": "agenda first", "page": "2"}),
    ]


def test_the_benchmark_times_the_listed_searches_and_writes_nothing(crafted, tmp_path):
    listed = tmp_path / "queries.txt"
    listed.write_text("rare word * | /search/?q=zebracorn\nno match | /search/?q=xylophonequartz\n")
    out = StringIO()
    call_command(
        "benchmark", "--queries", str(listed), "--repeat", "1", "--warmup", "0", stdout=out
    )
    report = out.getvalue()
    assert "2 searches" in report
    assert "rare word *" in report and "q=zebracorn" in report
    assert "All searches: median" in report
    assert "over 2 timed requests" in report
    assert not Query.objects.exists()  # rolled back: the query log is left as it was
