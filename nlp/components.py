"""minekg's registered spaCy components.

How each component is built (its factory and config) lives here; what it does
lives in the modules it calls. Factories are versioned so that a changed
behaviour gets a new name.

============================  ==============================================
``minekg_line_breaks_v1``     a line break always starts a sentence
``minekg_company_ruler_v1``   registry names, aliases and tickers -> ORG spans
``minekg_company_linker_v1``  every ORG span -> a registry id or a minted id
``minekg_quantities_v1``      money and quantities -> ``doc.spans["quantities"]``
``minekg_moves_v1``           moves, context, peers, metrics -> ``doc._.moves`` ...
============================  ==============================================
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp import lexicon
from nlp.confidence import rated
from nlp.metrics import MetricFinder, with_targets
from nlp.moves import MoveFinder
from nlp.quantities import find_quantities
from nlp.registry import DEFAULT_REGISTRY, Registry, load_registry, mint_id, normalise_name
from nlp.types import Amount

for _name in ("published", "moves", "context", "peers", "people", "metrics"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("amount"):
    Span.set_extension("amount", default=None)

# Upper-case tickers that are also everyday words in headlines.
_AMBIGUOUS_TICKERS = frozenset({"CAN", "AI", "IT", "ON", "ARE"})
# First words of names too generic to stand for the company on their own.
_GENERIC_FIRST_WORDS = frozenset(
    {"Applied", "Bit", "American", "Power", "General", "Digital", "Generate", "The", "Amazon"}
)


def _generic(name: str) -> bool:
    """True for what the statistical NER mistakes for an organisation: "AI", "EH/s", "$MARA"."""
    return (
        name.lower() in lexicon.NOT_ORGANISATIONS
        or normalise_name(name) in lexicon.NOT_ORGANISATIONS
        or any(ch.isdigit() for ch in name[:1])
        or any(word in lexicon.PRODUCT_WORDS for word in name.lower().split())
        or not normalise_name(name)  # "the Company", a press release's name for itself
    )


@lru_cache(maxsize=4)
def registry_at(path: str) -> Registry:
    return load_registry(path or DEFAULT_REGISTRY)


@Language.factory("minekg_line_breaks_v1")
def make_line_breaks(nlp: Language, name: str):
    def line_breaks(doc: Doc) -> Doc:
        for token in doc[1:]:
            if "\n" in doc[token.i - 1].text and not token.is_space:
                token.is_sent_start = True
        return doc

    return line_breaks


class CompanyRuler:
    """Marks every registry name, alias, former name and ticker as an ORG span."""

    def __init__(self, nlp: Language, registry: Registry):
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        for company in registry:
            names = list(company.names())
            self.exact.add(company.id, [nlp.make_doc(n) for n in names])
            if company.ticker and company.ticker not in _AMBIGUOUS_TICKERS:
                self.exact.add(company.id, [nlp.make_doc(company.ticker)])
            self.caseless.add(company.id, [nlp.make_doc(n) for n in names if len(n.split()) > 1])
        # "Galaxy" for Galaxy Digital, once the article has named it in full
        self.short_names = {
            company.id: {n.split()[0] for n in company.names() if len(n.split()) > 1 and len(n.split()[0]) >= 4}
            - _GENERIC_FIRST_WORDS
            for company in registry
        }

    def __call__(self, doc: Doc) -> Doc:
        matches = self.exact(doc) + self.caseless(doc)
        spans = [Span(doc, start, end, label="ORG", kb_id=match_id) for match_id, start, end in matches]
        short = {word: span.kb_id_ for span in spans for word in self.short_names.get(span.kb_id_, ())}
        spans += [
            Span(doc, token.i, token.i + 1, label="ORG", kb_id=short[token.text])
            for token in doc
            if token.text in short and token.pos_ == "PROPN"
        ]
        # "Marathon Oil", "Riot Games": a namesake when the next word names another business
        spans = [
            s for s in spans if not (s.end < len(doc) and doc[s.end].text in lexicon.NAMESAKE_WORDS.get(s.text, ()))
        ]
        spans = filter_spans(spans)
        taken = {i for span in spans for i in range(span.start, span.end)}
        kept = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
        doc.ents = filter_spans(spans + kept)
        return doc


@Language.factory("minekg_company_ruler_v1", default_config={"registry_path": ""})
def make_company_ruler(nlp: Language, name: str, registry_path: str):
    return CompanyRuler(nlp, registry_at(registry_path))


@Language.factory("minekg_company_linker_v1", default_config={"registry_path": ""})
def make_company_linker(nlp: Language, name: str, registry_path: str):
    registry = registry_at(registry_path)

    def link(doc: Doc) -> Doc:
        ents = []
        # "Tabar said" after "Sam Tabar": the NER's organisation is a person named before
        surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
        for ent in doc.ents:
            if ent.label_ == "PERSON" and ent[-1].text in lexicon.ORGANISATION_WORDS:
                ent = Span(doc, ent.start, ent.end, label="ORG")  # "Celsius Mining" is no person
            if ent.label_ != "ORG" or ent.kb_id_:
                ents.append(ent)
                continue
            company = registry.link(ent.text)
            hashtag = ent.start > 0 and doc[ent.start - 1].text == "#"
            if company is not None:
                ents.append(Span(doc, ent.start, ent.end, label="ORG", kb_id=company.id))
            elif (
                not hashtag
                and not _generic(ent.text)
                and ent.text[0].isupper()
                and ent.text not in surnames
                and not (len(ent) == 1 and ent[0].lemma_.lower() in lexicon.ASSETS)  # "Miners' May reports"
            ):
                ents.append(Span(doc, ent.start, ent.end, label="ORG", kb_id=mint_id(ent.text)))
        doc.ents = ents
        return doc

    return link


@Language.factory("minekg_quantities_v1")
def make_quantities(nlp: Language, name: str):
    def quantities(doc: Doc) -> Doc:
        spans = []
        for q in find_quantities(doc.text):
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None:
                span._.amount = Amount(q.value, q.unit)
                spans.append(span)
        doc.spans["quantities"] = spans
        return doc

    return quantities


@Language.factory("minekg_moves_v1", default_config={"registry_path": ""})
def make_moves(nlp: Language, name: str, registry_path: str):
    registry = registry_at(registry_path)

    def moves(doc: Doc) -> Doc:
        finder = MoveFinder(doc, registry)
        moves = finder.moves()
        doc._.context = finder.context()
        doc._.peers = finder.peers()
        doc._.people = finder.people()
        doc._.metrics = MetricFinder(finder).metrics()
        doc._.moves = rated(with_targets(moves, doc._.metrics), registry.companies)
        return doc

    return moves
