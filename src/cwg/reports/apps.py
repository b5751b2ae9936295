"""Django application configuration for cwg.reports, with the page parts it adds below it."""

from cwg.core import sections


class ReportsConfig(sections.SectionsAppConfig):
    name = "cwg.reports"
    label = "reports"
    sections = {
        "group_links": "cwg.reports.permissions.group_page_links",
        "group_page": "cwg.reports.queries.group_page_council",
    }

    def ready(self):
        super().ready()
        from cwg.reports import history

        history.register()  # which of its records readers may see in the audit trail
