"""What one page costs, for the tests that check a page stays the same whatever the stock."""

from __future__ import annotations


def size_and_queries(client, count_queries, url: str) -> tuple[int, int]:
    """Bytes and SQL statements of one GET of ``url`` after a first one (the session and the
    per-process caches are warm then, as on a running portal); the page must answer 200."""
    client.get(url)
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(response.data), counter.count
