"""Plain data passed from the NLP layer to the graph layer.

Nothing here knows about spaCy or RDF: an :class:`Extraction` is what
``minekg extract`` prints, one JSON object per article.

>>> art = Article(id="a1", text="MARA sold bitcoin.")
>>> Extraction(article=art).to_dict()["article"]
{'id': 'a1', 'url': None, 'title': None, 'published': None}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

MOVE_TYPES = (
    "AssetSale",
    "AssetPurchase",
    "Acquisition",
    "StrategicPivot",
    "CommercialAgreement",
    "CapitalRaise",
    "CapacityExpansion",
    "CapacityReduction",
    "TreasuryPolicy",
    "Restructuring",
    "Rebrand",
    "LeadershipChange",
)
ASSETS = (
    "Bitcoin",
    "MiningRigs",
    "GPUs",
    "DataCenter",
    "Site",
    "PowerCapacity",
    "Hashrate",
    "Equity",
    "ConvertibleNotes",
    "Debt",
    "Equipment",
)
SECTORS = ("AI", "HPC", "DataCenter", "Energy", "BitcoinMining")
ROLES = ("buyer", "seller", "acquirer", "target", "client", "provider", "lender", "investor", "partner")
UNITS = ("USD", "BTC", "MW", "EH/s", "J/TH", "%", "units")
MODALITIES = ("asserted", "planned", "speculative")
# Company metrics and their canonical units: stocks are measured at a date, flows over a period.
METRICS = {
    "BitcoinHeld": "BTC",
    "BitcoinProduced": "BTC",
    "BitcoinSold": "BTC",
    "Hashrate": "EH/s",
    "PowerCapacity": "MW",
    "ContractedAICapacity": "MW",
    "FleetEfficiency": "J/TH",
    "GPUsDeployed": "units",
    "Revenue": "USD",
    "MiningRevenue": "USD",
    "HostingRevenue": "USD",
    "AIHPCRevenue": "USD",
    "CostToMine": "USD",
    "Utilisation": "%",
}
STOCK_METRICS = frozenset(
    {"BitcoinHeld", "Hashrate", "PowerCapacity", "ContractedAICapacity", "FleetEfficiency", "GPUsDeployed"}
)
METRIC_STATUSES = ("actual", "guidance")


@dataclass(frozen=True)
class Article:
    """One news article: the unit of ingestion and of provenance."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None

    def header(self) -> dict:
        return {"id": self.id, "url": self.url, "title": self.title, "published": self.published}


@dataclass(frozen=True)
class CompanyRef:
    """A company as an argument of a move."""

    id: str
    name: str
    ticker: str | None = None


@dataclass(frozen=True)
class Entity:
    """An organisation or person mentioned in an article, linked to the registry or minted.

    A person carries the company they are named with and their title there.
    """

    id: str
    name: str
    type: str  # "Company" (in the registry), "Organization" (minted) or "Person"
    ticker: str | None
    mentions: int
    company: str | None = None  # a person's company id
    title: str | None = None  # a person's title, e.g. "chief executive"


@dataclass(frozen=True)
class Amount:
    """A quantity in a canonical unit (see :mod:`nlp.quantities`)."""

    value: float
    unit: str


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact comes from; ``text[start:end] == sentence``."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Move:
    """A strategic move: an n-ary event with its arguments and evidence."""

    type: str
    actor: CompanyRef
    evidence: Evidence
    modality: str = "asserted"
    confidence: float = 0.5
    counterparty: CompanyRef | None = None
    role: str | None = None  # the counterparty's role, one of ROLES
    asset: str | None = None
    amount: Amount | None = None
    sector: str | None = None
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD


@dataclass(frozen=True)
class Metric:
    """A company's figure at a date or over a period: an observation, as one article reports it.

    ``period`` is as precise as the text: ``2024``, ``2024-Q3``, ``2024-10`` or ``2024-10-31``
    (a stock at the end of a period is dated by the period's last day).
    """

    company: CompanyRef
    metric: str  # one of METRICS
    value: float  # in METRICS[metric]
    unit: str
    evidence: Evidence
    period: str | None = None
    status: str = "actual"  # or "guidance": a target, forecast or outlook
    confidence: float = 0.5


@dataclass(frozen=True)
class Context:
    """A market event an article gives as context, e.g. the April 2024 halving."""

    event: str  # e.g. "BitcoinHalving"
    date: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Peer:
    """An article naming ``peer`` as a peer or competitor of ``company``."""

    company: CompanyRef
    peer: CompanyRef
    evidence: Evidence


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    context: list[Context] = field(default_factory=list)
    peers: list[Peer] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The extraction JSON documented in the README (article text left out)."""
        return {
            "article": self.article.header(),
            "entities": [asdict(e) for e in self.entities],
            "moves": [asdict(m) for m in self.moves],
            "context": [asdict(c) for c in self.context],
            "peers": [asdict(p) for p in self.peers],
            "metrics": [asdict(m) for m in self.metrics],
        }
