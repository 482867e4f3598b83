"""How a request wants its answer."""


def wants_json(request) -> bool:
    """The site's scripts ask for JSON (``Accept: application/json``); a plain form post, a
    link or a browser without script never does, and gets a page or a redirect."""
    return "application/json" in request.headers.get("Accept", "")
