"""Admin views of groups and resolutions for the secretariat."""

from django.contrib import admin

from cwg.groups.models import Group, GroupResolution, Resolution


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "instrument", "number", "revision_kind", "year")
    list_filter = ("instrument", "revision_kind")
    search_fields = ("number",)


class GroupResolutionInline(admin.TabularInline):
    model = GroupResolution
    extra = 0
    autocomplete_fields = ("resolution",)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("slug", "__str__", "symbol_prefix", "participation", "visibility")
    list_filter = ("participation", "visibility", "holds_open_consultations")
    search_fields = ("slug", "symbol_prefix")
    inlines = (GroupResolutionInline,)
