"""Admin views of groups and resolutions for the secretariat."""

from django.contrib import admin

from cwg.core.admin import AuditedAdmin
from cwg.groups.models import Group, GroupResolution, Resolution


@admin.register(Resolution)
class ResolutionAdmin(AuditedAdmin):
    list_display = ("__str__", "instrument", "number", "revision_kind", "year")
    list_filter = ("instrument", "revision_kind")
    search_fields = ("number",)


class GroupResolutionInline(admin.TabularInline):
    model = GroupResolution
    extra = 0
    autocomplete_fields = ("resolution",)


@admin.register(Group)
class GroupAdmin(AuditedAdmin):
    list_display = ("slug", "__str__", "symbol_prefix", "participation", "visibility")
    list_filter = ("participation", "visibility", "holds_open_consultations")
    search_fields = ("slug", "symbol_prefix")
    inlines = (GroupResolutionInline,)

    def audit_group_id(self, obj):
        # A group's own changes belong to its activity, as do its legal-basis rows.
        return obj.pk if isinstance(obj, Group) else getattr(obj, "group_id", None)
