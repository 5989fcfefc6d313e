"""Word lists the move detector reads: triggers, assets, sectors and cues.

Kept apart from the logic in :mod:`nlp.moves` so that tuning the vocabulary
never touches the code. Every entry is a lower-case lemma.
"""

import re

# Move type -> (verb lemmas, noun lemmas). Acquisition triggers become an
# AssetPurchase when what is bought is an asset rather than a company.
TRIGGERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "AssetSale": (
        frozenset({"sell", "divest", "liquidate", "offload", "dispose", "monetize", "unload"})
        | {"supply"},  # "Bitmain agreed to supply 16,000 rigs to American Bitcoin" (machines only)
        frozenset({"sale", "liquidation", "divestiture", "divestment", "disposal"}),
    ),
    "Acquisition": (
        frozenset(
            {
                "acquire",
                "buy",
                "purchase",
                "merge",
                "combine",
                "order",
                "take",
                "snap",
                "scoop",
                "pick",  # "picked up a 9.5% interest in Greenidge" (TRIGGER_NEEDS)
                "pay",
                "bid",
                "spend",
            }
        ),
        frozenset(
            {
                "acquisition",
                "merger",
                "takeover",
                "purchase",
                "buyout",
                "order",
                "combination",
                "offer",
                "bid",
                "proposal",
            }
        ),
    ),
    "StrategicPivot": (
        frozenset(
            {
                "pivot",
                "shift",
                "transition",
                "diversify",
                "reposition",
                "repurpose",
                "transform",
                "convert",
                "move",
                "refocus",
                "reorient",
                "redirect",
                "retool",
                "enter",
                "branch",
                "turn",
                "concentrate",
                "reinvent",
                "focus",
                "start",
                "launch",
                "dedicate",  # "dedicating part of its Granbury site to AI inference"
                "devote",
                "earmark",
                "reserve",  # "will reserve half of its Corsicana campus for AI tenants"
                "reallocate",
                "put",  # "putting all of its development capital into HPC data centers" (TRIGGER_NEEDS)
            }
            # "is evaluating whether its data centers could host AI workloads" (``_weighs_a_new_use``)
            | {"evaluate", "study", "explore", "consider", "assess", "weigh", "examine"}
        ),
        frozenset(
            {"pivot", "shift", "transition", "diversification", "repositioning", "foray", "push", "entry", "landlord"}
        ),
    ),
    "CommercialAgreement": (
        frozenset({"sign", "ink", "partner", "host", "lease", "exercise", "rent", "provide"}),
        frozenset({"agreement", "contract", "deal", "lease", "partnership", "tenant", "customer", "client"}),
    ),
    "CapitalRaise": (
        frozenset({"raise", "borrow", "price", "secure", "invest", "issue", "draw", "lend", "place"}),
        frozenset(
            {"offering", "placement", "financing", "loan", "investment", "note", "bond", "issue", "issuance"}
            | {"facility", "line", "program", "programme", "round"}  # with a word of credit or equity (TRIGGER_NEEDS)
        ),
    ),
    "CapacityExpansion": (
        frozenset(
            {
                "expand",
                "energize",
                "energise",
                "add",
                "increase",
                "grow",
                "double",
                "build",
                "deploy",
                "install",
                "instal",  # spaCy's lemma of "installed"
                "bring",
                "commission",
                "boost",
                "reach",
                "plug",
                "rack",
                "finish",
                "complete",
            }
        ),
        frozenset({"expansion", "construction", "build-out", "buildout"}),
    ),
    "CapacityReduction": (
        frozenset(
            {
                "curtail",
                "shut",
                "halt",
                "reduce",
                "cut",
                "decommission",
                "idle",
                "suspend",
                "pause",
                "wind",
                "switch",
                "unplug",
                "power",
                "shrink",
                "exit",
                "remove",
                "close",
                "cease",
                "discontinue",
                "stop",  # "has permanently stopped bitcoin mining at its Drumheller site" (TRIGGER_NEEDS)
            }
        ),
        frozenset({"curtailment", "shutdown"}),
    ),
    "TreasuryPolicy": (
        frozenset({"hodl", "hold", "retain", "keep"}),
        frozenset({"policy", "strategy", "hodl", "reserve", "holding"}),
    ),
    "Restructuring": (
        frozenset(
            {"restructure", "file", "emerge", "reorganize", "reorganise", "spin", "reincorporate", "redomicile", "lay"}
            # each needs its own word (TRIGGER_NEEDS): "shed staff", "carved out", "folded into"
            | {"eliminate", "shed", "trim", "carve", "fold", "split", "separate", "hive", "transfer", "seek", "lead"}
            | {"exchange"}
        ),
        frozenset({"restructuring", "bankruptcy", "reorganization", "reorganisation", "spinoff", "spin-off"}),
    ),
    "Rebrand": (
        frozenset({"rebrand", "rebrande", "rename", "change", "adopt", "shorten", "trade", "drop", "operate"})
        | {"know", "call"},  # lemma "rebrande"; "known as Iris Energy until late 2024" (``_formerly_named``)
        frozenset({"rebrand", "rebranding"}),
    ),
    "LeadershipChange": (
        frozenset(
            {
                "appoint",
                "name",
                "resign",
                "step",
                "succeed",
                "promote",
                "hire",
                "retire",
                "replace",
                "tap",
                "terminate",
                "oust",
                "become",
                "part",
                "elevate",
                "elect",
                "leave",
                "fill",
                "quit",
                "recruit",
                "return",  # "returned as chief executive"
                "hand",  # "handed the chief executive job to", "will hand the reins to"
                "give",  # "gave up his chief executive title"
                "be",  # "has been chief executive since last August" (``_holds_a_post_since``)
                "make",  # "made Daniel Roberts its sole chief executive" (TRIGGER_NEEDS)
            }
        ),
        frozenset({"appointment", "resignation", "departure", "retirement", "promotion", "succession"}),
    ),
}

