"""Strategic moves, market context and peer mentions found in a parsed Doc.

The detector is rule based: a trigger word (see :mod:`nlp.lexicon`) names the
move type; the dependency parse gives the actor (subject, possessor or agent,
or the company an anaphor such as "the company" refers back to); the sentence
gives the counterparty, asset, amount, sector and date; the trigger's chain of
heads gives the modality, and a negation there drops the move.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from nlp import lexicon
from nlp.dates import ago_in, begins_after, halving_date, move_date
from nlp.registry import Company, Registry, mint_id
from nlp.types import Amount, CompanyRef, Context, Entity, Evidence, Move, Peer

_TRIM_START = " \t\r\n*•#-–>"
_TRIM_END = " \t\r\n*#-–"
_NAME = re.compile(r"[A-Z][\w&.'\- ]{1,60}")  # what a minted organisation's name may look like
_DIRECT_PREPS = frozenset({"to", "from", "with"})
_CONNECTING_PREPS = frozenset({"with", "from", "to", "for", "of", "by", "into", "toward", "towards"})


def evidence_for(sent: Span, text: str) -> Evidence:
    """The sentence with markdown and bullet decoration trimmed off its ends (``text`` is the doc's)."""
    start, end = sent.start_char, sent.end_char
    while start < end and text[start] in _TRIM_START:
        start += 1
    while end > start and text[end - 1] in _TRIM_END:
        end -= 1
    return Evidence(text[start:end], start, end)


def _based_in(token: Token) -> str | None:
    """ "Las Vegas" for "the Las Vegas-based miner"."""
    for child in token.children:
        if child.dep_ == "amod" and child.lower_ == "based":
            place = [t.text for t in child.subtree if t.i != child.i and t.text != "-"]
            return " ".join(place) or None
    return None


def _output_policy(trigger: Token) -> bool:
    """ "its policy of converting output to cash every day": a policy for what it mines."""
    return trigger.lemma_.lower() == "policy" and bool(
        {t.lemma_.lower() for t in trigger.subtree} & {"output", "production", "bitcoin", "btc", "coin"}
    )


def _its_output(noun: Token) -> bool:
    """ "its production", "its mined bitcoin", "the bitcoin it mines", "50% of its self-mined bitcoin"."""
    nouns = [noun, *(p for c in noun.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj")]
    return any(
        n.lemma_.lower() in {"production", "output"}
        or any(c.lower_ in {"mined", "produced"} or c.lemma_.lower() in {"mine", "produce"} for c in n.children)
        for n in nouns
    )


def _holds_its_output(trigger: Token) -> bool:
    """ "holding all of the bitcoin it mines", "retains most of the bitcoin it produces": a holding policy
    without the word "treasury"."""
    if trigger.lemma_.lower() not in {"hold", "retain", "keep"}:
        return False
    clauses = [c for c in trigger.children if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp")]
    # the parse's "keep [every bitcoin] [it mines]": the relative clause hung on the verb
    mined = [c for c in clauses if c.lemma_.lower() in ("mine", "produce")]
    if any(c.lemma_.lower() not in ("begin", "start") for c in clauses if c not in mined):
        return False  # "kept production steady in May"; not "will keep 20% of it beginning in July"
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    words = {t.lemma_.lower() for t in trigger.subtree}
    counted = any(t.like_num for t in trigger.subtree)  # "holds a reserve of 19,225 BTC": a figure
    as_reserve = "reserve" in words and bool(words & {"bitcoin", "btc", "strategic"}) and not counted
    return bool(mined and objects) or any(_its_output(c) for c in objects) or as_reserve


def _counted(noun: Token) -> bool:
    """ "1,511 bitcoins": a noun with a number, a figure held rather than a policy."""
    return any(c.dep_ == "nummod" for c in noun.children)


def first_person(token: Token) -> bool:
    """ "we", "our", "us": a pronoun, not "US" the country ("The US sites run 700 MW")."""
    return token.lower_ in lexicon.FIRST_PERSON and token.text != "US" and token.tag_ in ("PRP", "PRP$")


def _sells_its_output(trigger: Token) -> bool:
    """ "has sold part of its monthly production since April", "has started selling bitcoin": a treasury
    policy, not one sale."""
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    heads = objects + [p for o in objects for c in o.children if c.lower_ == "of" for p in c.children]  # "part of"
    if any(_asset_named(t) not in (None, "Bitcoin") for t in heads):
        return False  # "started selling its Navarro site"
    one_period = trigger.tag_ == "VBD" and not any(t.lower_ == "since" for t in trigger.subtree)
    output = any(_its_output(t) and t.dep_ != "compound" for t in objects) and not one_period
    return _a_habit_begun(trigger) or _routinely(trigger) or output  # not "sold most of the bitcoin it mined in May"


def _a_habit_begun(trigger: Token) -> bool:
    """ "has started selling bitcoin", "resumed buying bitcoin", "will keep buying": a policy, not one trade."""
    return trigger.dep_ in ("xcomp", "dobj") and trigger.head.lemma_.lower() in lexicon.HABIT_VERBS


def _routinely(trigger: Token) -> bool:
    """ "We sell what we need to cover costs", "bitcoin is sold each month": a habit in the present tense."""
    present = trigger.tag_ in ("VBP", "VBZ") or (
        trigger.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") for c in trigger.children)
    )
    if not present:
        return False
    words = {t.lemma_.lower() for t in trigger.subtree}
    return bool(words & {"each", "every", "monthly", "daily", "cover", "need", "soon"})  # "as soon as it is mined"


def _reports_a_holding(trigger: Token) -> bool:
    """ "Hut 8 held 9,106 BTC at the end of the quarter": a figure of bitcoin held, not a holding policy."""
    return trigger.lemma_.lower() == "hold" and any(c.dep_ == "dobj" and _counted(c) for c in trigger.children)


def _names_a_product(ent: Span) -> bool:
    """ "NVIDIA H100 GPUs", "Bitmain miners": the maker names what is bought or run; it does not act."""
    return ent.root.dep_ == "compound" and _asset_named(ent.root.head) in lexicon.PRODUCTS


def _names_a_job(ent: Span) -> bool:
    """ "a former Microsoft chief operating officer": the company qualifies someone's job, it is not the topic."""
    head = ent.root.head
    return ent.root.dep_ in ("compound", "nmod") and head.lemma_.lower() in lexicon.JOB_WORDS


def _object_heads(verb: Token, deps: tuple[str, ...] = ("dobj",)) -> list[Token]:
    """A verb's objects (or other ``deps``) and what they count: "most of its monthly output" gives "most" and
    "output"."""
    heads = [c for c in verb.children if c.dep_ in deps]
    return heads + [p for h in heads for of in h.children if of.lower_ == "of" for p in of.children if p.dep_ == "pobj"]


def _objects_of(token: Token, *prepositions: str) -> list[Token]:
    """The objects of ``token``'s phrases that start with one of ``prepositions``: "hours" in "for hours"."""
    return [p for c in token.children if c.lower_ in prepositions for p in c.children if p.dep_ == "pobj"]


def _object_words(verb: Token, deps: tuple[str, ...] = ("dobj",)) -> set[str]:
    """The lemmas of a verb's objects (or other ``deps``) and their modifiers: "its credit facility" gives
    {"facility", "credit"}, "$3.2 billion of senior notes" {"billion", "note", "senior"}; a conjoined object
    is not included."""
    heads = _object_heads(verb, deps)
    return {h.lemma_.lower() for h in heads} | {
        m.lemma_.lower() for h in heads for m in h.children if m.dep_ in ("compound", "amod", "nmod")
    }


def _instead(word: Token) -> bool:
    """ "instead of", "rather than", "without": the alternative not taken."""
    return (
        (word.lower_ == "of" and any(c.lower_ == "instead" for c in word.children))
        or (word.lower_ == "than" and word.i > 0 and word.nbor(-1).lower_ == "rather")
        or word.lower_ == "without"
    )


def _noun_phrase_heads(token: Token) -> list[Token]:
    """The nouns a noun hangs from up to its verb: "notes" in "an offering of notes" hangs from "offering"."""
    heads = []
    for head in _chain(token)[1:]:
        if head.pos_ in ("VERB", "AUX"):
            break
        heads.append(head)
    return heads


def _building(trigger: Token) -> bool:
    """ "is building a 205 MW site", "a further 150 MW is under construction": under way, so planned."""
    if trigger.lemma_.lower() == "construction":
        return trigger.head.lower_ == "under"
    return (
        trigger.lemma_.lower() in ("build", "construct", "develop")
        and trigger.tag_ == "VBG"
        and any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in trigger.children)
    )


def _is_bid(token: Token) -> bool:
    """ "offered", "an unsolicited bid", "a proposal"; not "an offering" of shares."""
    return (
        token.lemma_.lower() in lexicon.BIDS
        and not token.lower_.startswith("offering")
        and token.head.lemma_.lower() != "win"  # "won a bid for a 60 MW site": done
    )


def _a_source(token: Token) -> bool:
    """ "analysts at Needham", "according to JPMorgan": who says it, not a party to the move."""
    return any(a.lemma_.lower() in lexicon.ANALYSTS or a.lower_ == "according" for a in list(token.ancestors)[:4])


def _shares_negation(conjunct: Token) -> bool:
    """ "will not buy or lease the site": a verb coordinated by "or" without a subject of its own shares its
    head's negation, as does an infinitive; "..., but it purchased 500 acres", "abandoned ... and refocused on
    AI" and a participle ("refused to sell, sticking to its policy") do not."""
    if conjunct.dep_ == "advcl":  # "refused to sell, sticking to its policy"; not "walked away ... to buy"
        between = conjunct.doc[min(conjunct.i, conjunct.head.i) : max(conjunct.i, conjunct.head.i)]
        participle = conjunct.tag_ == "VBG" and any(t.text == "," for t in between)
        return not (participle or any(c.dep_ == "mark" for c in conjunct.children))
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in conjunct.children):
        return False
    return any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in conjunct.head.children)


def _in_a_past_clause(date: Span) -> bool:
    """ "Under the agreement signed on May 28, Riot will acquire ...", "went public on Tuesday with an unsolicited
    proposal to buy Bitfarms", "was made public on Monday": the date of a clause in the past."""
    verb = _verb_of(date.root)
    if verb is None:
        return False
    past_aux = any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)
    return verb.tag_ == "VBD" or past_aux or verb.tag_ == "VBN" and verb.dep_ == "acl"


def _of_a_report(date: Span) -> bool:
    """ "the company said on Monday": the date a verb of reporting governs."""
    verb = _verb_of(date.root)
    return verb is not None and verb.lemma_.lower() in lexicon.REPORTING


def _names_a_noun(date: Span, chain: set[Token]) -> bool:
    """Whether a date only qualifies a possessed noun off the trigger's chain of heads: "its January peak"; not
    "the April halving" or "the May 2025 business update"."""
    head = date.root.head
    return (
        date.root.dep_ in ("compound", "amod", "nmod")
        and head.pos_ == "NOUN"
        and head not in chain
        and any(c.dep_ == "poss" for c in head.children)
    )


def _after_a_report(date: Span) -> bool:
    """ "said on Monday it will acquire": a date right after a verb of reporting, wherever the parse hangs it."""
    before = [t for t in date.doc[max(date.start - 2, 0) : date.start] if t.lower_ != "on"]
    return bool(before) and before[-1].lemma_.lower() in lexicon.REPORTING


def _part_of_them(number: Token) -> bool:
    """ "363 of them", "about 1,100 of them": a count of what the sentence counted before."""
    return bool(re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?|\d+(\.\d+)?", number.text)) and any(
        c.lower_ == "of" and any(p.lower_ in ("them", "which") for p in c.children) for c in number.children
    )


def _a_unit_price(quantity: Span) -> bool:
    """ "$5.75 a share", "$31,168 per coin": a price, not a deal's amount."""
    after = [t.lemma_.lower() for t in quantity.doc[quantity.end : quantity.end + 2]]
    return bool(after) and (after[0] in ("per", "each") or (after[0] == "a" and after[1:2] == ["share"]))


def _conventional_sector(move_type: str, sector: str | None, asset: str | None, with_client: bool) -> str | None:
    """The sector the conventions give a move: a deal with an AI cloud or a hyperscaler (``with_client``)
    serves HPC unless the text names AI; GPUs bought or added are AI; selling bitcoin, a treasury policy or
    a raise has no sector, whatever it pays for ("to fund its AI data center program").

    >>> _conventional_sector("CommercialAgreement", None, "DataCenter", True)
    'HPC'
    >>> _conventional_sector("CommercialAgreement", None, "DataCenter", False)
    >>> _conventional_sector("AssetSale", "AI", None, False)
    """
    if move_type in lexicon.NO_SECTOR:
        return None
    if asset == "PowerCapacity" and move_type == "CommercialAgreement":
        return "Energy"  # a power purchase agreement, whoever buys
    if move_type == "CommercialAgreement" and with_client:
        return sector or "HPC"
    if asset == "GPUs" and move_type in ("AssetPurchase", "CapacityExpansion"):
        return sector or "AI"
    return sector


def _asset_named(token: Token) -> str | None:
    """The asset kind a word names, plurals of model names included ("H100s"); not how a deal is paid
    ("an all-stock combination", "for $92.5 million in cash and stock")."""
    lemma = token.lemma_.lower()
    if lemma in ("center", "centre") and token.i > 0 and token.nbor(-1).lower_ == "data":
        return "DataCenter"  # "Argo's Helios data center"
    if lemma == "server" and any(c.lemma_.lower() == "mining" for c in token.children):
        return "MiningRigs"  # "mining servers" are ASICs; "H200-equipped servers" GPUs
    if lemma in ("interest", "holding") and any(c.lower_ == "%" for t in token.lefts for c in t.subtree):
        return "Equity"  # "its 49% interest in a joint venture", "its 15% holding"; not "interest payments"
    if lemma in ("unit", "cluster"):  # "graphics processing units", "its A100 cluster"
        compounds = [c for c in token.children if c.dep_ == "compound"]
        return next((a for c in compounds if (a := _asset_named(c) or lexicon.ASSETS.get(c.lower_))), None)
    if lemma in ("stock", "share") and (
        "all" in (t.lower_ for t in token.doc[max(token.i - 2, 0) : token.i])
        or token.head.lower_ == "in"
        or (token.dep_ == "conj" and token.head.lower_ == "cash")
    ):
        return None
    return lexicon.ASSETS.get(lemma) or (lexicon.ASSETS.get(lemma[:-1]) if lemma.endswith("s") else None)


