"""Django application configuration for cwg.reports, with the page parts it adds below it."""

from cwg.core import sections


class ReportsConfig(sections.SectionsAppConfig):
    name = "cwg.reports"
    label = "reports"
    sections = {
        "group_links": "cwg.reports.permissions.group_page_links",
    }