# Every trigger word of any move type: most tokens are rejected with one lookup.
TRIGGER_WORDS = frozenset({"hodl"}).union(*(verbs | nouns for verbs, nouns in TRIGGERS.values()))

# Reporting verbs: "said it would sell" reports a plan, not a conjecture.
REPORTING = frozenset({"say", "announce", "state", "tell", "confirm", "disclose"})
# Words that must occur in the sentence for a trigger of these types to count.
REQUIRED_CONTEXT: dict[str, frozenset[str]] = {
    "CapacityExpansion": frozenset(
        {
            "capacity",
            "hashrate",
            "fleet",
            "site",
            "facility",
            "campus",
            "megawatt",
            "mw",
            "eh/s",
            "gw",
            "footprint",
            "operation",
            "miner",
            "machine",
            "rig",
            "build-out",
            "buildout",
        }
    ),
    "CapacityReduction": frozenset(
        {
            "capacity",
            "hashrate",
            "fleet",
            "site",
            "facility",
            "operation",
            "mining",
            "miner",
            "machine",
            "rig",
            "mw",
            "megawatt",
            "production",
            "power",
            "consumption",
            "build-out",
            "buildout",
            "expansion",
            "phase",
            "construction",
        }
    ),
    "TreasuryPolicy": frozenset({"treasury", "hodl"}),
    "Restructuring": frozenset(
        {
            "bankruptcy",
            "chapter",
            "restructuring",
            "restructure",
            "creditor",
            "reorganization",
            "reorganisation",
            "debt",
            "spin",
            "spinoff",
            "spin-off",
            "subsidiary",
            "reincorporate",
            "redomicile",
            "staff",
            "workforce",
            "job",
            "headcount",
            "employee",
            "worker",
            "role",  # "would eliminate just over 18,000 roles"
            "note",  # "exchanging its convertible notes for cash and new shares"
            "division",
            "unit",
            "company",  # "split itself into a land company and a software company"
        }
    ),
    "LeadershipChange": frozenset(
        {
            "ceo",
            "chief",
            "president",
            "chairman",
            "chairwoman",
            "chair",
            "cfo",
            "coo",
            "director",
            "board",
            "executive",
            "officer",
            "chairmanship",
            "helm",  # "took the helm at Canaan"
            "rein",  # "will hand the reins to its president"
        }
    ),
    "CapitalRaise": frozenset(
        {
            "note",
            "notes",
            "convertible",
            "offering",
            "placement",
            "share",
            "equity",
            "credit",
            "loan",
            "debt",
            "financing",
            "capital",
            "bond",
            "money",
            "funds",
            "$",
        }
    ),
    "CommercialAgreement": frozenset(
        {"agreement", "contract", "deal", "lease", "partnership", "partner", "hosting", "colocation"}
        | {"arrangement", "option", "tenant", "customer", "client", "capacity"}
    ),
    "Rebrand": frozenset(
        {"name", "rename", "rebrand", "rebrande", "rebranding", "brand", "become"}
        | {"ticker", "symbol"}  # "will trade under the new Nasdaq symbol CORE"
        | {"until"}  # "which was called Applied Blockchain until last year"
    ),
}

# Words of a job a leadership change names: "chief executive", "CFO", "chairman of the board".
TITLE_WORDS = REQUIRED_CONTEXT["LeadershipChange"]

