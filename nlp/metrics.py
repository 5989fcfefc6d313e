"""Company metrics in article text: bitcoin held, produced and sold, hashrate, power, AI/HPC capacity,
efficiency, GPUs, revenue by segment, cost to mine, utilisation.

Rules over the parse, one quantity at a time. The quantity's unit narrows the metric (EH/s is
hashrate, J/TH efficiency); cue words between it and the previous quantity of the sentence pick
among the rest ("produced 2,070 BTC", "held 26,747 BTC", "hosting revenue ... $142.1 million"). A
quantity with no cue, a deal's price or capacity being added ("will add 7.6 EH/s") is no
observation. The company is the subject of the verb that governs the quantity (an anaphor such as
"the company" or "its" resolves to the last company named), else a company named in the clause.
Guidance words ("expects", "target", "plans") make it guidance. The period comes from the phrase
qualifying the figure ("first-quarter revenue of"), else the time phrase after it, else before it,
else (for targets, flows and a stock's own clause) later in the sentence (:func:`nlp.dates.find_period`);
then from the sentence's previous figure, a table heading, or for a stock the publication date.
Guidance with no date is dropped. A table whose heading row names a period per column gives each
cell its column's period. :func:`with_targets` turns figures into moves: a target is a planned
expansion or lease, a figure of bitcoin sold an AssetSale.

>>> from nlp.extract import Extractor
>>> from nlp.types import Article
>>> text = ("MARA produced 2,070 BTC in October and held 26,747 BTC as of October 31, 2024. "
...         "It reiterated its target of 50 EH/s by year-end.")
>>> found = Extractor().extract(Article("x", text, published="2024-11-04")).metrics
>>> for m in found:
...     print(m.company.id, m.metric, m.value, m.unit, m.period, m.status)
mara BitcoinProduced 2070.0 BTC 2024-10 actual
mara BitcoinHeld 26747.0 BTC 2024-10-31 actual
mara Hashrate 50.0 EH/s 2024-12-31 guidance
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace
from functools import cached_property

from spacy.tokens import Span, Token

from nlp import lexicon
from nlp.dates import column_period, find_period, last_day, period_as_move_date
from nlp.moves import MoveFinder, evidence_for, first_person
from nlp.types import METRICS, STOCK_METRICS, Amount, CompanyRef, Metric, Move

# Cue words (lower-case lemmas or words) for a quantity in bitcoin, nearest first wins; None: no metric.
_BTC_CUES = {
    **dict.fromkeys(
        ("produce", "produced", "production", "mine", "mined", "self-mined", "output", "earn", "earned"),
        "BitcoinProduced",
    ),
    **dict.fromkeys(
        ("hold", "held", "holding", "holdings", "treasury", "balance", "hodl", "leave", "reserve"), "BitcoinHeld"
    ),
    **dict.fromkeys(("sell", "sold", "sale", "sales"), "BitcoinSold"),
    **dict.fromkeys(
        ("buy", "bought", "purchase", "acquire", "acquired", "price", "worth", "add", "added", "reward", "rewards"),
        None,
    ),
}
_REVENUE = {"revenue", "revenues"}
_SEGMENTS = (  # words next to "revenue" -> segment metric, first match wins
    (("hosting",), "HostingRevenue"),
    (("ai", "hpc", "cloud", "gpu", "gpus", "colocation", "compute", "computing", "gpu-as-a-service"), "AIHPCRevenue"),
    (("mining", "self-mining"), "MiningRevenue"),
)
_COST_TO_MINE = re.compile(
    r"\bcost\s+(?:to\s+(?:mine|produce)|of\s+(?:mining|producing|production)|per\s+(?:bitcoin|coin|BTC))\b"
    r"|\b(?:cash|all-in|production)\s+costs?\b",
    re.I,
)
_REVENUE_METRICS = {"Revenue", "MiningRevenue", "HostingRevenue", "AIHPCRevenue"}
# Words that may qualify "revenue" without naming a segment: "total revenue", "fourth-quarter revenue".
_PLAIN_REVENUE = re.compile(
    r"(?:total|net|gross|quarterly|annual|record|monthly|consolidated|overall|reported|its|their|the|our|"
    r"first|second|third|fourth|full|half|fiscal|nine|six|twelve|trailing|interim|preliminary|unaudited|"
    r"[\w-]*quarter[\w-]*|[\w-]*year[\w-]*|[\w-]*month[\w-]*)$",
    re.I,
)
_NOT_PERIOD_REVENUE = {"cumulative", "lifetime", "backlog", "worth", "values", "valued"}  # a contract's total
_UTILISATION = {"utilisation", "utilization", "uptime", "utilised", "utilized"}
_AI_WORDS = {"ai", "hpc", "gpu", "gpus", "cloud", "coreweave", "colocation", "critical"}
_CONTRACT_WORDS = {"contract", "contracted", "lease", "leased", "leases", "colocation", "contracts"}
# Power that is not the company's operating capacity: a grid connection, an approval, a pipeline.
_NOT_CAPACITY = {
    "interconnection", "grid", "approved", "pipeline", "secured", "development", "planned", "expansion",
    "construction", "access", "talks",
}  # fmt: skip
# A power figure is the company's capacity only when the text says so.
_CAPACITY = {
    "capacity", "operating", "operate", "operational", "energize", "energized", "energised", "installed",
    "online", "load", "generation", "used", "running", "run", "power", "combined", "total",
}  # fmt: skip
_ADDITION = {"further", "add", "adding", "added", "another", "additional", "new"}
_DEAL = {"acquire", "buy", "purchase", "sell", "agree", "agreement", "deal", "bid", "merger"}
_GUIDANCE = {
    "expect", "target", "targets", "aim", "plan", "forecast", "project", "anticipate", "guidance", "goal",
    "outlook", "would", "will", "intend", "track", "seek", "schedule", "should", "targeted", "see", "sees",
    "expected", "planned", "projected", "forecasted", "guided",
}  # fmt: skip
_NETWORK = {"network", "difficulty"}
# Figures of no record: hypotheticals, conjecture, what a correction withdraws.
_NOT_OF_RECORD = {
    "if", "unless", "hypothetically", "may", "might", "could", "eventually", "incorrectly", "erroneously", "wrongly",
}  # fmt: skip
_FINITE = {"VBD", "VBZ", "VBP", "MD"}  # a finite verb starts a new statement
_NOW = {"now", "currently", "today"}
# a stock's own date after "now": "currently holds 26,747 BTC as of October 31"
_AS_OF = re.compile(r"\bas\s+(?:of|at)\b|\bend\s+of\b", re.I)
_NOT_REPORTERS = {"hardware", "hyperscaler"}
_TENANTS = lexicon.CLIENT_CATEGORIES  # rent AI capacity from hosts
_HOSTS = {"miner", "datacenter", "investor", "energy", "exchange", "other"}  # may host them
_ANAPHORS = {"company", "firm", "miner", "it", "its", "group", "we", "our", "management"}
# "up from $18.4 million a year earlier": the same metric, an earlier period
_COMPARED = {"from", "versus", "vs", "vs.", "against", "compared"}
_HEDGES = {"about", "approximately", "roughly", "nearly", "around", "some", "almost", "than", "more", "over"}
# "brought in US$7.3 million over the same period": the period of the figure before (not "a year earlier")
_SAME_PERIOD = re.compile(
    r"^\W*(?:\w+\s+){0,3}?(?:over|in|for|during)\s+the\s+same\s+(?:period|quarter|months?|time)\b"
    r"(?!\s+(?:a\s+year|last\s+year|(?:of|in)\s+(?:the\s+)?(?:prior|previous|last)|(?:of|in)\s+(?:19|20)\d\d))",
    re.I,
)
_SEQUENTIAL = re.compile(r"\bsequential(?:ly)?\b|\b(?:prior|previous|preceding)\s+quarter\b", re.I)
_EARLIER = re.compile(
    r"\ba\s+year\s+(?:earlier|ago|before)\b|\byear[\s-]over[\s-]year\b|\b(?:the\s+)?(?:prior|previous)\s+(?:fiscal\s+)?year\b",
    re.I,
)


def _words(tokens) -> list[str]:
    return [t.lower_ for t in tokens] + [t.lemma_.lower() for t in tokens]


class MetricFinder:
    """Finds metric observations in one parsed Doc with linked company mentions and quantities."""

    def __init__(self, finder: MoveFinder):
        doc, registry, company_at = finder.doc, finder.registry, finder.company_at
        self.finder = finder  # its anaphora resolution ("the Denver-based miner")
        self.doc = doc
        self.registry = registry
        self.company_at = {  # a GPU maker or a cloud giant named beside a miner's figure is not its subject
            i: ent
            for i, ent in company_at.items()
            if (company := registry.get(ent.kb_id_)) and company.category not in _NOT_REPORTERS
        }
        self.sentences = finder.sentences
        self.main = finder.main
        self.quarter: str | None = None  # the quarter the article last named, for "the quarter"
        self.year: str | None = None  # the year it last named, for "for the year"
        self.used_until = 0  # where the last time phrase taken from after a figure ends (a character offset)
        self.as_of: str | None = None  # the day a table's heading gives its figures
        self.heading: str | None = None  # the month, quarter or year a heading gives
        self.last_flow_period: str | None = None  # the period of the last flow, for "over the same period"

    @cached_property
    def about_ai(self) -> bool:
        """The article names AI tenants or GPUs (read once, when a power figure needs it)."""
        return any(t.lower_ in _AI_WORDS for t in self.doc)

    def _fiscal_end(self, company: CompanyRef | None) -> int:
        """The month ``company``'s fiscal year ends (December when unknown)."""
        known = self.registry.get(company.id) if company is not None else None
        return known.fiscal_year_end if known is not None else 12

    def _ref(self, ent: Span) -> CompanyRef:
        return self.finder.ref_of(ent.kb_id_, ent.text)

    def _last_company_before(self, i: int) -> CompanyRef | None:
        """The last company named before token ``i``, or the main host over it (:meth:`_main_over`)."""
        for j in range(i - 1, -1, -1):
            if j in self.company_at:
                ref = self._ref(self.company_at[j])
                return self._main_over(ref)
        return self.main

    def _main_over(self, ref: CompanyRef) -> CompanyRef:
        """The article's main host (:attr:`main_host`) over ``ref`` when ``ref`` rents capacity or makes
        hardware, or when the host is a miner and ``ref`` is not ("the company" in a Core Scientific
        article that just named CoreWeave, even one that names CoreWeave more often)."""
        company = self.registry.get(ref.id)
        host = self.main_host
        if company is None or company.category == "miner" or host is None:
            return ref
        if company.category in _TENANTS | {"hardware"} or self._category(host) == "miner":
            return host
        return ref

    @cached_property
    def main_host(self) -> CompanyRef | None:
        """The company named most often that rents no capacity (not an AI cloud, hyperscaler or hardware maker)."""
        hosts = (e.kb_id_ for e in self.doc.ents if (c := self.registry.get(e.kb_id_)) and c.category in _HOSTS)
        counts = Counter(hosts)
        return self.finder.ref_of(counts.most_common(1)[0][0]) if counts else None

    def _host_in(self, sent: Span, tenant: CompanyRef) -> CompanyRef | None:
        """A company in the sentence that hosts, when ``tenant`` only rents (an AI cloud or a hyperscaler)."""
        if self._category(tenant) not in _TENANTS:
            return None
        hosts = [c for c in self._companies(sent) if self._category(c) in _HOSTS]
        return hosts[0] if hosts else None

    def _category(self, ref: CompanyRef) -> str | None:
        return self.finder.category_of(ref)

    def _antecedent(self, anaphor: Token, sent: Span) -> CompanyRef | None:
        """What "the company", "it" or "the Denver-based miner" refers to, if it reports figures."""
        ref = self.finder.antecedent(anaphor)
        company = self.registry.get(ref.id) if ref else None
        if company is not None and company.category not in _NOT_REPORTERS:
            return self._main_over(CompanyRef(company.id, company.name, company.ticker))
        return self._last_company_before(sent.start)

    def _companies(self, tokens) -> list[CompanyRef]:
        found: dict[str, CompanyRef] = {}
        for t in tokens:
            if t.i in self.company_at:
                ref = self._ref(self.company_at[t.i])
                found.setdefault(ref.id, ref)
        return list(found.values())

    def _company(self, quantity: Span, sent: Span, before: list[Token]) -> CompanyRef | None:
        """The subject of the verb governing the quantity, else a company in the clause, else the last one named."""
        node: Token = quantity.root
        while node.head.i != node.i:
            node = node.head
            if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
                for child in node.children:
                    if child.dep_ in ("nsubj", "nsubjpass", "expl"):
                        if found := self._companies(child.subtree):
                            return found[0]
                        if anaphor := next((t for t in child.subtree if t.lower_ in _ANAPHORS), None):
                            return self._antecedent(anaphor, sent)
                    if child.dep_ == "poss" and (found := self._companies(child.subtree)):
                        return found[0]
        if found := self._companies(before):
            return self._main_over(found[-1])
        if found := self._companies(sent):
            return self._main_over(found[0])
        if speaking := next((t for t in sent if first_person(t)), None):
            return self._antecedent(speaking, sent)  # "Our sites run 286 MW for our hosting customers"
        return self._last_company_before(sent.start)

    def _metric(
        self, quantity: Span, before: list[Token], after: list[Token], sent: Span, earlier_revenue: bool = False
    ) -> str | None:
        unit = quantity._.amount.unit
        if any(_of_no_record(t) for t in before) or (before and before[-1].lower_ == "not"):
            return None  # "if it were to sell", "may eventually reach", "said incorrectly", "..., not 75 EH/s"
        words_before = _words(before)
        window = set(words_before) | set(_words(after[:4]))
        right_before = set(words_before[-3:]) | {t.lemma_.lower() for t in before[-3:]}
        if right_before & (_ADDITION - {"new"}):
            return None  # "a further 1,080 GPUs", "another 70 MW": an addition, not a level
        if "alone" in words_before or _counted_in(quantity, sent):
            return None  # "with Rockdale alone accounting for 700 MW", "Counting CoreWeave's 400 MW, ...": parts
        if any(_adds(t, quantity) for t in after[:6]):
            return None  # "3.4 EH/s of new miners were added" (not "..., Morphy added"): an addition
        if unit == "EH/s":
            if window & _NETWORK or right_before & _ADDITION:
                return None
            return "Hashrate"
        if unit == "J/TH":
            return None if window & {"rated", "rating", "model", "models", "spec"} else "FleetEfficiency"
        if unit == "units":
            gpus = "gpu" in quantity.text.lower() or window & {"gpu", "gpus"}
            return "GPUsDeployed" if gpus and not (set(words_before) & _DEAL) else None
        if unit == "%":
            return "Utilisation" if (window | set(_words(after))) & _UTILISATION else None
        if unit == "BTC":
            for token in list(reversed(before))[:8]:  # the nearest cue before the quantity
                for word in (token.lower_, token.lemma_.lower()):
                    if word in _BTC_CUES:
                        low, high = _clause(quantity)  # "...; Marathon has not sold any": another clause
                        heads = [t for t in (token, token.head) if low <= t.i < high]
                        negated = any(c.dep_ == "neg" for t in heads for c in t.children) or (
                            token.pos_ == "VERB" and self.finder.negated(token)  # "ruled out selling 1,400 BTC"
                        )
                        return None if negated else _BTC_CUES[word]
            for token in after[:6]:  # "Bitcoin mined: 379 BTC", "484 bitcoin mined"
                for word in (token.lower_, token.lemma_.lower()):
                    if word in _BTC_CUES:
                        return _BTC_CUES[word]
            return None
        if unit == "MW":
            everything = set(_words(sent))
            near = set(words_before) | set(_words(after[:7]))
            if near & _NOT_CAPACITY or right_before & _ADDITION or "up" in words_before[-2:]:
                return None
            if ("critical" in everything and "it" in everything) or (
                everything & _CONTRACT_WORDS
                and everything & _AI_WORDS
                or set(_words(after[:3])) & _CONTRACT_WORDS
                and self.about_ai
                and "hosting" not in near
            ):
                return "ContractedAICapacity"  # "750 MW under lease" in an article about AI tenants
            if set(words_before) & _DEAL or not near & _CAPACITY:
                return None
            return "PowerCapacity"
        if unit == "USD":
            clause = self.doc[before[0].i : quantity.start] if before else None
            if clause is not None and _COST_TO_MINE.search(clause.text):
                return "CostToMine"
            if window & _NOT_PERIOD_REVENUE:
                return None
            revenue = next((t for t in reversed(before) if t.lower_ in _REVENUE and _in_clause(t, quantity)), None)
            if revenue is None:
                revenue = next((t for t in after[:3] if t.lower_ in _REVENUE), None)
            if revenue is None:  # "its 2024 revenue rose 34% to $376.7 million": the subject of the figure's verb
                revenue = next((t for t in _subject(quantity, sent) if t.lower_ in _REVENUE), None)
            segment = self._segment(before, revenue)
            if revenue is None:
                # "of which bitcoin mining contributed $141.2 million": a segment of revenue named earlier
                named = any(t.lower_ in _REVENUE for t in sent if t.i < quantity.start) or earlier_revenue
                earned = {t.lemma_.lower() for t in before} & {"contribute", "generate", "bring"}
                return segment if (named or earned) and segment else None
            if _other_segment(revenue):
                return None  # "engineering revenue": a segment outside the list
            if segment is None and revenue.i > quantity.start:  # "brought in $3.9 million of revenue"
                segment = self._segment(list(self.doc[sent.start : quantity.start]), None)
            return segment or self._segment_referred(before) or "Revenue"
        return None

    def _segment(self, before: list[Token], revenue: Token | None) -> str | None:
        """The revenue segment the words before a figure (and around "revenue") name, if any."""
        tokens = list(before)
        if revenue is not None and (not before or revenue.i >= before[-1].i):
            tokens += list(self.doc[revenue.i : revenue.i + 6])
        words = {
            form
            for t in tokens
            if t.ent_type_ != "ORG"  # "Cipher Mining" is a name, not a segment
            for form in (t.lower_, t.lower_.strip("-"))
        }
        for cues, metric in _SEGMENTS:
            if words & set(cues):
                return metric
        return None

    def _segment_referred(self, before: list[Token]) -> str | None:
        """The segment a pronoun subject refers to: "Our HPC leasing business is growing. It contributed ..."."""
        pronoun = next((t for t in before if t.dep_ in ("nsubj", "nsubjpass") and _refers_back(t)), None)
        number = self.finder.sentence_of[pronoun.i] if pronoun is not None else 0
        if number == 0:
            return None
        previous = self.sentences[number - 1]
        subjects = [t for t in previous if t.dep_ in ("nsubj", "nsubjpass") and t.head == previous.root]
        if not subjects or subjects[0].lemma_.lower() not in _BUSINESS:
            return None  # "CleanSpark's mining operations expanded. It reported total revenue": the company's
        return self._segment(list(subjects[0].subtree), None)

    def _guidance(self, before: list[Token], quantity: Span) -> bool:
        words = set(_words(before))
        low, high = _clause(quantity)
        governing = {t.lemma_.lower() for t in quantity.root.ancestors if low <= t.i < high}
        return bool((words | governing) & _GUIDANCE)

    def metrics(self) -> list[Metric]:
        found: list[Metric] = []
        for sent in self.sentences:
            quantities = self._quantities(sent)
            if not quantities:  # "Balances at December 31, 2024": the date of the figures below it
                named = find_period(sent.text, self.doc._.published, stock=True)
                if named is not None and len(named[0]) == 10:
                    self.as_of = named[0]
                elif named is not None:  # "August 2023 production": the period of flows given without one
                    self.heading = named[0]
                continue
            in_sentence: list[Metric] = []
            for n, quantity in enumerate(quantities):
                start = quantities[n - 1].end if n else sent.start
                if start == sent.start and quantity.start - sent.start <= 1:
                    start = self._line_start(sent)  # the sentence holds the figure alone: its line's label
                end = quantities[n + 1].start if n + 1 < len(quantities) else sent.end
                before = list(self.doc[start : quantity.start])
                after = list(self.doc[quantity.end : end])
                rest = list(self.doc[quantity.end : sent.end])
                found_here = None
                same_unit = [m for m in in_sentence if m.unit == quantity._.amount.unit]
                if (cell := self._table_cell(quantity)) is not None:  # "Bitcoin mined (BTC) | 587 | 629"
                    row, label, column = cell
                    found_here = self._observation(quantity, row, label, [], [], in_sentence, column)
                elif _compares(before) and same_unit:  # "up 46% from 3,812 bitcoin in 2021": the last bitcoin figure
                    found_here = self._compared(quantity, quantities[n - 1], before, after, same_unit)
                else:
                    found_here = self._observation(quantity, sent, before, after, rest, in_sentence)
                if found_here is not None:
                    in_sentence.append(found_here)
            found.extend(in_sentence)
        return found

    @cached_property
    def _table_rows(self) -> list[tuple[int, int, list[str]]]:
        """(start, end, column periods) of each table row under a heading row of periods.

        The heading: "Metric | Oct-25 | Sep-25", or with outer pipes "| Metric | Oct-25 |"; a
        non-blank line without "|" ends the table. ``start`` is where the row's label begins.
        """
        rows, columns = [], None
        for line in re.finditer(r"[^\n]+", self.doc.text if "|" in self.doc.text else ""):
            start = line.start() + len(line.group()) - len(line.group().lstrip(" |"))  # past an outer pipe
            cells = line.group().strip().strip("|").split("|")
            periods = [column_period(cell) for cell in cells[1:]]
            if len(cells) < 2:
                columns = None
            elif all(periods):
                columns = periods
            elif columns is not None and len(periods) == len(columns):
                rows.append((start, line.end(), columns))
        return rows

    def _table_cell(self, quantity: Span) -> tuple[Span, list[Token], str] | None:
        """(the row, its label, the column's period) of a figure in a table with periods for columns."""
        at = quantity.start_char
        for start, end, columns in self._table_rows:
            if start <= at < end:
                column = self.doc.text.count("|", start, at)
                row = self.doc.char_span(start, end, alignment_mode="contract")
                label = self.doc.char_span(start, self.doc.text.index("|", start), alignment_mode="contract")
                if 1 <= column <= len(columns) and row is not None and label is not None:
                    return row, list(label), columns[column - 1]
        return None

    def _line_start(self, sent: Span) -> int:
        """Where the sentence's line starts: the parser may cut a table line ("Hashrate (EH/s): | 50")."""
        i = sent.start
        while i > 0 and "\n" not in self.doc[i - 1].text and "\n" not in self.doc[i - 1].whitespace_:
            i -= 1
        return i

    def _observation(self, quantity, sent, before, after, rest, earlier, column=None) -> Metric | None:
        """The observation a figure gives, if any; ``column``: the period its table column names."""
        earlier_revenue = bool(earlier) and earlier[-1].metric in _REVENUE_METRICS
        metric = self._metric(quantity, before, after, sent, earlier_revenue)
        if metric is None:
            return None
        company = self._company(quantity, sent, before)
        if company is None:
            return None
        if metric == "ContractedAICapacity":  # the host reports it: "At Galaxy's Helios campus, CoreWeave has ..."
            company = self._host_in(sent, company) or self._main_over(company)
        elif metric in _REVENUE_METRICS:
            company = self._main_over(company)  # the host reports it, not its tenant ("for CoreWeave's GPUs $8.5m")
        guidance = self._guidance(before, quantity) or (
            # "... expects to lift it to 10.2 EH/s, at a fleet efficiency of 19.9 J/TH": the same target
            bool(earlier) and earlier[-1].status == "guidance" and not any(t.tag_ in _FINITE for t in before)
        )
        # a time phrase right after the previous figure is that figure's ("5.6 EH/s at quarter-end, ...");
        # one just before the figure qualifies it ("first-quarter revenue of", "year-end 2025 target to")
        own_before = [t for t in before if t.idx >= self.used_until and not _in_aside(t, quantity)]
        stock = metric in STOCK_METRICS
        if column is not None:  # a stock in a month's column is the month-end figure
            return self._make(company, metric, quantity, sent, last_day(column) if stock else column, guidance)
        # the rest of the sentence: all of it for a target or a flow, for a stock only up to a new clause
        # ("held 1,959 bitcoin and $132 million in cash at the end of June", not "operates 10,900 GPUs and
        # expects 140,000 by the end of 2026")
        if stock and not guidance:
            rest = list(itertools.takewhile(lambda t: t.tag_ not in _FINITE, rest))
            after = list(itertools.takewhile(lambda t: t.tag_ not in _FINITE, after))  # "...; CoreWeave agreed in July"
            if any(t.lower_ in _NOW for t in own_before) and not _AS_OF.search(" ".join(t.text for t in after)):
                # "has now committed to 260 MW ..., after exercising an option in April": as of publication
                return self._make(company, metric, quantity, sent, self.doc._.published, guidance)
        if not stock and self.last_flow_period and _SAME_PERIOD.search(self.doc[quantity.end : sent.end].text):
            return self._make(company, metric, quantity, sent, self.last_flow_period, guidance)
        windows = (_qualifying(own_before), _subject(quantity, sent), after, own_before, rest)
        period = self._period(metric, windows, guidance, after, company=company)
        if period is None and guidance and earlier and earlier[-1].status == "guidance":
            period = earlier[-1].period  # "... 31.5 EH/s by year-end, with efficiency improving to 21.5 J/TH"
        if period is None and guidance:
            return None  # a target with no date is no observation
        if period is None and stock and any(t.lower_ in _NOW for t in own_before):
            period = self.doc._.published
        if period is None:  # "... $67.2 million in the quarter, and ... fell to $4.3 million": the same period
            dated = [m for m in earlier if m.period and m.status == "actual" and (m.metric in STOCK_METRICS) == stock]
            flows = [m for m in earlier if m.period and m.status == "actual" and m.metric not in STOCK_METRICS]
            if dated:
                period = dated[-1].period
            elif stock and flows and len(flows[-1].period) < 10:  # "produced 312 bitcoin in March; its reserve
                period = last_day(flows[-1].period)  # reached 6,460 BTC": at the end of March
            elif stock:
                period = self.as_of or self.doc._.published
            else:
                period = self.heading
        return self._make(company, metric, quantity, sent, period, guidance)

    def _compared(self, quantity, previous, before, after, earlier) -> Metric | None:
        """ "up from $18.4 million a year earlier": the previous figure's metric and company, another period."""
        last = earlier[-1]
        words = [t.lower_ for t in before if t.lower_ not in _HEDGES]
        replaced = words == ["from"] and self.doc[previous.start - 1].lower_ == "to"
        if replaced:  # "cuts its target to 38.4 EH/s from 46.7 EH/s": the old figure
            return None
        text = self.doc[quantity.end : after[-1].i + 1].text if after else ""
        if _EARLIER.search(text[:40]) and last.period:
            period = _year_before(last.period)
        elif _SEQUENTIAL.search(self.doc[before[0].i : after[-1].i + 1].text if after else "") and last.period:
            period = _quarter_before(last.period)
        else:
            period = self._period(last.metric, (after,), last.status == "guidance", after, context=False)
        if period is None:
            return None
        return Metric(
            company=last.company,
            metric=last.metric,
            value=quantity._.amount.value,
            unit=last.unit,
            evidence=last.evidence,
            period=period,
            status=last.status,
            confidence=0.6,
        )

    def _make(self, company, metric, quantity, sent, period, guidance) -> Metric:
        if period is not None and metric not in STOCK_METRICS:
            self.last_flow_period = period  # for "over the same period" later on
        return Metric(
            company=company,
            metric=metric,
            value=quantity._.amount.value,
            unit=METRICS[metric],
            evidence=evidence_for(sent, self.doc.text),
            period=period,
            status="guidance" if guidance else "actual",
            confidence=0.7 if period else 0.5,
        )

    def _quantities(self, sent: Span) -> list[Span]:
        """The sentence's quantities, without restatements ("20.1 EH/s, or 20,100 PH/s")."""
        kept: list[Span] = []
        for q in (q for q in self.doc.spans.get("quantities", []) if sent.start <= q.start < sent.end):
            if kept and q.start > 0:
                previous = kept[-1]
                between = self.doc[previous.end : q.start].text.strip(" ,(").lower()
                same = previous._.amount.unit == q._.amount.unit
                close = abs(previous._.amount.value - q._.amount.value) <= 0.01 * max(abs(q._.amount.value), 1e-9)
                if same and close and between in ("or", "i.e.", ""):
                    continue
            kept.append(q)
        return sorted(kept + self._bare_bitcoin(sent, kept), key=lambda q: q.start)

    def _bare_bitcoin(self, sent: Span, quantities: list[Span]) -> list[Span]:
        """Counts of bitcoin written without the unit after a figure in bitcoin: "mined 403 BTC in August and
        sold 363 of them", "produced 701 bitcoin and sold all 701"."""
        if not any(q._.amount.unit == "BTC" for q in quantities):
            return []
        first = min(q.start for q in quantities if q._.amount.unit == "BTC")
        taken = {i for q in quantities for i in range(q.start, q.end)}
        found = []
        for token in sent:
            if token.i <= first or token.i in taken or not token.like_num or token.i == 0:
                continue
            words = [t for t in self.doc[max(sent.start, token.i - 3) : token.i] if t.lower_ not in _HEDGES | {"all"}]
            cue = words[-1] if words else None
            after = token.nbor(1).lower_ if token.i + 1 < len(self.doc) else ""
            followed = after in ("of", ",", ".", ";", "and", "in", "at", "during", "")  # not "held 2024 shares"
            counted = cue is not None and (
                cue.lemma_.lower() in ("sell", "hold", "mine", "produce") or cue.lower_ in _COMPARED
            )
            if counted and followed:
                try:
                    value = float(token.text.replace(",", ""))
                except ValueError:
                    continue
                span = self.doc[token.i : token.i + 1]
                span._.amount = Amount(value, "BTC")
                found.append(span)
        return found

    def _period(
        self, metric: str, windows, guidance: bool, after: list[Token], context: bool = True, company=None
    ) -> str | None:
        """The observation's period from the first window holding a time phrase; None without one.

        ``windows`` are token lists searched in order; a phrase found in ``after`` (the words after the
        figure) is that figure's, so the next figure does not take it. With ``context``, a quarter or a
        year found becomes the article's, for "the quarter" and "for the year" later on.
        """
        stock = metric in STOCK_METRICS
        published = self.doc._.published
        for tokens in windows:
            tokens = _before_a_comparison(tokens)
            if not tokens:
                continue
            text = self.doc[tokens[0].i : tokens[-1].i + 1].text
            found = find_period(
                text,
                published,
                stock=stock,
                guidance=guidance,
                quarter=self.quarter,
                year=self.year,
                fiscal_end=self._fiscal_end(company),
            )
            if found is not None:
                period, _start, end = found
                if tokens is after:
                    self.used_until = tokens[0].idx + end
                if context and "Q" in period:
                    self.quarter = period
                elif context and len(period) == 4:
                    self.year = period
                return period
        return None


