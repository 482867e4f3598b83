"""Table columns shared by the admin's reports."""

from django.middleware.csrf import get_token
from django.urls import reverse
from wagtail.admin.ui.tables import Column


class RowActionColumn(Column):
    """A small POST form per row (a GET never changes anything): the cell template gets
    ``action_url`` (``url_name`` with the row's pk) and the ``csrf_token`` to post it with."""

    url_name: str

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["action_url"] = reverse(self.url_name, args=[instance.pk])
        context["csrf_token"] = get_token(parent_context["request"])
        return context
