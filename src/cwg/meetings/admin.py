"""Admin views of meetings, venues and agenda items for the secretariat, every change audited."""

from django.contrib import admin

from cwg.core.admin import AuditedAdmin
from cwg.meetings.models import AgendaItem, Meeting, Venue


@admin.register(Venue)
class VenueAdmin(AuditedAdmin):
    list_display = ("__str__", "country", "is_virtual")
    list_filter = ("is_virtual",)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("number", "title")


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ("__str__", "start_date", "end_date", "venue", "status", "access_level")
    list_filter = ("group", "status", "access_level")
    date_hierarchy = "start_date"
    readonly_fields = ("next_document_number",)
    inlines = (AgendaItemInline,)

    def audit_group_id(self, obj):
        return obj.group_id if isinstance(obj, Meeting) else None
