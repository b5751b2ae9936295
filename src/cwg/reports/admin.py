"""Admin of the report cover sheets: every save goes through the audited service."""

from django.contrib import admin

from cwg.reports import services
from cwg.reports.models import CoverSheet


@admin.register(CoverSheet)
class CoverSheetAdmin(admin.ModelAdmin):
    list_display = ("group", "document_symbol", "updated_at")
    fields = ("group", "document_symbol", *CoverSheet.TEXT_FIELDS)

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "group"}
        saved = services.update_cover_sheet(request.user, obj.group, **changes)
        obj.pk = saved.pk
