# The index a topic page counts its stories from (see Article.Meta.indexes); added before
# the old one goes, so that published-article queries keep an index meanwhile.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_workflow"),
        ("authors", "0001_initial"),
        ("topics", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "-published_at", "primary_topic"], name="article_status_pub_topic"
            ),
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="article_status_pub",
        ),
    ]
