"""Load the 194 ITU Member States and the five regions with the loader of `cwg load-registry`."""

from django.db import migrations


def load(apps, schema_editor):
    from cwg.registry.loader import load_registry

    load_registry(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_member_state_subregion_formal_names"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
