"""Django application configuration for cwg.drafting, with the link it adds to the group page."""

from cwg.core import sections


class DraftingConfig(sections.SectionsAppConfig):
    name = "cwg.drafting"
    label = "drafting"
    sections = {"group_links": "cwg.drafting.queries.group_page_links"}

    def ready(self):
        super().ready()
        from cwg.drafting import history

        history.register()  # which of its records readers may see in the audit trail
