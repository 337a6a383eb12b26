from django.db import migrations, models


def forget_stored_parts(apps, schema_editor):
    """Parts stored before were pieces, not the whole page: the next view renders it."""
    ArticlePageParts = apps.get_model("articles", "ArticlePageParts")
    ArticlePageParts.objects.update(built_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_page_navigation"),
    ]

    operations = [
        migrations.RunPython(forget_stored_parts, migrations.RunPython.noop),
        migrations.RemoveField(model_name="articlepageparts", name="head"),
        migrations.RemoveField(model_name="articlepageparts", name="navigation"),
        migrations.RemoveField(model_name="articlepageparts", name="main"),
        migrations.RemoveField(model_name="articlepageparts", name="related"),
        migrations.AddField(
            model_name="articlepageparts",
            name="build",
            field=models.CharField(db_default="", max_length=16),
        ),
        migrations.AddField(
            model_name="articlepageparts",
            name="top",
            field=models.TextField(db_default=""),
        ),
        migrations.AddField(
            model_name="articlepageparts",
            name="bottom",
            field=models.TextField(db_default=""),
        ),
        migrations.AddField(
            model_name="articlepageparts",
            name="section",
            field=models.TextField(db_default=""),
        ),
    ]
