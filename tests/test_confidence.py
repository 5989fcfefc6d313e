"""Move confidence: the model's features, its fit (minekg calibrate) and what it says of moves."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from minekg.calibrate import cross_validated, fit, precision_at
from minekg.cli import cli
from nlp.confidence import features, load_weights, probability, rated
from nlp.types import Article

GOLD = Path(__file__).parent.parent / "data" / "gold"


def test_a_move_by_an_unknown_organisation_sharing_its_sentence_is_rated_lower(extractor):
    text = (
        "Riot Platforms sold 500 BTC for $30 million in March. "
        "Later, Acme Widgets Inc. agreed to acquire Brightline Tools Inc. for $40 million, "
        "and Riot Platforms bought land in Texas."
    )
    moves = extractor.extract(Article(id="c1", text=text, published="2024-04-02")).moves
    by_actor = {(m.type, m.actor.id): m for m in moves}
    sale, unknown = by_actor[("AssetSale", "riot-platforms")], by_actor[("Acquisition", "acme-widgets")]
    assert {"amount", "first sentence"} <= features(sale, moves, extractor.registry.companies).keys()
    assert {"actor outside the registry", "shares its sentence"} <= features(
        unknown, moves, extractor.registry.companies
    ).keys()
    assert sale.confidence > 0.9 > 0.5 > unknown.confidence


def test_rated_sets_the_model_probability_and_keeps_everything_else(extractor):
    moves = extractor.extract(Article(id="c2", text="CleanSpark bought 2,000 BTC.", published="2024-04-02")).moves
    again = rated(moves, extractor.registry.companies)
    assert again == moves
    weights = {"intercept": 0.0, "weights": {"type=AssetPurchase": 2.0}}
    (move,) = rated(moves, extractor.registry.companies, weights)
    assert move.confidence == round(probability({"type=AssetPurchase": 1.0}, weights), 2) == 0.88


def rows(file: str, n_right: int, n_wrong: int, feature: str) -> list:
    return [(file, {feature: 1.0}, True)] * n_right + [(file, {feature: 1.0}, False)] * n_wrong


def test_fit_weighs_what_was_right_and_cross_validation_holds_out_each_file():
    examples = [
        *rows("a", 9, 1, "amount"),
        *rows("a", 2, 8, "minted"),
        *rows("b", 8, 2, "amount"),
        *rows("b", 1, 9, "minted"),
    ]
    weights = fit(examples)
    assert weights["weights"]["amount"] > 0 > weights["weights"]["minted"]
    assert probability({"amount": 1.0}, weights) > 0.7 > 0.3 > probability({"minted": 1.0}, weights)
    scored = cross_validated(examples)
    assert len(scored) == len(examples)
    by_threshold = precision_at(scored)
    assert by_threshold[0.0] == (20 / 40, 40)
    assert by_threshold[0.5] == (17 / 20, 20)


def test_fit_needs_right_and_wrong_moves():
    from minekg.errors import MinekgError

    with pytest.raises(MinekgError, match="only right or only wrong"):
        fit(rows("a", 3, 0, "amount"))


def test_calibrate_fits_on_gold_and_writes_weights_confidence_reads(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for name in ("gold-a.jsonl", "gold-b.jsonl"):
        lines = (GOLD / name).read_text(encoding="utf-8").splitlines()
        (gold / name).write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    out = tmp_path / "weights.json"
    result = CliRunner().invoke(cli, ["calibrate", str(gold), "--split", "all", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "each gold file scored by a fit without it" in result.output and ">= 0.9:" in result.output
    written = json.loads(out.read_text())
    assert written["fit on"]["split"] == "all" and written["fit on"]["moves"] > 10
    assert set(written["weights"]) <= set(load_weights()["weights"]) | {"modality=speculative"}
    assert 0 < probability({"amount": 1.0}, written) < 1
