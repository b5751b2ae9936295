"""The CWG-Internet demo loader: the top layer, depending on every app and depended on by none."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cwg.demo"
    label = "demo"
    verbose_name = "CWG-Internet demo"