def _before_a_comparison(tokens: list[Token]) -> list[Token]:
    """The words before a comparison: "mined 470 BTC, about 11% fewer than in January" is February's figure;
    "rose to $213.2 million from $12.1 million in 2020" is not 2020's."""
    for n, token in enumerate(tokens):
        if token.lower_ in ("than", "compared", "versus", "vs", "vs.") or (
            token.lower_ == "from" and (n == 0 or tokens[n - 1].lower_ in ("up", "down"))  # "to $213.2m from $12.1m"
        ):
            return tokens[:n]
    return tokens


def _in_aside(token: Token, quantity: Span) -> bool:
    """True for a word of a relative clause the figure is not in: "HIVE, which changed its name in July, produced"."""
    for head in (token, *token.ancestors):
        if head.dep_ in ("relcl", "appos") and not (head.left_edge.i <= quantity.start <= head.right_edge.i):
            return True
    return False


def _qualifying(before: list[Token]) -> list[Token]:
    """The words right before a figure, back to the last comma or verb (at most 8): "first-quarter revenue of".

    A comma inside a date ("June 30, 2025 was") does not end it.
    """
    tail = before[-8:]
    if len(tail) > 1 and tail[-1].text == ":":  # a label: "Bitcoin mined in July: 213 BTC"
        tail = tail[:-1]
    verbs = [n for n, t in enumerate(tail) if t.pos_ in ("VERB", "AUX")]
    if verbs:  # "said last month that it expects to reach": the phrase qualifies no figure
        tail = tail[verbs[-1] + 1 :]
    commas = [
        n
        for n, t in enumerate(tail)
        if t.text in (",", ";", ":")
        and not (n + 1 < len(tail) and tail[n + 1].like_num and 0 < n and tail[n - 1].like_num)
    ]
    return tail[commas[-1] + 1 :] if commas else tail


