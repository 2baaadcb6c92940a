#!/usr/bin/python3
"""Reference numbers for the intra-set clustering study, from scikit-learn.

Reads the labelled-embeddings TSV (header, then face_id, image_id, set_id, identity, embedding
values) and, per set, clusters with
  - AgglomerativeClustering(metric='cosine', linkage='average', distance_threshold=1-t):
    textbook average linkage over every pair (reference for our average-linkage);
  - DBSCAN(metric='cosine', min_samples=1, eps=1-t): with min_samples=1 every face is a core
    point, so clusters are the connected components of "similarity >= t" (reference for our
    threshold-components, which is the same on the kNN graph without constraints).
Thresholds are chosen leave-one-set-out exactly as the Java study does (best mean BCubed F1 on
three sets, lowest threshold on ties, scored on the fourth). Metrics follow ClusteringMetrics.

With --java-labels (labels.tsv from the Java study) it also compares partitions at equal
thresholds (ARI, share of identical partitions) and recomputes the metrics of the Java labels
here, against --java-study (study.json), to check that both metric implementations agree.
With --domain NAME=TSV (repeated) it runs the cross-domain protocol of the Java
DomainClusteringStudy instead: per domain the within-set BCubed P/R/F1 averaged over faces, and
thresholds chosen with no per-domain tuning (chosen on one domain and scored on the others,
leave one domain out, the single threshold best on the mean of all domains, and the one whose
worst domain is best).
Prints one JSON document.
"""
import argparse
import json
import sys
from collections import OrderedDict

import numpy as np
from sklearn.cluster import DBSCAN, AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

# Same grid as the Java study: 0.10 .. 0.90 in steps of 0.01.
THRESHOLDS = [i / 100 for i in range(10, 91)]
METRICS = ["bcubedPrecision", "bcubedRecall", "bcubedF1", "pairwisePrecision", "pairwiseRecall",
           "pairwiseF1", "nmi", "clusters", "identities"]


def read_sets(path):
    """Faces grouped by set, sets sorted by name, faces in file order (as the Java study)."""
    sets = OrderedDict()
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 5:
                continue
            entry = sets.setdefault(fields[2], {"identities": [], "rows": []})
            entry["identities"].append(fields[3])
            entry["rows"].append([float(v) for v in fields[4:]])
    out = OrderedDict()
    for name in sorted(sets):
        x = np.asarray(sets[name]["rows"], dtype=np.float64)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        out[name] = (x, np.asarray(sets[name]["identities"]))
    return out


def f1(p, r):
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def scores(truth, predicted):
    """Pairwise and BCubed P/R/F1 and NMI with ClusteringMetrics' conventions."""
    _, t = np.unique(truth, return_inverse=True)
    _, c = np.unique(predicted, return_inverse=True)
    n = len(t)
    cells = {}
    for key in zip(t.tolist(), c.tolist()):
        cells[key] = cells.get(key, 0) + 1
    overlap = np.array(list(cells.values()), dtype=np.float64)
    identity_of = np.array([k[0] for k in cells])
    cluster_of = np.array([k[1] for k in cells])
    identity_sizes = np.bincount(t).astype(np.float64)
    cluster_sizes = np.bincount(c).astype(np.float64)

    def pairs(x):
        return float(np.sum(x * (x - 1) / 2))

    both, in_truth, in_pred = pairs(overlap), pairs(identity_sizes), pairs(cluster_sizes)
    pp = 1.0 if in_pred == 0 else both / in_pred
    pr = 1.0 if in_truth == 0 else both / in_truth
    # BCubed per face: overlap/|cluster| (precision), overlap/|identity| (recall), averaged over faces.
    bp = float(np.sum(overlap * overlap / cluster_sizes[cluster_of])) / n
    br = float(np.sum(overlap * overlap / identity_sizes[identity_of])) / n
    # Arithmetic normalisation = 2·MI/(H(truth)+H(pred)), as in Java; sklearn also gives 1.0 when
    # both sides are a single group and 0.0 when only one is.
    nmi = float(normalized_mutual_info_score(t, c, average_method="arithmetic"))
    return OrderedDict([
        ("bcubedPrecision", bp), ("bcubedRecall", br), ("bcubedF1", f1(bp, br)),
        ("pairwisePrecision", pp), ("pairwiseRecall", pr), ("pairwiseF1", f1(pp, pr)),
        ("nmi", nmi), ("clusters", int(len(cluster_sizes))), ("identities", int(len(identity_sizes)))])


