"""Admin views of the audit trail: read-only, because the trail is never edited."""

from django.contrib import admin

from cwg.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_label", "action", "object_type", "object_label")
    list_filter = ("action", "object_type")
    search_fields = ("object_label", "actor_label", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
