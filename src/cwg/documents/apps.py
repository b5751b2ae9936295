"""Django application configuration for cwg.documents, with the page parts it adds below it."""

from cwg.core import sections


class DocumentsConfig(sections.SectionsAppConfig):
    name = "cwg.documents"
    label = "documents"
    sections = {
        "group_links": "cwg.documents.permissions.group_page_links",
        "meeting_links": "cwg.documents.permissions.meeting_page_links",
        "meeting_documents": "cwg.documents.meeting_listing.meeting_page_documents",
        "meetings_list": "cwg.documents.permissions.meetings_list_links",
        "group_feed": "cwg.documents.feeds.group_feed_documents",
    }

    def ready(self):
        super().ready()
        from cwg.documents import history

        history.register()  # which of its records readers may see in the audit trail
