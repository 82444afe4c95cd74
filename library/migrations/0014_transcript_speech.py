from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("library", "0013_clip_newest_index")]

    operations = [
        migrations.AddField(
            model_name="transcript",
            name="speech",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
