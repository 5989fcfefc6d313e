"""RDF: the vocabulary, extraction -> triples, the Oxigraph store, named queries,
SHACL validation and networkx projections. This package never imports spaCy.
"""
