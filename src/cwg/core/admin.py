"""Admin views of the audit trail (read-only: the trail is never edited), and admin changes audited."""

from django.contrib import admin
from django.db import transaction

from cwg.core.audit import record, snapshot
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


class AuditedAdmin(admin.ModelAdmin):
    """Admin changes go into the audit trail like any other change (who, what before and after).

    The admin saves models itself, so this records the event the services would have recorded;
    Django runs each admin change in a transaction, so the record and its event commit together.
    """

    audit_exclude: tuple[str, ...] = ("password",)

    def audit_group_id(self, obj) -> int | None:
        return getattr(obj, "group_id", None)

    def _snapshot(self, obj) -> dict:
        return snapshot(obj, exclude=self.audit_exclude)

    def _record(self, request, obj, verb: str, before=None, after=None) -> None:
        record(
            request.user,
            f"{obj._meta.model_name}.admin_{verb}",
            obj,
            group_id=self.audit_group_id(obj),
            before=before,
            after=after,
        )

    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = self._snapshot(stored) if stored else None
        super().save_model(request, obj, form, change)
        self._record(request, obj, "changed" if change else "added", before, self._snapshot(obj))

    def delete_model(self, request, obj):
        before = self._snapshot(obj)
        self._record(request, obj, "deleted", before=before)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        # Inline rows (roles of a person, legal basis of a group) are records too.
        befores = {}
        for inline_form in formset.forms:
            instance = inline_form.instance
            if instance.pk and inline_form.has_changed():
                stored = type(instance)._default_manager.filter(pk=instance.pk).first()
                befores[instance.pk] = self._snapshot(stored) if stored else None
        for deleted_form in formset.deleted_forms:
            if deleted_form.instance.pk:
                obj = deleted_form.instance
                self._record(
                    request, obj, "deleted", before=befores.get(obj.pk, self._snapshot(obj))
                )
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._record(request, obj, "added", after=self._snapshot(obj))
        for obj, _fields in formset.changed_objects:
            self._record(request, obj, "changed", befores.get(obj.pk), self._snapshot(obj))
