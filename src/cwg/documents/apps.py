"""Django application configuration for cwg.documents."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cwg.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.core.sections import add_section
        from cwg.documents import feeds, permissions

        add_section("group_links", permissions.group_page_links)
        add_section("group_feed", feeds.group_feed_documents)
