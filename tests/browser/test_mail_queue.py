"""The mail queue in the admin, where a superuser sees failed mails and sends them again:
no axe violations, on a phone and at a desk."""

import re

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page
from tests.browser.test_staff import PASSWORD, log_in

# A superuser, and a mail that failed (as the worker leaves it after its last attempt).
SUPERUSER_AND_FAILED_MAIL = """
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from common.mail import mail_later
user = get_user_model().objects.create_user(
    username="{email}", email="{email}", password="{password}", is_staff=True,
    is_superuser=True,
)
EmailAddress.objects.create(user=user, email="{email}", primary=True, verified=True)
TOTP.activate(user, "{secret}")
mail_later(to=["eltern@example.org"], subject="Anmeldung", text="Text", language="de")
task = DBTaskResult.objects.order_by("-enqueued_at").first()  # the portal has sent others
task.claim("worker")
task.set_failed(RuntimeError("SMTPRecipientsRefused 550"))
print(task.pk)
"""


@pytest.fixture(scope="module")
def superuser(browser, portal):
    secret = generate_totp_secret()
    email = "technik@thekiz.example"
    task = portal.shell(
        SUPERUSER_AND_FAILED_MAIL.format(email=email, password=PASSWORD, secret=secret)
    ).split()[-1]
    context, page = _new_page(browser, 1280)
    log_in(page, portal.url + "/admin/", email, secret)
    page.wait_for_url(re.compile(r"/admin/$"))
    state = context.storage_state()
    context.close()
    return state, task


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("view", ["list", "change"])
def test_no_axe_violations_in_the_mail_queue(browser, portal, superuser, view, width):
    state, task = superuser
    path = "/admin/django_tasks_database/dbtaskresult/"
    if view == "change":
        path += f"{task}/change/"
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    response = page.goto(portal.url + path)
    assert response.status == 200, path
    assert "SMTPRecipientsRefused 550" in page.content() or view == "list"
    assert "eltern@example.org" not in page.content()
    violations = axe_violations(page)
    context.close()
    assert not violations, "\n".join(violations)
