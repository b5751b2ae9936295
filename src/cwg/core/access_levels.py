"""Access levels shared by groups, meetings and documents: inherit unless set."""

from django.db import models


class AccessLevel(models.TextChoices):
    INHERIT = "inherit", "As its parent"
    PUBLIC = "public", "Public"
    MEMBERS = "members", "Members only"
