"""The minekg vocabulary as rdflib namespaces; a misspelt term raises.

Every term here is defined in ``ontology/minekg.ttl`` or
``ontology/taxonomy.ttl``, and every term defined there is here:
``tests/test_ontology.py`` checks both ways.

>>> MKG.AssetSale
rdflib.term.URIRef('https://w3id.org/minekg/ontology#AssetSale')
>>> MKG.AssetSael
Traceback (most recent call last):
...
AttributeError: term 'AssetSael' not in namespace 'https://w3id.org/minekg/ontology#'
"""

from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
ID = Namespace("https://w3id.org/minekg/id/")
SCHEMA = Namespace("https://schema.org/")


class MKG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/minekg/ontology#")
    _fail = True

    # classes
    Company: URIRef
    Person: URIRef
    Article: URIRef
    Move: URIRef
    AssetSale: URIRef
    AssetPurchase: URIRef
    Acquisition: URIRef
    StrategicPivot: URIRef
    CommercialAgreement: URIRef
    CapitalRaise: URIRef
    CapacityExpansion: URIRef
    CapacityReduction: URIRef
    TreasuryPolicy: URIRef
    Restructuring: URIRef
    Rebrand: URIRef
    LeadershipChange: URIRef
    Amount: URIRef
    Evidence: URIRef
    MarketEvent: URIRef
    NameRecord: URIRef
    MoveTypes: URIRef
    MoveTally: URIRef
    FigureConflict: URIRef
    ConsolidatedMove: URIRef
    FollowSuit: URIRef
    ProfileSimilarity: URIRef
    CompanyMetrics: URIRef
    # properties
    actor: URIRef
    counterparty: URIRef
    counterpartyRole: URIRef
    asset: URIRef
    amount: URIRef
    sector: URIRef
    date: URIRef
    modality: URIRef
    confidence: URIRef
    evidence: URIRef
    partOfTrend: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    hasContext: URIRef
    sameStoryAs: URIRef
    peerOf: URIRef
    ticker: URIRef
    exchange: URIRef
    cik: URIRef
    category: URIRef
    formerName: URIRef
    tallyType: URIRef
    tallyModality: URIRef
    tallyCompany: URIRef
    moveCount: URIRef
    period: URIRef
    report: URIRef
    reportOf: URIRef
    eventActor: URIRef
    eventType: URIRef
    eventModality: URIRef
    eventSector: URIRef
    eventAsset: URIRef
    leader: URIRef
    follower: URIRef
    leaderDate: URIRef
    followerDate: URIRef
    lagDays: URIRef
    similarityOf: URIRef
    score: URIRef
    sharedTypes: URIRef
    # company metrics (a Data Cube: see QB below)
    company: URIRef
    metric: URIRef
    metricStatus: URIRef
    reportedIn: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    canonicalUnit: URIRef


class ASSET(DefinedNamespace):
    _NS = Namespace("https://w3id.org/minekg/taxonomy/asset/")
    _fail = True
    Assets: URIRef
    Bitcoin: URIRef
    MiningRigs: URIRef
    GPUs: URIRef
    DataCenter: URIRef
    Site: URIRef
    PowerCapacity: URIRef
    Hashrate: URIRef
    Equity: URIRef
    ConvertibleNotes: URIRef
    Debt: URIRef
    Equipment: URIRef


class SECTOR(DefinedNamespace):
    _NS = Namespace("https://w3id.org/minekg/taxonomy/sector/")
    _fail = True
    Sectors: URIRef
    AI: URIRef
    HPC: URIRef
    DataCenter: URIRef
    Energy: URIRef
    BitcoinMining: URIRef


class TREND(DefinedNamespace):
    _NS = Namespace("https://w3id.org/minekg/taxonomy/trend/")
    _fail = True
    Trends: URIRef
    AIHPCPivot: URIRef
    TreasurySales: URIRef
    Consolidation: URIRef
    BitcoinHalving: URIRef


class MODALITY(DefinedNamespace):
    _NS = Namespace("https://w3id.org/minekg/taxonomy/modality/")
    _fail = True
    Modalities: URIRef
    asserted: URIRef
    planned: URIRef
    speculative: URIRef


