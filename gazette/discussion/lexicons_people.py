"""Word classes about people: beasts and disease, groups, insults, reports.

Read through ``lexicons`` (which re-exports every class); see its docstring.
"""

from __future__ import annotations

from gazette.discussion.lexicons_base import alt, terms

# --- Dehumanisation -----------------------------------------------------------

# Animals and pests: dehumanising of any person or group.
BEASTS = alt(
    terms(
        """
    animals; vermin; rats?; cockroach(?:es)?; roaches; parasites?; leeches; leech;
    locusts?; lice; louse; maggots?; insects?; bugs; termites; fleas; ticks; cattle;
    livestock; dogs; mutts; curs; pigs; swine; apes; monkeys; baboons; gorillas;
    savages; mongrels; brood mares; mares; breeders; sows; heifers; beasts; hyenas;
    jackals; snakes; vipers; worms; slugs; pests; a pest; filth; subhumans?; sub
    humans?; untermenschen; rodents?; scavengers; vultures; sheep; zombies; orcs;
    barbarians; degenerates; pigeons; seagulls; gulls; flies; mosquitoes;
    mosquitos; wasps; mice; hogs; goats; mules; parasitic scum
    """
    )
)
# Disease: dehumanising when said of people ("they are a virus").
DISEASES = alt(
    terms(
        """
    virus; sickness; a sickness; mental illness; illness; viruses; cancer; disease;
    plague; pestilence; infection; tumou?r; blight; poison; contagion; pox; scourge;
    infestation; rot
    """
    )
)
SWARMS = alt(
    terms(
        """
    swarm; horde; hordes; herd; pack; plague; infestation; nest; flood; invasion;
    tide
    """
    )
)

# --- Groups -----------------------------------------------------------------

# Protected grounds of rule 2 (nationality is found by shape, in grammar.py).
PROTECTED_GROUPS = alt(
    terms(
        """
    muslims?; moslems?; islam; islamic; jews; jewish; jew; christians?; catholics?;
    protestants?; hindus?; sikhs?; buddhists?; mormons?; atheists?; religious
    people; blacks; black people; black men; whites; white people; asians?;
    africans?; arabs?; roma; romani; gypsies; gipsies; travellers; travelers;
    latinos?; hispanics?; immigrants?; migrants?; refugees?; asylum seekers?;
    foreigners?; newcomers; expats; minorities; natives; women; woman; girls;
    females?; men; males; trans people; trans women; trans men; transgender people;
    transgenders?; trans; gays; gay people; gay men; lesbians?; homosexuals?;
    bisexuals?; queers; feminists; disabled people; the disabled; disabled;
    cripples; wheelchair users; the deaf; the blind; autistic people; autistics; the
    mentally ill; old people; older people; the old; the elderly; elderly people;
    pensioners; retirees; boomers; oldies; old folk; young people; the young;
    millennials; teenagers; zoomers; gen z
    """
    )
)
# Groups named without a protected ground: dehumanising them is rule 3.
OTHER_GROUPS = alt(
    terms(
        """
    these people; those people; that lot; their kind; his kind; her kind; your kind;
    the lot of them; every last one; supporters; voters; protesters; soldiers;
    troops; claimants; strikers; nurses; teachers; students; unions?; leftists;
    lefties; liberals; tories; conservatives; socialists; fans
    """
    )
)
# Words after a nationality that make it a state, not a people.
STATE_NOUNS = alt(
    terms(
        """
    government; governments; army; armies; ministry; ministers?; parliament;
    assembly; president; prime; leaders?; leadership; officials; authorities; state;
    regime; police; forces; navy; air force; team; squad; side; economy; bank;
    banks; central bank; currency; companies; company; press; media; embassy;
    border; coast; league; cup; election; policy; law; courts?; food; wine; cheese;
    beer; language; history
    """
    )
)
# Contempt said of a whole group: "are lazy", "cannot be trusted".
GROUP_CONTEMPT = alt(
    terms(
        """
    lazy; dirty; filthy; stupid; dumb; thick; greedy; violent; criminals?; criminal;
    thieves; thieving; liars; lying; cheats; cheaters; scammers; scum; scumbags;
    rapists; terrorists; paedophiles;
    pedophiles; groomers; perverts; perverted; hysterical; too emotional; emotional;
    weak; inferior; backward; primitive; savage; selfish; useless; worthless;
    disgusting; evil; dangerous; mentally ill; mental; sick; diseased; a drain; a
    burden; a problem; the problem; a menace; a danger; dangers; a risk; a plague; a
    curse; a threat; untrustworthy; disloyal; traitors; treacherous; sneaky; ugly;
    smelly; brainwashed; barbaric; uncivilised; uncivilized; degenerate;
    degenerates; unnatural; an abomination; freaks; all the same; the worst;
    scroungers; spongers; freeloaders; a waste; inbred; incapable; not capable;
    unfit; ruining; destroying; taking over; invading; breeding; fanatics;
    extremists; bigots; hormones; hormonal; gold diggers; stingy; tight; cheap;
    arrogant; rude; ignorant; idiots; morons; useless eaters; full of
    (?:criminals|thieves|rapists|terrorists|drugs|crime|gangs|dealers|scroungers);
    dishonest; corrupt; dishonest by nature; incompatible; alien to; a fifth column;
    cheats by nature; doped; liars by nature; a joke; confused; deluded; delusional;
    sick in the head; attention seekers; attention seeking; unintelligent; less
    intelligent; less capable; less human; simple minded; parasites; leeches;
    a disease; a cancer; abnormal; freaks of nature; defective; good for nothing;
    only good for; not fit; not real (?:women|men|people); vile; creepy; predators;
    wife beaters; abusers; misogynists; oppressors; only loyal to; loyal only to;
    never loyal; ungrateful; savages; animals; beneath us; a lower class
    """
    )
)

