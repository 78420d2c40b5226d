"""Notifications are written in the recipient's language, not in the language of whoever caused them."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from serviceladder.accounts.services import user_language_set
from serviceladder.notifications.models import Notification
from serviceladder.promotions.services import promotion_review_department, promotion_review_hr
from serviceladder.promotions.states import State
from tests.promotions.conftest import advance, submitted

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
# Chinese texts already in the catalogue: "{stage}: approved", "HR review", "Department review" and
# "{name}'s application for {level} was approved at the {stage}." and its "Your application ..." form;
# "二级" is Level 2's Chinese name.
HR_APPROVED_ZH = "人力资源复审：已通过"
HR_APPROVED_EN = "HR review: approved"
# the applicant is spoken to ("your application"); everyone else reads whose application it is
HR_BODY_ZH = "lina-name 申请 二级 已通过人力资源复审。"
HR_BODY_EN = "lina-name's application for Level 2 was approved at the HR review."
OWN_HR_BODY_ZH = "你申请晋升二级，已通过人力资源复审。"
OWN_HR_BODY_EN = "Your application for Level 2 was approved at the HR review."
DEPT_APPROVED_ZH = "部门初审：已通过"
DEPT_APPROVED_EN = "Department review: approved"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


def with_mail(org, *keys):
    for key in keys:
        user = org.users[key]
        user.email = f"{user.username}@example.com"
        user.save(update_fields=["email"])


def signed_in(username: str, *, cookie: str = "en") -> Client:
    """A browser last used in `cookie`'s language, signing in through the sign-in page."""
    client = Client()
    client.cookies["serviceladder_language"] = cookie
    assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302
    return client


def mail_to(username: str):
    (message,) = [m for m in mail.outbox if m.to == [f"{username}@example.com"]]
    return message


def test_english_hr_approves_and_the_chinese_agent_reads_chinese(org, django_capture_on_commit_callbacks):
    with_mail(org, "applicant", "management")
    user_language_set(user=org.users["applicant"], language="zh-hans")
    user_language_set(user=org.users["hr"], language="en")
    app = advance(org, submitted(org), State.DEPT_APPROVED)
    Notification.objects.all().delete()
    mail.outbox.clear()

    with (
        translation.override("en"),
        django_capture_on_commit_callbacks(execute=True),
    ):  # HR's pages are English
        promotion_review_hr(actor=org.actor("hr"), application=app, approve=True, opinion="HR verified")

    stored = Notification.objects.get(recipient=org.users["applicant"])
    assert (stored.title, stored.body) == (HR_APPROVED_ZH, OWN_HR_BODY_ZH)
    page = signed_in("lina").get(reverse("notifications")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert HR_APPROVED_ZH in page and OWN_HR_BODY_ZH in page
    assert HR_APPROVED_EN not in page and HR_BODY_ZH not in page

    message = mail_to("lina")
    assert message.subject == HR_APPROVED_ZH
    assert OWN_HR_BODY_ZH in message.body
    assert message.extra_headers["Content-Language"] == "zh-hans"
    # management (never chose: the site's English) got the same news in English
    boss = mail_to("sunqiang")
    assert (boss.subject, boss.extra_headers["Content-Language"]) == (HR_APPROVED_EN, "en")
    assert HR_BODY_EN in boss.body
    assert OWN_HR_BODY_EN not in boss.body


def test_a_chinese_head_approves_and_the_english_agent_reads_english(org, django_capture_on_commit_callbacks):
    with_mail(org, "applicant", "hr")
    user_language_set(user=org.users["head"], language="zh-hans")
    user_language_set(user=org.users["applicant"], language="en")
    user_language_set(user=org.users["hr"], language="zh-hans")
    app = submitted(org)
    Notification.objects.all().delete()
    mail.outbox.clear()

    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        promotion_review_department(actor=org.actor("head"), application=app, approve=True, opinion="同意")

    page = signed_in("lina", cookie="zh-hans").get(reverse("notifications")).content.decode()
    assert '<html lang="en">' in page
    assert DEPT_APPROVED_EN in page
    assert "Your application for Level 2 was approved at the Department review." in page
    assert DEPT_APPROVED_ZH not in page and "二级" not in page
    message = mail_to("lina")
    assert (message.subject, message.extra_headers["Content-Language"]) == (DEPT_APPROVED_EN, "en")
    assert "Level 2" in message.body
    hr = mail_to("zhaomin")
    assert (hr.subject, hr.extra_headers["Content-Language"]) == (DEPT_APPROVED_ZH, "zh-hans")
    assert "二级" in hr.body


def test_a_stored_notification_follows_the_readers_language(org, django_capture_on_commit_callbacks):
    """Kept as message ids and values: switching language later also switches the notifications."""
    app = advance(org, submitted(org), State.DEPT_APPROVED)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        promotion_review_hr(actor=org.actor("hr"), application=app, approve=True, opinion="HR verified")
    client = signed_in("lina")
    assert HR_APPROVED_EN in client.get(reverse("notifications")).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = client.get(reverse("notifications")).content.decode()
    assert HR_APPROVED_ZH in page and OWN_HR_BODY_ZH in page
    api = client.get("/api/notifications").json()["items"]
    assert [(n["title"], n["body"]) for n in api] == [(HR_APPROVED_ZH, OWN_HR_BODY_ZH)]


def test_notifications_stored_before_the_language_feature_still_show(org):
    """Rows from before the `message` column have it empty and show their stored text, in any language."""
    lina = org.users["applicant"]
    Notification.objects.create(
        recipient=lina, kind="promotion.submitted", title="晋升申请已提交", body="旧的通知正文", url="/"
    )
    assert Notification.objects.get().message == {}
    for language in ("en", "zh-hans"):
        user_language_set(user=lina, language=language)
        client = signed_in("lina")
        page = client.get(reverse("notifications")).content.decode()
        assert f'<html lang="{language}">' in page
        assert "晋升申请已提交" in page and "旧的通知正文" in page
        item = client.get("/api/notifications").json()["items"][0]
        assert (item["title"], item["body"]) == ("晋升申请已提交", "旧的通知正文")
