"""The article minekg started from must come out right."""

import pytest


def moves_of(extraction, move_type, actor=None):
    return [m for m in extraction.moves if m.type == move_type and (actor is None or m.actor.id == actor)]


def test_mara_is_linked_to_marathon_digital(seed):
    mara = next(e for e in seed.entities if e.id == "mara")
    assert mara.ticker == "MARA" and mara.type == "Company"
    assert mara.mentions >= 3


@pytest.mark.parametrize(("company", "ticker"), [("riot-platforms", "RIOT"), ("cleanspark", "CLSK")])
def test_peers_are_recognised_and_linked(seed, company, ticker):
    assert any(e.id == company and e.ticker == ticker for e in seed.entities)
    assert any(p.company.id == "mara" and p.peer.id == company for p in seed.peers)


def test_bitcoin_sale_is_asserted_with_amount(seed, seed_text):
    (sale,) = moves_of(seed, "AssetSale", "mara")
    assert sale.modality == "asserted"
    assert sale.asset == "Bitcoin"
    assert (sale.amount.value, sale.amount.unit) == (1.5e9, "USD")
    assert seed_text[sale.evidence.start : sale.evidence.end] == sale.evidence.sentence
    assert "divested $1.5 billion" in sale.evidence.sentence


def test_pivot_into_ai_is_asserted(seed):
    (pivot,) = moves_of(seed, "StrategicPivot", "mara")
    assert (pivot.modality, pivot.sector) == ("asserted", "AI")


def test_other_miners_following_is_speculation_not_fact(seed):
    for move in seed.moves:
        if move.actor.id != "mara":
            assert move.modality == "speculative", move
    followers = {m.actor.id for m in moves_of(seed, "StrategicPivot") if m.modality == "speculative"}
    assert followers == {"riot-platforms", "cleanspark"}
    # nothing asserted comes from the hedged sentences
    hedged = ("could influence", "follow suit", "may become a template")
    assert not [m for m in seed.moves if m.modality == "asserted" and any(h in m.evidence.sentence for h in hedged)]


def test_no_capital_raise_or_other_move_invented(seed):
    assert {(m.type, m.actor.id) for m in seed.moves} == {
        ("AssetSale", "mara"),
        ("StrategicPivot", "mara"),
        ("StrategicPivot", "riot-platforms"),
        ("StrategicPivot", "cleanspark"),
    }


def test_april_halving_is_context(seed):
    (halving,) = seed.context
    assert (halving.event, halving.date) == ("BitcoinHalving", "2024-04")
    assert "April halving" in halving.evidence.sentence


def test_every_evidence_matches_the_text(seed, seed_text):
    for item in [*seed.moves, *seed.context, *seed.peers]:
        ev = item.evidence
        assert seed_text[ev.start : ev.end] == ev.sentence
