"""The hub on two app servers at once: the checks bench/multiserver.sh runs against them.

Two gunicorn instances (A and B) share one PostgreSQL, one Redis, one S3 bucket (moto's
server) and one ``db_worker``. Everything a person does goes over HTTP, through the real
forms (sign-in, upload, Wagtail's workflow actions, rating); the database is read only to
find ids a browser would see on screen and to wait for the worker.

    python bench/multiserver.py http://127.0.0.1:8150 http://127.0.0.1:8151
"""

import os
import re
import sys
import tempfile
import time
from pathlib import Path

import django
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "learn-and-share"  # noqa: S105 - the demo accounts' public password (seed_hub)
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person:
    """One browser: its own cookies, sent to whichever server it talks to.

    Cookies are kept by hand because production marks them Secure and this run is plain
    HTTP on loopback; a browser behind the TLS-terminating balancer would send them.
    """

    def __init__(self, username: str):
        self.username = username
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        headers = {"Referer": url, **kwargs.pop("headers", {})}
        response = requests.request(
            method,
            url,
            cookies=self.cookies,
            headers=headers,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def csrf_from(self, url: str) -> str:
        page = self.request("GET", url)
        assert page.status_code == 200, f"GET {url}: {page.status_code}"
        return CSRF_FIELD.search(page.text).group(1)

    def sign_in(self, server: str) -> None:
        token = self.csrf_from(f"{server}/accounts/login/")
        data = {"login": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        response = self.request("POST", f"{server}/accounts/login/", data=data)
        assert response.status_code == 302, f"sign-in of {self.username}: {response.status_code}"


def check(label: str, condition: bool, detail: str = "") -> None:
    print(f"  {'ok  ' if condition else 'FAIL'} {label}{': ' + detail if detail else ''}")
    if not condition:
        raise SystemExit(1)


def wait_for(label: str, predicate, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            check(label, True)
            return
        time.sleep(1)
    check(label, False, f"not within {seconds:g} s")


def main(a: str, b: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.production")
    django.setup()
    from wagtail.models import TaskState

    from clips.models import ClipMedia, ClipPage, ProcessingState, TopicPage
    from clips.video import generate_demo_video

    print("Sessions are shared:")
    contributor = Person("contributor")
    contributor.sign_in(a)
    mine = contributor.request("GET", f"{b}/contribute/")
    check("signed in on A, recognised on B", mine.status_code == 200 and "contributor" in mine.text)

    print("Upload through A, processed by the worker, private meanwhile:")
    topic = TopicPage.objects.live().order_by("path").first()
    title = f"Two servers {int(time.time())}"
    with tempfile.TemporaryDirectory() as work:
        video = Path(work) / "two-servers.mp4"
        generate_demo_video(video, title, seconds=2.0, size=(160, 90), fps=10)
        token = contributor.csrf_from(f"{a}/contribute/new/")
        with video.open("rb") as fh:
            response = contributor.request(
                "POST",
                f"{a}/contribute/new/",
                data={
                    "csrfmiddlewaretoken": token,
                    "title": title,
                    "description": "Uploaded through one server, approved through another.",
                    "topic": topic.slug,
                    "tags": "servers",
                },
                files={"video": ("two-servers.mp4", fh, "video/mp4")},
            )
    check("upload accepted by A", response.status_code == 302, str(response.status_code))
    page = ClipPage.objects.get(title=title)
    wait_for(
        "db_worker processed the video",
        lambda: ClipMedia.objects.get(pk=page.video_id).processing_state == ProcessingState.READY,
    )
    video_url = f"/media-files/{page.video_id}/video/"
    anonymous = requests.get(b + video_url, timeout=30)
    check("waiting video is 404 to anonymous on B", anonymous.status_code == 404)
    own = contributor.request("GET", b + video_url)
    check("waiting video is signed for its contributor on B", own.status_code == 302)

    print("Approve through B on the review screen (Wagtail's workflow actions); A shows the clip:")
    topic_url = topic.url_path.removeprefix("/home")
    before = requests.get(a + topic_url, timeout=30)
    check("topic page on A before approval", title not in before.text)
    for reviewer in ("trusted", "editor"):
        person = Person(reviewer)
        person.sign_in(b)
        state = TaskState.objects.get(
            workflow_state__base_content_type__isnull=False,
            workflow_state__object_id=str(page.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        # The site's review screen: Wagtail's workflow action underneath (peer reviewers do
        # not get the page editor).
        screen = f"{b}/contribute/review/{page.pk}/"
        token = person.csrf_from(screen)
        data = {"csrfmiddlewaretoken": token, "action": "approve"}
        response = person.request("POST", screen, data=data)
        check(f"{reviewer} approves {state.task.name} on B", response.status_code == 302)
    page.refresh_from_db()
    check("the clip is published", page.live)
    after = requests.get(a + topic_url, timeout=30)
    check("A's topic page shows the new clip at once", title in after.text)
    played = requests.get(a + video_url, allow_redirects=False, timeout=30)
    check("A redirects playback to a signed URL", played.status_code == 302)
    stored = requests.get(played.headers["Location"], timeout=30)
    check(
        "the bucket sends the video",
        stored.status_code == 200 and stored.headers["Content-Type"] == "video/mp4",
        stored.headers.get("Content-Type", ""),
    )

    print("Ratings and rate limits hold across both:")
    rater = Person("learner")
    rater.sign_in(a)
    token = rater.cookies["csrftoken"]  # the cookie's value is accepted as the form token
    rate = f"/clips/{page.pk}/rate/"
    json_accept = {"Accept": "application/json"}
    first = rater.request(
        "POST", a + rate, data={"score": 2, "csrfmiddlewaretoken": token}, headers=json_accept
    ).json()
    second = rater.request(
        "POST", b + rate, data={"score": 5, "csrfmiddlewaretoken": token}, headers=json_accept
    ).json()
    same_count = second["rating_count"] == first["rating_count"]
    check("rating again on B changes the one rating", same_count)
    check("B sees A's rating replaced", second["score"] == 5)
    # 30 a minute per person, counted in fixed windows: 64 ratings within a minute span at
    # most two windows, so shared counters refuse at least 4; counters kept per process
    # (4 gunicorn workers on two servers) would allow all 64.
    answers = []
    started = time.monotonic()
    for n in range(64):
        server = a if n % 2 else b
        answers.append(
            rater.request(
                "POST",
                server + rate,
                data={"score": n % 5 + 1, "csrfmiddlewaretoken": token},
                headers=json_accept,
            ).status_code
        )
    took = time.monotonic() - started
    refused = answers.count(429)
    check(
        "the per-user limit counts both servers' requests",
        took < 60 and refused >= 4 and set(answers) == {200, 429},
        f"{answers.count(200)} accepted, {refused} refused in {took:.0f} s",
    )
    print("All multi-server checks passed.")


if __name__ == "__main__":
    main(*sys.argv[1:3])