# Triggers that need a further word in their own phrase (lemma -> words).
TRIGGER_NEEDS: dict[str, frozenset[str]] = {
    "step": frozenset({"down", "aside"}),
    "snap": frozenset({"up"}),  # "snapped up Whinstone"
    "pay": frozenset({"for"}),  # "paid $14 million for farmland", not "paid off its loan"
    "lay": frozenset({"off"}),  # "laid off 30% of its workforce"
    "plug": frozenset({"in"}),  # "plugged in 24,000 new units"
    "close": frozenset({"permanently", "good", "down", "site", "facility", "mine", "campus", "plant"}),  # "its site"
    "stop": frozenset({"mining", "mine", "hashing", "operation", "operations"}),  # not "stopped selling bitcoin"
    "make": TITLE_WORDS - {"board", "helm", "rein"},  # "made Daniel Roberts its sole chief executive"
    "finish": frozenset({"expansion", "build-out", "buildout", "construction"}),
    "complete": frozenset({"expansion", "build-out", "buildout", "construction"}),
    "scoop": frozenset({"up"}),
    "pick": frozenset({"up"}),
    # "parted ways with CEO Geoff Morphy", "elevated Sam Tabar to chief executive"
    **dict.fromkeys(("part", "elevate", "elect"), TITLE_WORDS),
    "leave": frozenset({"company", "board", "post", "role", "position", "firm"})  # not "left its guidance"
    | TITLE_WORDS,  # "its finance chief had left" (``_left_something`` checks what is left)
    "return": frozenset({"as"}),  # "returned as chief executive"; not "returned to profitability"
    "hand": frozenset({"rein", "reins", "job", "role", "title", "chairmanship", "helm", "post", "chief", "ceo"}),
    "fill": frozenset({"post", "role", "position", "seat", "vacancy", "job"}),  # "the CFO post was filled by"
    "facility": frozenset({"credit", "loan", "revolving", "term", "financing", "debt", "borrowing"}),
    "line": frozenset({"credit"}),  # "a bitcoin-backed credit line", not "a production line"
    "program": frozenset({"atm", "equity", "at-the-market"}),  # "an at-the-market program"
    "programme": frozenset({"atm", "equity", "at-the-market"}),
    "round": frozenset({"equity", "funding", "financing", "investment", "series"}),  # "a $1.1 billion equity round"
    "place": frozenset({"note", "notes", "share", "shares", "stock", "bond", "bonds", "debt", "convertible"}),
    "spend": frozenset({"on"}),  # "spent $618 million of the proceeds on 6,474 BTC"
    "adopt": frozenset({"name", "brand", "ticker"}),  # "will adopt the American Bitcoin name"
    "exercise": frozenset({"option"}),  # "CoreWeave exercised an option for another 70 MW"
    "rent": frozenset({"from", "mw", "megawatt", "megawatts", "capacity"}),  # "rent GPU capacity from CoreWeave"
    # "started an AI cloud business", "launched an HPC unit": a pivot when the sentence names its sector
    **dict.fromkeys(
        ("start", "launch"), frozenset({"business", "unit", "segment", "division", "subsidiary", "service"})
    ),
    "provide": frozenset({"capacity", "hosting", "colocation", "compute", "mw", "megawatt", "megawatts"}),
    "wind": frozenset({"down"}),
    "spin": frozenset({"off", "out"}),
    "switch": frozenset({"off"}),
    "seek": frozenset({"chapter", "bankruptcy"}),  # "sought Chapter 11 protection"; not "seeks to raise"
    "exchange": frozenset({"note", "debt", "bond", "debenture"}),  # "exchanging its notes for shares"
    "lead": frozenset({"chapter", "bankruptcy"}),  # "led the company out of Chapter 11"
    "drop": frozenset({"name", "brand"}),  # "dropped the Marathon Digital name"
    "eliminate": frozenset({"job", "position", "role", "staff", "workforce", "employee", "worker"}),
    "shed": frozenset({"job", "role", "staff", "workforce", "employee", "worker"}),  # not "trimmed its position"
    "trim": frozenset({"job", "role", "staff", "workforce", "employee", "worker"}),
    "carve": frozenset({"out"}),
    "fold": frozenset({"into"}),
    "split": frozenset({"division", "unit", "company", "business", "segment", "subsidiary"}),
    "separate": frozenset({"company", "subsidiary", "business", "unit", "division", "listed"}),
    "hive": frozenset({"off"}),
    "transfer": frozenset({"subsidiary"}),  # "transferred its Swedish operations to a newly formed subsidiary"
    "trade": frozenset({"ticker", "symbol", "name", "as"}),  # "will trade under the new Nasdaq symbol CORE"
    "operate": frozenset({"name", "until"}),  # "the HPC unit now operates under the WhiteFiber name"
    "put": frozenset({"capital", "money", "investment", "spending", "capex", "dollar"}),  # not "put the site on hold"
    "power": frozenset({"down", "off"}),
    "change": frozenset({"name"}),
    "file": frozenset({"bankruptcy", "chapter", "protection"}),
    "emerge": frozenset({"bankruptcy", "chapter", "restructuring"}),
    "price": frozenset({"offering", "note", "notes"}),
    "draw": frozenset({"credit", "facility", "loan", "line"}),
    "host": frozenset(
        {"for", "contract", "agreement", "under", "'s"}
    ),  # "host machines for a third party", "Tether's rigs"
    "bring": frozenset({"online"}),  # "brought online 50,000 new miners"
    "secure": frozenset({"financing", "loan", "facility", "credit"}),
    "turn": frozenset({"toward", "towards", "to", "into"}),  # "turning from mining toward AI data centers"
    "concentrate": frozenset({"on"}),
    "focus": frozenset({"on"}),
}

# A trigger word with a second sense, taken when its phrase has one of the words: "tap its ATM program"
# is a raise, "tapped X as chief executive" a leadership change.
OTHER_SENSES: dict[str, tuple[str, frozenset[str]]] = {
    "tap": (
        "CapitalRaise",
        frozenset({"program", "atm", "facility", "market", "equity", "credit", "line", "note", "investor"}),
    ),
    "offer": ("CapitalRaise", frozenset({"note", "share", "bond", "stock", "convertible", "debt"})),  # not a bid
    "cut": ("Restructuring", frozenset({"staff", "workforce", "job", "headcount", "employee", "worker", "position"})),
    "trim": ("CapacityReduction", frozenset({"capacity", "hashrate", "fleet", "mw", "megawatt"})),  # "trimmed 20 MW"
    "reduce": ("Restructuring", frozenset({"staff", "workforce", "headcount", "employee"})),  # "reduce its workforce"
    "rent": (  # "renting out its graphics chips for AI", "rent out part of that fleet for HPC": a new line
        "StrategicPivot",
        frozenset({"gpu", "chip", "card", "computing", "compute", "fleet", "server", "power"}),
    ),
    "retire": (  # machines or capacity retired, not a CEO
        "CapacityReduction",
        frozenset({"miner", "machine", "rig", "fleet", "asic", "unit", "capacity", "hashrate", "mw"}),
    ),
    "switch": ("TreasuryPolicy", frozenset({"treasury", "reserve"})),  # "switched its treasury to ether"
    "take": ("LeadershipChange", frozenset({"helm", "rein", "job", "post"})),  # "took the helm", "the top job"
}
# Other senses that also need a particle: "renting out its graphics chips" (not "rent servers from CoreWeave").
SENSE_PARTICLES = {"rent": "out"}
# Words that make an expanded or increased facility a loan, not capacity: "expanded its credit facility".
DEBT_WORDS = frozenset({"credit", "loan", "debt", "borrowing", "financing"})

