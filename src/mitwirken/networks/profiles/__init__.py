"""Network profiles and the member directory: one profile per person, used in all their
networks, each field with its own visibility; the directory of a network's members with the
fields the viewer may see; the coordinators' export."""
