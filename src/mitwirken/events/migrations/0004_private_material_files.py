"""Material files move out of the public media folder: into the private storage, under a random
name with the extension of their checked type (application/octet-stream, ".bin", when the file
is none of the allowed types), keeping the uploaded name for the download."""

import os
import uuid

from django.core.files.storage import storages
from django.db import migrations, models

import mitwirken.core.uploads


def move_to_private_storage(apps, schema_editor):
    from mitwirken.core import uploads

    Material = apps.get_model("events", "Material")
    public, private = storages["default"], storages["private"]
    for material in Material.objects.exclude(file=""):
        old_name = material.file.name
        if not public.exists(old_name):
            continue  # already moved, or lost
        with public.open(old_name, "rb") as file:
            file_type = uploads.identify(file, file.read(4096), original_name=old_name)
            file.seek(0)
            allowed = file_type is not None and file_type.key in uploads.MATERIAL.types
            extension = file_type.extension if allowed else ".bin"
            new_name = private.save(f"materials/{uuid.uuid4().hex}{extension}", file)
        material.file.name = new_name
        material.original_name = os.path.basename(old_name)[:255]
        material.save(update_fields=["file", "original_name"])
        public.delete(old_name)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_programme"),
    ]

    operations = [
        migrations.AddField(
            model_name="material",
            name="original_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="file name"),
        ),
        migrations.AlterField(
            model_name="material",
            name="file",
            field=models.FileField(
                blank=True,
                storage=mitwirken.core.uploads.private_storage,
                upload_to=mitwirken.core.uploads.RandomName("materials"),
                verbose_name="file",
            ),
        ),
        migrations.RunPython(move_to_private_storage, migrations.RunPython.noop, elidable=True),
    ]