def _other_segment(revenue: Token) -> bool:
    """True for "engineering revenue", "power revenue": qualifiers naming no listed segment."""
    segments = {cue for cues, _ in _SEGMENTS for cue in cues}
    words = [
        token.lower_.strip("-")
        for child in revenue.lefts
        if child.dep_ in ("compound", "amod", "nmod")
        for token in child.subtree
        if token.ent_type_ != "ORG" and token.is_alpha
    ]
    if any(word in segments for word in words):
        return False
    return any(not _PLAIN_REVENUE.match(word) for word in words)


_BUSINESS = {"business", "segment", "unit", "division", "arm"}


def _refers_back(subject: Token) -> bool:
    """ "It", "this", "that business", "the segment": a subject naming what the sentence before named."""
    if subject.lower_ in ("it", "this"):
        return True
    determiners = {c.lower_ for c in subject.children if c.dep_ == "det"}
    return subject.lemma_.lower() in _BUSINESS and bool(determiners & {"that", "this", "the"})


def _in_clause(word: Token, quantity: Span) -> bool:
    """True when ``word`` governs the figure or sits in the clause of the figure's verb: not "revenue rose as
    it sold its Texas site for $30 million". A figure under no verb (a table line) takes its whole line."""
    if word in quantity.root.ancestors:
        return True
    verb = next((a for a in quantity.root.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is None or verb.left_edge.i <= word.i <= verb.right_edge.i


def _counted_in(quantity: Span, sent: Span) -> bool:
    """True for a figure in an opening "Counting ..." or "Besides ..." phrase: a part of the total that follows."""
    words = [t for t in sent if t.is_alpha]
    if len(words) > 1 and words[0].text in ("Q", "A") and sent.doc[words[0].i + 1].text == ":":
        words = words[1:]  # an interview's answer: 'A: "Besides the 150 MW ...'
    if not words or words[0].lower_ not in ("counting", "besides"):
        return False
    comma = next((t.i for t in sent if t.text == "," and t.i > words[0].i), sent.end)
    return quantity.start < comma


def _clause(quantity: Span) -> tuple[int, int]:
    """Token bounds of the figure's part of its sentence between semicolons: a semicolon ends a clause, whatever
    the parser attached across it ("was 13.5 EH/s at quarter-end; Cipher expects ...")."""
    sent = quantity.sent
    before = [t.i for t in sent if t.text == ";" and t.i < quantity.start]
    after = [t.i for t in sent if t.text == ";" and t.i >= quantity.end]
    return (before[-1] if before else sent.start), (after[0] if after else sent.end)


def _subject(quantity: Span, sent: Span) -> list[Token]:
    """The figure's subject when it names the figure: "its fourth-quarter revenue rose 34% to $142.5 million"."""
    for head in quantity.root.ancestors:
        if head.pos_ in ("VERB", "AUX"):
            subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ in _REVENUE and sent.start <= subject.left_edge.i:
                return list(subject.subtree)
            return []
    return []


def _of_no_record(token: Token) -> bool:
    """A word that makes a figure hypothetical or withdrawn; "May" the month is not "may" the modal."""
    return token.lower_ in _NOT_OF_RECORD and (token.lower_ != "may" or token.tag_ == "MD")


def _adds(token: Token, quantity: Span) -> bool:
    """True when ``token`` adds the figure ("3.4 EH/s were added"), not when it reports it ("..., Morphy added")."""
    if token.lemma_.lower() != "add" or not token.left_edge.i <= quantity.start <= token.right_edge.i:
        return False
    reported = (c for c in token.children if c.dep_ in ("ccomp", "parataxis"))
    return not any(c.left_edge.i <= quantity.start <= c.right_edge.i for c in reported)


def _compares(before: list[Token]) -> bool:
    """True when a figure is introduced as a comparison: "up from about $18.4 million"."""
    words = [t.lower_ for t in before if t.lower_ not in _HEDGES]
    return bool(words) and (words[-1] in _COMPARED or words[-2:] in (["compared", "with"], ["compared", "to"]))


def _quarter_before(period: str) -> str | None:
    """The quarter before ``2024-Q4`` (or before the quarter ending on a day): ``2024-Q3``."""
    year, rest = int(period[:4]), period[4:]
    if rest.startswith("-Q"):
        number = int(rest[2])
    elif len(rest) == 6:
        number = (int(rest[1:3]) - 1) // 3 + 1
    else:
        return None
    index = year * 4 + number - 2
    return f"{index // 4}-Q{index % 4 + 1}"


def _year_before(period: str) -> str:
    """The same period a year earlier: ``2024-Q3`` -> ``2023-Q3``, ``2025-03-31`` -> ``2024-03-31``."""
    year = int(period[:4]) - 1
    rest = period[4:]
    if rest == "-02-29":
        rest = "-02-28"
    return f"{year}{rest}"


# A target for these metrics is a planned move: metric -> (move type, asset, sector).
_TARGET_MOVES = {
    "Hashrate": ("CapacityExpansion", "Hashrate", None),
    "PowerCapacity": ("CapacityExpansion", "PowerCapacity", None),
    "GPUsDeployed": ("CapacityExpansion", "GPUs", "AI"),  # GPUs added are AI, as in nlp.moves
    "ContractedAICapacity": ("CommercialAgreement", "DataCenter", "HPC"),
}


_HOLDS_A_LEVEL = re.compile(
    r"\b(?:keep|maintain|hold)\w*\s+(?:its|their|the)\s+(?:\w+\s+)?(?:hashrate|hash\s+rate|capacity|fleet)\s+"
    r"(?:at|around|near|flat|steady)\b",
    re.I,
)


_A_LEVEL = re.compile(r"\b(?:reach\w*|hit|stood|stands?|total\w*|was|were)\b", re.I)


def _overlap(a: str | None, b: str | None) -> bool:
    """Whether two move dates can name the same time: "2022" and "2022-06" can."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _reported_sales(moves: list[Move], metrics: list[Metric]) -> list[Move]:
    """An AssetSale for each figure of bitcoin sold the move finder has no sale for.

    "Bitcoin sold (BTC) | 434 | 445" is two sales, one a month; "Sold 1,546 bitcoin during the
    quarter" is one. A sale the finder found in the sentence with the same amount, or as many sales
    as the sentence has figures, already say it.
    """
    sales: list[Move] = []
    for metric in metrics:
        if metric.metric != "BitcoinSold" or metric.status != "actual":
            continue
        amount = Amount(metric.value, metric.unit)
        where, company = metric.evidence.start, metric.company.id
        date = period_as_move_date(metric.period) if metric.period else None
        found = [m for m in moves if m.type == "AssetSale" and m.actor.id == company and m.evidence.start == where]
        figures = [m for m in metrics if m.metric == "BitcoinSold" and m.evidence.start == where]
        said = any(  # the same sale in prose and in a table
            m.type == "AssetSale" and m.actor.id == company and m.amount == amount and _overlap(m.date, date)
            for m in moves + sales
        )
        if said or any(m.amount == amount for m in found) or len(found) >= len(figures):
            continue
        sales.append(
            Move(
                "AssetSale",
                metric.company,
                metric.evidence,
                asset="Bitcoin",
                amount=amount,
                date=date,
            )
        )
    return sales


def with_targets(moves: list[Move], metrics: list[Metric]) -> list[Move]:
    """``moves`` plus a planned move for each target of hashrate, power, GPUs or leased AI capacity,
    and an AssetSale for each reported figure of bitcoin sold that no move says (``_reported_sales``).

    "expects to reach 9.1 EH/s by the end of 2023" is both a guidance observation and a planned
    CapacityExpansion to 9.1 EH/s; "aims to have 1 GW under lease by 2026" a planned
    CommercialAgreement. A company has one target per date: a second figure for the same date in
    the sentence is a comparison ("expects 6 EH/s by the end of 2022, down from its earlier 8
    EH/s target"). A target in a sentence with a CapacityReduction is a cut, not an expansion.
    The move finder's capacity moves give way when their amount is a level the sentence reports
    as reached ("hashrate reached 11.5 EH/s" is a figure, not a move; "energized 400 MW" is an
    addition and stays), when they carry a target's amount under another company's name, when
    they have no amount in a target's sentence, and when they are a plan without figures that a
    target of the same company and time gives in figures.
    """
    planned: list[Move] = []
    dated = set()
    for metric in metrics:
        if metric.status != "guidance" or metric.metric not in _TARGET_MOVES:
            continue
        if _HOLDS_A_LEVEL.search(metric.evidence.sentence):
            continue  # "expects to keep its hashrate at about 18 EH/s": no growth
        kind, asset, sector = _TARGET_MOVES[metric.metric]
        amount = Amount(metric.value, metric.unit)
        where = metric.evidence.start
        here = [m for m in moves + planned if m.actor.id == metric.company.id and m.evidence.start == where]
        once = (metric.company.id, where, metric.metric, metric.period)
        said = [m for m in here if m.type == kind and m.amount == amount]
        if said and said[0].modality == "asserted" and metric.period:
            # "continue to energize new miners and remain on schedule to reach 31.5 EH/s by the end of this year":
            # the figure the move finder took is the target's, planned and dated by it
            moves = [
                replace(m, modality="planned", date=period_as_move_date(metric.period)) if m is said[0] else m
                for m in moves
            ]
        if once in dated or said or any(m.type == "CapacityReduction" for m in here):
            continue
        dated.add(once)
        date = period_as_move_date(metric.period) if metric.period else None
        planned.append(
            Move(
                kind,
                metric.company,
                metric.evidence,
                "planned",
                asset=asset,
                amount=amount,
                sector=sector,
                date=date,
            )
        )
    planned += _reported_sales(moves, metrics)
    reached = {(m.evidence.start, Amount(m.value, m.unit)) for m in metrics if m.status == "actual"}
    targets = {(m.evidence.start, m.amount) for m in planned if m.type == "CapacityExpansion"}
    replaced = {(m.actor.id, m.evidence.start) for m in planned if m.type == "CapacityExpansion"}

    def gives_way(move: Move) -> bool:
        if move.type != "CapacityExpansion":
            return False
        where = move.evidence.start
        if (where, move.amount) in targets:
            return True
        if (where, move.amount) in reached and _A_LEVEL.search(move.evidence.sentence):
            return True  # "hashrate reached 11.5 EH/s"; "energized 400 MW in April" stays an expansion
        if move.amount is not None:
            return False
        # "expects to double its hashrate this year": the target the article gives in figures ("50 EH/s by the
        # end of 2024")
        return (
            (move.actor.id, where) in replaced
            or move.modality == "planned"
            and any(
                t.actor.id == move.actor.id and t.type == "CapacityExpansion" and _overlap(t.date, move.date)
                for t in planned
            )
        )

    return [m for m in moves if not gives_way(m)] + planned
