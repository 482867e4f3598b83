"""How Wagtail's admin refuses a request: one exact answer for each kind of person.

- Signed in without admin access (learners, contributors): a redirect to the admin's login
  page, with the refused path as ``next``.
- With admin access but without the permission (peer reviewers in the editors' areas): a
  redirect to the admin's dashboard, which shows "Sorry, you do not have permission".
"""

from urllib.parse import quote

from django.urls import reverse


def assert_sent_to_admin_login(response) -> None:
    path = response.request["PATH_INFO"]
    assert response.status_code == 302, response.status_code
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={quote(path)}"


def assert_sent_to_admin_home(response) -> None:
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")
