"""What a respondent keeps of a response: its answers by question, and the receipt sent by e-mail."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from cwg.consultations.models import Submission
from cwg.core.i18n import FALLBACK_ORDER, document_language, pick

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnsweredQuestion:
    number: int
    text: str
    text_language: str  # the language of `text`, which may be a fallback (marked with lang=)
    answer: str


def _language_of(texts: dict, language: str) -> str:
    """The language whose text pick() gives, so that a fallback is marked as such."""
    wanted = document_language(language)
    if texts.get(wanted):
        return wanted
    return next((code for code in FALLBACK_ORDER if texts.get(code)), wanted)


def answered_questions(
    submission: Submission, language: str | None = None
) -> list[AnsweredQuestion]:
    """Every question of the consultation with the respondent's answer ("" when left empty)."""
    answers = submission.answers or {}
    return [
        AnsweredQuestion(
            question.number,
            pick(question.text, language),
            _language_of(question.text or {}, language),
            str(answers.get(str(question.number), "")),
        )
        for question in submission.consultation.questions.all()
    ]


def compose_receipt(submission: Submission, receipt_url: str) -> tuple[str, str]:
    """Subject and body of the receipt e-mail, in the active language."""
    topic = pick(submission.consultation.topic)
    subject = gettext("Receipt %(receipt)s: your response was received") % {
        "receipt": submission.receipt
    }
    body = (
        gettext("Your response to the consultation “%(topic)s” was received.") % {"topic": topic}
        + "\n\n"
        + gettext("Receipt number: %(receipt)s") % {"receipt": submission.receipt}
        + "\n"
        + gettext("Keep this number: it proves that your response was received.")
        + "\n\n"
        + gettext("Your receipt, with your answers and files: %(url)s") % {"url": receipt_url}
        + "\n"
    )
    return " ".join(subject.split()), body


def send_receipt_after_commit(
    submission: Submission, address: str, receipt_url: str, language: str
) -> None:
    """E-mail the receipt once the submission is committed, in the respondent's language.

    The address goes to the mail server only: it is never stored, logged or put in the trail.
    """
    with translation.override(language):
        subject, body = compose_receipt(submission, receipt_url)
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]
    )

    def deliver():
        try:
            message.send()
        except Exception as exc:  # the response is stored; a mail fault must not undo the receipt
            # The error's text can name the address, which stays out of the logs.
            logger.error(
                "the receipt e-mail of submission %s was not sent (%s)",
                submission.pk,
                type(exc).__name__,
            )

    transaction.on_commit(deliver)
