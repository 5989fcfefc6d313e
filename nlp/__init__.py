"""Text in, plain data out: minekg's spaCy pipeline and the extraction types.

This package never imports rdflib; :mod:`nlp.types` and :mod:`nlp.registry`
import nothing heavy, so the graph layer can use them without spaCy.
"""
