from django import template

from hub.people import person_name as _person_name

register = template.Library()


@register.filter
def person_name(user, absent: str = "") -> str:
    """``{{ user|person_name }}``: the name the site shows for a person (hub.people);
    ``{{ comment.author|person_name:"A former member" }}`` for someone whose account is gone."""
    return _person_name(user, absent)
