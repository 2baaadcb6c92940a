#!/usr/bin/env python3
"""Simulated review rounds: plays the annotators through the real review API and measures what
their answers buy, for two arms with the same budget.

  ranked  answers the first K open items in the queue's own order (GET /api/review-items:
          priority descending, then item id)
  random  answers K open items drawn with a fixed seed

Per arm and round: answer K items truthfully from the labels (claim, then decision with the
seq_no/primary_term the claim returned), run again over the same input (the run snapshots the
decisions and re-clusters the decided sets), evaluate. Round 0 is the state before any answer.
With --retrain every run also has its retrain step on (training.enabled=true), as a scheduled
job would: it trains on the manifest the run just published, and a model it promotes is used
from the next run on, which clusters every set again in the new space. --retrain-method network
fine-tunes the whole embedder instead of the adapter (training.method=network): a promoted
network embeds the stored crops again. --set KEY=VALUE (repeatable) passes settings to every
run, e.g. the quality thresholds of a low-resolution domain.

Truthful answers come from the labelled faces (one per labelled image: the face covering the
centre, as `evaluate --export-embeddings` lists them); other faces have no truth and are left out.
  cluster item: majority label M of its labelled faces; all M -> confirm, else remove the others.
  merge item:   majority label of each side (details.subjects); equal -> merge, else reject.
An item without a strict majority (or with no labelled face on a side) is skipped: it costs no
budget, the next item is taken, and the skip is counted.

Each arm has its own data root and Elasticsearch index prefix. The first arm makes the first
run; later arms start from a copy of its data root and of its indices (Elasticsearch _clone),
so every arm starts from the same state.

Usage (python3, standard library only):
  scripts/simulate.py --input MANIFEST --labels LABELS_CSV --work DIR \
      [--arms ranked,random] [--k 50] [--rounds 3] [--seed 1] [--retrain [--retrain-method network]] \
      [--set KEY=VALUE ...] \
      [--index-prefix sim] [--port 18088] [--labels-root DIR] [--resume]
  scripts/simulate.py --work DIR --table      one table of every arm's results in DIR
Writes DIR/simulation-<arms>.json and .md and prints the Markdown table. With --setup-only it
only prepares the arms; each arm can then run in its own process (its own --port), side by side.
Elasticsearch: FACEENGINE_ES_URL, the address every command reads (default http://127.0.0.1:9200).
"""
import argparse
import collections
import csv
import hashlib
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_LOCAL = os.path.join(ROOT, "scripts", "run-local.sh")
API_JAR = os.path.join(ROOT, "annotation-ui-api", "target", "face-engine-review-api.jar")
INDICES = ("identities", "review-items", "decisions", "data-root")  # data-root: the owner, as the copied data-root.json


