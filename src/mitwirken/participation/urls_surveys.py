"""URLs of the survey, under /<org>/beteiligung/<id:pk>/modul/<id:module>/."""

urlpatterns = []

staff_urlpatterns = []