# Verbs of a deal that makes a "deal" or "agreement" noun beside them part of it.
DEALS = frozenset({"Acquisition", "AssetSale", "CapitalRaise"})

# Amount units each move type takes, in order of preference.
AMOUNT_UNITS: dict[str, tuple[str, ...]] = {
    "AssetSale": ("USD", "BTC", "units", "MW", "%"),  # "sold its 14.9% stake in Bitfarms"
    "AssetPurchase": ("USD", "BTC", "units", "MW", "EH/s", "%"),
    "Acquisition": ("USD", "%", "MW"),
    "StrategicPivot": ("MW",),
    "CommercialAgreement": ("USD", "MW"),
    "CapitalRaise": ("USD",),
    "CapacityExpansion": ("MW", "EH/s", "units"),
    "CapacityReduction": ("MW", "EH/s", "units", "%"),
    "TreasuryPolicy": ("%",),  # "retain 30% of monthly production"; bitcoin held is a figure, not the policy's
    "Restructuring": ("USD",),
    "Rebrand": (),
    "LeadershipChange": (),
}

# Asset kinds by lemma. "bitcoin" next to "miner"/"mining" names the industry, not the asset.
ASSETS: dict[str, str] = {
    "bitcoin": "Bitcoin",
    "btc": "Bitcoin",
    "coin": "Bitcoin",
    "miner": "MiningRigs",
    "rig": "MiningRigs",
    "machine": "MiningRigs",
    "asic": "MiningRigs",
    "antminer": "MiningRigs",
    "s19": "MiningRigs",
    "s21": "MiningRigs",
    "whatsminer": "MiningRigs",
    "fleet": "MiningRigs",  # "a sale of its remaining bitcoin mining fleet"
    "gpu": "GPUs",
    "server": "GPUs",  # "6,500 Nvidia H200-equipped servers"
    "graphics": "GPUs",  # "graphics processing units", "graphics cards"
    "card": "GPUs",
    "h100": "GPUs",
    "h200": "GPUs",
    "b200": "GPUs",
    "gb200": "GPUs",
    "datacenter": "DataCenter",
    "datacentre": "DataCenter",
    "site": "Site",
    "facility": "Site",
    "campus": "Site",
    "property": "Site",
    "farm": "Site",
    "land": "Site",
    "acre": "Site",
    "plant": "Site",
    "hashrate": "Hashrate",
    "share": "Equity",
    "stake": "Equity",
    "equity": "Equity",
    "stock": "Equity",
    "convertible": "ConvertibleNotes",
    "loan": "Debt",
    "debt": "Debt",
    "credit": "Debt",
    "bond": "Debt",
    "note": "Debt",
    "equipment": "Equipment",
    "transformer": "Equipment",
    "turbine": "Equipment",
    "cooler": "Equipment",
    "chiller": "Equipment",
    "switchgear": "Equipment",
    "generator": "Equipment",
    "dam": "Site",
}
# What a capital raise issues, by lemma: "convertible senior notes", "a project financing facility".
SECURITIES: dict[str, str] = {
    **{
        word: ASSETS[word]
        for word in ("share", "equity", "stock", "convertible", "loan", "debt", "credit", "bond", "note")
    },
    **dict.fromkeys(("preferred", "atm", "round"), "Equity"),
    **dict.fromkeys(("facility", "financing", "borrowing"), "Debt"),
}
# Tokens other than bitcoin a treasury can hold: "will make ether its primary treasury reserve asset".
OTHER_TOKENS = frozenset({"ether", "eth", "ethereum", "solana", "sol"})
# What a maker names beside its name ("Bitmain miners", "NVIDIA H100 GPUs"); a site or data center named
# after a company ("a Bit Digital data center") is that company's.
PRODUCTS = frozenset({"MiningRigs", "GPUs", "Equipment"})
# What an Acquisition trigger buys when it is an asset purchase.
PURCHASABLE = frozenset(
    {"Bitcoin", "MiningRigs", "GPUs", "DataCenter", "Site", "Equipment", "PowerCapacity", "Hashrate"}
)