def leave_one_set_out(set_names, grid):
    """grid[set][threshold index] -> scores; same selection rule as the Java study."""
    def best(held_out):
        means = [np.mean([grid[s][i]["bcubedF1"] for s in set_names if s != held_out])
                 for i in range(len(THRESHOLDS))]
        return int(np.argmax(means))  # first maximum = lowest threshold on ties

    folds = []
    for h in set_names:
        i = best(h)
        folds.append(OrderedDict([("heldOut", h), ("threshold", THRESHOLDS[i]), ("scores", grid[h][i])]))
    mean = OrderedDict((m, float(np.mean([f["scores"][m] for f in folds]))) for m in METRICS)
    sd = OrderedDict((m, float(np.std([f["scores"][m] for f in folds], ddof=1))) for m in METRICS)
    return OrderedDict([("folds", folds), ("heldOutMean", mean), ("heldOutSd", sd),
                        ("thresholdAllSets", THRESHOLDS[best(None)])])


def best_threshold(grid, domains, combine=np.mean):
    """Best combined (mean, or min: worst domain) BCubed F1 over the given domains; the middle of
    the tied thresholds (as in Java)."""
    values = [combine([grid[d][i]["bcubedF1"] for d in domains]) for i in range(len(THRESHOLDS))]
    best = max(values)
    tied = [i for i, v in enumerate(values) if v == best]
    return tied[(len(tied) - 1) // 2]


def domain_scores(sets, runs):
    """Within-set scores of one domain at one threshold, averaged weighted by faces."""
    faces = sum(len(truth) for _, truth in sets.values())
    out = OrderedDict()
    per_set = [(len(sets[name][1]), scores(sets[name][1], runs[name])) for name in sets]
    for m in ["bcubedPrecision", "bcubedRecall", "bcubedF1", "pairwiseF1"]:
        out[m] = sum(n * s[m] for n, s in per_set) / faces
    out["clusters"] = sum(s["clusters"] for _, s in per_set)
    out["identities"] = sum(s["identities"] for _, s in per_set)
    return out


def cross_domain(domains):
    """domains: name -> sets. The Java DomainClusteringStudy's summary, for the sklearn methods."""
    names = list(domains)
    report = OrderedDict([("domains", names), ("algorithms", OrderedDict())])

    def point(grid, d, i):
        return OrderedDict([("threshold", THRESHOLDS[i]), ("scores", grid[d][i])])

    for method in ["sklearn-dbscan", "sklearn-average-linkage"]:
        grid = {}
        for d, sets in domains.items():
            labels = {name: [sklearn_labels(method, x, t) for t in THRESHOLDS] for name, (x, _) in sets.items()}
            grid[d] = [domain_scores(sets, {name: labels[name][i] for name in sets}) for i in range(len(THRESHOLDS))]
            print("%s %s done" % (method, d), file=sys.stderr)
        own = OrderedDict((d, point(grid, d, best_threshold(grid, [d]))) for d in names)
        chosen = OrderedDict((d, OrderedDict((o, point(grid, o, best_threshold(grid, [d]))) for o in names))
                             for d in names)
        lodo = OrderedDict((d, point(grid, d, best_threshold(grid, [o for o in names if o != d])))
                           for d in names if len(names) > 1)
        single = best_threshold(grid, names)
        worst_case = best_threshold(grid, names, combine=min)
        report["algorithms"][method] = OrderedDict([
            ("ownBest", own), ("chosenOnOneDomain", chosen), ("leaveOneDomainOut", lodo),
            ("singleThreshold", OrderedDict([
                ("threshold", THRESHOLDS[single]),
                ("meanBcubedF1", float(np.mean([grid[d][single]["bcubedF1"] for d in names]))),
                ("perDomain", OrderedDict((d, point(grid, d, single)) for d in names))])),
            ("bestWorstDomain", OrderedDict([
                ("threshold", THRESHOLDS[worst_case]),
                ("worstBcubedF1", float(min(grid[d][worst_case]["bcubedF1"] for d in names))),
                ("perDomain", OrderedDict((d, point(grid, d, worst_case)) for d in names))]))])
    return report


def sklearn_labels(method, x, t):
    if method == "sklearn-average-linkage":
        model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                        distance_threshold=1 - t)
    else:
        model = DBSCAN(metric="cosine", min_samples=1, eps=1 - t)
    return model.fit_predict(x)


