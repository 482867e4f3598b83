from django import template

from ..activity.queries import is_following

register = template.Library()


@register.simple_tag(takes_context=True)
def follows(context, topic) -> bool:
    """``{% follows topic as following %}``: whether the signed-in visitor follows it.

    The follow form is only rendered for signed-in people, so their page shows the state
    even without JavaScript (follow.js keeps it right after each toggle).
    """
    request = context.get("request")
    if request is None:
        return False
    return is_following(user=request.user, topic_id=topic.pk)
