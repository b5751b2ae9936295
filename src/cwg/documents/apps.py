"""Django application configuration for cwg.documents, with the page parts it adds below it."""

from cwg.core import sections
from cwg.meetings import agenda_documents  # no models: safe before the app registry is ready


class DocumentsConfig(sections.SectionsAppConfig):
    name = "cwg.documents"
    label = "documents"
    sections = {
        "group_links": "cwg.documents.permissions.group_page_links",
        "meeting_links": "cwg.documents.permissions.meeting_page_links",
        "meeting_documents": "cwg.documents.meeting_listing.meeting_page_documents",
        "meetings_list": "cwg.documents.permissions.meetings_list_links",
        "group_feed": "cwg.documents.feeds.group_feed_documents",
        "meeting_draft_agenda": "cwg.documents.meeting_page.meeting_page_draft_agenda",
        "meeting_report": "cwg.documents.meeting_page.meeting_page_report",
        "meeting_symbols": "cwg.documents.meeting_page.meeting_page_symbols",
    }

    def ready(self):
        super().ready()
        from cwg.documents import history
        from cwg.documents.agenda import AgendaDocuments

        history.register()  # which of its records readers may see in the audit trail
        agenda_documents.register(AgendaDocuments())  # the documents under agenda items