def _conventional_asset(move_type: str, asset: str | None, amount: Amount | None) -> str | None:
    """The asset the conventions give a move: capacity is measured by its unit, a lease is of a data center,
    a sale counted in bitcoin is of bitcoin.

    >>> _conventional_asset("CapacityExpansion", "MiningRigs", Amount(7.6, "EH/s"))
    'Hashrate'
    >>> _conventional_asset("CapacityReduction", "Site", Amount(3000, "units"))
    'MiningRigs'
    >>> _conventional_asset("CommercialAgreement", "Site", None)
    'DataCenter'
    """
    if move_type in ("CapacityExpansion", "CapacityReduction"):
        if amount and amount.unit == "units":  # machines counted: "decommissioned 3,000 legacy miners at its site"
            return "GPUs" if asset == "GPUs" else "MiningRigs"
        by_unit = lexicon.CAPACITY_ASSET_BY_UNIT.get(amount.unit) if amount else None
        return by_unit or lexicon.CAPACITY_ASSETS.get(asset, asset)
    if move_type == "CommercialAgreement" and asset not in ("GPUs", "PowerCapacity"):
        return "DataCenter"  # hosting machines, a lease of a site: the data center; a GPU cloud contract: GPUs
    if move_type in ("AssetSale", "AssetPurchase") and amount and amount.unit == "BTC":
        return "Bitcoin"  # "sold 3,353 BTC to buy new machines"
    return asset


def _power_bought(trigger: Token) -> bool:
    """ "agreed to buy up to 1,920 MW of electricity from Talen", "will buy 200 MW from a fusion plant": power
    under contract, not an asset ("bought a 200 MW site" is one)."""
    heads = [*_object_heads(trigger), *_objects_of(trigger, "of")]
    if any(h.lemma_.lower() in lexicon.POWER_WORDS and h.pos_ != "PROPN" for h in heads):  # not "Beowulf Electricity"
        return True
    from_a_plant = any(t.lemma_.lower() in lexicon.PLANT_WORDS for t in _after(trigger, "from"))
    return from_a_plant and any(h.lemma_.lower() in lexicon.POWER_UNITS and not _after(h, "of") for h in heads)


def _company_bought(trigger: Token) -> Token | None:
    """What a purchase buys when it is a company named by what it does: "acquire a Texas data center
    developer", "a bid for a hosting provider", "buy a rival miner", "acquired chip designer Desiweminer";
    not "bought 5,000 miners"."""
    if trigger.pos_ in ("VERB", "AUX"):  # "acquired a Texas data center developer", "a startup was acquired by"
        objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    else:  # "acquisition of", "bid for", "combination with"
        preps = ("of", "for", "with") if trigger.lemma_.lower() in lexicon.COMBINING else ("of", "for")
        objects = _objects_of(trigger, *preps)
    # "a majority stake in a Norwegian hydropower site operator": the company the stake is in
    if _takes_control(trigger) and any(h.lemma_.lower() in ("stake", "interest") for h in objects):
        objects += [*(o for h in objects for o in _objects_of(h, "in")), *_objects_of(trigger, "in")]
    for head in objects:
        nouns = [head] + [c for c in head.children if c.dep_ == "compound" and head.pos_ == "PROPN"]
        nouns += [c for c in head.children if c.dep_ == "appos"]  # "Whinstone US, the operator of ..."
        machine = any(c.lower_ in lexicon.MACHINE_WORDS for c in head.children)  # "a used miner"
        start_up = head.lower_ == "up" and head.i > 1 and head.doc[head.i - 2 : head.i].text.lower() == "start-"
        if not machine and (
            start_up or any(n.lemma_.lower() in lexicon.COMPANY_NOUNS and n.tag_ != "NNS" for n in nouns)
        ):
            return head
    return None


def _takes_stake(trigger: Token) -> bool:
    return trigger.lemma_.lower() in {
        "take",
        "build",
        "buy",
        "acquire",
        "purchase",
        "increase",
        "raise",
        "add",
        "pick",
    } and any(
        c.dep_ == "dobj"
        and (c.lemma_.lower() == "stake" or c.lemma_.lower() in ("interest", "holding") and _asset_named(c))
        for c in trigger.children
    )  # "built a 9.25% stake", "picked up a 9.5% interest"


def _takes_capacity(trigger: Token) -> bool:
    """ "took 24 MW of colocation space at a Bit Digital data center", "took up its option on another 260 MW":
    a client's lease."""
    if any(c.dep_ == "prt" and c.lower_ == "over" for c in trigger.children) or _takes_stake(trigger):
        return False  # "took over the 200 MW Rockdale site", "took a 64% stake in Exaion"
    for head in (c for c in trigger.children if c.dep_ == "dobj"):
        if head.lemma_.lower() == "option":  # "its option on another 260 MW", not "an option to buy miners"
            return any(t.lemma_.lower() in lexicon.CAPACITY_TAKEN for t in _after(head, "on", "for"))
        if head.lemma_.lower() in lexicon.CAPACITY_TAKEN:
            return True
    return False


def _takes_control(trigger: Token) -> bool:
    """ "took a majority stake in Exaion", "agreed to take control of Adecoagro", "raising its stake to 70%":
    the company is bought."""
    clauses = [t.i for c in trigger.subtree if c.dep_ in ("relcl", "advcl") and c != trigger for t in c.subtree]
    phrase = [t for t in trigger.subtree if t.i not in set(clauses)]  # not "whose shares fell 60% last year"
    inside = {t.i for t in phrase}
    over_half = any(
        q._.amount.unit == "%" and q._.amount.value > 50
        for q in trigger.doc.spans.get("quantities", [])
        if q.start in inside
    )
    return over_half or bool({t.lemma_.lower() for t in phrase} & {"majority", "control", "controlling"})


def _own_shares(trigger: Token) -> bool:
    """Selling shares or notes with no owner named ("its stake in X", "shares of X") issues the seller's own;
    so does selling an amount of them ("$160 million of common stock")."""
    issued = {"share", "stock", "note", "bond", "debenture"}
    if trigger.pos_ == "NOUN":  # "its registered direct share sale"
        return any(c.dep_ == "compound" and c.lemma_.lower() in issued for c in trigger.children)
    direct = [c for c in trigger.children if c.dep_ == "dobj"]
    amounts = [p for d in direct for c in d.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
    objects = [c for c in direct + amounts if c.lemma_.lower() in issued]
    return bool(objects) and not any(t.lower_ in {"of", "in"} for o in objects for t in o.children)


def _refers_back(trigger: Token) -> bool:
    """True for "similar pivots", "the same move": a move like one stated before."""
    return any(c.lower_ in {"similar", "same", "such"} for c in trigger.children)


_ABOUT_HEADING = re.compile(r"About [A-Z][\w.&,'-]*(?:\s[A-Z][\w.&,'-]*)*")  # "About Greenidge Generation Inc."


def _in_boilerplate(sent: Span, text: str) -> bool:
    """True inside a press release's "About <Company>" paragraph, which describes, not reports, and inside
    its forward-looking-statements paragraph, which names moves only as risks."""
    paragraph_start = text.rfind("\n", 0, sent.start_char) + 1
    # the paragraph's first sentence: "Forward-Looking Statements: This press release contains ..."
    opening = re.split(r"(?<=[.!?])\s", text[paragraph_start : paragraph_start + 400], maxsplit=1)[0]
    lines_before = text[:paragraph_start].rstrip().rsplit("\n", 1)
    heading = lines_before[-1].strip() if paragraph_start else ""
    return (
        bool(_ABOUT_HEADING.match(opening))  # not "About 40% of the fleet was idle"
        or bool(_ABOUT_HEADING.fullmatch(heading))  # under an "About Greenidge Generation Holdings Inc." heading
        or bool(lexicon.FORWARD_LOOKING.search(opening))
        or bool(lexicon.FORWARD_LOOKING.search(sent.text))
    )


def _without_sources(subject: Token) -> list[Token]:
    """A passive subject's words but its "from" phrases: "the machines ordered from MicroBT are installed" does
    not say MicroBT installs them."""
    sources = {t.i for p in subject.subtree if p.dep_ == "prep" and p.lower_ == "from" for t in p.subtree}
    return [t for t in subject.subtree if t.i not in sources]


def _chain(token: Token) -> list[Token]:
    """The token and its heads up to the root of its sentence."""
    out = [token]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def _after(token: Token, *prepositions: str) -> list[Token]:
    """The words of ``token``'s phrases that start with one of ``prepositions``: "in Bitdeer", "from Bitmain"."""
    return [t for c in token.children if c.lower_ in prepositions for t in c.subtree]


def _verb_of(token: Token) -> Token | None:
    """The verb of a word's clause: the word itself or the first verb above it."""
    return next((n for n in _chain(token) if n.pos_ in ("VERB", "AUX")), None)


# --- guards: a trigger that, in its context, states no move ---------------
# Each takes the trigger and returns True when the words around it read otherwise; each carries the sentence
# that called for it. ``_NOT_A_MOVE`` holds a move type's own guards, ``_NOT_A_MOVE_OF_ANY_TYPE`` the rest.
def _repaid(token: Token) -> bool:
    """ "paid off its $75 million loan", "repurchased $150 million of its convertible notes", "extended the
    maturity of its term loan", "a share buyback program", "placed shares in escrow": not raised."""
    verb = _verb_of(token)
    if verb is None:
        return False
    if verb.lemma_.lower() in lexicon.REPAYING:
        return True
    particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    if verb.lemma_.lower() in ("pay", "buy") and particles & {"off", "down", "back"}:
        return True
    words = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
    words |= {t.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree}
    return bool(words & lexicon.NOT_RAISED)


def _raises_a_figure(token: Token) -> bool:
    """ "amended their contract, raising its total value to $11.2 billion": a figure raised, not money."""
    return token.lemma_.lower() == "raise" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in lexicon.FIGURES_RAISED for c in token.children
    )


def _set_aside(token: Token) -> bool:
    """ "Apart from its share of an $11 million equipment loan, Cipher has no debt": an exception named, not a move."""
    return any(n.lower_ in ("apart", "besides", "except", "excluding") for n in _chain(token)[1:6])


def _the_source_of_proceeds(token: Token) -> bool:
    """ "paid for with the proceeds of its $300 million convertible notes offering": a raise stated before."""
    stated = any(c.dep_ in ("det", "poss") and c.lower_ in ("its", "the", "their", "our") for c in token.children)
    return stated and token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() == "proceed"


def _proceeds_of_a_sale(token: Token) -> bool:
    """ "sold 7,202 BTC ..., raising $167 million": the proceeds of a sale, not a raise."""
    return token.dep_ != "conj" and token.head.lemma_.lower() in lexicon.TRIGGERS["AssetSale"][0]


def _a_state(token: Token) -> bool:
    """ "we have about 100 MW energized there": a state, not an addition."""
    return token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in token.children)


def _adds_no_capacity(token: Token) -> bool:
    """ "added most of its monthly output to the balance": bitcoin kept, not capacity added; "campuses, which
    add up to 286 MW": a total; "every machine it owns has now reached North America": a place, not a size."""
    lemma = token.lemma_.lower()
    if lemma == "add" and any(c.dep_ == "prt" and c.lower_ == "up" for c in token.children):
        return True
    if lemma == "reach" and not any(t.like_num for t in token.subtree):
        return True
    if lemma == "double" and any(c.lower_ == "as" for c in token.children):
        return True  # "doubles as a space heater"
    # the objects themselves, not their modifiers: not "added 20,000 new bitcoin miners"
    return any(h.lemma_.lower() in lexicon.NOT_ADDED for h in _object_heads(token))


def _a_purpose(token: Token) -> bool:
    """ "sold 537 BTC to help pay for new machines", "the proceeds went toward paying for mining servers": what
    the money is for; "will pay $1.2 million per month for hosting", "paid $3 million in fees": a fee; neither
    is a purchase ("agreed to pay $92.5 million for Block Mining" is)."""
    if token.lemma_.lower() != "pay":
        return False
    fee = {t.lemma_.lower() for t in token.subtree} & lexicon.FEE_WORDS
    return bool(fee) or token.dep_ in ("pcomp", "advcl") or token.head.lemma_.lower() in ("help", "use")


def _reelected(token: Token) -> bool:
    """ "shareholders re-elected all six directors": the same people again."""
    return token.i > 1 and token.nbor(-1).text == "-" and token.nbor(-2).lower_ == "re"


def _not_given_up(token: Token) -> bool:
    """ "gave up his chief executive title" is a change; "gives Argo access", said by its chief executive, not."""
    return token.lemma_.lower() == "give" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in token.children)


def _the_same_ticker(token: Token) -> bool:
    """ "will trade under the new Nasdaq symbol CORE" is a rebrand; "the new shares will trade under the symbol
    RIOT" is not."""
    return token.lemma_.lower() == "trade" and not any(
        t.lemma_.lower() in ("ticker", "symbol") and any(c.lower_ == "new" for c in t.children) or t.lower_ == "as"
        for t in token.subtree
    )


def _stops_no_mining(token: Token) -> bool:
    """ "closed the purchase of two sites", "closed a financing facility", "stopped being a bitcoin miner", "would stop
    adding capacity": a deal done, a change of line, a plan held back; "stopped bitcoin mining at Drumheller" and
    "will close its South Carolina site" are capacity cuts."""
    lemma = token.lemma_.lower()
    objects = [c for c in token.children if c.dep_ in ("dobj", "xcomp")]
    if lemma == "close":  # a site closed, not "closed a $1.4 billion project financing facility"
        sites = [
            o
            for o in objects
            if o.lemma_.lower() in {"site", "facility", "mine", "campus", "plant"}
            and not {c.lemma_.lower() for c in o.children} & lexicon.DEBT_WORDS
        ]
        return not sites and not any(t.lower_ in ("permanently", "good", "down") for t in token.subtree)
    if lemma == "stop":
        return not any(o.lemma_.lower() in lexicon.TRIGGER_NEEDS["stop"] for o in objects)
    return False


def _a_place_renamed(token: Token) -> bool:
    """ "renamed its Ellendale campus Polaris Forge 1", "Black Pearl site took its name from an oil field": a site's
    name, not the company's ("renamed the business CoreWeave" is a rebrand)."""
    named = [c for c in token.children if c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lemma_.lower() != "name"]
    return any(lexicon.ASSETS.get(c.lemma_.lower()) in ("Site", "DataCenter") for c in named)


