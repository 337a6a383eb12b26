from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from dateline.feeds import news, views
from dateline.feeds.sitemaps import SITEMAPS

app_name = "feeds"
urlpatterns = [
    path("robots.txt", news.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "feeds:sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-news.xml", news.news_sitemap, name="news-sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "feeds/sitemap.xml"},
        name="sitemap-section",
    ),
    path("feeds/rss/", views.site_rss, name="rss"),
    path("feeds/atom/", views.site_atom, name="atom"),
    path("feeds/topics/<slug:slug>/rss/", views.topic_rss, name="topic-rss"),
    path("feeds/topics/<slug:slug>/atom/", views.topic_atom, name="topic-atom"),
    path("feeds/authors/<slug:slug>/rss/", views.author_rss, name="author-rss"),
    path("feeds/authors/<slug:slug>/atom/", views.author_atom, name="author-atom"),
    path("feeds/stories/<slug:slug>/rss/", views.story_rss, name="story-rss"),
    path("feeds/comments/<int:pk>/rss/", views.comments_rss, name="comments-rss"),
    path("feeds/comments/<int:pk>/atom/", views.comments_atom, name="comments-atom"),
]
