"""Admin views of decisions and their actions for the secretariat, every change audited."""

from django.contrib import admin

from cwg.core.admin import AuditedAdmin
from cwg.decisions.models import Action, Decision


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ("description", "assignee_kind", "assignee_group", "status", "due_date")


@admin.register(Decision)
class DecisionAdmin(AuditedAdmin):
    list_display = ("__str__", "status", "addressee_kind", "due_date", "approved_at")
    list_filter = ("status", "addressee_kind")
    inlines = (ActionInline,)

    def audit_group_id(self, obj):
        meeting = getattr(obj, "meeting", None)
        return meeting.group_id if meeting is not None else None
