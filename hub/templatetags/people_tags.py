from django import template

from hub.people import person_name as _person_name

register = template.Library()


@register.filter
def person_name(user) -> str:
    """``{{ user|person_name }}``: the name the site shows for a person (hub.people)."""
    return _person_name(user)
