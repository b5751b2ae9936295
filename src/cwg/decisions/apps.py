"""Django application configuration for cwg.decisions, with the page parts it adds below it."""

from cwg.core import sections


class DecisionsConfig(sections.SectionsAppConfig):
    name = "cwg.decisions"
    label = "decisions"
    sections = {
        "group_page": "cwg.decisions.queries.group_page_decisions",
        "meeting_page": "cwg.decisions.queries.meeting_page_decisions",
        "group_feed": "cwg.decisions.feeds.group_feed_decisions",
    }

    def ready(self):
        super().ready()
        from cwg.decisions import history

        history.register()  # which of its records readers may see in the audit trail
        from cwg.core import sources
        from cwg.decisions.sources import find_decision

        sources.register("decision", find_decision)  # a drafted text may cite a decision