# Sector keywords (lower-case text, matched on token boundaries), by priority.
SECTORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AI", ("artificial intelligence", "ai", "a.i.", "generative", "machine learning")),
    ("HPC", ("high-performance computing", "high performance computing", "hpc")),
    ("DataCenter", ("data center", "data centers", "data centre", "datacenter", "colocation")),
    ("Energy", ("energy", "power generation", "renewable", "electricity")),
    ("BitcoinMining", ("bitcoin mining", "self-mining", "hashrate", "mining")),
)
PIVOT_SECTORS = frozenset({"AI", "HPC", "DataCenter"})
# Pivot verbs that need their own phrase to name the sector, and what they may set aside instead: "devoted much of
# its earnings call to AI", "reserved $10 million for legal costs".
DEDICATING = frozenset({"dedicate", "devote", "earmark", "reserve", "reallocate"})
NOT_DEDICATED = frozenset({"call", "time", "remark", "presentation", "discussion", "letter", "attention"})
# Names a registry alias shares with other businesses, by the word that follows it: "Marathon Oil" is no MARA.
NAMESAKE_WORDS: dict[str, frozenset[str]] = {
    "Marathon": frozenset({"Oil", "Petroleum", "Pharmaceuticals", "Asset", "Bank", "Resources", "Media", "Gold"}),
    "Riot": frozenset({"Games"}),
    "Galaxy": frozenset({"Entertainment", "Gaming", "Resources"}),
    "Strategy": frozenset({"&", "Analytics"}),
}
# What a company becomes when it pivots: "is becoming an AI infrastructure company".
BUSINESS_KINDS = frozenset(
    {"company", "business", "provider", "platform", "operator", "landlord", "developer", "player"}
)
# Moves whose sector is none even in a sentence about AI: what they pay for is not what they are.
NO_SECTOR = frozenset({"AssetSale", "TreasuryPolicy", "CapitalRaise"})

