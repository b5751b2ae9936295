"""Admin views of documents for the secretariat: read-only, since changes go through the services
(which allocate symbols, check files, keep revisions and write the audit trail)."""

from django.contrib import admin

from cwg.documents.models import Document, DocumentFile, DocumentRevision, MeetingReport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0
    fields = (
        "revision",
        "language",
        "file",
        "content_type",
        "size",
        "sha256",
        "translation_status",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DocumentRevisionInline(admin.TabularInline):
    model = DocumentRevision
    extra = 0
    fields = ("revision", "note", "is_corrigendum", "created_at", "created_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = (
        "symbol",
        "document_type",
        "source_kind",
        "access_level",
        "current_revision",
        "is_late",
        "withdrawn",
    )
    list_filter = ("document_type", "source_kind", "access_level", "is_late", "withdrawn", "group")
    search_fields = ("symbol", "search_text")
    list_select_related = ("group", "meeting")
    inlines = (DocumentRevisionInline, DocumentFileInline)


@admin.register(MeetingReport)
class MeetingReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "state", "approved_at_meeting", "approved_on", "approved_revision")
    list_filter = ("state",)
    list_select_related = ("meeting__group", "approved_at_meeting__group")
