"""minekg: a knowledge graph of bitcoin-mining-industry strategy.

The library is split by layer: ``nlp`` turns text into plain extraction data,
``graph`` turns extractions into RDF in an Oxigraph store, and this package
orchestrates the two (``minekg.ingest``) and gives them a CLI (``minekg.cli``).
"""

__version__ = "0.1.0"
