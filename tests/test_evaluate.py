"""minekg eval on a tiny gold set with hand-computed scores."""

import json
from pathlib import Path

import pytest

from minekg.errors import MinekgError
from minekg.evaluate import evaluate, format_report, load_gold, load_predictions

TEXT = "Riot Platforms sold 500 BTC in March 2024. It also named a new chief financial officer."


def riot_move(move_type, start, end, **arguments):
    """A gold move by Riot Platforms, evidenced by TEXT[start:end]."""
    move = {
        "type": move_type,
        "actor": {"id": "riot-platforms"},
        "counterparty": None,
        "asset": None,
        "amount": None,
        "sector": None,
        "date": "2024-04-02",
        "modality": "asserted",
        "evidence": {"sentence": TEXT[start:end], "start": start, "end": end},
    }
    return move | arguments


def gold_record(**fields):
    moves = [
        riot_move("AssetSale", 0, 42, asset="Bitcoin", amount={"value": 500, "unit": "BTC"}, date="2024-03"),
        riot_move("LeadershipChange", 43, len(TEXT)),
        riot_move("CapitalRaise", 0, 42),  # not in the text: a miss
    ]
    record = {
        "id": "g1",
        "title": "t",
        "published": "2024-04-02",
        "url": None,
        "split": "test",
        "text": TEXT,
        "moves": moves,
    }
    return record | fields


@pytest.fixture()
def gold_dir(tmp_path):
    unrelated = {
        "id": "g2",
        "title": "Bakery",
        "published": "2024-04-02",
        "url": None,
        "split": "test",
        "text": "The bakery chain sold its flagship store and raised prices.",
        "moves": [],
    }
    tuning = gold_record(id="g3", split="tune")
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(r) for r in [gold_record(), unrelated, tuning]))
    return tmp_path


def test_scores_are_hand_computed(gold_dir, extractor):
    records = load_gold([gold_dir], split="test")
    assert [record.article.id for record in records] == ["g1", "g2"]
    report = evaluate(records, extractor).report()
    assert (report["overall"]["predicted"], report["overall"]["gold"]) == (2, 3)
    assert report["overall"]["precision"] == 1.0
    assert report["overall"]["recall"] == pytest.approx(2 / 3)
    assert report["per_type"]["AssetSale"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "gold": 1, "predicted": 1}
    assert report["per_type"]["CapitalRaise"]["recall"] == 0.0
    assert report["arguments"] == dict.fromkeys(("counterparty", "asset", "amount", "sector", "date", "modality"), 1.0)
    assert "overall" in format_report(report)


def test_bad_gold_is_one_clear_error(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": "no moves key"}\n')
    with pytest.raises(MinekgError, match="bad.jsonl:1: not a gold record"):
        load_gold([tmp_path])


def test_metrics_are_scored_on_company_metric_and_period(tmp_path, extractor):
    def observation(metric, value, unit, period):
        return {
            "company": {"id": "riot-platforms"},
            "metric": metric,
            "value": value,
            "unit": unit,
            "period": period,
            "status": "actual",
            "evidence": {"sentence": TEXT[:42], "start": 0, "end": 42},
        }

    record = gold_record(
        metrics=[
            observation("BitcoinSold", 500.0, "BTC", "2024-03"),  # "sold 500 BTC in March 2024"
            observation("Hashrate", 12.0, "EH/s", "2024-03"),  # not in the text: a miss
        ]
    )
    (tmp_path / "gold.jsonl").write_text(json.dumps(record))
    metrics = evaluate(load_gold([tmp_path]), extractor).report()["metrics"]
    assert metrics["overall"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": pytest.approx(2 / 3),
        "gold": 2,
        "predicted": 1,
    }
    assert metrics["per_metric"]["Hashrate"]["recall"] == 0.0
    assert metrics["matched"] == 1 and metrics["accuracy"] == {"value": 1.0, "status": 1.0}
    assert "BitcoinSold" in format_report(evaluate(load_gold([tmp_path]), extractor).report())


def test_predictions_of_another_annotator_are_scored_on_the_articles_they_cover(gold_dir, tmp_path_factory):
    sale, _, _ = gold_record()["moves"]
    second = [
        {"id": "g1", "moves": [sale | {"date": None}, riot_move("Rebrand", 43, len(TEXT))]},  # one right, one extra
        {"id": "elsewhere", "moves": []},  # not in the gold split scored: ignored
    ]
    path = tmp_path_factory.mktemp("predictions") / "second.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in second))
    report = evaluate(load_gold([gold_dir], split="test"), predictions=load_predictions(path)).report()
    assert report["articles"] == 1
    assert (report["overall"]["predicted"], report["overall"]["gold"]) == (2, 3)
    assert report["overall"]["precision"] == 0.5 and report["overall"]["recall"] == pytest.approx(1 / 3)
    assert report["arguments"]["date"] == 0.0 and report["arguments"]["amount"] == 1.0
    assert "metric" not in format_report(report)  # the predictions carry no metrics: none are scored


def test_bad_predictions_are_one_clear_error(gold_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("predictions") / "bad.jsonl"
    path.write_text('{"id": "g1"}\n')
    with pytest.raises(MinekgError, match="bad.jsonl:1: not a prediction"):
        load_predictions(path)
    path.write_text('{"id": "g1", "moves": [{"type": "AssetSale"}]}\n')
    with pytest.raises(MinekgError, match="bad.jsonl:1: move 1 needs a type, an actor and evidence with a start"):
        load_predictions(path)
    path.write_text('{"id": "nowhere", "moves": []}\n')
    with pytest.raises(MinekgError, match="no article of the predictions"):
        evaluate(load_gold([gold_dir]), predictions=load_predictions(path))


def test_the_second_annotation_covers_tuning_articles_only_and_lines_up_with_their_text():
    gold = Path(__file__).parent.parent / "data" / "gold"
    second = load_predictions(gold.parent / "agreement" / "second-annotator.jsonl")
    tune = {record.article.id: record.article.text for record in load_gold([gold], split="tune")}
    assert set(second) <= set(tune) and len(second) == 106
    for article_id, record in second.items():
        for move in record["moves"]:
            evidence = move["evidence"]
            assert tune[article_id][evidence["start"] : evidence["end"]] == evidence["sentence"]
    report = evaluate(load_gold([gold], split="tune"), predictions=second).report()
    assert report["articles"] == 106 and report["overall"]["gold"] == 246
