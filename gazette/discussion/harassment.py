"""Harassment of commenters and personal details, for the standards' grammar.

Brigading, driving off, stalking, threats to expose and sexual remarks to a
commenter (``HARASS``); a named person's family, school or workplace
(``PERSONAL``, with ``KIN``). ``conduct`` re-exports them and
``grammar.find`` applies them.
"""

from __future__ import annotations

from gazette.discussion import lexicons as lx

HARASS = lx.spread(
    "|".join(
        [
            r"\b(?:everyone|everybody|all of you|folks|people|lads|guys|you all|let "
            r"us all|let us) (?:\w+ ){0,5}?(?:report|flag|downvote|spam|flood(?! "
            r"(?:the|a|an|this|that|our|it|with)\b)|mass "
            r"report|message|email|write to|fill up|bombard|pile on|dox|doxx|find)\b",
            # Brigading someone's employer, club or family: "everyone tag his
            # club and his sponsors", "so his employer sees who he is"
            r"\b(?:tag|contact|ring|call|email|e mail|dm|message|inform|write to|"
            r"send (?:it|this|them) to) (?:his|her|their) (?:club|sponsors?|"
            r"employers?|boss|work|workplace|school|family|agent|label|publisher|"
            r"wife|husband|parents|manager|mum|mom|dad|kids|uni|university|church|"
            r"landlord|neighbours)\b",
            r"\b(?:so|until|and) (?:his|her|their) (?:employer|boss|work|club|"
            r"sponsors|family|wife|husband|parents|school) (?:sees?|finds? out|knows?|"
            r"hears?|sacks?|drops?)\b",
            # "we'll ruin your career"
            r"\b(?:i|we) (?:will|are going to|am going to|would) (?:\w+ )?(?:ruin|"
            r"destroy|end|wreck|finish) (?:your|his|her|their|ur) (?:career|life|"
            r"reputation|business|marriage|name|job)\b",
            # Finding out where someone is, and their number
            r"\bfind out (?:where|which \w+|what \w+) (?:\w+ ){0,3}?(?:works?|lives?|"
            r"coaches|teaches|drinks|trains|studies|goes|parks|sleeps)\b",
            r"\b(?:anyone|anybody|who|someone) (?:has |have )?got (?:his|her|their|"
            r"this \w+|that \w+) (?:phone )?(?:number|address|home address|email|"
            r"mobile)\b",
            # Someone's posts or pictures passed round: "screenshot her profile
            # and send it round the group chat"
            r"\b(?:screenshot|screenshotting|share|sharing|post|posting|send|sending|"
            r"spread|spreading|forward|forwarding) (?:\w+ )?(?:his|her|their) "
            r"(?:profile|pics|pictures|photos|selfies|page|posts|tweets|dms|messages|"
            r"nudes|number|address)\b(?: \w+){0,4}? (?:round|around|everywhere|to "
            r"everyone|in the (?:group|chat))\b",
            # Driving off: "delete your account before we find more"
            r"\bdelete (?:your|ur) (?:account|profile|page|channel)\b(?! (?:settings|"
            r"history|data)\b)",
            # Threats to expose: "your boss will love these screenshots"
            r"\b(?:your|ur) (?:boss|employer|wife|husband|mum|mom|dad|family|work|"
            r"manager|partner|girlfriend|boyfriend|kids|colleagues|school|church) "
            r"(?:will|would|is going to|are going to) (?:love|enjoy|be (?:interested|"
            r"fascinated|delighted)|want to see|like) (?:to see |reading |seeing )?"
            r"(?:these|this|them|those|that|it)\b",
            r"\b(?:send|sending|forward|forwarding|show|showing|post|posting) (?:it|"
            r"them|this|these|everything|all of it|the screenshots|your posts) to "
            r"(?:your|ur) (?:boss|employer|wife|husband|mum|mom|family|work|manager|"
            r"partner|school|church)\b",
            # "everyone go flood her dms", not "let's flood the meeting with
            # objections"
            r"\b(?:flood|spam|bombard|fill up|blow up) (?:(?:his|her|their|your|ur|"
            r"\w+) ){1,3}?"
            r"(?:dms?|inbox|inboxes|mentions|replies|comments|page|timeline|"
            r"notifications|phone|emails?|messages)\b",
            r"\b(?:until|till|til) (?:they|she|he|the mods|the moderators|\w+) (?:ban|"
            r"bans|block|blocks|leave|leaves|quit|quits|is banned|gets banned|delete|"
            r"deletes|gives up|shuts up|closes|cries|apologises|apologizes)\b",
            r"\b(?:i|we) (?:will|am going to|are going to|shall) (?:now |just |also )?"
            r"(?:follow|stalk|hound|track|haunt|watch) you\b",
            r"\bshow (?:us|me) (?:your|her|them) (?:legs|tits|body|bum|arse|ass|boobs|"
            r"chest|feet|knickers|underwear)\b",
            r"\b(?:look|looks|looked|would look|bet you look) (?:\w+ ){0,2}?(?:with "
            r"nothing on|naked|nude|topless|in (?:a |your |her )?(?:bikini|underwear|"
            r"lingerie|knickers|swimsuit))\b",
            r"\bfill (?:up )?(?:her|his|their|your) inbox\b",
            r"\b(?:leave|get off|stay off|fuck off|go away from|log off) (?:this|the)"
            r" (?:site|page|forum|comments|discussion|thread|paper)\b",
            r"\b(?:nobody|no one) (?:here |on here )?(?:wants|likes|cares about|"
            r"needs) you\b|\bnot welcome here\b|\blog off (?:forever|for good|"
            r"and (?:never|do not) come back)\b",
            r"\bevery (?:time|single time) you (?:post|comment|write|reply|open your)"
            r"\b",
            r"\bkeep(?:ing)? (?:a list|a file|a record|tabs|track|notes|screenshots) "
            r"(?:of|on) (?:you|everything|all)\b",
            r"\b(?:it is|its|they are|this is) (?:all )?(?:coming out|going public|"
            r"going up) (?:soon|shortly|tomorrow)\b",
            r"\b(?:your|his|her) (?:real |full )?name is\b",
            r"\byou (?:work|live|study) (?:at|for|in|on) (?:the )?\w+",
            r"\b(?:your|his|her) (?:boss|employer|manager|wife|husband|mum|mother|"
            r"colleagues) (?:would|will|should|might) (?:love to|like to|want to|be "
            r"interested to)? ?(?:see|know|hear|read)\b",
            r"\b(?:i|we) (?:will|am going to|are going to|could|might) (?:\w+ )?"
            r"(?:tell|contact|email|call|ring|write to|inform|message) (?:your|his|her)"
            r" (?:employer|boss|wife|husband|family|school|work|workplace|manager|"
            r"mum|mother|parents|colleagues)\b",
            r"\b(?:i|we) know (?:you are|it is you|who you are|that you are)\b",
            r"\b(?:put|post|share|publish|leak) (?:your|his|her) (?:work |home |real )?"
            r"(?:address|number|details|photo|name|workplace)\b",
            r"\b(?:how is|hows) (?:the|your) (?:divorce|marriage|wife|husband|rehab|"
            r"therapy|custody)\b|\byour ex (?:told|says|said|tells)\b",
            r"\b(?:sent|send|forwarded|forward|reported|emailed) (?:them|it|this|those|"
            r"your \w+|everything) to your (?:university|employer|boss|school|work|"
            r"wife|husband|family|parents|college|manager)\b",
            r"\bscreenshot(?:ted|ed)? (?:every|all)\b",
            r"\b(?:sexy|hot|cute|fit) (?:profile )?(?:pic|photo|picture|selfie)\b|"
            r"\bshow you a good time\b",
            r"\b(?:i am|we are|i have been|we have been) watching (?:you|your|every)"
            r"|\bjust so you know i am watching\b",
            r"\b(?:hey|hi|hello|alright|oi) (?:sweetheart|darling|babe|baby|love|"
            r"sexy|gorgeous|honey|sugar|princess|beautiful)\b",
            r"\bbet you (?:look|would look|feel|taste) (?:\w+ )?(?:tasty|hot|sexy|fit|"
            r"gorgeous|delicious|good|great|lovely|fine|cute|naughty) (?:in|without)\b",
            r"\b(?:post|send|share|show) (?:me |us )?(?:a |some |more )?(?:photo|"
            r"photos|pic|pics|picture|pictures|selfie|selfies) of (?:yourself|you)\b",
            r"\bsend(?:ing)? me (?:more |some |a few )?(?:photos|pics|pictures|"
            r"selfies|nudes)\b",
            r"\b(?:tell|show) (?:her|him|them) what (?:they|you|we) think (?:\w+ )"
            r"{0,5}?in person\b",
            r"\bdoes not deserve a (?:voice|platform|say)\b",
            r"\b(?:i|we) (?:will|am going to|are going to|shall) (?:\w+ ){0,2}?"
            r"(?:reply to|respond to|follow|answer|comment on|copy|hound|stalk) "
            r"(?:\w+ ){0,2}?(?:every|all|everywhere|wherever)\b",
            r"\bevery (?:comment|post|reply) you (?:make|write|post)\b",
            r"\byou (?:only |always |still )?(?:post|comment|write) (?:at|every|all) "
            r"(?:\w+ ){0,2}?(?:night|nights|morning|mornings|am|pm|day|hour)\b",
            r"\b(?:love|like|want|wanting) to see (?:a (?:lot|bit|little) )?more of "
            r"you\b",
            r"\b(?:i|we) will keep (?:on )?(?:following|watching|hounding|replying to|"
            r"tracking|reading) you\b|\bpage after page\b|\b(?:wherever|everywhere) "
            r"you go\b",
            r"\bstill (?:at|in|on|living|working) (?:\w+ ){0,4}?(?:street|road|lane|"
            r"avenue|close|drive|estate|square)\b",
            r"\b(?:i have|i have got|i got) all day\b",
            r"\bsick of this site\b",
            r"\b(?:go|get) back to (?:your|the) (?:kitchen|sink|cave|basement|mum "
            r"basement|mother basement)\b",
            r"\b(?:wife|husband|girlfriend|boyfriend|partner) (?:has )?(?:left|kicked|"
            r"dumped|thrown) you\b",
            r"\bonly ever (?:comments?|posts?) at night\b",
            r"\b(?:nice|great|lovely|hot|sexy|pretty|fit) (?:wife|girlfriend|"
            r"daughter|legs|tits|body|bum|arse|ass|lips|figure)\b",
            r"\bsend (?:me )?(?:nudes|pics|photos of yourself|a photo of yourself)\b",
            r"\bwhat (?:are|is) (?:you|she) wearing\b",
            r"\b(?:found|find|tracked|tracked down) you on (?:facebook|instagram|"
            r"linkedin|twitter|x|tiktok|the electoral roll)\b",
            r"\bfound (?:your|his|her) (?:profile|account|address|house|facebook|"
            r"linkedin|employer|workplace|real name)\b",
            r"\b(?:i|we) (?:already |now )?know (?:your|his|her) (?:real )?"
            r"(?:name|address|employer|workplace|number)\b",
            r"\b(?:i|we) (?:already )?know (?:who you are|what you look like|it)\b"
            r"(?=.*\b(?:name|coward|from|live|work))",
            r"\bpost your (?:real )?(?:name|address|photo)\b",
            r"\b(?:recogni[sz]ed|spotted|saw) you (?:in|at|on)\b",
            r"\b(?:want|shall) (?:me|us) to (?:post|share|publish|leak) (?:it|them|"
            r"your)\b",
            r"\b(?:i|we) (?:will|am going to|are going to|could) (?:\w+ )?(?:post|"
            r"share|publish|leak|expose|reveal) (?:your|his|her) (?:\w+ )?(?:name|"
            r"address|details|photos?|employer|identity)\b",
            r"\b(?:i|we) (?:have been|been|am|are) (?:following|watching|tracking|"
            r"reading) (?:you|your|all your)\b",
        ]
    )
)
KIN = (
    r"(?:daughters?|sons?|grandchildren|grandkids|kids|children|child|wife|husband|"
    r"partner|girlfriend|boyfriend|"
    r"mother|mum|mom|father|dad|family|parents)"
)
PERSONAL = lx.spread(
    "|".join(
        [
            # Not the writer's own family ("my daughter's school took part").
            rf"\b(?!my |our |the |a |these |those |all |some |many |most )"
            rf"(?:your|his|her|their|[a-z]+) {KIN} (?:\w+ ){{0,3}}?"
            r"(?:school|goes"
            r" to|go to|are at (?:\w+ ){0,3}?(?:school|primary|juniors|academy|college|"
            r"nursery|infants|grammar)|go to school|are in year|is in year|attend|"
            r"drives (?:the |a )?(?:\w+ ){0,2}?(?:bus|taxi|cab|van|lorry|train|tram)|"
            r"catches the|takes the (?:\w+ )?(?:bus|train|tram)|parks|"
            r"attends|works at|works in|gets picked|picked up|walks home|"
            r"is at|studies at|university|uni|studies|apprentice at|"
            r"walk home|nursery|college|classroom|class|lives at|lives on|lives in|"
            r"plays for|trains at|drops off)\b",
            r"\b(?:lives|living|live|stays|sleeps) (?:at|on) (?:number |no )?\d",
            r"\b(?:lives|living|live|stays) (?:at|on|in) (?:\w+ ){1,3}(?:street|st|"
            r"road|rd|lane|avenue|close|drive|crescent|terrace|gardens|grove|mews|"
            r"row|way|estate)\b",
            r"\b(?:his|her|their|your) (?:home|house|flat|place) is (?:\w+ ){1,8}?"
            r"(?:street|road|lane|avenue|close|drive|crescent|terrace|estate|square)\b",
            r"\b(?:home|house|flat) is (?:the|at|on|in|number) (?:\w+ ){0,6}?"
            r"(?:street|road|lane|avenue|close|drive|crescent|terrace|estate|square|"
            r"end of|corner of)\b",
            r"\b(?:his|her|their|your) (?:instagram|facebook|twitter|tiktok|"
            r"linkedin|snapchat|insta)\b",
            r"\b(?:his|her|their|your) (?:home|house|flat|private|personal) "
            r"(?:address|number|email|phone)\b",
            r"\b\d{1,4}[a-z]? (?:(?!(?:not|the|other|a|an|of|to|and|or|in|on|one|"
            r"all|this|that|per|is|was|are|by|way|more|less|than|from|with)\b)"
            r"[a-z]+ ){1,3}(?:street|st|road|rd|lane|ln|avenue|"
            r"ave|close|drive|crescent|terrace|gardens|grove|mews|row|way)\b",
            r"\b(?:he|she|they|\w+) works? (?:at|in) the (?:\w+ ){0,3}(?:office|shop|"
            r"branch|school|hospital|clinic|bank|depot|warehouse|factory|store) "
            r"(?:on|in|at)\b",
            r"\b(?:red|blue|green|grey|black|navy) uniform\b",
        ]
    )
)