def _no_title_in_phrase(token: Token) -> bool:
    """ "the retirement of 5,000 older miners": a leadership noun with no title or person of its own (not "his
    departure")."""
    return token.pos_ == "NOUN" and not any(
        t.lemma_.lower() in lexicon.TITLE_WORDS or t.ent_type_ == "PERSON" or t.lower_ in ("his", "her")
        for t in token.subtree
        if t != token
    )


def _left_something(token: Token) -> bool:
    """ "its CFO left the door open to selling": something left, not the company."""
    return token.lemma_.lower() == "leave" and any(
        c.dep_ in ("ccomp", "xcomp", "oprd")
        or c.dep_ == "dobj"
        and c.lemma_.lower() not in lexicon.TRIGGER_NEEDS["leave"]
        for c in token.children
    )


def _devoted_to_no_sector(token: Token) -> bool:
    """ "reserved $10 million for legal costs related to its AI dispute", "devoted much of its earnings call to
    AI": money set aside or time spent, not a business dedicated to a sector."""
    if token.lemma_.lower() not in lexicon.DEDICATING:
        return False
    objects = [c for c in token.children if c.dep_ == "dobj"]
    spent = any(_money_or_bitcoin(o) or _words_of(o.subtree) & lexicon.NOT_DEDICATED for o in objects)
    return spent or not _names_a_sector(list(token.subtree))


def _money_or_bitcoin(noun: Token) -> bool:
    """A phrase that holds a sum of money or bitcoin: "$10 million", "1,000 BTC"."""
    quantities = noun.doc.spans.get("quantities", [])
    return any(
        q._.amount.unit in ("USD", "BTC") and noun.left_edge.i <= q.start <= noun.right_edge.i for q in quantities
    )


def _no_reorganisation(token: Token) -> bool:
    """ "split its shares two-for-one", "transferred 1,000 BTC to a subsidiary": no business reorganised."""
    lemma = token.lemma_.lower()
    if lemma == "split" and not any(c.lower_ == "into" for c in token.children):
        return True
    return lemma in ("split", "transfer", "fold") and any(
        _money_or_bitcoin(c) for c in token.children if c.dep_ == "dobj"
    )


def _dropped_no_name(token: Token) -> bool:
    """ "dropped the Marathon Digital name" is a rebrand; "shares dropped 5%" and "dropped its plan" are not."""
    return token.lemma_.lower() == "drop" and not any(
        c.dep_ == "dobj" and c.lemma_.lower() in ("name", "brand") for c in token.children
    )


def _no_title_become(token: Token) -> bool:
    """ "older fleets may become uneconomic", "Nuance becomes part of Microsoft's cloud business, and its chief
    executive stays on": no one became chief executive."""
    own = [t for c in token.children if c.dep_ not in ("conj", "cc") for t in c.subtree]
    return token.lemma_.lower() == "become" and not {t.lemma_.lower() for t in own} & lexicon.TITLE_WORDS


def _subject_is_no_capacity(token: Token) -> bool:
    """ "its mining business is growing faster than machine sales", "the April halving cut the bitcoin it earns":
    a business grows, the halving cuts; neither is capacity added or removed."""
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in lexicon.NOT_GROWING for c in token.children)


def _not_capacity(token: Token) -> bool:
    """ "cut costs", "reduce its credit facility", "revenue per machine will be cut": not capacity."""
    return bool(_object_words(token, ("dobj", "nsubjpass")) & lexicon.NOT_CAPACITY)


def _an_agreement_named(token: Token) -> bool:
    """ "entered into a colocation agreement": the agreement is the move, not a pivot."""
    return bool(
        {t.lemma_.lower() for c in token.children if c.dep_ in ("prep", "dobj") for t in c.subtree}
        & (lexicon.TRIGGERS["CommercialAgreement"][1] - lexicon.CLIENT_NOUNS)
    )


def _a_line_of_business(token: Token) -> bool:
    """ "power sales", "machine sales", "monetize excess energy": a line of business, not a sale."""
    return (
        token.pos_ == "NOUN"
        and any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in lexicon.BUSINESS_LINES for c in token.children)
        or any(h.lemma_.lower() in lexicon.NOT_SOLD for h in _object_heads(token))  # "sold 50 MW of power back"
    )


def _a_portfolio(token: Token) -> bool:
    """ "our contracts allow us to grow", "CoreWeave's leases at Helios cover 526 MW", "its lease with Core42
    includes two renewal options", "the average remaining term of its leases": contracts described, not a deal."""
    # not "The hosting agreement Core Scientific signed with CoreWeave in May runs for 12 years"
    signed_here = any(c.dep_ in ("relcl", "acl") and c.lemma_.lower() in lexicon.SIGNING for c in token.children)
    if token.dep_ == "nsubj":
        return not signed_here and (token.tag_ == "NNS" or token.head.lemma_.lower() in lexicon.DESCRIBING_VERBS)
    term = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
    # not "extended the term of its CoreWeave leases": an extension is a deal
    extended = term is not None and term.dep_ == "dobj" and term.head.lemma_.lower() in ("extend", "renew", "lengthen")
    return term is not None and term.lemma_.lower() in lexicon.TERMS and not extended


def _under_contract(token: Token) -> bool:
    """ "510 MW under lease", "under contract": a state, not a deal."""
    return token.dep_ == "pobj" and token.head.lower_ == "under"


def _another_kind_of_contract(token: Token) -> bool:
    """ "a fixed-price power contract": what the company buys to run; "a cooperation agreement with Starboard":
    governance; neither is a deal it makes with a client."""
    kinds = lexicon.SUPPLY_WORDS | lexicon.GOVERNANCE_WORDS
    return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in kinds for c in token.children)


def _names_a_sector(tokens: list[Token]) -> bool:
    """ "into AI computing", "into high-performance computing": a sector a pivot can go to."""
    # the words as written, hyphens kept ("high-performance"), and as the tokenizer splits them
    written = "".join(t.text_with_ws for t in tokens).lower()
    text = f" {' '.join(t.lower_ for t in tokens)} {written} "
    return any(
        re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
        for sector, words in lexicon.SECTORS
        if sector in lexicon.PIVOT_SECTORS
        for word in words
    )


def _words_of(tokens) -> set[str]:
    """Lemmas and forms of ``tokens``, and their hyphenated compounds as written ("build-out", "at-the-market"),
    which the tokenizer splits."""
    tokens = list(tokens)
    words = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    return words | {w for w in re.findall(r"\w+(?:-\w+)+", "".join(t.text_with_ws for t in tokens).lower())}


def _becomes_a_business_in_a_sector(token: Token) -> bool:
    """ "is becoming an AI infrastructure company", "became a provider of HPC data centers"."""
    return any(
        c.dep_ == "attr" and c.lemma_.lower() in lexicon.BUSINESS_KINDS and _names_a_sector(list(c.subtree))
        for c in token.children
    )


def _names_a_contract(token: Token) -> bool:
    """ "a power purchase agreement": the kind of a contract, not a purchase."""
    return token.dep_ == "compound" and token.head.lemma_.lower() in lexicon.TRIGGERS["CommercialAgreement"][1]


def _part_of_a_name(token: Token) -> bool:
    """ "the James Bond films", "Power & Digital Infrastructure Acquisition Corp": a word of a name."""
    return token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "WORK_OF_ART", "ORG", "FAC", "PRODUCT", "EVENT")


def _a_count_of_moves(token: Token) -> bool:
    """ "has completed five takeovers of rival miners since 2021": a record, not a move."""
    if not (
        token.tag_ == "NNS" and any(c.dep_ == "nummod" and c.ent_type_ in ("CARDINAL", "") for c in token.children)
    ):
        return False
    # not "completed two convertible notes offerings in 2024": moves with a date of their own
    return not any(e.label_ == "DATE" and e.start > 0 and e.doc[e.start - 1].lower_ != "since" for e in token.sent.ents)


def _stated_before(token: Token) -> bool:
    """ "After the sales, the company held 1,959 bitcoin": the sales already stated."""
    return (
        token.tag_ == "NNS"
        and token.head.lower_ in ("after", "following", "since", "before")
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
    )


def _a_condition(token: Token) -> bool:
    """ "once Yguazu is fully energized", "once the machines from this order are deployed", "if a hyperscaler
    were to lease the site": a condition."""
    clause = _verb_of(token) or token
    verbs = [clause, clause.head] if clause.dep_ == "xcomp" else [clause]
    return any(c.dep_ == "mark" and c.lower_ in ("once", "if", "until") for v in verbs for c in v.children)


def _part_of_a_figure(token: Token) -> bool:
    """ "contracted lease revenue stood at $7 billion", "hosting revenue", "revenue from renting out Nvidia GPUs":
    a figure and where it comes from, not a deal."""
    if token.dep_ == "compound" and token.head.lemma_.lower() in lexicon.FIGURE_NOUNS:
        return True
    source = token.head if token.dep_ == "pcomp" and token.head.lower_ == "from" else None
    return source is not None and source.head.lemma_.lower() in lexicon.FIGURE_NOUNS


def _an_option_to_buy(token: Token) -> bool:
    """ "the initial purchasers exercised their option to purchase additional notes": a greenshoe; "exercised its
    option with Bitmain to buy 19,280 miners": the purchase is the move; neither is a lease."""
    words = {t.lemma_.lower() for t in token.subtree}
    return token.lemma_.lower() == "exercise" and bool(
        words & (lexicon.TRIGGERS["CapitalRaise"][1] | lexicon.TRIGGERS["Acquisition"][0] | {"stock", "share"})
    )


def _not_a_client_won(token: Token) -> bool:
    """ "its tenants include CoreWeave": a client named, not won (see ``lexicon.CLIENT_NOUNS``)."""
    if token.lemma_.lower() not in lexicon.CLIENT_NOUNS:
        return False
    if token.tag_ == "NNS":
        return True  # "while adding hosting customers at its sites": a strategy, no client named
    verb = token.head.head if token.head.lower_ == "as" else token.head
    won = token.dep_ in ("dobj", "pobj") and verb.lemma_.lower() in lexicon.WINNING_VERBS
    return not (won or (token.dep_ == "attr" and verb.lemma_.lower() == "become"))


def _a_capability(token: Token) -> bool:
    """ "our contracts allow us to grow to 300 MW": what it could do."""
    return any(node.lemma_.lower() in lexicon.CAPABILITY for node in _chain(token)[1:])


def _leasing_as_business(token: Token) -> bool:
    """ "leases data halls to AI tenants": its business; "to have 500 MW leased by 2026": a target."""
    return token.lemma_.lower() in ("lease", "host", "provide", "rent") and (
        token.tag_ in ("VBZ", "VBP") or _a_state(token)
    )


def _a_strategy_described(token: Token) -> bool:
    """ "its investment validates our strategy of building an energy-first platform", "its bitcoin acquisition
    strategy": a strategy, not a move."""
    if token.dep_ == "compound":
        return token.head.lemma_.lower() in lexicon.STRATEGY_NOUNS
    return (
        token.tag_ == "VBG"
        and token.dep_ == "pcomp"
        and token.head.lower_ == "of"
        and token.head.head.lemma_.lower() in lexicon.STRATEGY_NOUNS
    )


def _time_spent(token: Token) -> bool:
    """ "spent most of its call on colocation": time, not money, spent; "spent $1.2 billion on its Corsicana
    build-out": money, but on no asset bought."""
    if token.lemma_.lower() != "spend":
        return False
    if not any(_asset_named(p) in lexicon.PURCHASABLE for p in _objects_of(token, "on")):
        return True
    objects = [c for c in token.children if c.dep_ == "dobj"]
    quantities = token.doc.spans.get("quantities", [])
    return not any(
        q._.amount.unit == "USD" and o.left_edge.i <= q.start <= o.right_edge.i for q in quantities for o in objects
    )


def _part_of_another_deal(token: Token, triggers: list, at: dict[int, str], verbal: set[str]) -> bool:
    """Whether an agreement trigger names the deal another trigger of its sentence states: "agreed to acquire X in
    an all-stock deal", "signed an agreement to buy 10,000 miners", "exchanging its notes for new shares in
    privately negotiated deals", "completed its acquisition of Nuance ... in a deal valued at $19.7 billion"."""
    if token.pos_ == "NOUN" and verbal & lexicon.DEALS:
        return True
    if token.lemma_.lower() == "deal" and token.dep_ == "pobj" and at.get(token.head.head.i) not in (None, at[token.i]):
        return True
    agreement = [token, *(c for c in token.children if c.dep_ == "dobj")]
    if any(at.get(c.i) in lexicon.DEALS for n in agreement for c in n.children if c.dep_ == "acl"):
        return True
    return (  # a bare deal in the clause of a deal-type trigger
        token.lemma_.lower() in ("deal", "transaction")
        and not any(c.dep_ in ("compound", "amod") for c in token.children)
        and token.dep_ == "pobj"
        and token.head.lower_ in ("in", "under", "through")
        and any(kind in lexicon.DEALS and _verb_of(t) == _verb_of(token) for t, kind in triggers)
    )


def _the_deal_again(token: Token) -> bool:
    """ "The European Commission cleared the deal": a deal stated before, not a new one."""
    return (
        token.lemma_.lower() == "deal"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        and not any(c.dep_ == "prep" for c in token.children)
    )


def _a_topic(token: Token) -> bool:
    """ "building this much capacity carries risk": a topic, not a move."""
    return token.dep_ in ("csubj", "csubjpass") or (token.tag_ == "VBG" and token.dep_ == "nsubj")


def _in_order_to(token: Token) -> bool:
    """ "in order to": no order."""
    return token.lemma_.lower() == "order" and token.i > 0 and token.nbor(-1).lower_ == "in"


def _for_a_while(token: Token) -> bool:
    """ "temporarily curtailed its Rockdale operations", "switching off miners for hours at a time": no lasting cut."""
    return any(c.lemma_.lower() in lexicon.TEMPORARY for c in token.children if c.dep_ == "advmod") or any(
        p.lemma_.lower() in lexicon.TEMPORARY_SPANS for p in _objects_of(token, "for", "on")
    )  # "for hours at a time", "on several days in December"


def _a_habit(token: Token) -> bool:
    """ "It has long sold most of its machines to Chinese customers": what it does, not a sale."""
    return any(c.dep_ == "advmod" and c.lemma_.lower() in lexicon.HABITUAL for c in token.children)