SPECULATIVE = frozenset(
    {
        "could",
        "may",
        "might",
        "would",
        "should",
        "whether",
        "if",
        "speculate",
        "rumor",
        "rumour",
        "consider",
        "explore",
        "possibly",
        "probably",
        "potentially",
        "likely",
        "perhaps",
        "wonder",
        "question",
        "talk",  # "in talks to acquire": weighing an option
        "weigh",
        "mull",
        "contemplate",
        "evaluate",
        "study",
        "reportedly",
        "negotiation",
        "discussion",
        "eye",  # "is eyeing a purchase of a retired coal plant site"
    }
)
# A bid for a company: a planned acquisition whoever rejects it ("the board rejected an offer from CoreWeave").
BIDS = frozenset({"offer", "bid", "proposal"})
# "agreed to buy" is not here: a signed deal is asserted before it closes.
PLANNED = frozenset(
    {
        "track",  # "is on track to energize 200 MW"
        "poise",
        "plan",
        "intend",
        "expect",
        "aim",
        "seek",
        "will",
        "shall",
        "propose",
        "set",
        "target",
        "prepare",
        "anticipate",
        "commit",
        "pending",
        "schedule",
        "look",
    }
)
# Verbs of a contract's subject that describe it, not sign it: "its lease with Core42 includes two options".
DESCRIBING_VERBS = frozenset({"cover", "include", "generate", "total", "run", "contain", "span", "represent", "carry"})
# Verbs that make a contract: "The hosting agreement Core Scientific signed with CoreWeave in May runs for 12 years".
SIGNING = frozenset({"sign", "ink", "strike", "reach", "conclude", "enter", "announce"})
# What of contracts is a figure: "the average remaining term of Applied Digital's leases".
TERMS = frozenset({"term", "value", "length", "duration", "tenor", "portfolio", "mix"})
# What a raise raises when it is no money: "raising its total value to $11.2 billion".
FIGURES_RAISED = frozenset({"value", "price", "guidance", "target", "forecast", "stake", "dividend", "rate", "outlook"})
# What a power purchase buys: "agreed to buy up to 1,920 MW of electricity", "will buy 200 MW from a plant".
POWER_WORDS = frozenset({"electricity", "power", "energy"})
POWER_UNITS = frozenset({"mw", "megawatt", "gw", "gigawatt"})
PLANT_WORDS = frozenset({"plant", "reactor", "station", "farm", "generator", "facility"})
# Nouns above a trigger that end it: "the end of its attempt to buy Arm".
ENDINGS = frozenset({"end", "collapse", "failure", "termination", "abandonment", "withdrawal"})
# Verbs that change a treasury policy they govern, a policy move of its own: "abandoned its policy of holding".
POLICY_CHANGES = frozenset({"abandon", "end", "drop", "scrap", "change", "replace", "suspend"})
# Verbs above a trigger that deny it: "denied reports that it would sell".
DENIALS = frozenset(
    {"deny", "reject", "refute", "dismiss", "withdraw", "terminate", "abandon", "scrap", "cancel", "decline", "refuse"}
    | {"doubt"}  # "Analysts doubt that Riot will sell any bitcoin this year"
    | {"pull", "collapse", "shelve", "drop"}  # "pulled a planned bond sale", "lease talks ... collapsed"
    | {"lapse", "expire", "fail", "pause", "halt", "suspend"}  # "the offer lapsed", "paused negotiations on leases"
    | {"block"}  # "the Competition Bureau blocked Bitfarms' proposed purchase of HIVE"
)
# Words above a trigger that make it a capability, not a move: "our contracts allow us to grow".
CAPABILITY = frozenset(
    {"allow", "enable", "permit", "let"} | {"room", "flexibility", "ability"}
)  # "gives it room to buy GPUs"
# How a correction says a report was wrong: "The story also said incorrectly that Hut 8 sold 1,000 bitcoin".
MISREPORTED = frozenset({"incorrectly", "wrongly", "erroneously", "mistakenly", "falsely"})
# What a company calls a report it denies: "said a newspaper report that it would file for bankruptcy was false".
UNTRUE = frozenset({"false", "untrue", "inaccurate", "incorrect", "wrong", "baseless", "unfounded"})
# Phrasal verbs that deny or undo what they govern: "ruled out selling", "called off its acquisition".
DENYING_PARTICLES = {
    **{"rule": "out", "call": "off", "walk": "away", "fall": "through", "back": "out", "break": "down"},
    "vote": "down",  # "shareholders voted down a proposed takeover"
}
# A press release's forward-looking-statements paragraph: it names moves only as risks.
FORWARD_LOOKING = re.compile(
    r"forward[- ]looking\s+(?:statements?|information)|differ\s+materially|Private\s+Securities\s+Litigation", re.I
)
# Later in a sentence, what denies the moves before it: "Asked whether it would sell the site, the CEO said
# it had no such plans", "The article said Argo had agreed to sell ...; the company has made no such agreement".
DENIED_BEFORE = re.compile(
    r"\bno\s+such\s+(?:plans?|agreement|deal|intention)\b|\bno\s+(?:current\s+)?plans\s+to\s+do\s+so\b"
    r"|\bno\s+plans\s+to\s*[.;]",  # "Asked whether it would sell ..., Lucas said it has no plans to."
    re.I,
)
# "we", "our", "us", "ours": the company that speaks (nlp.moves.MoveFinder.speaker).
FIRST_PERSON = frozenset({"we", "our", "us", "ours"})
# Subjects that refer back to a company named earlier ("the company", "it").
ANAPHORS = frozenset(
    {
        "it",
        "company",
        "firm",
        "miner",
        "giant",
        "group",
        "operator",
        "business",
        "producer",
        "outfit",
        "corporation",
        "developer",
        "provider",
    }
)
# What a company is called by what it does, as the thing an acquisition buys: "a Texas data center developer".
COMPANY_NOUNS = frozenset(
    {"company", "firm", "miner", "developer", "provider", "operator", "startup", "start-up", "designer", "maker"}
    | {"manufacturer", "rival", "competitor", "peer", "producer", "owner", "lender", "platform", "specialist"}
)
# Verbs that repay or rework debt rather than raise it: "paid off its loan", "repurchased its notes".
REPAYING = frozenset({"repay", "repurchase", "redeem", "retire", "settle", "prepay", "exchange"})
# Words of a financing's phrase that make it no raise: "a share buyback program", "extended the maturity of its
# term loan", "placed 2 million shares in escrow".
NOT_RAISED = frozenset({"buyback", "maturity", "escrow"})
# What is paid that is no purchase: "will pay $1.2 million per month for hosting", "paid $3 million in fees".
FEE_WORDS = frozenset({"fee", "per", "rent", "dividend", "interest", "salary", "bonus", "tax", "penalty"})
# What a price move happens "on": "shares dropped 8% on news that it will acquire Block Mining".
NEWS_WORDS = frozenset({"news", "report", "speculation", "rumor", "rumour", "word"})
# Verbs of a lender: "extended a $40 million loan to Greenidge", "provided Cipher with project financing".
LENDING_VERBS = frozenset({"extend", "provide", "lend", "grant", "give", "offer"})
# Who conjectures: "analysts at Needham expect CleanSpark to sell", "according to analysts at JPMorgan".
ANALYSTS = frozenset({"analyst", "strategist", "economist", "observer", "bank", "broker", "people", "person", "source"})
# Plural nouns for the industry, not a company: "Bernstein expects bitcoin miners to lease 5 GW".
INDUSTRY_SUBJECTS = frozenset({"miner", "company", "firm", "operator", "peer", "rival", "player", "producer"})
# Subjects that name another party to the company's deal: "after the buyer failed to secure financing".
OTHER_PARTIES = frozenset(
    {"buyer", "seller", "lender", "bidder", "acquirer", "purchaser", "investor", "counterparty"}
    | {"customer", "client", "tenant"}  # "as more AI customers signed on"
)
# Organisation names that the statistical NER gets wrong in this domain.
NOT_ORGANISATIONS = frozenset(
    {
        "ai",
        "hpc",
        "gpu",
        "gpus",
        "btc",
        "bitcoin",
        "ceo",
        "cfo",
        "eh/s",
        "mw",
        "asic",
        "hodl",
        "nasdaq",
        "nyse",
        "ipo",
        "etf",
        "tsx",
        "tsxv",
        "lse",
        "asx",
        "otc",
        "usdt",  # stablecoins
        "usdc",
        "ethereum",  # other coins and their networks
        "eth",
        "ether",
    }
    # places miners run sites in, which the NER takes for organisations: "its Yguazu site in Paraguay"
    | {"paraguay", "ethiopia", "bhutan", "norway", "sweden", "iceland", "kazakhstan", "argentina", "oman"}
    | {"uruguay", "canada", "quebec", "manitoba", "alberta", "texas", "georgia", "tennessee", "kentucky"}
    | {"wyoming", "nebraska", "ohio", "pennsylvania", "oklahoma", "north dakota", "new york", "washington"}
)
# Verbs of weighing an option (pivot triggers), and the new uses they may weigh for a site or fleet: "is evaluating
# whether its data centers could host AI workloads" is a speculative pivot.
WEIGHING = frozenset({"evaluate", "study", "explore", "consider", "assess", "weigh", "examine"})
NEW_USES = frozenset({"use", "host", "lease", "convert", "repurpose", "rent", "redeploy"})
# A deal named again as the subject of what funded or followed it: "The purchase was funded by selling shares".
DEAL_NOUNS = frozenset({"purchase", "acquisition", "deal", "transaction", "takeover", "buyout", "expansion"})
# Words of a machine's or chip's name: "Antminer S21 Pro" is Bitmain's product, not an organisation.
PRODUCT_WORDS = frozenset({"antminer", "whatsminer", "avalon", "s19", "s21", "h100", "h200", "b200", "gb200"})
PEER_WORDS = frozenset({"peer", "rival", "competitor"})

