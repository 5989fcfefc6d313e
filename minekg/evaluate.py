"""Score extraction against hand annotations (``minekg eval``).

A gold record is an article (id, title, published, url, text) with a
``split`` ("tune" or "test") and ``moves`` in the extraction JSON's move
fields. A predicted move matches a gold move of the same article with the same
type and actor (one-to-one, the closest evidence first). Over matched pairs,
each argument is scored: counterparty, asset, amount (same unit, within 1%),
sector, date and modality.

Gold records may also hold ``metrics`` (the extraction JSON's metric fields). A predicted
observation matches a gold one of the same article with the same company, metric and period
(one-to-one, nearest evidence first); over matched pairs the value is scored (within 1%) and the
status (actual or guidance).

>>> gold = [{"type": "AssetSale", "actor": {"id": "mara"}, "amount": {"value": 100, "unit": "BTC"},
...          "modality": "asserted", "evidence": {"start": 0}}]
>>> pred = [{"type": "AssetSale", "actor": {"id": "mara"}, "amount": {"value": 100.5, "unit": "BTC"},
...          "modality": "asserted", "confidence": 0.9, "evidence": {"start": 0}}]
>>> pairs, fp, fn = match(pred, gold)
>>> len(pairs), fp, fn, same_amount(pairs[0][0]["amount"], pairs[0][1]["amount"])
(1, [], [], True)
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from minekg.errors import MinekgError
from minekg.sources.checks import article
from nlp.extract import Extractor
from nlp.types import METRICS, MOVE_TYPES, Article

ARGUMENTS = ("counterparty", "asset", "amount", "sector", "date", "modality")
THRESHOLDS = (0.5, 0.7, 0.9)


def _id(ref) -> str | None:
    if ref is None:
        return None
    return ref if isinstance(ref, str) else ref.get("id")


def same_amount(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a["unit"] != b["unit"]:
        return False
    return abs(a["value"] - b["value"]) <= 0.01 * max(abs(b["value"]), 1e-9)


def _argument_ok(name: str, pred: dict, gold: dict) -> bool:
    if name == "counterparty":
        return _id(pred.get("counterparty")) == _id(gold.get("counterparty"))
    if name == "amount":
        return same_amount(pred.get("amount"), gold.get("amount"))
    return pred.get(name) == gold.get(name)


def _start(move: dict) -> int | None:
    evidence = move.get("evidence")
    return evidence.get("start") if isinstance(evidence, dict) else None


def _move_key(record: dict) -> tuple:
    return record["type"], _id(record["actor"])


def _metric_key(record: dict) -> tuple:
    return record["metric"], _id(record["company"]), record.get("period")


def _agreement(pred: dict, gold: dict) -> int:
    return sum(_argument_ok(name, pred, gold) for name in ARGUMENTS)


def match(
    predicted: list[dict], gold: list[dict], key=_move_key, agreement=_agreement
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """One-to-one pairs on ``key`` (moves: type and actor), nearest evidence first; then the unmatched of each side.

    Of records equally near (two targets in one sentence), the one that ``agreement`` scores highest is the pair.
    """
    pairs, unmatched_gold = [], list(gold)
    unmatched_pred = []
    for pred in predicted:
        candidates = [g for g in unmatched_gold if key(g) == key(pred)]
        if not candidates:
            unmatched_pred.append(pred)
            continue
        best = min(
            candidates,
            key=lambda g: (
                abs(g["evidence"]["start"] - pred["evidence"]["start"]),
                -agreement(pred, g),
            ),
        )
        unmatched_gold.remove(best)
        pairs.append((pred, best))
    return pairs, unmatched_pred, unmatched_gold


@dataclass
class Scores:
    articles: int = 0
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    argument_right: Counter = field(default_factory=Counter)
    matched: int = 0
    by_confidence: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # t -> [tp, predicted]
    errors: list = field(default_factory=list)
    metric_tp: Counter = field(default_factory=Counter)
    metric_fp: Counter = field(default_factory=Counter)
    metric_fn: Counter = field(default_factory=Counter)
    metric_right: Counter = field(default_factory=Counter)  # "value", "status" -> right on matched pairs

    def score_metrics(self, article_id: str, predicted: list[dict], gold: list[dict]) -> None:
        pairs, fps, fns = match(
            predicted, gold, key=_metric_key, agreement=lambda p, g: same_amount(_amount(p), _amount(g))
        )
        for pred, want in pairs:
            self.metric_tp[want["metric"]] += 1
            right = {"value": same_amount(_amount(pred), _amount(want)), "status": pred["status"] == want["status"]}
            for name, ok in right.items():
                self.metric_right[name] += ok
                if not ok:
                    self.errors.append((article_id, f"metric {name} of {want['metric']}", pred[name], want[name]))
        for pred in fps:
            self.metric_fp[pred["metric"]] += 1
            self.errors.append((article_id, "extra metric", _metric_key(pred), pred["evidence"]["sentence"]))
        for want in fns:
            self.metric_fn[want["metric"]] += 1
            self.errors.append((article_id, "missed metric", _metric_key(want), want["evidence"]["sentence"]))

    def metrics_report(self) -> dict:
        overall, per_metric = _detection(METRICS, self.metric_tp, self.metric_fp, self.metric_fn)
        matched = sum(self.metric_tp.values())
        return {
            "overall": overall,
            "per_metric": per_metric,
            "matched": matched,
            "accuracy": {name: self.metric_right[name] / matched if matched else 1.0 for name in ("value", "status")},
        }

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def accuracy(self, name: str) -> float:
        return self.argument_right[name] / self.matched if self.matched else 1.0

    def report(self) -> dict:
        overall, per_type = _detection(MOVE_TYPES, self.tp, self.fp, self.fn)
        return {
            "articles": self.articles,
            "overall": overall,
            "per_type": per_type,
            "arguments": {name: self.accuracy(name) for name in ARGUMENTS},
            "matched": self.matched,
            "precision_at_confidence": {
                str(t): (tp / n if n else None, n) for t, (tp, n) in sorted(self.by_confidence.items())
            },
            "metrics": self.metrics_report(),
        }


def _detection(names, tp: Counter, fp: Counter, fn: Counter) -> tuple[dict, dict]:
    """Precision, recall, F1 and counts overall and per name (those with any gold or predicted item)."""

    def scores(t: int, p: int, n: int) -> dict:
        precision, recall, f1 = Scores.prf(t, p, n)
        return {"precision": precision, "recall": recall, "f1": f1, "gold": t + n, "predicted": t + p}

    per_name = {name: scores(tp[name], fp[name], fn[name]) for name in names if tp[name] + fp[name] + fn[name]}
    return scores(sum(tp.values()), sum(fp.values()), sum(fn.values())), per_name


def _amount(metric: dict) -> dict:
    return {"value": metric["value"], "unit": metric["unit"]}


@dataclass(frozen=True)
class Gold:
    """One gold article with its hand-annotated moves and metric observations."""

    article: Article
    moves: list[dict]
    metrics: list[dict]
    source: str = ""  # the gold file it came from


def load_gold(paths: Iterable[str | Path], split: str | None = None) -> list[Gold]:
    """Gold records from JSONL files or directories of them, optionally one split."""
    files: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            files += sorted(given.glob("*.jsonl"))
        elif given.is_file():
            files.append(given)
        else:
            raise MinekgError(f"{given}: no such file or directory")
    records = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MinekgError(f"{where}: malformed JSON ({exc.msg})") from None
            if "moves" not in record:
                raise MinekgError(f"{where}: not a gold record (no 'moves')")
            if split and record.get("split", "tune") != split:
                continue
            item = article(where, record)
            if not isinstance(item, Article):
                raise MinekgError(str(item))
            records.append(Gold(item, record["moves"], record.get("metrics", []), path.name))
    if not records:
        raise MinekgError("no gold records found" + (f" in split {split!r}" if split else ""))
    return records


def load_predictions(path: str | Path) -> dict[str, dict]:
    """Another annotator's or system's moves (and metrics), by article id.

    Lines of ``{"id": ..., "moves": [...]}`` or ``minekg extract`` output (``{"article": {"id": ...}, ...}``).
    """
    predictions = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MinekgError(f"{path}:{number}: malformed JSON ({exc.msg})") from None
        article_id = record.get("id") or (record.get("article") or {}).get("id")
        if not article_id or not isinstance(record.get("moves"), list):
            raise MinekgError(f"{path}:{number}: not a prediction (needs an id and a list of moves)")
        for n, move in enumerate(record["moves"], start=1):
            if not (
                isinstance(move, dict) and move.get("type") and _id(move.get("actor")) and _start(move) is not None
            ):
                raise MinekgError(f"{path}:{number}: move {n} needs a type, an actor and evidence with a start")
        predictions[article_id] = record
    return predictions


def evaluate(records: list[Gold], extractor: Extractor | None = None, predictions: dict | None = None) -> Scores:
    """Score minekg's extraction of the gold articles, or ``predictions`` (``load_predictions``) of those it holds."""
    if predictions is None:
        extractor = extractor or Extractor()
        found = (
            (e.article.id, [asdict(m) for m in e.moves], [asdict(m) for m in e.metrics])
            for e in extractor.extract_many(record.article for record in records)
        )
    else:
        records = [record for record in records if record.article.id in predictions]
        if not records:
            raise MinekgError("no article of the predictions is in the gold records scored")
        found = (
            (r.article.id, predictions[r.article.id]["moves"], predictions[r.article.id].get("metrics"))
            for r in records
        )
    scores = Scores()
    gold_by_id = {record.article.id: record for record in records}
    for article_id, predicted, metrics in found:
        scores.articles += 1
        gold = gold_by_id[article_id]
        if metrics is not None:
            scores.score_metrics(article_id, metrics, gold.metrics)
        pairs, fps, fns = match(predicted, gold.moves)
        for pred, gold in pairs:
            scores.tp[pred["type"]] += 1
            scores.matched += 1
            for name in ARGUMENTS:
                ok = _argument_ok(name, pred, gold)
                scores.argument_right[name] += ok
                if not ok:
                    scores.errors.append((article_id, f"{name} of {gold['type']}", pred.get(name), gold.get(name)))
        for pred in fps:
            scores.fp[pred["type"]] += 1
            scores.errors.append((article_id, "extra", pred["type"], pred["evidence"]["sentence"]))
        for gold in fns:
            scores.fn[gold["type"]] += 1
            scores.errors.append((article_id, "missed", gold["type"], gold["evidence"]["sentence"]))
        matched_ids = {id(p) for p, _ in pairs}
        for t in THRESHOLDS:
            kept = [p for p in predicted if p.get("confidence", 0) >= t]
            scores.by_confidence[t][0] += sum(id(p) in matched_ids for p in kept)
            scores.by_confidence[t][1] += len(kept)
    return scores


