"""Text in, :class:`~nlp.types.Extraction` out.

>>> from nlp.types import Article
>>> extractor = Extractor()
>>> result = extractor.extract(Article(id="x", text="Riot Platforms sold 500 BTC in March 2024."))
>>> [(m.type, m.actor.id, m.amount.value, m.amount.unit, m.date) for m in result.moves]
[('AssetSale', 'riot-platforms', 500.0, 'BTC', '2024-03')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from nlp.components import registry_at
from nlp.pipeline import load_pipeline
from nlp.types import Article, Entity, Extraction


def _entities(doc: Doc, registry) -> list[Entity]:
    """Linked organisations with mention counts, any a move names that NER missed, and people."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ == "ORG" and ent.kb_id_:
            counts[ent.kb_id_] += 1
            names.setdefault(ent.kb_id_, ent.text)
    out = []
    for company_id, mentions in counts.items():
        company = registry.get(company_id)
        if company:
            out.append(Entity(company.id, company.name, "Company", company.ticker, mentions))
        else:
            out.append(Entity(company_id, names[company_id], "Organization", None, mentions))
    for move in doc._.moves:
        for ref in (move.actor, move.counterparty):
            if ref is not None and ref.id not in counts:
                counts[ref.id] = 1
                out.append(Entity(ref.id, ref.name, "Organization", None, 1))
    return out + list(doc._.people)


class Extractor:
    """Runs the pipeline over articles; one pipeline, many articles."""

    def __init__(self, nlp: Language | None = None, registry_path: str = ""):
        self.nlp = nlp or load_pipeline(registry_path)
        self.registry = registry_at(registry_path)

    def _doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.published = article.published
        return doc

    def _extraction(self, article: Article, doc: Doc) -> Extraction:
        return Extraction(
            article=article,
            entities=_entities(doc, self.registry),
            moves=list(doc._.moves),
            context=list(doc._.context),
            peers=list(doc._.peers),
            metrics=list(doc._.metrics),
        )

    def extract(self, article: Article) -> Extraction:
        return self.parse(article)[1]

    def parse(self, article: Article) -> tuple[Doc, Extraction]:
        """The parsed Doc beside the Extraction, for views that show the text (e.g. displaCy)."""
        doc = self.nlp(self._doc(article))
        return doc, self._extraction(article, doc)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Extraction]:
        """Extractions in input order; memory is released after every batch.

        Each batch runs inside spaCy's ``memory_zone`` and leaves it as plain data, so memory stays
        flat however many articles stream through.
        """
        for batch in minibatch(articles, size=batch_size):
            with self.nlp.memory_zone():
                docs = self.nlp.pipe(((self._doc(a), a) for a in batch), as_tuples=True, batch_size=batch_size)
                results = [self._extraction(article, doc) for doc, article in docs]
            yield from results
