"""URLs of the idea collection, under /<org>/beteiligung/<id:pk>/modul/<id:module>/."""

urlpatterns = []

staff_urlpatterns = []
