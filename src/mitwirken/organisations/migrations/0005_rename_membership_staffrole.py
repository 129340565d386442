# A staff role is not a membership: networks bring members. Renames the model and its table
# (organisations_membership -> organisations_staffrole); the rows stay.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0004_alter_organisation_logo'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name='Membership', new_name='StaffRole'),
        migrations.AlterField(
            model_name='staffrole',
            name='organisation',
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name='staff_roles',
                to='organisations.organisation',
            ),
        ),
        migrations.AlterField(
            model_name='staffrole',
            name='user',
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name='staff_roles',
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
