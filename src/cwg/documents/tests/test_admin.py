"""The documents admin shows records to staff and refuses changes made around the services."""

import pytest

from cwg.testing.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_the_admin_lists_documents_but_does_not_edit_them(client, django_user_model):
    document = DocumentFactory()
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456789")
    client.force_login(admin)
    listing = client.get("/admin/documents/document/")
    assert listing.status_code == 200 and document.symbol in listing.content.decode()
    assert client.get("/admin/documents/document/add/").status_code == 403
    response = client.post(
        f"/admin/documents/document/{document.pk}/change/", {"symbol": "CHANGED/1"}
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.symbol != "CHANGED/1"


def test_the_admin_refuses_people_without_staff_status(client, personas):
    client.force_login(personas.delegate)
    assert client.get("/admin/documents/document/").status_code == 302
