"""Background work of meetings: sending the subscribers' e-mails composed by notifications."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django_tasks import task


@task()
def deliver_messages(messages: list[list[str]]) -> int:
    """Send each (address, subject, body); returns how many the mail server took."""
    # One message per person: subscribers do not see each other's addresses.
    emails = [
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
        for to, subject, body in messages
    ]
    if not emails:
        return 0
    with get_connection() as connection:
        return connection.send_messages(emails) or 0