class CATEGORY(DefinedNamespace):
    _NS = Namespace("https://w3id.org/minekg/taxonomy/category/")
    _fail = True
    _extras = ["ai-cloud"]
    Categories: URIRef
    miner: URIRef
    datacenter: URIRef
    hyperscaler: URIRef
    hardware: URIRef
    investor: URIRef
    energy: URIRef
    exchange: URIRef
    other: URIRef


class ROLE(DefinedNamespace):
    _NS = Namespace("https://w3id.org/minekg/taxonomy/role/")
    _fail = True
    Roles: URIRef
    buyer: URIRef
    seller: URIRef
    acquirer: URIRef
    target: URIRef
    client: URIRef
    provider: URIRef
    lender: URIRef
    investor: URIRef
    partner: URIRef


class METRIC(DefinedNamespace):
    """Company metrics: the code list of the ``mkg:metric`` dimension (``nlp.types.METRICS``)."""

    _NS = Namespace("https://w3id.org/minekg/taxonomy/metric/")
    _fail = True
    Metrics: URIRef
    BitcoinHeld: URIRef
    BitcoinProduced: URIRef
    BitcoinSold: URIRef
    Hashrate: URIRef
    PowerCapacity: URIRef
    ContractedAICapacity: URIRef
    FleetEfficiency: URIRef
    GPUsDeployed: URIRef
    Revenue: URIRef
    MiningRevenue: URIRef
    HostingRevenue: URIRef
    AIHPCRevenue: URIRef
    CostToMine: URIRef
    Utilisation: URIRef


class STATUS(DefinedNamespace):
    """Whether a metric observation is an actual figure or guidance (``nlp.types.METRIC_STATUSES``)."""

    _NS = Namespace("https://w3id.org/minekg/taxonomy/status/")
    _fail = True
    Statuses: URIRef
    actual: URIRef
    guidance: URIRef


class UNIT(DefinedNamespace):
    """Units of measure; each concept's ``skos:notation`` is the unit as extraction writes it ("EH/s")."""

    _NS = Namespace("https://w3id.org/minekg/taxonomy/unit/")
    _fail = True
    Units: URIRef
    USD: URIRef
    BTC: URIRef
    MW: URIRef
    EHps: URIRef
    JperTH: URIRef
    percent: URIRef
    units: URIRef


class QB(DefinedNamespace):
    """The W3C RDF Data Cube terms minekg uses, declared in ``ontology/minekg.ttl`` (nothing is fetched)."""

    _NS = Namespace("http://purl.org/linked-data/cube#")
    _fail = True
    DataSet: URIRef
    Observation: URIRef
    DataStructureDefinition: URIRef
    ComponentSpecification: URIRef
    ComponentProperty: URIRef
    DimensionProperty: URIRef
    MeasureProperty: URIRef
    AttributeProperty: URIRef
    CodedProperty: URIRef
    dataSet: URIRef
    structure: URIRef
    component: URIRef
    dimension: URIRef
    measure: URIRef
    attribute: URIRef
    order: URIRef
    componentRequired: URIRef
    codeList: URIRef


class SDMX_DIMENSION(DefinedNamespace):
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
    _fail = True
    refPeriod: URIRef


class SDMX_MEASURE(DefinedNamespace):
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
    _fail = True
    obsValue: URIRef


class SDMX_ATTRIBUTE(DefinedNamespace):
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
    _fail = True
    unitMeasure: URIRef


VOCABULARIES = (
    MKG,
    ASSET,
    SECTOR,
    TREND,
    MODALITY,
    CATEGORY,
    ROLE,
    METRIC,
    STATUS,
    UNIT,
    QB,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SDMX_ATTRIBUTE,
)
PREFIXES = {
    "mkg": str(MKG),
    "asset": str(ASSET),
    "sector": str(SECTOR),
    "trend": str(TREND),
    "modality": str(MODALITY),
    "category": str(CATEGORY),
    "role": str(ROLE),
    "metric": str(METRIC),
    "status": str(STATUS),
    "unit": str(UNIT),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "schema": str(SCHEMA),
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def terms(vocabulary: type[DefinedNamespace]) -> set[str]:
    """The local names a vocabulary defines.

    >>> sorted(terms(MODALITY))
    ['Modalities', 'asserted', 'planned', 'speculative']
    """
    return set(vocabulary.__annotations__) | set(getattr(vocabulary, "_extras", ()))
