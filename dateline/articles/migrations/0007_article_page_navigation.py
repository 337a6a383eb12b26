from django.db import migrations, models


def forget_stored_parts(apps, schema_editor):
    """Parts stored before have no navigation: the next view of each renders them again."""
    ArticlePageParts = apps.get_model("articles", "ArticlePageParts")
    ArticlePageParts.objects.update(built_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_page_parts"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlepageparts",
            name="navigation",
            field=models.TextField(db_default=""),
        ),
        migrations.RunPython(forget_stored_parts, migrations.RunPython.noop),
    ]
