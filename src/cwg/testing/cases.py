"""Test-case base classes that build the personas once per class."""

from django.test import TestCase

from cwg.testing.personas import Personas, build_personas


class PersonaTestCase(TestCase):
    """Personas (chair, secretariat, delegates, stakeholder, anonymous) around one group."""

    personas: Personas

    @classmethod
    def setUpTestData(cls):
        cls.personas = build_personas()
        cls.group = cls.personas.group
