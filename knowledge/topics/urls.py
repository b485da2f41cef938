from django.urls import path, re_path

from . import feeds, views

app_name = "topics"

# Topic slugs keep their umlauts (taggit slugifies with allow_unicode), so the pattern takes Unicode word
# characters; Django hands the view the decoded path.
SLUG = r"(?P<slug>[^/]+)"

urlpatterns = [
    path("themen/", views.overview, name="overview"),
    re_path(rf"^themen/{SLUG}/$", views.topic_detail, name="topic"),
    re_path(rf"^themen/{SLUG}/rss/$", feeds.TopicFeed(), name="topic_rss"),
    re_path(rf"^themen/{SLUG}/atom/$", feeds.TopicAtomFeed(), name="topic_atom"),
    path("feeds/wissen/rss/", feeds.KnowledgeFeed(), name="knowledge_rss"),
    path("feeds/wissen/atom/", feeds.KnowledgeAtomFeed(), name="knowledge_atom"),
]
