"""PersonName.from_editor: names an editor gave a person, known to recognition whatever its origin;
the curation log's new actions (a name removed, a person's origin changed).

Schema only: names stored before are taken as analysis's (an editor's earlier aliases of
discovered people are known again once re-saved on the person's page).
"""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("archive", "0013_personname_surname_sound")]
    operations = [
        migrations.AddField(
            model_name="personname",
            name="from_editor",
            field=models.BooleanField(
                default=False,
                help_text="Given by an editor: recognition knows it in any case form, whatever the person's origin",
            ),
        ),
        migrations.AlterField(
            model_name="curationlog",
            name="action",
            field=models.CharField(
                choices=[("merge", "Merged people"), ("split", "Split a name off"), ("add_name", "Added a name"),
                         ("edit_name", "Edited a name"), ("remove_name", "Removed a name"),
                         ("set_origin", "Changed a person's origin"), ("hide", "Hid a person"),
                         ("unhide", "Showed a person again"), ("reject_merge", "Rejected a merge suggestion"),
                         ("attach", "Attached an article to an event"),
                         ("detach", "Detached an article from an event"),
                         ("event_from_story", "Made an event from a story")],
                db_index=True, max_length=40,
            ),
        ),
    ]
