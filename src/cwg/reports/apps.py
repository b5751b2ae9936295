"""Django application configuration for cwg.reports, with the page parts it adds below it."""

from cwg.core.sections import SectionsAppConfig


class ReportsConfig(SectionsAppConfig):
    name = "cwg.reports"
    label = "reports"
    sections = {
        "group_links": "cwg.reports.permissions.group_page_links",
    }
