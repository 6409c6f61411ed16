"""The slurs rule 2 removes whatever the context, as plain data.

Words here are matched as whole words after ``standards`` has folded case, undone
common disguises (digits and symbols standing for letters, letters spaced out or
repeated) and dropped a plural ending. Only words that are slurs in every
ordinary sense belong here: words with an innocent everyday meaning ("fag" for a
cigarette, "dyke" for an embankment, "retard" as a verb, "a chink in the
armour", "spick and span", "kaffir lime", "spastic colon") are left to the
classifier and the moderators, because a false match rejects an honest comment.
"""

SLURS: frozenset[str] = frozenset(
    {
        # Race and ethnicity.
        "nigger",
        "nigga",
        "niglet",
        "jigaboo",
        "porchmonkey",
        "wetback",
        "beaner",
        "spic",
        "gook",
        "zipperhead",
        "raghead",
        "towelhead",
        "sandnigger",
        "kike",
        "yid",
        "hymie",
        "gypo",
        "gyppo",
        "pikey",
        "wog",
        "squaw",
        "paki",
        # Sexual orientation and gender identity.
        "faggot",
        "fagot",
        "faggit",
        "tranny",
        "shemale",
        # Disability.
        "spacker",
    }
)