# The counterparty's role by move type (CapitalRaise: lender for debt, else investor).
ROLES: dict[str, str] = {
    "AssetSale": "buyer",
    "AssetPurchase": "seller",
    "Acquisition": "target",
    "CommercialAgreement": "client",
    "CapitalRaise": "investor",
}
DEBT_ASSETS = frozenset({"Debt", "ConvertibleNotes"})
# Categories that buy infrastructure: in a hosting or lease contract they are the client.
CLIENT_CATEGORIES = frozenset({"ai-cloud", "hyperscaler"})
# Moves a company's own update states without naming it: "3.4 EH/s were added", "bitcoin is sold each month".
IMPERSONAL_TYPES = frozenset({"CapacityExpansion", "CapacityReduction", "AssetSale", "TreasuryPolicy"})
# What a company cuts that is not capacity.
NOT_CAPACITY = frozenset(
    {
        "cost",
        "expense",
        "spending",
        "capex",
        "debt",
        "credit",
        "loan",
        "headcount",
        "workforce",
        "staff",
        "fee",
        "price",
        "revenue",
        "reward",
        "margin",
        "payment",  # "would remove $10 billion of future lease payments"
        "update",  # "discontinued its monthly production updates"
        "report",
        "guidance",
        "dividend",
        "obligation",
        "risk",
        "target",  # "cuts Riot's year-end hashrate target to 38.4 EH/s"
        "forecast",
        "outlook",
    }
)
# Subjects whose growth or cut is no capacity: "its mining business is growing", "the halving cut ...".
NOT_GROWING = frozenset(
    {"business", "segment", "revenue", "sale", "demand", "difficulty", "hashprice", "price", "cost"}
    | {"share", "stock", "valuation"}  # "shares of AI-exposed miners have doubled"
    | {"halving"}  # "the April halving cut the bitcoin it earns": not the company's move
)
# What a company's parts are merged into: "merging Google Brain and DeepMind into a single unit".
UNITS_OF_A_COMPANY = frozenset({"unit", "division", "segment", "team", "department", "group"})
# Acquisition triggers whose two subjects are the two parties: "Hut 8 and USBTC agreed to combine".
COMBINING = frozenset({"merge", "combine", "merger", "combination"})
# Adverbs of a cut that does not last: "temporarily curtailed its Rockdale operations".
TEMPORARY = frozenset({"temporarily", "briefly"})
TEMPORARY_SPANS = frozenset({"hour", "day", "minute", "week"})  # "switching off miners for hours at a time"
# Adverbs of a habit, not of one move: "It has long sold most of its machines to Chinese customers".
HABITUAL = frozenset({"long", "traditionally", "historically"})
# A merger with a blank-check company is a listing, not an acquisition.
BLANK_CHECK = re.compile(r"\bblank\s*-\s*check\b|\bSPAC\b|\bspecial purpose acquisition\b", re.I)
# Verbs of a policy not yet in force: "will adopt a bitcoin treasury policy next year".
ADOPTING = frozenset({"adopt", "introduce", "implement", "establish", "create", "launch", "consider"})
# Prepositions of a circumstance, which a denial does not reach: "dropped its guidance after selling 500 BTC".
CIRCUMSTANCE_PREPS = frozenset({"after", "following", "since", "amid", "despite", "before"})
# What a client takes in a lease: "took 24 MW of colocation space", "took up its option on another 260 MW".
CAPACITY_TAKEN = frozenset({"mw", "megawatt", "gw", "gigawatt", "capacity", "space", "option", "lease", "hall"})
# Objects of "add" that are no capacity: "added most of its monthly output to the balance".
NOT_ADDED = frozenset({"output", "production", "bitcoin", "btc", "coin", "treasury", "holding", "revenue", "customer"})
# Speculative only while under way: "is negotiating a 300 MW lease" (not "negotiated and signed").
UNDER_WAY = frozenset({"negotiate", "discuss"})
# What makes a "miner" a machine, not a company: "bought a used miner for testing".
MACHINE_WORDS = frozenset({"used", "new", "old", "older", "refurbished", "second-hand", "spare"})
# Nouns a gerund after "of" describes: "our strategy of building an energy-first platform".
STRATEGY_NOUNS = frozenset({"strategy", "vision", "goal", "aim", "mission", "model", "approach", "history", "record"})
# Verbs that make a trade a habit: "started selling", "resumed buying", "will keep buying bitcoin".
HABIT_VERBS = frozenset({"start", "begin", "resume", "keep", "continue"})
# Figures a trigger noun can qualify: "lease revenue", "hosting revenue", "loan balance".
FIGURE_NOUNS = frozenset(
    {"revenue", "income", "backlog", "margin", "balance", "cost", "expense", "rate", "yield"}
    | {"payment"}  # "future lease payments that CoreWeave would otherwise owe"
    | {"price"}  # "at an average purchase price of $26,080 per bitcoin"
)
# Sales as a line of business ("power sales", "machine sales") and what is sold without being an asset
# ("monetize excess energy", "sells hosting services").
BUSINESS_LINES = frozenset(
    {"energy", "power", "electricity", "service", "machine", "hosting", "equipment", "hardware"}
    | {"total", "net", "gross"}  # "an eighth of Amazon's total sales": a figure
)
NOT_SOLD = frozenset({"energy", "power", "electricity", "service", "hosting"})
# Triggers read only from their subject or object: "its fleet will shrink", "exit bitcoin mining",
# "issued $3.2 billion of notes" (not "issued a statement on its share price").
SUBJECT_NEEDS: dict[str, frozenset[str]] = {
    "shrink": frozenset({"fleet", "capacity", "footprint", "operation", "hashrate", "mining"}),
    "exit": frozenset({"mining", "business", "operation", "segment"}),
    "issue": frozenset({"note", "share", "bond", "stock", "debt", "preferred", "warrant", "convertible", "right"}),
}
# A sentence about the whole industry: a passive without a company is not the article's company's.
INDUSTRY_WIDE = frozenset({"network", "industry", "grid"})
# Companies named in passing in a miner's story ("Nvidia GPUs", "a Microsoft contract"): "the company" is not them.
BYSTANDER_CATEGORIES = frozenset({"hardware", "hyperscaler", "ai-cloud"})
# Who can host a client's capacity: miners, data center developers, investors that own sites, power companies.
PROVIDER_CATEGORIES = frozenset({"miner", "datacenter", "investor", "energy"})
# A client named as won: "landed CoreWeave as anchor tenant", "signed a second tenant", "became a customer of IREN";
# not "its tenants include CoreWeave".
CLIENT_NOUNS = frozenset({"tenant", "customer", "client"})
WINNING_VERBS = frozenset({"land", "secure", "sign", "add", "win", "attract", "announce", "onboard"})
# Of two parties to a deal, the one that provides: a data center company, then another provider (a miner hosts
# for others), then an AI cloud (it rents to hyperscalers and AI labs), then a hyperscaler; any other ranks 0.
PROVIDER_RANK = {**dict.fromkeys(PROVIDER_CATEGORIES, 3), "datacenter": 4, "ai-cloud": 2, "hyperscaler": 1}
# Contracts for what a miner buys to run: "a fixed-price power contract", "an electricity supply agreement".
SUPPLY_WORDS = frozenset({"power", "energy", "electricity", "supply", "fixed-price", "purchase"})
# Agreements of governance, not of business: "a cooperation agreement with Starboard Value".
GOVERNANCE_WORDS = frozenset({"cooperation", "settlement", "standstill", "confidentiality", "nondisclosure"})

