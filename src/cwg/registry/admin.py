"""Admin views of the registry for the secretariat: States, regions, organisations, people, roles."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cwg.core.admin import AuditedAdmin
from cwg.registry.models import Membership, MemberState, Organisation, Person, Region


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "__str__", "council_seats")


@admin.register(MemberState)
class MemberStateAdmin(AuditedAdmin):
    list_display = ("iso3", "iso2", "__str__", "region", "region_basis")
    list_filter = ("region", "region_basis")
    search_fields = ("iso3", "iso2", "official_name_en", "names")


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "acronym", "category", "country")
    list_filter = ("category",)
    search_fields = ("name", "acronym")
    autocomplete_fields = ("country",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("member_state",)


@admin.register(Person)
class PersonAdmin(AuditedAdmin, UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Platform", {"fields": ("organisation", "country", "preferred_language", "time_zone")}),
        ("Names in documents", {"fields": ("names",)}),
    )
    list_display = ("username", "first_name", "last_name", "email", "country", "is_staff")
    inlines = (MembershipInline,)
    autocomplete_fields = ("country", "organisation")


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("person", "role", "group", "member_state", "start_date", "end_date")
    list_filter = ("role", "group")
    search_fields = ("person__username", "person__last_name")
    autocomplete_fields = ("person", "member_state")
