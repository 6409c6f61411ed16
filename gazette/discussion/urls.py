from django.urls import path

from . import views

app_name = "discussion"

urlpatterns = [
    path("<int:article_id>/comments/", views.comments, name="comments"),
    path("<int:article_id>/post/", views.post, name="post"),
    path("<int:article_id>/comment/", views.write, name="write"),
    path("comments/<int:comment_id>/edit/", views.edit, name="edit"),
    path("comments/<int:comment_id>/delete/", views.delete, name="delete"),
    path("comments/<int:comment_id>/like/", views.like, name="like"),
    path("comments/<int:comment_id>/report/", views.report, name="report"),
    path("readers/<int:user_id>/", views.reader, name="reader"),
]