def _table(title: str, per_name: dict, overall: dict) -> list[str]:
    """P/R/F1 and counts, one line per name, then the overall line."""
    lines = [f"{title:<22}{'P':>6}{'R':>6}{'F1':>6}{'gold':>6}{'pred':>6}"]
    for name, s in [*per_name.items(), ("overall", overall)]:
        lines.append(
            f"{name:<22}{s['precision']:>6.2f}{s['recall']:>6.2f}{s['f1']:>6.2f}{s['gold']:>6}{s['predicted']:>6}"
        )
    return lines


def format_report(report: dict) -> str:
    o = report["overall"]
    lines = [f"{report['articles']} articles, {o['gold']} gold moves, {o['predicted']} predicted", ""]
    lines += _table("move type", report["per_type"], o)
    lines += ["", f"argument accuracy over {report['matched']} matched moves:"]
    lines += [f"  {name:<14}{value:.2f}" for name, value in report["arguments"].items()]
    lines += ["", "precision at confidence >= threshold (moves kept):"]
    for t, (p, n) in report["precision_at_confidence"].items():
        lines.append(f"  >= {t}: " + (f"{p:.2f} ({n})" if p is not None else "no moves"))
    m = report["metrics"]
    if not m["overall"]["gold"] + m["overall"]["predicted"]:
        return "\n".join(lines)
    lines += ["", *_table("metric", m["per_metric"], m["overall"])]
    lines += [f"metric accuracy over {m['matched']} matched observations:"]
    lines += [f"  {name:<14}{value:.2f}" for name, value in m["accuracy"].items()]
    return "\n".join(lines)