def log(msg):
    print("[simulate %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def engine(args, data_root, prefix, es_url, logfile, settings=()):
    """Runs scripts/run-local.sh; returns the JSON it printed (its last JSON document)."""
    env = dict(os.environ, DATA_ROOT=data_root, FACEENGINE_ES_URL=es_url)
    cmd = [RUN_LOCAL] + args
    if args[0] == "run":  # run-local.sh passes DATA_ROOT itself; run options follow "--"
        cmd += ["--", "--set", "elasticsearch.indexPrefix=" + prefix]
        for setting in settings:
            cmd += ["--set", setting]
    else:
        cmd += ["--data-root", data_root, "--set", "elasticsearch.indexPrefix=" + prefix]
    log(" ".join(cmd))
    t0 = time.time()
    with open(logfile, "w") as err:
        out = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
    if out.returncode != 0:
        raise SystemExit("failed (%d): %s; see %s" % (out.returncode, " ".join(cmd), logfile))
    text = out.stdout.strip()
    start = text.find("{")
    return (json.loads(text[start:]) if start >= 0 else {}), time.time() - t0


class Api:
    def __init__(self, base, token):
        self.base, self.token = base, token

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + self.token,
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def open_items(self):
        """Every open item, in the queue's order."""
        items, after = [], None
        while True:
            path = "/api/review-items?limit=500" + ("&after=" + urllib.request.quote(after) if after else "")
            status, page = self.call("GET", path)
            if status != 200:
                raise SystemExit("listing the queue: %s %s" % (status, page))
            items += page["items"]
            after = page.get("next")
            if not after or not page["items"]:
                return items


def start_api(work, data_root, prefix, es_url, port):
    token = secrets.token_hex(16)
    tokens = os.path.join(work, "tokens-%s.yaml" % prefix)
    with open(tokens, "w") as f:
        f.write("%s: {name: simulated-annotator, role: annotator}\n" % hashlib.sha256(token.encode()).hexdigest())
    logf = open(os.path.join(work, "review-api-%s.log" % prefix), "w")
    proc = subprocess.Popen(["java", "-jar", API_JAR, "--tokens", tokens, "--config",
                             os.path.join(ROOT, "conf", "face-engine.yaml"), "--port", str(port), "--bind", "127.0.0.1",
                             "--data-root", data_root, "elasticsearch.indexPrefix=" + prefix,
                             "elasticsearch.url=" + es_url], stdout=logf, stderr=logf)
    api = Api("http://127.0.0.1:%d" % port, token)
    for _ in range(120):
        time.sleep(1)
        if proc.poll() is not None:
            raise SystemExit("the review API exited; see its log in " + work)
        try:
            if api.call("GET", "/api/review-items?limit=1")[0] == 200:
                return proc, api
        except OSError:
            pass
    proc.terminate()
    raise SystemExit("the review API did not answer within 120 s")


def read_truth(tsv):
    truth = {}
    with open(tsv) as f:
        next(f)
        for line in f:
            cols = line.split("\t", 4)
            truth[cols[0]] = cols[3]
    return truth


def majority(faces, truth):
    labels = collections.Counter(truth[f] for f in faces if f in truth)
    if not labels:
        return None
    (top, n), *rest = labels.most_common()
    if rest and rest[0][1] == n:
        return None
    return top


def answer(item, truth):
    """The truthful decision body (without the state) or None when the labels cannot tell."""
    if item["kind"] == "merge":
        subjects = (item.get("details") or {}).get("subjects") or []
        if isinstance(subjects, str):
            subjects = json.loads(subjects)
        if len(subjects) != 2:
            return None
        sides = [majority(s.get("face_ids") or [], truth) for s in subjects]
        if None in sides:
            return None
        return {"kind": "merge" if sides[0] == sides[1] else "reject"}
    faces = item.get("face_ids") or []
    m = majority(faces, truth)
    if m is None:
        return None
    wrong = [f for f in faces if f in truth and truth[f] != m]
    return {"kind": "remove", "faceIds": wrong} if wrong else {"kind": "confirm"}


def details_of(item):
    d = item.get("details")
    return json.loads(d) if isinstance(d, str) else d


def play_round(api, arm, k, rng, truth):
    items = api.open_items()
    order = list(items)
    if arm == "random":
        rng.shuffle(order)
    made = collections.Counter()
    skipped = conflicts = 0
    for item in order:
        if sum(made.values()) >= k:
            break
        status, full = api.call("GET", "/api/review-items/" + urllib.request.quote(item["item_id"], safe=""))
        if status != 200:
            conflicts += 1
            continue
        full["details"] = details_of(full)
        body = answer(full, truth)
        if body is None:
            skipped += 1
            continue
        path = "/api/review-items/" + urllib.request.quote(item["item_id"], safe="")
        status, claimed = api.call("POST", path + "/claim")
        if status != 200:
            conflicts += 1
            continue
        body.update(seqNo=claimed["seq_no"], primaryTerm=claimed["primary_term"])
        status, decided = api.call("POST", path + "/decision", body)
        if status != 201:
            raise SystemExit("decision on %s answered %s %s" % (item["item_id"], status, decided))
        made[(full["kind"], body["kind"])] += 1
    return {"openItems": len(items), "decisions": sum(made.values()), "skipped": skipped, "conflicts": conflicts,
            "byKind": {"%s/%s" % key: n for key, n in sorted(made.items())}}


def clone_indices(es_url, src, dst):
    def es(method, path, body=None):
        req = urllib.request.Request(es_url + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            body = r.read()
            return json.loads(body) if body else {}
    for name in INDICES:
        s, d = "%s-%s" % (src, name), "%s-%s" % (dst, name)
        try:
            es("HEAD", "/" + s)
        except urllib.error.HTTPError:
            continue  # not created yet: the API creates it when it starts
        es("PUT", "/%s/_settings" % s, {"index.blocks.write": True})
        try:
            es("POST", "/%s/_clone/%s" % (s, d), {"settings": {"index.number_of_replicas": es(
                "GET", "/%s/_settings" % s)[s]["settings"]["index"].get("number_of_replicas", "0")}})
            es("PUT", "/%s/_settings" % d, {"index.blocks.write": None})
        finally:
            es("PUT", "/%s/_settings" % s, {"index.blocks.write": None})


def step_counts(summary, name):
    for step in summary.get("steps", []):
        if step.get("step") == name:
            return step.get("counts") or {}
    return {}


def retrain_card(summary, root):
    """The model card the run's retrain step wrote (models/adapters/vN/model.json), or None."""
    version = step_counts(summary, "retrain").get("modelVersion")
    if version is None:
        return None
    with open(os.path.join(root, "models", "adapters", "v%d" % version, "model.json")) as f:
        return json.load(f)


def figures(report, summary, card):
    ident = report.get("identities", {})
    acc = report.get("autoAccepted", {})
    row = {"bcubedF": ident.get("bcubedF1"), "bcubedPrecision": ident.get("bcubedPrecision"),
           "bcubedRecall": ident.get("bcubedRecall"), "acceptedFaces": acc.get("faces"), "acceptedShare": acc.get("share"),
           "acceptedPrecision": acc.get("bcubedPrecision"), "acceptedPairwisePrecision": acc.get("pairwisePrecision"),
           "acceptedLabelPrecision": acc.get("labelPrecision"),
           "labelledFacesClustered": report.get("coverage", {}).get("scored"),
           "clusteredWithAdapter": step_counts(summary or {}, "cluster").get("adapterVersion"),
           "clusteredWithNetwork": step_counts(summary or {}, "cluster").get("networkVersion")}
    if card is not None:
        candidate = card.get("candidate") or {}
        in_use = candidate if card.get("promoted") else (card.get("current") or {})
        row.update(modelVersion=card.get("version"), promoted=card.get("promoted"), decision=card.get("decision"),
                   candidateAccuracy=candidate.get("accuracy"), candidateTar=candidate.get("tarAtFar"),
                   currentModelAccuracy=in_use.get("accuracy"), currentModelTar=in_use.get("tarAtFar"),
                   valFaces=candidate.get("valFaces"), valPairs=(candidate.get("positivePairs") or 0)
                   + (candidate.get("negativePairs") or 0) if candidate else None)
    return row


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--input", help="manifest or folder of the run (the same every round)")
    p.add_argument("--labels", help="labels CSV path,identity[,set] for evaluate")
    p.add_argument("--labels-root", help="folder the label paths are relative to, as the input names the images"
                   " (evaluate matches labels to images by path; default: the labels file's folder)")
    p.add_argument("--work", required=True, help="folder for the arms' data roots, logs and the results")
    p.add_argument("--arms", default="ranked,random")
    p.add_argument("--k", type=int, default=50, help="decisions per round and arm")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--seed", type=int, default=1, help="seed of the random arm")
    p.add_argument("--retrain", action="store_true",
                   help="every run retrains too (its retrain step); a promoted adapter is used from the next run on")
    p.add_argument("--retrain-method", choices=["adapter", "network"], default="adapter",
                   help="what --retrain trains: the linear adapter or the whole network (training.method)")
    p.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                   help="a setting for every run (repeatable)")
    p.add_argument("--index-prefix", default="sim")
    p.add_argument("--port", type=int, default=18088)
    p.add_argument("--setup-only", action="store_true",
                   help="only prepare the arms (first run, copies); then run each arm in its own process")
    p.add_argument("--resume", action="store_true",
                   help="continue after the last round recorded in the arm's results (e.g. with other options)")
    p.add_argument("--table", action="store_true", help="only print one table of every arm's results in --work")
    p.add_argument("--sweep", default="0.61", help="evaluate --sweep (one threshold keeps evaluate short)")
    a = p.parse_args()
    a.es_url = os.environ.get("FACEENGINE_ES_URL", "http://127.0.0.1:9200").rstrip("/")
    work = os.path.abspath(a.work)
    if not a.table and not (a.input and a.labels):
        p.error("--input and --labels are required")
    if a.table:
        combined = None
        for name in sorted(os.listdir(work)):
            if name.startswith("simulation-") and name.endswith(".json"):
                with open(os.path.join(work, name)) as f:
                    part = json.load(f)
                combined = combined or dict(part, arms={})
                combined["arms"].update(part["arms"])
        print(markdown(combined) if combined else "no results in " + work)
        return
    os.makedirs(work, exist_ok=True)
    results = {"k": a.k, "rounds": a.rounds, "seed": a.seed, "retrain": a.retrain,
               "retrainMethod": a.retrain_method if a.retrain else None, "settings": a.settings, "arms": {}}
    run_settings = list(a.settings)
    if a.retrain:
        run_settings += ["training.enabled=true", "training.method=" + a.retrain_method]
    arms = a.arms.split(",")
    results["name"] = "-".join(arms)
    # Every arm starts from the same state: set them all up before any answer.
    first_root = first_prefix = None
    for arm in arms:
        root, prefix = os.path.join(work, arm), "%s-%s" % (a.index_prefix, arm)
        os.makedirs(os.path.join(work, "logs-" + arm), exist_ok=True)
        if os.path.exists(os.path.join(root, "committed-runs.json")):
            log("%s: data root %s already holds a run; starting from it" % (arm, root))
        elif first_root is None:
            _, secs = engine(["run", os.path.abspath(a.input)], root, prefix, a.es_url,
                             os.path.join(work, "logs-" + arm, "run-0.log"), a.settings)
            log("%s: first run took %.0f s" % (arm, secs))
        else:
            log("%s: copying the data root and the indices of %s" % (arm, first_prefix))
            shutil.copytree(first_root, root, symlinks=True)
            clone_indices(a.es_url, first_prefix, prefix)
        if first_root is None:
            first_root, first_prefix = root, prefix
    if a.setup_only:
        return
    for arm in arms:
        root, prefix = os.path.join(work, arm), "%s-%s" % (a.index_prefix, arm)
        logs = os.path.join(work, "logs-" + arm)

        def evaluate(r, reuse=False):
            d = os.path.join(root, "evaluation-round-%d" % r)
            tsv = os.path.join(d, "labelled.tsv")
            if (r == 0 or reuse) and os.path.exists(os.path.join(d, "report.json")) and os.path.exists(tsv):
                with open(os.path.join(d, "report.json")) as f:  # the state every arm starts from
                    return json.load(f), read_truth(tsv)
            os.makedirs(d, exist_ok=True)
            root_opt = ["--root", os.path.abspath(a.labels_root)] if a.labels_root else []
            report, secs = engine(["evaluate", "--labels", os.path.abspath(a.labels)] + root_opt + ["--report-dir", d, "--sweep", a.sweep,
                                   "--export-embeddings", tsv], root, prefix, a.es_url, os.path.join(logs, "evaluate-%d.log" % r))
            with open(os.path.join(d, "report.json")) as f:
                report = json.load(f)
            return report, read_truth(tsv)

        done = os.path.join(work, "simulation-%s.json" % results["name"])
        if a.resume and os.path.exists(done):
            # Continue an interrupted simulation: its recorded rounds stand; their answers are in
            # the review queue and their runs in the data root.
            with open(done) as f:
                rows = json.load(f)["arms"][arm]
            report, truth = evaluate(rows[-1]["round"], reuse=True)
            log("%s: resuming after round %d" % (arm, rows[-1]["round"]))
        else:
            report, truth = evaluate(0)
            rows = [dict(round=0, decisions=0, **figures(report, None, None))]
            log("%s round 0: %s" % (arm, rows[-1]))
        proc, api = start_api(work, root, prefix, a.es_url, a.port)
        try:
            for r in range(rows[-1]["round"] + 1, a.rounds + 1):
                t0 = time.time()
                rng = random.Random(a.seed + r - 1)  # per round, so a resumed simulation draws the same
                played = play_round(api, arm, a.k, rng, truth)
                answer_secs = time.time() - t0
                log("%s round %d: %s" % (arm, r, played))
                summary, run_secs = engine(["run", os.path.abspath(a.input)], root, prefix, a.es_url,
                                           os.path.join(logs, "run-%d.log" % r), run_settings)
                report, truth = evaluate(r)
                rows.append(dict(round=r, **played, answerSeconds=round(answer_secs, 1), runSeconds=round(run_secs, 1),
                                 **figures(report, summary, retrain_card(summary, root))))
                log("%s round %d: %s" % (arm, r, rows[-1]))
                results["arms"][arm] = rows
                write(work, results)
        finally:
            proc.terminate()
            proc.wait()
        results["arms"][arm] = rows
        write(work, results)
    print(markdown(results))


def fmt(v, digits=4):
    if v is None:
        return "-"
    return ("%." + str(digits) + "f") % v if isinstance(v, float) else str(v)


def model_cell(row):
    if row.get("modelVersion") is None:
        return "-"
    return "v%s %s (%s / %s); in use: %s / %s" % (
        row["modelVersion"], "promoted" if row.get("promoted") else "not promoted", fmt(row.get("candidateTar")),
        fmt(row.get("candidateAccuracy")), fmt(row.get("currentModelTar")), fmt(row.get("currentModelAccuracy")))


def markdown(results):
    lines = ["K = %d decisions per round, seed %d" % (results["k"], results["seed"]), "",
             "| arm | round | decisions (skipped) | accepted faces | accepted share | accepted label precision "
             "| accepted BCubed precision | identities BCubed F | clustered with | retrain: val TAR at FAR 1e-3 / accuracy |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for arm, rows in results["arms"].items():
        for row in rows:
            adapter, network = row.get("clusteredWithAdapter"), row.get("clusteredWithNetwork")
            lines.append("| %s | %d | %s (%s) | %s | %s | %s | %s | %s | %s | %s |" % (
                arm, row["round"], row["decisions"], row.get("skipped", 0), fmt(row["acceptedFaces"]),
                fmt(row["acceptedShare"]), fmt(row.get("acceptedLabelPrecision")), fmt(row["acceptedPrecision"]),
                fmt(row["bcubedF"]),
                "adapter v%d" % adapter if adapter else "network v%d" % network if network else "backbone",
                model_cell(row)))
    return "\n".join(lines)


def write(work, results):
    name = "simulation-" + results["name"]
    with open(os.path.join(work, name + ".json"), "w") as f:
        json.dump(results, f, indent=2)
    with open(os.path.join(work, name + ".md"), "w") as f:
        f.write(markdown(results) + "\n")


if __name__ == "__main__":
    main()