def _a_listing(token: Token) -> bool:
    """ "completing its merger with Good Works Acquisition Corp., a blank-check company": a listing."""
    own = [c for c in token.children if c.dep_ in ("compound", "amod")]  # "its SPAC merger with ..."
    return bool(lexicon.BLANK_CHECK.search(" ".join(t.text for t in [*own, *_after(token, "with", "of")])))


def _policy_changed(trigger: Token, move_type: str) -> bool:
    """ "abandoned its policy of holding every coin it mined", "no longer holds all of its production", "would not
    change its policy of putting 15% of profits into bitcoin": a treasury policy changed or affirmed, which a
    denial of something else would not be."""
    if move_type != "TreasuryPolicy":
        return False
    if trigger.pos_ == "NOUN":
        return trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in lexicon.POLICY_CHANGES
    return any(c.lower_ == "longer" for c in trigger.children)


def _describes_a_thing(token: Token) -> bool:
    """ "the remaining machines ordered from MicroBT are installed", "the miners we have ordered", "held 190,000 BTC,
    acquired for about $5.93 billion": the things, described by a deal done before; not "1,080 B200 GPUs, ordered
    in February, will be commissioned", which says the order here."""
    holding = ("hold", "own")
    if token.tag_ == "VBN" and token.dep_ == "advcl" and token.head.lemma_.lower() in holding:
        return not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children)  # the parse's
    if token.head.pos_ != "NOUN" or token.is_sent_start:  # "Compute North, a hosting provider ..., filed ..."
        return False
    before = token.nbor(-1).text
    if token.dep_ == "relcl":  # restrictive, said by a pronoun, no relative word, no date: "the miners we have ordered"
        # not "the 4,813 BTC it bought in January", "all of which were sold", "the same day CleanSpark drew down"
        return (
            before != ","
            and any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in token.children)
            and not any(t.tag_ in ("WDT", "WP") or t.ent_type_ == "DATE" for t in token.subtree)
        )
    held = any(a.lemma_.lower() in holding for a in list(token.head.ancestors)[:3])  # "holds an aggregate of"
    if token.lemma_.lower() == "name" and lexicon.TITLE_WORDS & _words_of(token.subtree):
        return False  # "the company named Tom Lee chairman of its board" (not "a company named Fundstrat")
    return (
        token.dep_ == "acl"
        and token.tag_ == "VBN"
        and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
        and before not in ("-", "\u2013", "\u2022", "*", ":")  # "highlights: - Appointed ..."
        and (before != "," or held)
    )


def _clause_has(token: Token, dep: str, word: str) -> bool:
    """Whether the verb of ``token``'s clause has a ``dep`` child ``word``: its "since", its "can"."""
    verb = _verb_of(token) or token
    return any(c.dep_ == dep and c.lower_ == word for c in verb.children)


def _in_a_since_clause(token: Token) -> bool:
    """ "shares have risen 300% since it first bought bitcoin in 2020": background, not a move; "Since Riot acquired
    Block Mining in January, ..." dates a recent deal and states it."""
    if not _clause_has(token, "mark", "since"):
        return False
    published = token.doc._.published
    verb = _verb_of(token) or token
    dates = [move_date(e.text, published) for e in token.sent.ents if e.label_ == "DATE" and e.root in verb.subtree]
    return not (published and any(d and int(d[:4]) >= int(published[:4]) - 1 for d in dates))


def _only_able(token: Token) -> bool:
    """ "a site it can build on quickly": what it is able to do, not a move."""
    return _clause_has(token, "aux", "can")


def _take_without_over(token: Token) -> bool:
    """ "took over Stronghold" and "took a stake" are moves; "will take over two years" is not."""
    return token.lemma_.lower() == "take" and not (
        _takes_stake(token)
        or _takes_control(token)
        or _takes_capacity(token)
        or any(c.dep_ == "prt" and c.lower_ == "over" and not c.nbor(1).like_num for c in token.children)
        or _object_words(token) & lexicon.OTHER_SENSES["take"][1]
        or _takes_private(token)
        or _takes_a_name(token)
    )


def _holds_a_post_since(verb: Token) -> bool:
    """ "has been chief executive since last August", "Leverton will be chief executive of the combined
    company": a post taken then, or to be; not "is chief executive", a state."""
    titled = any(
        c.dep_ == "attr" and c.lemma_.lower() in lexicon.TITLE_WORDS and c.ent_type_ != "ORG" for c in verb.children
    )
    since = [c for c in verb.children if c.dep_ == "attr"] + [verb]  # "since" may hang on the title
    when = any(c.lower_ == "since" for n in since for c in n.children) or any(
        c.dep_ == "aux" and c.lower_ in ("will", "'ll") for c in verb.children
    )
    return titled and when


def _under_a_contract(verb: Token) -> bool:
    """ "added 200 MW under new Fluidstack agreements": capacity leased, not built."""
    return any(
        o.lemma_.lower() in ("agreement", "lease", "contract")
        for c in verb.children
        if c.lower_ == "under"
        for o in c.children
        if o.dep_ == "pobj"
    )


def _weighs_a_new_use(verb: Token) -> bool:
    """ "will evaluate whether the site's 0.6 GW could be used for AI and HPC", "is studying whether its data centers
    could host AI workloads", "evaluates leasing up to 600 MW to AI tenants": a new line weighed."""
    weighed = [t for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "advcl") for t in c.subtree]
    return any(t.lemma_.lower() in lexicon.NEW_USES and t.pos_ == "VERB" for t in weighed) and _names_a_sector(weighed)


def _supplies_machines(verb: Token) -> bool:
    """ "agreed to supply 16,000 rigs to American Bitcoin"; not "supply GPU cloud capacity", nor "Bitmain supplies
    the bulk of the machines" (a line of business)."""
    machines = any(h.lemma_.lower() in {"rig", "miner", "machine", "gpu", "server"} for h in _object_heads(verb))
    return machines and verb.tag_ not in ("VBZ", "VBP")


def _makes_someone_an_officer(verb: Token) -> bool:
    """ "made Daniel Roberts its sole chief executive"; not "made its chief executive available"."""
    return any(t.ent_type_ == "PERSON" for t in verb.subtree)


# Verbs that are triggers only where a test of their own phrase holds (otherwise of no move type at all).
_ONLY_WHEN: dict[str, tuple[str, Callable[[Token], bool]]] = {
    "be": ("LeadershipChange", _holds_a_post_since),
    "supply": ("AssetSale", _supplies_machines),
    "make": ("LeadershipChange", _makes_someone_an_officer),
    **dict.fromkeys(lexicon.WEIGHING, ("StrategicPivot", _weighs_a_new_use)),
}


def _asides(subject: Token, company: bool) -> set[int]:
    """The words of a subject that say something else about it: its clauses ("Tether, which owns a stake in
    Bitdeer, ordered ..."), and, for a company, its appositives ("Tether, the issuer of the USDT stablecoin") and
    phrases other than "of" (the parse's "Greenidge, which sold its unit, to NYDIG"); names joined by "and" stay."""
    heads = [
        d
        for d in subject.subtree
        if d != subject
        and (d.dep_ in ("relcl", "acl") or company and (d.dep_ == "appos" or d.dep_ == "prep" and d.lower_ != "of"))
    ]
    return {t.i for d in heads for t in d.subtree}


def _the_deal_as_subject(trigger: Token) -> Token | None:
    """ "The purchase" in "The purchase was funded by selling 13.6 million shares": a deal named before, whose
    company the trigger's clause is about."""
    for node in _chain(trigger)[1:]:
        for subject in (c for c in node.children if c.dep_ in ("nsubj", "nsubjpass") and c != trigger):
            the = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subject.children)
            if the and subject.lemma_.lower() in lexicon.DEAL_NOUNS:
                return subject
    return None


def _takes_a_name(token: Token) -> bool:
    """ "took its current name", "has taken the Gryphon Digital Mining name"; not "took the name of its site"."""
    return token.lemma_.lower() == "take" and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "name" and not any(g.lower_ == "of" for g in c.children)
        for c in token.children
    )


def _takes_private(token: Token) -> bool:
    """ "agreed to take Bitdeer private": buys the company."""
    return token.lemma_.lower() == "take" and any(c.lower_ == "private" for c in token.children)


