from django import template

from ..meeting_queries import network_page

register = template.Library()


@register.simple_tag
def network_page_url(network) -> str:
    return network_page(network)
