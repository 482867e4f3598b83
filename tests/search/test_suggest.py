"""Type-ahead: /search/suggest/?q= answers titles, topics and tags as JSON, at most ten."""

from tests.factories import clip_make

# Visibility, topics, tags, clips, the site; each engine call ranks, filters and fetches (three
# queries on SQLite, one on PostgreSQL) inside a savepoint pair.
SUGGEST_BUDGET = 12


def suggest(client, q):
    response = client.get("/search/suggest/", {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_two_letters_suggest_clip_titles_with_their_urls(client, crafted):
    results = suggest(client, "ag")
    assert {"title": "Agenda first", "url": crafted["agenda"].url, "kind": "clip"} in results


def test_topics_and_tags_are_suggested_too(client, crafted):
    kinds = {(r["kind"], r["title"]): r["url"] for r in suggest(client, "writ")}
    assert kinds[("topic", "Writing clearly")] == crafted["topics"]["writing"].url
    assert kinds[("tag", "writing")] == "/search/?tag=writing"


def test_one_letter_suggests_nothing(client, crafted):
    assert suggest(client, "a") == []


def test_at_most_ten_suggestions_come_back(client, crafted):
    topic = crafted["topics"]["meetings"]
    for n in range(14):
        clip_make(topic, title=f"Standup pattern {n}", tags=(f"standup-{n}",))
    results = suggest(client, "standup")
    assert len(results) == 10
    # Clips first; the three tags that start so keep their places after them.
    assert [r["kind"] for r in results] == ["clip"] * 7 + ["tag"] * 3


def test_suggestions_cost_a_fixed_number_of_queries(client, crafted, django_assert_max_num_queries):
    topic = crafted["topics"]["meetings"]
    with django_assert_max_num_queries(SUGGEST_BUDGET):
        small = suggest(client, "st")
    for n in range(12):
        clip_make(topic, title=f"Standup pattern {n}")
    with django_assert_max_num_queries(SUGGEST_BUDGET):
        large = suggest(client, "st")
    assert len(large) > len(small)
