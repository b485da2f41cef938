"""Where the community services meet the knowledge content.

knowledge/ never imports community/ (dependencies point from community to knowledge). Everything that joins
the two (privacy export and erasure of members' reading progress and submissions, notifications when a post is
published or a submission decided, the sections of a region's page that list its posts, tag pages listing
regions and people) is wired here, one module per knowledge area, each with a `connect()` that the AppConfig
calls when Django starts.
"""