# Heads of a job title a company name can qualify: "a former Microsoft chief operating officer".
JOB_WORDS = frozenset({"officer", "executive", "president", "chairman", "director", "founder", "veteran", "alumnus"})
# Job titles that tie a person to a company, longest first.
TITLES = (
    "chief executive officer",
    "chief financial officer",
    "chief operating officer",
    "chief executive",
    "chief financial",
    "executive chairman",
    "co-founder",
    "chairwoman",
    "chairman",
    "president",
    "founder",
    "director",
    "ceo",
    "cfo",
    "coo",
    "cto",
)

# Words of the industry: an article with none of them is about something else.
INDUSTRY_WORDS = frozenset(
    {
        "bitcoin",
        "btc",
        "hashrate",
        "miner",
        "miners",
        "mining",
        "crypto",
        "cryptocurrency",
        "blockchain",
        "ether",
        "asic",
        "asics",
        "eh/s",
        "halving",
        "stablecoin",
    }
)
# Last words of a name that make it an organisation, whatever the statistical NER says.
ORGANISATION_WORDS = frozenset(
    {
        "Mining",
        "Energy",
        "Digital",
        "Capital",
        "Technologies",
        "Infrastructure",
        "Holdings",
        "Group",
        "Inc",
        "Inc.",
        "Corp",
        "Corp.",
        "Ltd",
        "LLC",
        "Partners",
        "Management",
        "Enterprises",
        "Platforms",
        "Power",
        "Blockchain",
        "Bitcoin",
        "Cloud",
        "Systems",
    }
)
# Verbs under which a financing noun is a capital raise ("closed a $588 million offering").
RAISE_VERBS = frozenset(
    {
        "close",
        "complete",
        "price",
        "raise",
        "secure",
        "obtain",
        "arrange",
        "announce",
        "launch",
        "upsize",
        "receive",
        "get",
        "sign",
        "enter",
        "fund",
        "finance",
        "land",
        "win",
        "expand",
        "increase",
        "extend",
        "provide",
        "seek",
        "explore",
        "pursue",
        "consider",
    }
)

# Move types whose asset is fixed (None: they have none).
FIXED_ASSET: dict[str, str | None] = {
    "Acquisition": None,  # a whole company: its assets come with it
    "StrategicPivot": None,
    "Rebrand": None,
    "LeadershipChange": None,
    "Restructuring": None,
    "TreasuryPolicy": "Bitcoin",
}
# A capacity move's asset is what its amount measures (machines counted: MiningRigs or GPUs); without one,
# machines stand for their hashrate.
CAPACITY_ASSET_BY_UNIT: dict[str, str] = {"EH/s": "Hashrate", "MW": "PowerCapacity"}
CAPACITY_ASSETS: dict[str, str] = {"MiningRigs": "Hashrate", "Equipment": "Hashrate", "Site": "PowerCapacity"}
# Move types that take no counterparty.
NO_COUNTERPARTY = frozenset(
    {
        "CapacityExpansion",
        "CapacityReduction",
        "StrategicPivot",
        "Restructuring",
        "Rebrand",
        "LeadershipChange",
        "TreasuryPolicy",
    }
)