def _without_its_subject(token: Token) -> bool:
    """ "its fleet will shrink", "exit bitcoin mining" are moves; "shrank its losses", "exited the quarter" not."""
    needs = lexicon.SUBJECT_NEEDS.get(token.lemma_.lower())
    if needs is None:
        return False
    words = _object_words(token, ("nsubj", "nsubjpass", "dobj"))
    if token.pos_ == "NOUN":  # "a rights issue", "an issue of new shares"
        words |= {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
        words |= {p.lemma_.lower() for c in token.children if c.lower_ == "of" for p in c.children}
    return not words & needs


_NOT_A_MOVE = {
    "CapitalRaise": (_proceeds_of_a_sale, _repaid, _raises_a_figure, _the_source_of_proceeds),
    "CapacityExpansion": (_a_state, _subject_is_no_capacity, _adds_no_capacity),
    "LeadershipChange": (_no_title_become, _reelected, _not_given_up, _no_title_in_phrase, _left_something),
    "Rebrand": (_the_same_ticker, _dropped_no_name, _a_place_renamed),
    "Restructuring": (_no_reorganisation,),
    "CapacityReduction": (_not_capacity, _for_a_while, _subject_is_no_capacity, _stops_no_mining),
    "StrategicPivot": (_an_agreement_named, _devoted_to_no_sector),
    "AssetSale": (_a_line_of_business, _a_habit),
    "Acquisition": (_a_listing, _a_purpose),
    "CommercialAgreement": (
        _a_portfolio,
        _under_contract,
        _another_kind_of_contract,
        _not_a_client_won,
        _an_option_to_buy,
        _the_deal_again,
    ),
}
_NOT_A_MOVE_OF_ANY_TYPE = (
    _part_of_a_name,
    _set_aside,
    _stated_before,
    _a_count_of_moves,
    _a_condition,
    _part_of_a_figure,
    _names_a_contract,
    _a_capability,
    _leasing_as_business,
    _a_topic,
    _a_strategy_described,
    _time_spent,
    _in_order_to,
    _take_without_over,
    _without_its_subject,
    _describes_a_thing,
    _in_a_since_clause,
    _only_able,
)


class MoveFinder:
    """Finds moves in one Doc whose company mentions are linked entities."""

    def __init__(self, doc: Doc, registry: Registry):
        self.doc = doc
        self.registry = registry
        self.company_at: dict[int, Span] = {}
        for ent in doc.ents:
            if ent.label_ == "ORG" and ent.kb_id_:
                for i in range(ent.start, ent.end):
                    self.company_at[i] = ent
        counts = Counter(e.kb_id_ for e in doc.ents if e.kb_id_ and registry.get(e.kb_id_))
        self.main = self.ref_of(counts.most_common(1)[0][0]) if counts else None
        # the companies an article is about, most named first (named once is in passing)
        self.by_mentions = [self.ref_of(company_id) for company_id, n in counts.most_common() if n > 1]
        self.quantities = list(doc.spans.get("quantities", []))
        self.text = doc.text  # Doc.text joins every token on each call
        # Token.sent walks the parse on every call; index the sentences once
        self.sentences = list(doc.sents)
        self.sentence_of = [0] * len(doc)
        for number, sent in enumerate(self.sentences):
            for i in range(sent.start, sent.end):
                self.sentence_of[i] = number

    def _sent(self, token) -> Span:
        return self.sentences[self.sentence_of[token.start if isinstance(token, Span) else token.i]]

    # --- companies -----------------------------------------------------
    def ref_of(self, company_id: str, written: str | None = None) -> CompanyRef:
        """The reference to a company: the registry's name and ticker, else the name as written."""
        company = self.registry.get(company_id)
        if company:
            return CompanyRef(company.id, company.name, company.ticker)
        return CompanyRef(company_id, written or company_id, None)

    def _companies_in(self, tokens) -> list[CompanyRef]:
        seen: dict[str, CompanyRef] = {}
        for token in tokens:
            ent = self.company_at.get(token.i)
            if ent is None or ent.kb_id_ in seen or self._modifies_company(ent) or _names_a_product(ent):
                continue
            seen[ent.kb_id_] = self.ref_of(ent.kb_id_, ent.text)
        return list(seen.values())

    def _modifies_company(self, ent: Span) -> bool:
        """True for a minted name that only describes something else: "Stablecoin issuer Tether",
        "the Cedarvale bitcoin mining site"."""
        if self.registry.get(ent.kb_id_):
            return False
        if ent.root.dep_ == "compound" and _asset_named(ent.root.head):
            return True
        head = self.company_at.get(ent.root.head.i)
        return head is not None and head.kb_id_ != ent.kb_id_ and self.registry.get(head.kb_id_) is not None

    @cached_property
    def quotations(self) -> list[tuple[int, int]]:
        """Character spans of quoted speech; a quotation left open runs to the end of its line."""
        spans = []
        for line in re.finditer(r"[^\n]+", self.text):
            marks = [m.start() + line.start() for m in re.finditer(r'["\u201c\u201d]', line.group())]
            if len(marks) % 2:
                marks.append(line.end())
            spans.extend(zip(marks[0::2], marks[1::2], strict=True))
        return spans

    def _quotation_of(self, token: Token) -> tuple[int, int] | None:
        return next((q for q in self.quotations if q[0] < token.idx < q[1]), None)

    def speaker(self, token: Token) -> CompanyRef | None:
        """The company "we" or "our" speaks for.

        Outside quotations (a shareholder letter), the article's main company. In a quotation, a
        company named in the sentence outside it ('Riot's CEO said: "We ..."'), else the last one
        named outside quotations before it (an interview's introduction), else the main company. A
        company named inside the quotation is what the speaker talks about ("the 400 MW that
        CoreWeave has").
        """
        if self._quotation_of(token) is None:
            return self.main
        sent = self._sent(token)
        for i in (*range(sent.start, sent.end), *range(token.i - 1, -1, -1)):
            ent = self.company_at.get(i)
            if ent is not None and self.registry.get(ent.kb_id_) and self._quotation_of(ent.root) is None:
                return self.ref_of(ent.kb_id_, ent.text)
        return self.main

    def antecedent(self, token: Token) -> CompanyRef | None:
        """The company an anaphor refers to: the latest one named before it ("we": :meth:`speaker`).

        "The miner" skips a GPU vendor or a hyperscaler named in between; "the company" skips them too
        unless the article is about them.
        """
        if first_person(token):
            return self.speaker(token)
        if place := _based_in(token):  # "the Las Vegas-based miner"
            located = [c for c in self.registry if c.hq and place.lower() in c.hq.lower()]
            named = {e.kb_id_ for e in self.company_at.values()}
            preferred = [c for c in located if c.id in named] or located
            if len(preferred) == 1:
                return self.ref_of(preferred[0].id)
        if speaker := self._reporter_of(token):  # "Bitdeer, ... founded by Bitmain co-founder Jihan Wu, said it"
            return speaker
        minted = None  # a name outside the registry ("STRC", a share class) only when no known company came before
        for i in range(token.i - 1, -1, -1):
            ent = self.company_at.get(i)
            if ent is None or self._modifies_company(ent) or _names_a_job(ent):
                continue
            company = self.registry.get(ent.kb_id_)
            if company is None:
                minted = minted or self.ref_of(ent.kb_id_, ent.text)
            elif self._may_refer_to(token, company, i):
                return self.ref_of(ent.kb_id_, ent.text)
        return minted or self.main

    def _reporter_above(self, trigger: Token) -> CompanyRef | None:
        """The company whose report a trigger's clause is: "Bitdeer said Tether invested ...": Bitdeer."""
        for node in _chain(trigger)[1:]:
            if node.lemma_.lower() in lexicon.REPORTING:
                subjects = [t for c in node.children if c.dep_ == "nsubj" for t in c.subtree]
                found = [r for r in self._companies_in(subjects) if self.registry.get(r.id)]
                if found:
                    return found[0]
                # "The company said it would cut 10,000 jobs": whom the reporting anaphor names
                named = [c for c in node.children if c.dep_ == "nsubj" and c.lower_ != "it" and self._is_anaphor(c)]
                return self.antecedent(named[0]) if named else None
        return None

    def _reporter_of(self, pronoun: Token) -> CompanyRef | None:
        """The company that says what "it" did: the subject of the verb of saying the pronoun's clause hangs on."""
        said = pronoun.head.dep_ == "ccomp" and pronoun.head.head.lemma_.lower() in lexicon.REPORTING
        return self._reporter_above(pronoun.head) if pronoun.lower_ == "it" and said else None

    def _may_refer_to(self, anaphor: Token, company: Company, at: int) -> bool:
        """Whether ``anaphor`` can refer to a registry company named at token ``at``.

        "The miner" is a miner. "The company" and "it" are not a GPU vendor, hyperscaler or AI cloud
        named in passing, unless the article is about it or "it" follows it in one sentence ("Nvidia
        said it would ...").
        """
        if company.category == "miner":
            return True
        if anaphor.lemma_.lower() == "miner":
            return False
        if company.category not in lexicon.BYSTANDER_CATEGORIES or (self.main and company.id == self.main.id):
            return True
        root = self.company_at[at].root
        subject = root.dep_ == "nsubj" and root.head.dep_ == "ROOT"
        if subject and anaphor.lower_ != "it" and self.sentence_of[at] < self.sentence_of[anaphor.i]:
            return True  # "Amazon went first. ... the company would eliminate 18,000 roles": not named in passing
        return anaphor.lower_ == "it" and self.sentence_of[at] == self.sentence_of[anaphor.i]

    def _is_anaphor(self, token: Token) -> bool:
        if token.lower_ == "it" or first_person(token):
            return True
        return token.lemma_.lower() in lexicon.ANAPHORS and any(
            c.dep_ == "det" and c.lower_ in {"the", "this"} for c in token.children
        )

    def _actors(self, trigger: Token) -> tuple[list[CompanyRef], list[CompanyRef], bool]:
        """(actors, passive subjects, found by syntax) for a trigger."""
        for node in _chain(trigger):
            if _is_bid(node):  # "an unsolicited offer from CoreWeave to buy the company"
                bidder = [t for p in node.children if p.lower_ == "from" for t in p.subtree]
                if found := self._companies_in(bidder):
                    return found, [], True
            if by_agent := self._companies_in(t for a in node.children if a.dep_ == "agent" for t in a.subtree):
                # "was acquired by Bitfarms", "agreed to be acquired by CoreWeave": the agent acts on the subject
                subjects = (
                    t for n in _chain(node) for c in n.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree
                )
                return by_agent, self._companies_in(subjects), True
            # a noun's "by" phrase first: "approved the company's takeover by HIVE Digital" is HIVE's
            nominal = node == trigger and trigger.pos_ == "NOUN"
            children = sorted(node.children, key=lambda c: not (nominal and c.lower_ == "by"))
            for child in children:
                by_phrase = node == trigger and child.dep_ == "prep" and child.lower_ == "by"
                if child.dep_ in ("nsubj", "nsubjpass", "poss") or by_phrase:
                    phrase = _without_sources(child) if child.dep_ == "nsubjpass" else child.subtree
                    if child.dep_ in ("nsubj", "nsubjpass") and child != trigger:  # not "the notes offering by X"
                        aside = _asides(child, company=child.i in self.company_at)
                        phrase = [t for t in phrase if t.i not in aside]
                    if found := self._companies_in(phrase):
                        return found, [], True
                    if self._is_anaphor(child):
                        antecedent = self.antecedent(child)
                        return ([antecedent] if antecedent else []), [], True
                    if child.dep_ == "nsubj" and child.pos_ == "NOUN" and child.lemma_.lower() in lexicon.OTHER_PARTIES:
                        return [], [], True  # "after the buyer failed to secure financing": not the company's
                    if (
                        child.tag_ == "NNS"
                        and child.lemma_.lower() in lexicon.INDUSTRY_SUBJECTS
                        and not any(self.registry.get(r.id) for r in self._companies_in(self._sent(trigger)))
                    ):
                        return [], [], True  # "Bernstein expects bitcoin miners to lease 5 GW": the industry
        if trigger.dep_ == "acl" and self._is_anaphor(trigger.head):  # "the company named Tom Lee chairman"
            antecedent = self.antecedent(trigger.head)
            return ([antecedent] if antecedent else []), [], True
        before = self._companies_in(t for t in self._sent(trigger) if t.i < trigger.i)
        if not before and (deal := _the_deal_as_subject(trigger)) is not None and (whose := self.antecedent(deal)):
            return [whose], [], False  # "MicroStrategy bought 51,780 BTC. The purchase was funded by selling shares"
        # "whether Riot or CleanSpark follow suit with similar pivots": each one is an actor
        return (before if _refers_back(trigger) else before[:1]), [], False

    def _counterparty(self, trigger: Token, actors: list[CompanyRef], passive: list[CompanyRef]):
        actor_ids = {a.id for a in actors}
        for ref in passive:
            if ref.id not in actor_ids:
                return ref
        if referred := self._object_referred(trigger, actor_ids):
            return referred
        if trigger.pos_ == "NOUN":  # "Core Scientific's takeover by CoreWeave": the possessor, when not the actor
            owners = self._companies_in(t for c in trigger.children if c.dep_ == "poss" for t in c.subtree)
            if owners and owners[0].id not in actor_ids:
                return owners[0]
        if not [r for r in self._companies_in(trigger.subtree) if r.id not in actor_ids]:
            # an organisation the statistical NER missed, as the object: "acquired GRIID Infrastructure"
            for child in trigger.children:
                if child.dep_ == "dobj" and child.pos_ == "PROPN" and not self._in_a_quantity(child):
                    words = [t for t in child.lefts if t.dep_ == "compound"] + [child]  # not an apposition's
                    name = self.doc[words[0].i : words[-1].i + 1].text
                    if _NAME.fullmatch(name) and not _asset_named(child):  # "buy 1,536 H100s"
                        return CompanyRef(mint_id(name), name, None)
        # "to Celsius Mining", "from MicroBT", "with CoreWeave" first; then objects and other phrases
        preps = _DIRECT_PREPS | ({"for"} if trigger.lemma_.lower() == "host" else set())  # "host GPUs for Microsoft"
        direct = self._companies_in(t for t in trigger.subtree if t.head.lower_ in preps)
        in_phrase = direct + self._companies_in(
            t for t in trigger.subtree if any(h.lower_ in _CONNECTING_PREPS or h.dep_ == "dobj" for h in _chain(t))
        )
        if trigger.dep_ == "acl":  # "its option with Bitmain to buy 19,280 miners": the noun's party
            in_phrase += self._companies_in(
                t for c in trigger.head.children if c.lower_ in _DIRECT_PREPS for t in c.subtree
            )
        after = self._companies_in(t for t in self._sent(trigger) if t.i > trigger.i and not _a_source(t))
        for ref in in_phrase + after:
            if ref.id not in actor_ids:
                return ref
        return None

    def _object_referred(self, trigger: Token, actor_ids: set[str]) -> CompanyRef | None:
        """An object that refers to a company: "to buy the Austin-based company", "Block Mining, which Riot
        agreed to acquire"."""
        for node in _chain(trigger):
            # objects, and those of "to", "from", "with": "expanded its contract with the company"
            objects = [c for c in node.children if c.dep_ == "dobj"] + [
                o for c in node.children if c.dep_ == "prep" and c.lower_ in _DIRECT_PREPS for o in c.children
            ]
            for child in objects:
                if child.lower_ in ("which", "that") and child.dep_ == "dobj":
                    clause = next((n for n in _chain(child) if n.dep_ == "relcl"), None)
                    bought = trigger.lemma_.lower() in lexicon.TRIGGERS["Acquisition"][0]
                    if bought and clause is not None and _asset_named(clause.head):
                        return None  # "the 200 MW Sharon site, which Riot later bought": a site, not a company
                    # "Argo keeps its machines, which Galaxy will continue to host": their owner is the client
                    named = self._companies_in(t for t in self._sent(trigger) if t.i < child.i)
                    found = next((r for r in reversed(named) if r.id not in actor_ids), None)
                elif child.lower_ != "it" and not first_person(child) and self._is_anaphor(child):
                    found = self.antecedent(child)
                else:
                    continue
                if found is not None and found.id not in actor_ids:
                    return found
            if node.dep_ not in ("xcomp", "conj"):
                break
        return None

    # --- arguments -----------------------------------------------------
    def _asset(self, trigger: Token) -> tuple[str, int] | tuple[None, None]:
        """The asset kind a trigger is about, and the token where it is named."""
        sent = self._sent(trigger)
        # not the subject's words: "Tether, which owns a stake in Bitdeer, ordered 30,000 rigs" is about rigs
        subject = {t.i for c in trigger.children if c.dep_ == "nsubj" for t in c.subtree}
        ordered = [t for t in trigger.subtree if t.i not in subject] + [t for t in sent if t.i > trigger.i]
        for token in ordered:
            if token.i in self.company_at:
                continue
            lemma = token.lemma_.lower()
            nxt = token.nbor(1).lemma_.lower() if token.i + 1 < len(self.doc) else ""
            if lemma == "bitcoin" and nxt in {"miner", "mining", "industry", "network", "price", "halving", "host"}:
                continue  # "a bitcoin hosting facility" is a facility
            counted = any(q.start <= token.i < q.end and q._.amount.unit == "units" for q in self.quantities)
            if (
                lemma == "miner"
                and not counted
                and token.i > 0
                and token.nbor(-1).lemma_.lower() in {"bitcoin", "other", "peer"}
            ):
                continue
            if kind := _asset_named(token):
                return kind, token.i
        if trigger.lemma_.lower() == "order":  # "1,080 H200 GPUs on order", "GPUs, ordered in February"
            for token in reversed(sent[: trigger.i - sent.start]):
                if token.i not in self.company_at and (kind := _asset_named(token)):
                    return kind, token.i
        return None, None

    def _raised_by_another(self, trigger: Token) -> list[CompanyRef]:
        """Who raises what the subject lends or subscribes: "extended a $40 million loan to Greenidge", "provided
        Cipher Mining with $300 million of project financing", "took part in a private placement of Applied
        Digital common stock"."""
        verb = _verb_of(trigger) or trigger
        if verb.lemma_.lower() in lexicon.LENDING_VERBS:
            given = [c for c in verb.children if c.dep_ in ("dative", "dobj") and c.i in self.company_at]
            to = _after(verb, "to") + _after(trigger, "to")
            if found := self._companies_in([*(t for c in given for t in c.subtree), *to]):
                return found
        if trigger.pos_ == "NOUN" and (  # "led a $80 million Series B funding round in Auradine"
            invested := self._companies_in(_after(trigger, "in"))
        ):
            return invested
        of_stock = [
            t
            for c in trigger.children
            if c.lower_ == "of"
            for p in c.children
            if p.lemma_.lower() in ("stock", "share", "note", "equity")
            for t in p.subtree
        ]
        return self._companies_in(of_stock)

    def _owns_what_is_bought(self, company: Span, trigger: Token) -> bool:
        """Whether an asset stands between a company and the purchase that governs it: "Mawson's mining
        campus", "Mawson Infrastructure's Sandersville, Georgia facility", "6,500 Nvidia H200-equipped servers"."""
        node = company.root.head
        while node != trigger and node.head != node:
            named = [node, *(c for c in node.children if c.dep_ == "appos")]  # "Sandersville, Georgia facility"
            if node.i not in self.company_at and any(_asset_named(n) not in (None, "Equity") for n in named):
                return True
            node = node.head
        return False

    def _position(self, ref: CompanyRef, sent: Span) -> int | None:
        """Where the sentence names a company, if it does (a minted target may not be an entity)."""
        return next((t.i for t in sent if t.i in self.company_at and self.company_at[t.i].kb_id_ == ref.id), None)

    def _amount(self, trigger: Token, move_type: str, asset: str | None = None) -> Amount | None:
        units = lexicon.AMOUNT_UNITS[move_type]
        if asset == "Bitcoin" and "BTC" in units:  # "bought 10,624 BTC for $962.7 million": counted in bitcoin
            units = ("BTC", *(u for u in units if u != "BTC"))
        sent = self._sent(trigger)
        candidates = [q for q in self._quantities_in(sent) if q._.amount.unit in units and not _a_unit_price(q)]
        if not candidates:
            return None
        final = [q for q in candidates if q.start > 0 and self.doc[q.start - 1].lower_ == "to"]
        if final and any(q.start > 0 and self.doc[q.start - 1].lower_ == "from" for q in candidates):
            candidates = final  # "upsized its offering from $700 million to $850 million": the final size
        best = min(candidates, key=lambda q: (units.index(q._.amount.unit), abs(q.start - trigger.i)))
        part = next((c for c in trigger.children if c.dep_ == "dobj" and _part_of_them(c)), None)
        if part is not None and best.end <= part.i:  # "mined 403 BTC and sold 363 of them": 363 BTC
            return Amount(float(part.text.replace(",", "")), best._.amount.unit)
        return best._.amount

    def _sector(self, sent: Span, allowed=None) -> str | None:
        text = f" {sent.text.lower()} "
        for sector, words in lexicon.SECTORS:
            if allowed and sector not in allowed:
                continue
            for word in words:
                idx = text.find(word)
                while idx != -1:
                    if not text[idx - 1].isalnum() and not text[idx + len(word)].isalnum():
                        return sector
                    idx = text.find(word, idx + 1)
        return None

    def _date(self, trigger: Token, modality: str) -> str | None:
        """The date nearest the trigger; a done move cannot postdate its report."""
        published = self.doc._.published
        chain = set(_chain(trigger))
        # not a date that describes another noun: "if bitcoin stays below its January peak"
        dates = [e for e in self._sent(trigger).ents if e.label_ == "DATE" and not _names_a_noun(e, chain)]
        # a date of the report ("the company said on Monday") only when the move has none of its own
        # and the halving, context more than a date, last of all
        own_verb = _verb_of(trigger)
        # one of the trigger's own clause first: "sold 3,433 bitcoin over the year, and held 6,974 as of December 31"
        for ent in sorted(
            dates,
            key=lambda e: (
                self._of_the_halving(e),
                _of_a_report(e),
                own_verb is not None and _verb_of(e.root) not in (own_verb, trigger),
                abs(e.start - trigger.i),
            ),
        ):
            phrase = self._span_of(ent)
            if self._of_the_halving(ent):
                resolved = halving_date(phrase.text, published)  # "at the April halving"
            else:  # a report's date, or one of a deal signed, is past however planned the move
                # "said on Monday it will acquire": a weekday before a planned move dates the report
                reported = _of_a_report(ent) or _after_a_report(ent)
                planned = modality != "asserted" and not reported and not _in_a_past_clause(ent)
                resolved = move_date(phrase.text, published, planned=planned)
            done = modality == "asserted" and published is not None
            if resolved and not (done and (resolved[:7] > published[:7] or begins_after(phrase.text, published))):
                return resolved  # a done move is not dated "for delivery in the second quarter"
        return ago_in(self._sent(trigger).text, published) or published

    def _security_raised(self, trigger: Token) -> str | None:
        """What a raise issues: the first security its phrase names, else its sentence's ("convertible senior
        notes", "a $1.4 billion project financing facility" is debt, "preferred stock" equity)."""
        for tokens in (trigger.subtree, self._sent(trigger)):
            kinds = [kind for t in tokens if (kind := lexicon.SECURITIES.get(t.lemma_.lower()))]
            if kinds:
                return kinds[0]
        return None

    def _analysts_expect(self, trigger: Token) -> bool:
        """Whether analysts, not the company, say the move will come: an analyst is the subject of a verb on the
        trigger's chain, or the sentence reports it "according to" analysts."""
        done = [n for n in _chain(trigger) if n.pos_ in ("VERB", "AUX")][:2]
        if any(n.tag_ == "VBD" or any(c.lemma_ == "have" and c.dep_ == "aux" for c in n.children) for n in done):
            return False  # "TeraWulf has started keeping part of its production, a shift analysts had predicted"
        for node in _chain(trigger)[1:]:
            if node.dep_ == "relcl":
                break
            if any(c.dep_ == "nsubj" and c.lemma_.lower() in lexicon.ANALYSTS for c in node.children):
                return True
        return any(
            t.lemma_.lower() in lexicon.ANALYSTS and any(a.lower_ == "according" for a in t.ancestors)
            for t in self._sent(trigger)
        )

    def _of_the_halving(self, date: Span) -> bool:
        end = self._span_of(date).end
        return end < len(self.doc) and self.doc[end].lower_ in ("halving", "halvening")

    def _span_of(self, date: Span) -> Span:
        """ "between November 11 and November 17", which the NER reads as two dates, as one phrase."""
        doc, start, end = self.doc, date.start, date.end
        if start > 0 and doc[start - 1].lower_ == "between":
            start -= 1
        if doc[start].lower_ != "between":
            return date
        if end < len(doc) and doc[end].lower_ == "and":  # "between November 11" + "and" + "November 17"
            end += 1
        if doc[end - 1].lower_ == "and" and end < len(doc) and doc[end].ent_type_ == "DATE":
            end = next((t.i for t in doc[end:] if t.ent_type_ != "DATE"), len(doc))
        return doc[start:end]

    # --- modality ------------------------------------------------------
    def _cues(self, trigger: Token) -> set[str]:
        cues = set()
        for node in _chain(trigger):
            if node != trigger:  # "sought Chapter 11 protection": the move's own verb is no cue
                cues.add(node.lemma_.lower())
            for child in node.children:
                if child.dep_ in ("aux", "auxpass", "advmod", "mark", "neg", "det", "amod") and child.i < trigger.i + 2:
                    cues.add(child.lemma_.lower())
        return cues

    def negated(self, trigger: Token) -> bool:
        """Whether the sentence denies, undoes or sets aside what ``trigger`` says: "no plans to sell",
        "ruled out selling", "withdrew its proposal to acquire", "rather than issue shares"."""
        sent = self._sent(trigger)
        denial = lexicon.DENIED_BEFORE.search(self.text, sent.start_char, sent.end_char)
        if denial and trigger.idx < denial.start():
            return True  # "Asked whether Bitfarms would sell the site, Morphy said it had no such plans"
        bid = False
        buying = trigger.lemma_.lower() in lexicon.TRIGGERS["Acquisition"][0] | lexicon.TRIGGERS["Acquisition"][1]
        for node in _chain(trigger):
            for child in node.children:
                if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                    return True
                if child.dep_ == "dobj" and child.lower_ in ("none", "nothing"):
                    return True  # "sold none of its Bitdeer shares"
                if node == trigger and child.dep_ == "acl" and child.lemma_.lower() in lexicon.DENIALS - {"reject"}:
                    return True  # "CleanSpark's offer for Greenidge lapsed": the parse hangs the verb on the noun
                if child.lower_ == "longer" and any(c.lower_ == "no" for c in child.children):
                    return True  # "no longer shows monthly bitcoin sales"
                if child.dep_ == "preconj" and child.lower_ == "neither":
                    return True  # "Neither Bitfarms nor Hut 8 added any hashrate"
                if child.dep_ == "nsubj" and any(c.lower_ == "neither" for c in child.children):
                    return True
                if child.lower_ == "yet" and node.lemma_.lower() in ("have", "be"):
                    return True  # "has yet to appoint a permanent chief financial officer"
                if child.dep_ == "advmod" and child.lower_ in lexicon.MISREPORTED and node.i < trigger.i:
                    return True  # "The story also said incorrectly that Hut 8 sold 1,000 bitcoin"
            if node.lemma_.lower() in lexicon.NEWS_WORDS and any(
                c.dep_ == "acomp" and c.lower_ in lexicon.UNTRUE for c in node.head.children
            ):
                return True  # "a newspaper report that it was preparing to file for bankruptcy was false"
            if node != trigger and node.pos_ == "NOUN" and node.lemma_.lower() in lexicon.ENDINGS:
                return True  # "the end of its attempt to buy chip designer Arm"
            if node.dep_ in ("pcomp", "pobj") and _instead(node.head):
                return True  # "by selling bitcoin instead of issuing shares", "rather than into mining"
            if node.dep_ == "conj" and any(c.dep_ == "cc" and _instead(c) for c in node.head.children):
                return True  # "to fund operations rather than issue shares"
            bid = bid or (buying and _is_bid(node))  # a bid to buy, not "a proposal to change the name"
            particle = lexicon.DENYING_PARTICLES.get(node.lemma_.lower())
            if particle and any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ == particle for c in node.children):
                return True  # "ruled out selling its bitcoin", "called off its acquisition of Bitfarms"
            if node.dep_ == "prep" and (
                node.lower_ in lexicon.CIRCUMSTANCE_PREPS
                or node.lower_ == "on"
                and any(c.lemma_.lower() in lexicon.NEWS_WORDS for c in node.children)
            ):
                break  # "dropped its guidance after selling 500 BTC", "fell on news that it will acquire"
            if node != trigger and node.lemma_.lower() in lexicon.DENIALS:
                # a bid was made whatever the target's board says of it; one withdrawn was not
                return not (bid and node.lemma_.lower() == "reject")
            if node.dep_ in ("conj", "advcl") and not _shares_negation(node):
                break  # "did not buy any miners, but it purchased 500 acres": a clause of its own
        return False

    def _modality(self, trigger: Token, move_type: str) -> str:
        if trigger.lemma_.lower() in lexicon.WEIGHING:
            return "speculative"  # "is evaluating whether its data centers could host AI": an option weighed
        cues = self._cues(trigger)
        verb = _verb_of(trigger) or trigger
        if cues & lexicon.SPECULATIVE - {"would"} or any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
            for c in verb.children
        ):
            return "speculative"  # "would consider buying a rival", "would sell the plant if it received an offer"
        changed = any(c.lower_ == "longer" for c in trigger.children)  # "will no longer hold": a change to come
        if move_type == "TreasuryPolicy" and not cues & lexicon.ADOPTING and not changed:
            # in force once stated: "will keep every bitcoin it mines", "intends to keep those coins"; not "will adopt"
            # not "intends to begin retaining"
            begun = any(t.lemma_.lower() in ("begin", "start") for t in (*_chain(trigger), *trigger.subtree))
            kept = trigger.lemma_.lower() in ("keep", "hold", "retain") and not begun
            cues -= {"will", "shall"} | ({"intend", "aim"} if kept else set())
        if "would" in cues and cues & lexicon.REPORTING:
            return "planned"  # "said it would sell": a reported plan
        if "would" in cues or any(t.lower_ == "whether" and t.i < trigger.i for t in self._sent(trigger)):
            return "speculative"  # every other speculative cue returned above
        if any(  # "is nearing a deal to lease 250 MW"; not "nearing completion of its acquisition"
            n.lemma_.lower() == "near"
            and any(c.dep_ == "dobj" and c.lemma_.lower() in ("deal", "agreement") for c in n.children)
            for n in _chain(trigger)
        ):
            return "speculative"
        if any(n.lemma_.lower() in lexicon.UNDER_WAY and n.tag_ == "VBG" for n in _chain(trigger)):
            return "speculative"  # "is negotiating a 300 MW lease"; not "negotiated and signed"
        if self._analysts_expect(trigger):
            return "speculative"  # "analysts at Needham expect CleanSpark to sell", "..., according to analysts"
        if cues & lexicon.PLANNED or any(_is_bid(node) for node in _chain(trigger)) or _building(trigger):
            return "planned"  # "plans to sell"; "offered to buy", "an unsolicited bid for Bitfarms"
        return "asserted"

    # --- triggers ------------------------------------------------------
    def _trigger_type(self, token: Token) -> str | None:
        lemma = token.lemma_.lower()
        if lemma not in lexicon.TRIGGER_WORDS and token.lower_ not in lexicon.TRIGGER_WORDS:
            return None
        # a gerund in a noun's slot ("closed a notes offering") is read as the noun
        is_noun = token.pos_ in ("NOUN", "PROPN") or token.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass")
        is_verb = token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound") and not is_noun
        if is_verb and lemma == "become" and self._renamed(token):
            return "Rebrand"
        if lemma in _ONLY_WHEN:
            move_type, holds = _ONLY_WHEN[lemma]
            return move_type if is_verb and holds(token) else None
        if lemma in ("know", "call", "operate", "trade"):
            # "known as Iris Energy until late 2024", "which operated as HIVE Blockchain until 2023", "the merged
            # company now trades on Nasdaq as Hut 8 Corp."; not "Riot shares trade as a proxy for bitcoin"
            if is_verb and (self._formerly_named(token) or lemma == "trade" and self._trades_as(token)):
                return "Rebrand"
            if lemma in ("know", "call") or any(c.lower_ == "as" for c in token.children):
                return None
        if is_verb and _takes_a_name(token):
            return "Rebrand"  # "took its current name in January", "has taken the Gryphon Digital Mining name"
        if is_verb and lemma == "become" and _becomes_a_business_in_a_sector(token):
            return "StrategicPivot"  # "is becoming an AI infrastructure company"
        if is_verb and lemma in ("add", "sign") and _under_a_contract(token):
            return "CommercialAgreement"  # "added another 200 MW of critical IT under new Fluidstack agreements"
        if is_verb and lemma == "take" and _takes_capacity(token):
            return "CommercialAgreement"  # "took 24 MW of colocation space", "took up its option on another 260 MW"
        if is_verb and (_takes_stake(token) or lemma == "take" and (_takes_control(token) or _takes_private(token))):
            return "Acquisition"  # "built a 9.25% stake in Bitfarms": a purchase of equity; "take control of"
        if (
            is_verb
            and lemma in lexicon.COMBINING
            and any(o.lemma_.lower() in lexicon.UNITS_OF_A_COMPANY for o in _objects_of(token, "into"))
        ):
            return "Restructuring"  # "merging Google Brain and DeepMind into a single unit"
        if is_verb and lemma in ("expand", "grow") and _names_a_sector(_after(token, "into")):
            return "StrategicPivot"  # "expanded into AI computing": a new line; not "expanded into Paraguay"
        if is_verb and lemma in lexicon.OTHER_SENSES:
            other, words = lexicon.OTHER_SENSES[lemma]
            particle = lexicon.SENSE_PARTICLES.get(lemma)
            if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
                pass  # "rent GPU servers from CoreWeave" is a deal; only "rent out" is the other sense
            elif words & _object_words(token):  # "tap its ATM program", not "tapped a Credit Suisse banker"
                return other
        if is_noun:  # the word as written first: "offering" is a raise, its lemma "offer" a bid
            for move_type, (_verbs, nouns) in lexicon.TRIGGERS.items():
                if token.lower_ in nouns:
                    return move_type
        for move_type, (verbs, nouns) in lexicon.TRIGGERS.items():
            if (is_verb and lemma in verbs) or (is_noun and lemma in nouns) or (lemma == "hodl" and lemma in verbs):
                return move_type
        return None

    def _impersonal(self, trigger: Token, move_type: str) -> bool:
        """A line of a company's own update that names no company: "3.4 EH/s of new miners were added",
        "Phase II is under construction", "GPUs on order"; not one about the network or the industry."""
        sent = self._sent(trigger)
        ordered = trigger.lemma_.lower() == "order"
        # "- Energized 4,800 new S21 Pro miners at Vega": a bullet whose verb has no subject
        bullet = (
            sent.text.lstrip().startswith(("-", "\u2022", "*"))
            and trigger.pos_ == "VERB"
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children)
        )
        if move_type not in lexicon.IMPERSONAL_TYPES and not ordered and not bullet:
            return False
        if not (
            ordered
            or bullet
            or trigger.lemma_.lower() == "construction"
            or any(c.dep_ == "nsubjpass" for c in trigger.children)
        ):
            return False
        return not self._companies_in(sent) and not any(t.lemma_.lower() in lexicon.INDUSTRY_WIDE for t in sent)

    def _refers_to_earlier(self, noun: Token, earlier: list[Move]) -> bool:
        """ "the Coatue partnership" after Coatue's investment: a deal named by its party, already a move."""
        if noun.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            return False
        compounds = [t for c in noun.children if c.dep_ == "compound" for t in c.subtree]
        parties = [m.counterparty for m in earlier if m.counterparty]
        named = {r.id for r in self._companies_in(compounds)} | {t.lower_ for t in compounds}
        # a name outside the registry is not linked by its first word: "Coatue" after "Coatue Management"
        return bool(named & ({p.id for p in parties} | {p.name.split()[0].lower() for p in parties}))

    def _renamed(self, verb: Token) -> bool:
        """ "HIVE Blockchain Technologies became HIVE Digital Technologies": one company, two names."""
        names = {
            dep: {r.id for r in self._companies_in(t for c in verb.children if c.dep_ == dep for t in c.subtree)}
            for dep in ("nsubj", "attr")
        }
        return bool(names["nsubj"] & names["attr"])

    def _formerly_named(self, verb: Token) -> bool:
        """ "IREN, known as Iris Energy until late 2024", "Applied Digital, which was called Applied Blockchain
        until last year": a name the company it describes gave up."""
        if verb.dep_ not in ("acl", "relcl") or not any(c.lower_ == "until" for c in verb.children):
            return False
        named = self._companies_in(t for c in verb.children if c.dep_ in ("prep", "oprd", "attr") for t in c.subtree)
        described = self._companies_in(verb.head.subtree if verb.dep_ == "acl" else [verb.head])
        return bool({r.id for r in named} & {r.id for r in described})

    def _trades_as(self, verb: Token) -> list[CompanyRef]:
        """The registry company a listing now trades as, when its subject is that company or a company not
        named ("Iris Energy now trades as IREN", "the merged company now trades on Nasdaq as Hut 8 Corp.")."""
        as_phrase = (t for c in verb.children if c.lower_ == "as" for t in c.subtree)
        named = [r for r in self._companies_in(as_phrase) if self.registry.get(r.id)]
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        subject_names = {r.id for s in subjects for r in self._companies_in(s.subtree)}
        same = bool(named) and subject_names <= {named[0].id} and bool(subjects)
        return named[:1] if same else []

    def _context_ok(self, token: Token, move_type: str) -> bool:
        """Whether the trigger, in its sentence, states a move of ``move_type``: the context the type
        requires is there, and no guard of the type, nor any guard of every type, reads it otherwise."""
        scope = self._scope(token, move_type)
        if scope is None or not self._required_context(token, move_type, scope):
            return False
        if move_type == "CapitalRaise" and token.pos_ != "VERB" and not self._raised_here(token):
            return False
        if any(guard(token) for guard in (*_NOT_A_MOVE.get(move_type, ()), *_NOT_A_MOVE_OF_ANY_TYPE)):
            return False
        return not self._bare_noun(token)

    def _scope(self, token: Token, move_type: str) -> list[Token] | None:
        """The words that must hold the type's required context; None for a construction that is no move."""
        if token.lemma_.lower() == "construction":
            if token.head.lower_ == "under":  # "is under construction"
                return list(token.head.head.subtree)
            if token.dep_ == "dobj" and token.head.lemma_.lower() in ("complete", "finish"):
                return list(token.head.subtree)  # "completed construction of its 300 MW facility"
            return None  # "to pay for construction" is no expansion
        return list(token.subtree if move_type in ("CapacityExpansion", "CapacityReduction") else self._sent(token))

    def _required_context(self, token: Token, move_type: str, scope: list[Token]) -> bool:
        """The words the type needs in ``scope`` (a capital raise: a figure or a financing word), and the words
        some triggers need in their own phrase (their sense); an ``OTHER_SENSES`` reading checked its own."""
        lemma = token.lemma_.lower()
        trigger_needs = lexicon.TRIGGER_NEEDS.get(lemma)
        if trigger_needs and lexicon.OTHER_SENSES.get(lemma, (None,))[0] != move_type:
            # a relative clause's noun is its object: "the WhiteFiber name, which Bit Digital adopted"
            phrase = [*token.subtree, token.head] if token.dep_ == "relcl" else token.subtree
            if not trigger_needs & _words_of(phrase):
                return False
        needed = lexicon.REQUIRED_CONTEXT.get(move_type)
        if not needed:
            return True
        words = _words_of(scope)
        inside = {t.i for t in scope}
        units = {q._.amount.unit for q in self._quantities_in(self._sent(token)) if q.start in inside}
        found = needed & words or needed & {u.lower() for u in units} or ("$" in needed and "USD" in units)
        if move_type == "TreasuryPolicy":  # "holding all it mines", "its policy of converting output to cash"
            found = found or _holds_its_output(token) or _output_policy(token)
        if move_type == "Rebrand" and token.lemma_.lower() == "trade":  # "now trades on Nasdaq as Hut 8 Corp."
            found = found or bool(self._trades_as(token))
        if move_type == "CommercialAgreement" and token.lemma_.lower() == "host":  # "to host Tether's mining rigs"
            found = found or any(
                lexicon.ASSETS.get(h.lemma_.lower()) in ("MiningRigs", "GPUs")
                and any(c.dep_ == "poss" for c in h.children)
                for h in _object_heads(token)
            )
        return bool(found)

    def _bare_noun(self, token: Token) -> bool:
        """A trigger noun with no argument of its own and no figure in the sentence, or one that points
        back ("this pivot"): it names a move, it does not state one."""
        if not (token.pos_ in ("NOUN", "PROPN") or token.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass")):
            return False
        if {c.lower_ for c in token.children if c.dep_ == "det"} & {"this", "that", "these", "those"}:
            return True  # anaphoric: "this pivot" refers to a move already stated
        phrase = token.head if token.dep_ == "compound" else token  # "proposed a restructuring plan"
        has_argument = (
            any(c.dep_ in ("prep", "poss", "compound", "relcl") for c in phrase.children if c != token)
            or bool(self._companies_in(token.head.children))
            or _refers_back(token)
        )
        return not has_argument and not self._quantities_in(self._sent(token))

    def _raised_here(self, noun: Token) -> bool:
        """A financing noun is a raise when it carries its amount ("a new $35 million loan") or a verb
        of raising governs it ("closed a notes offering"), not in "defaults on its loans"."""
        if any(noun.left_edge.i <= q.start <= noun.right_edge.i for q in self.quantities):
            return True
        head = noun.head  # up through prepositions and nouns to the verb: "closed a project financing facility",
        # "offering" is a noun even where the parse makes it a verb ("upsized its notes offering to $1 billion")
        while (
            head.pos_ not in ("VERB", "AUX") or head.lower_ == "offering"
        ) and head.head.i != head.i:  # "obtained $3.2 billion in debt financing"
            head = head.head
        return head.lemma_.lower() in lexicon.RAISE_VERBS

    def _stake_named(self, trigger: Token) -> CompanyRef | None:
        """A company the NER missed, named after its stake: "a 70% stake in Whinstone"; not "a majority
        interest in Barber Lake, a 250 MW site"."""
        for token in trigger.subtree:
            stake = token.lower_ == "in" and (token.head.dep_ == "dobj" or token.head.lemma_.lower() == "stake")
            control = token.lower_ == "of" and "control" in {token.head.lemma_.lower(), *_object_words(token.head)}
            if stake or control:  # "a 70% stake in Whinstone", "take control of Adecoagro"
                for name in (p for p in token.children if p.dep_ == "pobj" and p.pos_ == "PROPN"):
                    if any(_asset_named(c) for c in name.children if c.dep_ == "appos"):
                        return None
                    words = [c for c in name.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [name]
                    text = " ".join(t.text for t in words)
                    return self.ref_of(mint_id(text), text)
        return None

    def _in_a_quantity(self, token: Token) -> bool:
        return any(q.start <= token.i < q.end for q in self.quantities)  # "200 MW": no company named "MW"

    def _quantities_in(self, sent: Span) -> list[Span]:
        return [q for q in self.quantities if sent.start <= q.start < sent.end]

    def moves(self) -> list[Move]:
        found: list[Move] = []
        stated: dict[int, list[Move]] = {}  # each trigger's moves, found once (a noun asks for its verb's first)

        def moves_at(token: Token, move_type: str) -> list[Move]:
            if token.i not in stated:
                stated[token.i] = self._moves_at(token, move_type, found)
            return stated[token.i]

        for sent in self.sentences:
            if _in_boilerplate(sent, self.text):
                continue
            triggers = [(t, self._trigger_type(t)) for t in sent]
            triggers = [
                (t, kind)
                for t, kind in triggers
                if kind and self._context_ok(t, kind) and (not self.negated(t) or _policy_changed(t, kind))
            ]
            verbs = [(t, kind) for t, kind in triggers if t.pos_ in ("VERB", "AUX")]
            verbal = {kind for _, kind in verbs}
            at = {t.i: kind for t, kind in triggers}
            for token, move_type in triggers:
                if token.pos_ == "NOUN" and any(kind == move_type and moves_at(verb, kind) for verb, kind in verbs):
                    continue  # "invested $100 million ... through a private placement": the verb's move
                if token.pos_ == "NOUN" and any(at.get(head.i) == move_type for head in _noun_phrase_heads(token)):
                    continue  # "an offering of convertible notes, including $150 million ...": the offering's move
                if move_type == "CommercialAgreement" and _part_of_another_deal(token, triggers, at, verbal):
                    continue
                if move_type == "CommercialAgreement" and any(
                    n.lemma_.lower() in lexicon.WEIGHING and at.get(n.i) == "StrategicPivot" for n in _chain(token)
                ):
                    continue  # "evaluates leasing up to 600 MW to AI tenants": the use weighed is the pivot
                if _the_deal_again(token) and {kind for _, kind in triggers} & lexicon.DEALS:
                    continue  # "upsized its notes offering ... and priced the deal": the deal is the offering
                found.extend(moves_at(token, move_type))
        # an article about airlines or grocers: moves between organisations outside the registry are dropped
        known = [m for m in found if self._in_registry(m.actor) or self._in_registry(m.counterparty)]
        if len(known) < len(found) and not any(t.lower_ in lexicon.INDUSTRY_WORDS for t in self.doc):
            found = known
        return self._mirrored(_merge(found))

    def _makers_named(self, trigger: Token) -> list[Span]:
        """The companies that name what a trigger's object is: "Bitmain" in "60,000 Bitmain Antminer S21 miners"."""
        objects = [c for c in trigger.children if c.dep_ == "dobj"]
        spans = {self.company_at[t.i] for o in objects for t in o.subtree if t.i in self.company_at}
        return sorted(spans, key=lambda e: e.start)

    def _in_registry(self, ref: CompanyRef | None) -> bool:
        return ref is not None and self.registry.get(ref.id) is not None

    def _moves_at(self, trigger: Token, move_type: str, earlier: list[Move]) -> list[Move]:
        sent = self._sent(trigger)
        if move_type == "TreasuryPolicy" and (
            any(c.dep_ == "xcomp" for c in trigger.children) or _reports_a_holding(trigger)
        ):
            return []  # "keeps selling", "held off buying", "held 9,106 BTC": not a holding policy
        growing = trigger.lemma_.lower() in {"expand", "grow"}
        if growing and self._sector(sent, {"AI", "HPC"}) and not self._amount(trigger, move_type):
            move_type = "StrategicPivot"  # "expanding its AI cloud service"
        if move_type == "CommercialAgreement" and self._refers_to_earlier(trigger, earlier):
            return []  # "the Coatue partnership will help it ...": the investment already stated
        actors, passive, by_syntax = self._actors(trigger)
        if move_type == "Rebrand" and trigger.lemma_.lower() == "trade":
            actors = self._trades_as(trigger) or actors  # the name it now trades as
        if move_type == "LeadershipChange" and not by_syntax:  # the subject is a person: "Wall stepped down"
            actors = self._companies_in(sent)[:1] or ([self.main] if self.main else [])
        if not actors and self.main and self._impersonal(trigger, move_type):
            actors = [self.main]  # a company's own update: "- 3.4 EH/s of new miners were added in March"
        if not actors:
            return []
        asset, asset_at = self._asset(trigger)
        if _takes_stake(trigger) and not _takes_control(trigger):  # "built a 9.25% stake", "a stake of 5.4%"
            move_type, asset = "AssetPurchase", "Equity"
        if move_type == "AssetSale" and asset in ("Equity", "ConvertibleNotes", "Debt", None) and _own_shares(trigger):
            move_type = "CapitalRaise"  # "funded by selling 13.6 million class A shares", "sell more convertible notes"
        expanded = {t.lemma_.lower() for c in trigger.children if c.dep_ == "dobj" for t in c.subtree}
        if (
            move_type == "StrategicPivot"
            and trigger.lemma_.lower() in ("move", "transfer")
            and any(
                t.lemma_.lower() == "subsidiary" or t.i in self.company_at
                for p in trigger.children
                if p.lower_ == "into"
                for t in p.subtree
            )
        ):  # "moving its bitcoin mining operations into a majority-owned subsidiary", "into American Bitcoin"
            move_type = "Restructuring"
        deal = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]  # "inked a financing deal"
        if (
            move_type == "CommercialAgreement"
            and {c.lemma_.lower() for n in deal for c in n.children if c.dep_ in ("compound", "amod")}
            & lexicon.DEBT_WORDS
        ):
            move_type, asset = "CapitalRaise", "Debt"  # "a $200 million credit agreement with Two Prime"
        if move_type == "CapacityExpansion" and expanded & lexicon.DEBT_WORDS:
            move_type, asset = "CapitalRaise", "Debt"  # "expanded its credit facility to $200 million"
        elif move_type == "CapacityExpansion" and expanded & lexicon.TRIGGERS["CommercialAgreement"][1]:
            move_type = "CommercialAgreement"  # "expanded its contracts with CoreWeave by 112 MW"
        if move_type == "AssetSale" and _sells_its_output(trigger):
            move_type, asset = "TreasuryPolicy", "Bitcoin"
        if (
            move_type in ("Acquisition", "AssetPurchase")
            and asset == "Bitcoin"
            and _a_habit_begun(trigger)
            and not self._amount(trigger, "AssetPurchase", asset)
        ):
            move_type = "TreasuryPolicy"  # "resumed buying bitcoin for its treasury", "intends to keep buying bitcoin"
        counterparty = self._counterparty(trigger, actors, passive)
        if move_type == "AssetSale" and counterparty is not None and _company_bought(trigger) is not None:
            # "approved the sale of the company to Bitdeer": the buyer acquires the seller
            move_type, actors, counterparty, asset = "Acquisition", [counterparty], actors[0], None
        host = self._companies_in(_after(trigger, "of"))
        if move_type == "CommercialAgreement" and trigger.lemma_.lower() in lexicon.CLIENT_NOUNS and host:
            actors, counterparty = host[:1], actors[0]  # "Argo became a hosting customer of Bitdeer": Bitdeer hosts
        spun_from = self._companies_in(_after(trigger, "from"))
        if move_type == "Restructuring" and trigger.lemma_.lower() == "spin" and spun_from:
            actors, counterparty = spun_from[:1], actors[0]  # "It was spun off from Bitmain in 2021": Bitmain's
        if move_type == "CapitalRaise" and (borrowers := self._raised_by_another(trigger)):
            actors, counterparty = borrowers, actors[0]  # "Galaxy extended a $40 million loan to Greenidge"
        elif move_type == "CapitalRaise" and trigger.lemma_.lower() == "lend":
            return []  # "Galaxy Digital, which has lent money to several miners": the lender raises nothing
        if move_type == "AssetSale" and counterparty and any(c.lower_ == "itself" for c in trigger.children):
            move_type, actors, counterparty = "Acquisition", [counterparty], actors[0]  # "sold itself to CleanSpark"
        if trigger.lemma_.lower() == "invest":  # "Tether invested $100 million in Bitdeer": Bitdeer raised it
            # "in Bitdeer", also where the parse hangs it on the amount ("$150 million in the company")
            invested_in = _after(trigger, "in") + [
                t for c in trigger.children if c.dep_ == "dobj" for t in _after(c, "in")
            ]
            investees = self._companies_in(invested_in) or [  # "X said Tether invested in the company": X
                ref
                for t in invested_in
                if self._is_anaphor(t) and (ref := self._reporter_above(trigger) or self.antecedent(t))
            ]
            if not investees and _takes_control(trigger) and (target := self._stake_named(trigger)):
                investees = [target]  # "invested $200 million for a majority stake in Blackrock Neurotech"
            if not investees:
                return []  # "invested its own funds in 30,000 new miners": spending, not a raise
            if _takes_control(trigger):  # "invested $200 million for a majority stake in": a takeover
                move_type, asset, counterparty = "Acquisition", None, investees[0]
            elif self._in_registry(actors[0]) and not any(self._in_registry(i) for i in investees):
                # "Nvidia agreed to invest $5 billion in Intel": the registry company's stake in another
                move_type, asset, counterparty = "AssetPurchase", "Equity", investees[0]
            else:
                actors, counterparty = investees, actors[0]
        if move_type == "Acquisition":
            if counterparty is None and len(actors) > 1 and trigger.lemma_.lower() in lexicon.COMBINING:
                # "Hut 8 and USBTC agreed to combine"; not "CleanSpark and Riot each bought miners"
                actors, counterparty = actors[:1], actors[1]
            target_at = self._position(counterparty, sent) if counterparty else None
            owner_of_asset = (  # "Mawson's mining campus", "MicroBT machines": the company only owns or makes it
                target_at is not None and self._owns_what_is_bought(self.company_at[target_at], trigger)
            )
            if target_at is not None and self.company_at[target_at].root.head.lemma_.lower() in ("share", "stock"):
                move_type, asset = "AssetPurchase", "Equity"  # "bought Bitfarms shares worth $10 million"
            paid = (
                trigger.lemma_.lower() == "pay"
                and target_at is not None
                and target_at not in {t.i for t in _after(trigger, "for")}
            )  # "paid Bitmain $100 million for 30,000 miners": Bitmain is paid, the miners bought
            seller = (
                paid
                or target_at is not None
                and (  # "bought miners from Bitmain", "its option with Bitmain"
                    self.company_at[target_at].root.head.lower_ == "from"
                    or self.company_at[target_at].root.head.lower_ == "with"
                    and trigger.lemma_.lower() not in lexicon.COMBINING
                )
            )
            company_first = (
                counterparty is not None
                and not owner_of_asset
                and not seller
                and (asset_at is None or target_at is None or target_at < asset_at or _takes_control(trigger))
            )
            if counterparty is None and _takes_control(trigger):  # "a 70% stake in Whinstone"
                counterparty = self._stake_named(trigger)
                company_first = counterparty is not None
            bought = _company_bought(trigger) if not company_first else None
            if bought is not None:  # "a West Texas data center developer", "chip designer Desiweminer"
                asset = None
                if bought.pos_ == "PROPN":  # the company bought, not one it is bought from
                    start = bought.i  # the name's own words: "Whinstone US" of "Rockdale operator Whinstone US"
                    while start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].head.i >= start:
                        start -= 1
                    name = self.doc[start : bought.i + 1].text
                    counterparty = self.ref_of(mint_id(name), name)
            elif not company_first or trigger.lemma_.lower() == "order":  # machines are ordered, companies not
                if asset not in lexicon.PURCHASABLE and not _power_bought(trigger):
                    return []
                move_type = "AssetPurchase"
        if move_type == "AssetPurchase" and counterparty is None and asset == "MiningRigs":
            # "agreed to buy 60,000 Bitmain Antminer S21 miners": bought from their maker
            counterparty = next(
                (
                    self.ref_of(e.kb_id_)
                    for e in self._makers_named(trigger)
                    if self.category_of(self.ref_of(e.kb_id_)) == "hardware"
                ),
                None,
            )
        if move_type in ("Acquisition", "AssetPurchase") and _power_bought(trigger):
            move_type, asset = "CommercialAgreement", "PowerCapacity"  # a power purchase agreement
        asset = lexicon.FIXED_ASSET.get(move_type, asset)
        if move_type == "CapitalRaise":
            asset = self._security_raised(trigger) or asset
        if move_type == "TreasuryPolicy" and any(t.lower_ in lexicon.OTHER_TOKENS for t in sent):
            asset = None  # "will make ether its primary treasury reserve asset"
        if move_type in lexicon.NO_COUNTERPARTY:
            counterparty = None
        # a pivot always has a target sector; other moves only when they are about AI or HPC
        sector = self._sector(sent, lexicon.PIVOT_SECTORS if move_type == "StrategicPivot" else {"AI", "HPC"})
        if move_type == "CapacityReduction":  # what is cut is mining, whatever the sentence turns to
            sector = self._sector(sent, {"BitcoinMining"}) or sector
        if move_type == "StrategicPivot" and sector is None:
            sector = next((m.sector for m in reversed(earlier) if m.type == move_type and m.sector), None)
            if not _refers_back(trigger) or sector is None:
                return []
        amount = self._amount(trigger, move_type, asset)
        asset = _conventional_asset(move_type, asset, amount)
        with_client = {self.category_of(counterparty), self.category_of(actors[0])} & lexicon.CLIENT_CATEGORIES
        sector = _conventional_sector(move_type, sector, asset, bool(with_client))
        modality = self._modality(trigger, move_type)
        if trigger.pos_ == "NOUN" and _policy_changed(trigger, move_type):
            modality = "asserted"  # "would not change its policy of ...", "abandoned its policy": a policy stated
        base = Move(
            type=move_type,
            actor=actors[0],
            evidence=evidence_for(sent, self.text),
            modality=modality,
            counterparty=counterparty,
            asset=asset,
            amount=amount,
            sector=sector,
            date=self._date(trigger, modality),
        )
        moves = [replace(base, actor=actor) for actor in actors if not counterparty or actor.id != counterparty.id]
        return [self._with_role(move, sent) for move in moves]

    def category_of(self, ref: CompanyRef | None) -> str | None:
        """The registry category of a company, None for a name outside the registry."""
        company = self.registry.get(ref.id) if ref else None
        return company.category if company else None

    def _provider_rank(self, ref: CompanyRef) -> int:
        """How likely a company is to host a deal's capacity: a miner or data center owner, then an AI
        cloud, then a hyperscaler, then anyone else."""
        return lexicon.PROVIDER_RANK.get(self.category_of(ref), 0)

    def _with_role(self, move: Move, sent: Span) -> Move:
        """Name the counterparty's role; a contract's provider is the actor, its client the counterparty."""
        if move.type == "CommercialAgreement" and move.counterparty is not None:
            # a deal between two named companies: the one more likely to host provides ("Microsoft signed a
            # deal with CoreWeave", "Oracle agreed to lease the campus from Crusoe")
            if self._provider_rank(move.counterparty) > self._provider_rank(move.actor):
                move = replace(move, actor=move.counterparty, counterparty=move.actor)
        elif move.type == "CommercialAgreement" and self.category_of(move.actor) in lexicon.CLIENT_CATEGORIES:
            # a client's deal: a host named in the sentence provides ("the Microsoft contract ... where IREN will
            # host"), else the article's main company ("CoreWeave has committed to 260 MW at Helios" in a Galaxy
            # article), else the host the article names most (a Core Scientific call that names CoreWeave more)
            hosts = [*self._companies_in(sent), self.main, *self.by_mentions]
            provider = next((c for c in hosts if self.category_of(c) in lexicon.PROVIDER_CATEGORIES), None)
            if provider is not None:
                move = replace(move, actor=provider, counterparty=move.actor)
        if move.counterparty is None:
            return move
        role = lexicon.ROLES.get(move.type, "partner")
        if move.type == "CapitalRaise" and move.asset in lexicon.DEBT_ASSETS:
            role = "lender"
        if (
            move.type in ("AssetPurchase", "AssetSale")
            and move.asset == "Equity"
            and move.counterparty.id in {r.id for t in sent if t.head.lower_ == "in" for r in self._companies_in([t])}
        ):
            role = "target"  # "a 9.25% stake in Bitfarms" bought or sold: the company invested in
        return replace(move, role=role)

    def _mirrored(self, moves: list[Move]) -> list[Move]:
        """A sale between two named parties is two moves: the seller's sale and the buyer's purchase.

        A stake bought "in Bitfarms" names the company invested in, not a seller: it has no mirror.
        """
        mirror = {"AssetSale": ("AssetPurchase", "seller"), "AssetPurchase": ("AssetSale", "buyer")}
        out = list(moves)
        present = {(m.type, m.actor.id) for m in moves}
        for move in moves:
            if move.type in mirror and move.counterparty is not None and move.role != "target":
                other, role = mirror[move.type]
                if (other, move.counterparty.id) not in present:
                    present.add((other, move.counterparty.id))
                    out.append(replace(move, type=other, actor=move.counterparty, counterparty=move.actor, role=role))
        return out

    # --- people -----------------------------------------------------------
    def people(self) -> list[Entity]:
        """People named in full, with the company and title the article gives them."""
        found: dict[str, Entity] = {}
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or len(ent) < 2 or not _NAME.fullmatch(ent.text) or ent[-1].is_upper:
                continue  # "Whinstone US" is a company the NER took for a person
            person_id = mint_id(ent.text)
            if person_id in found:
                found[person_id] = replace(found[person_id], mentions=found[person_id].mentions + 1)
                continue
            lower = self._sent(ent).text.lower()
            title = next((t for t in lexicon.TITLES if re.search(rf"\b{re.escape(t)}\b", lower)), None)
            companies = [c for c in self._companies_in(self._sent(ent)) if self.registry.get(c.id)]
            company = companies[0] if companies else (self.main if title else None)
            found[person_id] = Entity(
                person_id, ent.text, "Person", None, 1, company=company.id if company else None, title=title
            )
        return list(found.values())

    # --- context and peers ---------------------------------------------
    def context(self) -> list[Context]:
        found: dict[tuple, Context] = {}
        for token in self.doc:
            if token.lower_ in {"halving", "halvening"}:
                window = self.doc[max(token.i - 3, self._sent(token).start) : token.i + 1].text
                when = halving_date(window, self.doc._.published)
                evidence = evidence_for(self._sent(token), self.text)
                found.setdefault(("BitcoinHalving", when), Context("BitcoinHalving", when, evidence))
        return list(found.values())

    def peers(self) -> list[Peer]:
        if self.main is None:
            return []
        found: dict[str, Peer] = {}
        for token in self.doc:
            if token.lemma_.lower() in lexicon.PEER_WORDS:
                for ref in self._companies_in(t for t in self._sent(token) if t.i > token.i):
                    if ref.id != self.main.id and self.registry.get(ref.id):
                        found.setdefault(ref.id, Peer(self.main, ref, evidence_for(self._sent(token), self.text)))
        return list(found.values())


def _merge(moves: list[Move]) -> list[Move]:
    """One move per (type, actor, counterparty, modality, amount), arguments pooled.

    Later mentions of the same move ("the sale", "the company's pivot") fill
    arguments the first mention lacked; different amounts stay separate moves.
    """
    merged: list[Move] = []
    for move in moves:
        for i, kept in enumerate(merged):
            same = (kept.type, kept.actor.id, kept.modality) == (move.type, move.actor.id, move.modality)
            compatible = (
                kept.counterparty is None or move.counterparty is None or kept.counterparty == move.counterparty
            ) and (kept.amount is None or move.amount is None or kept.amount == move.amount)
            if same and compatible:
                merged[i] = replace(
                    kept,
                    counterparty=kept.counterparty or move.counterparty,
                    asset=kept.asset or move.asset,
                    amount=kept.amount or move.amount,
                    sector=kept.sector or move.sector,
                )
                break
        else:
            merged.append(move)
    return merged
