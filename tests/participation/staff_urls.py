"""The staff URLs of participation, for the permission matrix (tests/permission_matrix.py):
those of the idea collection (tests/participation/ideas/staff_urls.py)."""

from .ideas import staff_urls as ideas


def objects(organisation) -> dict:
    return ideas.objects(organisation)


STAFF_URLS = {**ideas.STAFF_URLS}
