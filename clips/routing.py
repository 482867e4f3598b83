"""Routing through pages whose children are all of one type, which the tree rules promise."""

from hub.private_apis import parent_cache_set


class TypedChildrenPage:
    """Route to a child loaded as its own type in one query (``child_for_route``), instead of
    Wagtail's two (the generic page, then ``.specific``), and hand it its parent so it need not
    look it up. Mixed into a Page model before ``Page``."""

    def child_for_route(self, slug: str):
        """The live-or-not child with this slug as its specific type, or None."""
        raise NotImplementedError

    def route(self, request, path_components):
        if path_components:
            child = self.child_for_route(path_components[0])
            if child is not None:
                parent_cache_set(child, self)
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
