"""The Python vocabulary and the ontology files agree, term for term."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, SKOS

from graph.vocab import ONTOLOGY_DIR, VOCABULARIES, terms
from nlp.types import ASSETS, MODALITIES, MOVE_TYPES, SECTORS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ontology():
    graph = Graph()
    for name in ("minekg.ttl", "taxonomy.ttl", "shapes.ttl"):
        graph.parse(ONTOLOGY_DIR / name, format="turtle")
    return graph


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_python_term_is_defined_in_the_ontology(ontology, vocabulary):
    defined = {str(s) for s in ontology.subjects(RDF.type, None)}
    missing = [term for term in terms(vocabulary) if str(vocabulary[term]) not in defined]
    assert not missing


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_ontology_term_is_in_python(ontology, vocabulary):
    namespace = str(vocabulary)
    defined = {str(s)[len(namespace) :] for s in ontology.subjects(RDF.type, None) if str(s).startswith(namespace)}
    assert defined <= terms(vocabulary), defined - terms(vocabulary)


def test_taxonomy_covers_the_extraction_values(ontology):
    from graph.vocab import ASSET, MKG, MODALITY, SECTOR

    for move_type in MOVE_TYPES:
        assert (MKG[move_type], RDF.type, OWL.Class) in ontology
        assert (MKG[move_type], SKOS.definition, None) in ontology
    for value, namespace in [
        *((a, ASSET) for a in ASSETS),
        *((s, SECTOR) for s in SECTORS),
        *((m, MODALITY) for m in MODALITIES),
    ]:
        assert (namespace[value], SKOS.definition, None) in ontology


def test_misspelt_term_fails():
    from graph.vocab import MKG

    with pytest.raises(AttributeError):
        MKG.AssetSael  # noqa: B018


def _imports(package: str) -> set[str]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_layers_keep_to_themselves():
    assert not {"rdflib", "pyoxigraph", "oxrdflib", "pyshacl", "graph"} & _imports("nlp")
    assert not {"spacy", "streamlit", "pyvis"} & _imports("graph")
    code = "import graph.store, graph.named, graph.validate, graph.network, sys; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
