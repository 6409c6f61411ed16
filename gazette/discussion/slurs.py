"""The slurs rule 2 removes whatever the context, as plain data.

Words here are matched as whole words after ``standards`` has folded case, undone
common disguises (digits and symbols standing for letters, letters spaced out or
repeated) and dropped a plural ending. Only words that are slurs in every
ordinary sense belong here: words with an innocent everyday meaning ("fag" for a
cigarette, "dyke" for an embankment, "retard" as a verb, "a chink in the
armour", "spick and span", "kaffir lime", "spastic colon") are left to the
classifier and the moderators, because a false match rejects an honest comment.
"""

from gazette.discussion.lexicons import words

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
        "spaz",
        "spazzer",
        "mongoloid",
        "poofter",
        "libtard",
        "chinky",
        "chingchong",
        "slanteye",
        "golliwog",
        "sambo",
        "darkie",
        "darky",
        "coolie",
        "muzzie",
        "dago",
        "wop",
        "polack",
        "gippo",
        "kyke",
        "heeb",
        "shylock",
        "jewboy",
        "camel jockey",
        "junglebunny",
        "spearchucker",
        "trannie",
        "ladyboy",
    }
)

# Words that are slurs only when aimed at people: masked ("d*ke", "r3tard"),
# or said of someone ("run by retards", "that dyke from the ministry"). Their
# other senses ("fag break", "the Dutch dyke system", "retard growth", "a
# chink in the armour") are published.
AMBIGUOUS: frozenset[str] = words(
    """
    fag dyke retard tard chink spastic spaz mong homo poof coon jap nip gyp queer
    tranny cripple midget lezza lesbo bender
    """
)
# What follows an ambiguous word in its innocent sense.
INNOCENT_AFTER: frozenset[str] = words(
    """
    break breaks end ends packet packets ash papers lighter system systems wall walls
    road path defences defenses along was is were repair repairs breach breached
    collapsed in of growth the progress development its their it colon paralysis
    diplegia tired cheese theory studies reader readers community culture rights pride
    """
)
# What stands before an ambiguous word in its innocent sense ("will retard").
INNOCENT_BEFORE: frozenset[str] = words(
    """
    will would could may might can to dutch sea river flood as a proud fellow
    """
)