# --- Insults ----------------------------------------------------------------

# Names for a person that are insults in every ordinary use.
INSULT_NOUNS = alt(
    terms(
        """
    idiots?; morons?; morans?; moronz; imbeciles?; cretins?; halfwits?; half wits?;
    dimwits?; nitwits?; dunces?; fools?; buffoons?; clowns?; muppets?; gits?;
    bimbos?; old goats?; amoebas?; dopes?; planks?; wazzocks?; plebs?; chavs?;
    donkeys?; cabbages?; vegetables?; neanderthals?; plonkers?; prats?; pillocks?;
    numpties; numpty; twits?; tossers?; wankers?; twats?; pricks?; dickheads?;
    dicks; knobheads?; knobs; bellends?; arseholes?; assholes?; jackass(?:es)?;
    dumbass(?:es)?; douche(?:bag)?s?; scumbags?; scum; losers?; creeps?;
    sleazebags?; slimeballs?; weasels?; cowards?; hypocrites?; liars?; frauds?;
    crooks?; charlatans?; con ?men; con ?man; hacks?; shills?; stooges?; puppets?;
    lapdogs?; bootlickers?; witch(?:es)?; hags?; old cow; silly cow; stupid cow;
    bitch(?:es)?; bastards?; cunts?; slags?; sluts?; whores?; trolls?; simpletons?;
    oafs?; louts?; yobs?; slobs?; windbags?; gasbags?; blowhards?; tosspots?;
    wallies; wally; berks?; nincompoops?; clots?; fatheads?; cockwombles?;
    scrotes?; toerags?; numbnuts; wastrels?; layabouts?; degenerates?; perverts?;
    nonces?; freaks?; weirdos?;
    nutters?; nutcases?; lunatics?; psychos?; maniacs?; gobshites?; shitbags?;
    shitheads?; dipshits?; bozos?; chumps?; grifters?; ghouls?; turds?; numbskulls?;
    boneheads?; airheads?; meatheads?; pinheads?; blockheads?; dolts?;
    ignoramus(?:es)?; sociopaths?; psychopaths?; traitors?; snakes?; toads?; rats?;
    pigs?; swine; sheep; goons?; thugs?; vultures?; parasites?; leeches; waste of
    (?:space|oxygen|skin|air|a (?:seat|salary|uniform)); piece of
    (?:shit|garbage|crap|trash|work|filth); sack of (?:shit|crap); pos; joke of a
    (?:man|woman|person|minister|mayor|writer|journalist|referee); excuse for a
    (?:man|woman|human|journalist|writer|referee|minister)
    """
    )
)
# Words before an insult noun that aim it ("what a", "you", "that blind").
INSULT_LEADS = alt(
    terms(
        """
    a; an; the; that; this; these; those; you; ya; such; what; total; complete;
    absolute; utter; typical; bunch of; pack of; load of; lot of; gang of; nest of;
    is; are; was; were; like; bloody; fucking; fking; effing
    """
    )
)
INSULT_ADJECTIVES = alt(
    terms(
        """
    stupid; thick; dense; dim; dumb; brainless; brain dead; senile; retarded; ugly;
    fat; pathetic; spineless; gutless; vile; repulsive; disgusting; deranged;
    demented; unhinged; moronic; idiotic; imbecilic; cretinous; gormless; witless;
    halfwitted; sad; sorry; worthless; useless; lying; smug; little; old; blind;
    clueless; lazy; ignorant; bent; corrupt; bald; fat; greasy; creepy; sleazy;
    slimy; pompous; arrogant; miserable; bitter; nasty; evil; twisted; sick; filthy;
    dirty; cowardly; incompetent; fucking; bloody; effing; damn; total; complete;
    absolute; utter; real; right; proper; massive; huge; big; raging; self serving;
    overpaid; washed up; jumped up
    """
    )
)
# Attacks on a person's mind, looks or character (adjectives said of them).
PERSON_ATTACKS = alt(
    terms(
        r"""
    stupid; thick; dense; dim; dumb; brainless; brain dead; senile; retarded; ugly;
    pathetic; spineless; gutless; repulsive; deranged; demented; moronic; idiotic;
    gormless; witless; a disgrace to (?:the|this|his|her) \w+; mentally
    (?:ill|deficient|unstable); not (?:all|quite) there; off (?:his|her|your)
    (?:head|rocker|meds)
    """
    )
)
SUPERLATIVE_ATTACKS = alt(
    terms(
        """
    dumbest; stupidest; thickest; ugliest; dimmest; densest; most stupid; most
    idiotic; most useless; most pathetic; most brainless
    """
    )
)
# Words for someone who is a person, after a superlative ("dumbest man").
PEOPLE_WORDS = alt(
    terms(
        """
    man; woman; person; human; human being; politician; minister; mayor; president;
    writer; journalist; columnist; reporter; referee; ref; leader; manager; player;
    guy; bloke; individual; creature; commenter; poster
    """
    )
)

# --- Reported speech and narration -------------------------------------------

REPORTING = alt(
    terms(
        """
    said; police say; they say; say they; says they; officials say; witnesses say;
    reports say; sources say; says; told; tells; heard; chanted; chanting; shouted;
    shouting; yelled; screamed; posted; wrote; written; tweeted; claimed; claims;
    alleged; allegedly; accused; convicted; charged; jailed; sentenced; arrested;
    threatening; threatened; according to; reports; reported; testified; admitted;
    quoted; filmed; recorded; warned that; the court; police said; graffiti; sign
    reading; banner; slogan
    """
    )
)
NEGATIONS = alt(
    terms(
        """
    not; never; no one; nobody; noone; none; nothing; no; neither; nor; without;
    against; condemn; condemns; wrong to
    """
    )
)
