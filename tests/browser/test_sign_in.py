"""Signing in: errors shown by the fields, roles on the profile, the workspace of the secretariat
and of delegates."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD


def test_a_wrong_password_is_refused_with_a_message(visit, scenario):
    visit.sign_in("delegate", "not the password")
    expect(visit.page.get_by_role("alert")).to_contain_text("Please enter a correct")
    expect(visit.page.get_by_role("button", name="Sign in").first).to_be_visible()
    visit.shoot("sign-in-error")
    visit.assert_accessible()


def test_empty_fields_show_errors_next_to_them(visit, scenario):
    visit.go("/en/sign-in/")
    visit.page.locator("main form button[type=submit]").click()
    username = visit.page.locator("#id_username")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(visit.page.locator("#id_username_error")).to_contain_text("required")
    visit.assert_accessible()


def test_a_delegate_signs_in_and_sees_their_roles(visit, scenario):
    visit.sign_in("delegate", PASSWORD)
    visit.page.get_by_role("link", name="Claire Delegate").click()
    expect(visit.page.locator("h1")).to_have_text("Your profile")
    expect(visit.page.locator("main")).to_contain_text("Delegate of a Member State")
    expect(visit.page.locator("main")).to_contain_text("CWG-Internet")
    visit.shoot("profile-delegate")
    visit.assert_accessible()
    # Members see the members-only meeting on the home page, and delegates have a workspace.
    visit.go("/en/")
    expect(visit.page.get_by_text("CWG-Internet, meeting 24")).to_be_visible()
    expect(visit.page.get_by_role("link", name="Workspace", exact=True)).to_have_count(1)
    response = visit.go("/en/workspace/")
    assert response.status == 200


def test_the_secretariat_finds_its_workspace(visit, scenario):
    visit.sign_in("secretariat", PASSWORD)
    visit.page.get_by_role("link", name="Workspace").click()
    expect(visit.page).to_have_url(re.compile(r"/en/workspace/$"))
    expect(visit.page.locator("main")).to_contain_text("Compile the consultation responses")
    expect(visit.page.locator("main")).to_contain_text("Expanding Internet connectivity")
    visit.shoot("workspace")
    visit.assert_accessible()
    visit.page.get_by_role("button", name="Sign out").click()
    expect(visit.page.get_by_role("link", name="Sign in")).to_be_visible()
