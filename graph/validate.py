"""SHACL validation of the store against ``ontology/shapes.ttl``.

>>> from graph.store import Store, ontology_graph
>>> report = validate(Store(None))
>>> report.conforms, report.violations
(True, 0)
"""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from graph.store import Store, ontology_graph
from graph.vocab import ONTOLOGY_DIR


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: int
    text: str


def validate(store: Store) -> Report:
    """Validate the union of every graph in the store (companies are typed in the registry graph)."""
    data = store.union_graph()
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    conforms, results, text = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology_graph(), inference="none", advanced=True
    )
    violations = len(list(results.subjects(SH.resultSeverity, SH.Violation)))
    return Report(bool(conforms), violations, text)