def canonical(labels):
    """Labels renumbered by first appearance, so equal partitions compare equal."""
    first = {}
    return np.array([first.setdefault(v, len(first)) for v in labels.tolist()])


def compare_with_java(java_labels_path, java_study_path, sets, labels_by_method):
    """ARI / identical partitions at equal thresholds, and metric agreement on the Java labels."""
    reference_for = {"average-linkage": "sklearn-average-linkage", "threshold-components": "sklearn-dbscan"}
    java_grid = None
    if java_study_path:
        with open(java_study_path, encoding="utf-8") as f:
            java_grid = json.load(f)["grid"]
    agreement = OrderedDict()
    metric_diff = 0.0
    checked = 0
    with open(java_labels_path, encoding="utf-8") as f:
        next(f)
        for line in f:
            algorithm, set_name, threshold, labels = line.rstrip("\n").split("\t")
            labels = np.array([int(v) for v in labels.split(",")])
            i = THRESHOLDS.index(float(threshold))
            truth = sets[set_name][1]
            if java_grid is not None:
                ours = scores(truth, labels)
                java = java_grid[algorithm][set_name][i]
                metric_diff = max(metric_diff, max(abs(ours[m] - java[m]) for m in METRICS))
                checked += 1
            base = next((b for b in reference_for if algorithm.startswith(b)), None)
            if base is None:
                continue
            reference = labels_by_method[reference_for[base]][set_name][i]
            entry = agreement.setdefault(algorithm, {"vs": reference_for[base], "ari": [], "identical": 0, "runs": 0})
            entry["ari"].append(float(adjusted_rand_score(reference, labels)))
            entry["identical"] += int(np.array_equal(canonical(reference), canonical(labels)))
            entry["runs"] += 1
    summary = OrderedDict()
    for algorithm, e in agreement.items():
        summary[algorithm] = OrderedDict([
            ("vs", e["vs"]), ("identicalPartitions", "%d/%d" % (e["identical"], e["runs"])),
            ("minAri", min(e["ari"])), ("meanAri", float(np.mean(e["ari"])))])
    result = OrderedDict([("partitionAgreement", summary)])
    if java_grid is not None:
        result["metricCheck"] = OrderedDict([("javaRunsRescored", checked), ("maxAbsDifference", metric_diff)])
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("embeddings", nargs="?", help="labelled embeddings TSV (one domain, sets left out in turn)")
    parser.add_argument("--domain", action="append", metavar="NAME=TSV",
                        help="a domain's labelled embeddings; repeat for the cross-domain protocol")
    parser.add_argument("--java-labels", help="labels.tsv written by the Java study")
    parser.add_argument("--java-study", help="study.json written by the Java study (metric cross-check)")
    args = parser.parse_args()
    if args.domain:
        domains = OrderedDict()
        for entry in args.domain:
            name, path = entry.split("=", 1)
            domains[name] = read_sets(path)
        json.dump(cross_domain(domains), sys.stdout, indent=2)
        print()
        return
    if not args.embeddings:
        parser.error("give an embeddings TSV or at least one --domain NAME=TSV")

    sets = read_sets(args.embeddings)
    set_names = list(sets)
    report = OrderedDict([("thresholds", [THRESHOLDS[0], THRESHOLDS[-1], 0.01]), ("algorithms", OrderedDict())])
    labels_by_method = {}
    for method in ["sklearn-dbscan", "sklearn-average-linkage"]:
        grid = {}
        labels_by_method[method] = {}
        for name, (x, truth) in sets.items():
            runs = [sklearn_labels(method, x, t) for t in THRESHOLDS]
            labels_by_method[method][name] = runs
            grid[name] = [scores(truth, labels) for labels in runs]
            print("%s %s done" % (method, name), file=sys.stderr)
        report["algorithms"][method] = leave_one_set_out(set_names, grid)
    if args.java_labels:
        report["comparison"] = compare_with_java(args.java_labels, args.java_study, sets, labels_by_method)
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
