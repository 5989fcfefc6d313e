"""A cheap relevance test run before NLP: does the text name a company of the registry or a term
of the industry? One Aho-Corasick pass (pyahocorasick) over the lower-cased text.

>>> from nlp.registry import load_registry
>>> relevant = Prefilter(load_registry())
>>> relevant("Riot Platforms sold 500 BTC."), relevant("The bakery raised its prices.")
(True, False)
"""

from __future__ import annotations

import ahocorasick

from nlp.registry import Registry

TERMS = (
    "bitcoin",
    "btc",
    "hashrate",
    "hash rate",
    "bitcoin miner",
    "crypto miner",
    "mining rig",
    "asic",
    "exahash",
    "eh/s",
    "halving",
    "cryptocurrency mining",
    "digital asset",
)


class Prefilter:
    def __init__(self, registry: Registry):
        self.automaton = ahocorasick.Automaton()
        words = set(TERMS)
        for company in registry:
            words.update(name.lower() for name in company.names() if len(name) >= 4)
        for word in words:
            self.automaton.add_word(word, word)
        self.automaton.make_automaton()

    def __call__(self, text: str) -> bool:
        lower = text.lower()
        for end, word in self.automaton.iter(lower):
            start = end - len(word) + 1
            before = lower[start - 1] if start > 0 else " "
            after = lower[end + 1] if end + 1 < len(lower) else " "
            if not before.isalnum() and not after.isalnum():
                return True
        return False
