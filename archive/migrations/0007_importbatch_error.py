from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0006_article_url"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="error",
            field=models.TextField(blank=True, help_text="Why the batch was interrupted, when it was."),
        ),
    ]
