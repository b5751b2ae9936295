"""Django application configuration for cwg.decisions."""

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "cwg.decisions"
    label = "decisions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.core.sections import add_section
        from cwg.decisions import feeds, queries

        add_section("group_page", queries.group_page_decisions)
        add_section("meeting_page", queries.meeting_page_decisions)
        add_section("group_feed", feeds.group_feed_decisions)
