package io.faceengine.jobs.eval;

import io.faceengine.clustering.eval.ClusteringScores;
import io.faceengine.jobs.eval.RunEvaluation.ThresholdPoint;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an evaluation report as one self-contained HTML page (tables and inline SVG plots). */
public final class EvaluationHtml {
    private EvaluationHtml() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> report) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset='utf-8'><title>Face engine evaluation</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}</style></head><body>"
                + "<h1>Face engine evaluation</h1>");
        html.append("<h2>Coverage</h2>").append(keyValues((Map<String, Object>) report.get("coverage")));
        html.append("<h2>Clustering against true identities</h2><table><tr><th>scope</th><th>faces</th><th>true ids</th>"
                + "<th>found</th><th>pairwise P</th><th>pairwise R</th><th>pairwise F</th><th>BCubed P</th><th>BCubed R</th>"
                + "<th>BCubed F</th><th>NMI</th></tr>");
        html.append(scoreRow("identities (after dedup)", (ClusteringScores) report.get("identities")));
        for (Map.Entry<String, ClusteringScores> set : ((Map<String, ClusteringScores>) report.get("intraSet")).entrySet()) {
            html.append(scoreRow("intra-set " + set.getKey(), set.getValue()));
        }
        html.append("</table>");
        DedupScores dedup = (DedupScores) report.get("dedup");
        html.append("<h2>Cross-set dedup</h2>").append(keyValues(Map.of(
                "cluster pairs merged", dedup.clusterPairsMerged(), "cluster pairs truly same", dedup.clusterPairsTrulySame(),
                "merged correctly", dedup.mergedCorrectly(), "precision", dedup.precision(), "recall", dedup.recall())));
        html.append("<h2>Automatically accepted</h2>").append(keyValues((Map<String, Object>) report.get("autoAccepted")));

        Map<String, Object> sizes = (Map<String, Object>) report.get("clusterSizes");
        html.append("<h2>Plots</h2>").append(SvgCharts.bars("Identities by number of labelled faces",
                (List<String>) sizes.get("bins"), List.of("found", "true"),
                List.of((long[]) sizes.get("predicted"), (long[]) sizes.get("true"))));
        List<ThresholdPoint> sweep = (List<ThresholdPoint>) report.get("thresholdSweep");
        if (!sweep.isEmpty()) {
            html.append(SvgCharts.curve("Pairwise precision-recall over the clustering threshold", "recall", "precision",
                    sweep.stream().mapToDouble(ThresholdPoint::pairwiseRecall).toArray(),
                    sweep.stream().mapToDouble(ThresholdPoint::pairwisePrecision).toArray(),
                    sweep.stream().mapToDouble(ThresholdPoint::threshold).toArray()));
            html.append("<table><tr><th>threshold</th><th>pairwise P</th><th>pairwise R</th><th>BCubed F</th><th>clusters</th></tr>");
            for (ThresholdPoint p : sweep) {
                html.append(String.format(Locale.ROOT, "<tr><td>%.2f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>",
                        p.threshold(), p.pairwisePrecision(), p.pairwiseRecall(), p.bcubedF1(), p.clusters()));
            }
            html.append("</table>");
        }
        return html.append("</body></html>").toString();
    }

    private static String scoreRow(String scope, ClusteringScores s) {
        return String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td>"
                        + "<td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td></tr>", SvgCharts.escape(scope), s.items(),
                s.trueIdentities(), s.predictedClusters(), s.pairwisePrecision(), s.pairwiseRecall(), s.pairwiseF1(),
                s.bcubedPrecision(), s.bcubedRecall(), s.bcubedF1(), s.nmi());
    }

    private static String keyValues(Map<String, ?> values) {
        StringBuilder table = new StringBuilder("<table>");
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> table.append("<tr><th>")
                .append(SvgCharts.escape(e.getKey())).append("</th><td>").append(SvgCharts.escape(format(e.getValue())))
                .append("</td></tr>"));
        return table.append("</table>").toString();
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.4f", d);
        }
        if (value instanceof long[] array) {
            return Arrays.toString(array);
        }
        return String.valueOf(value);
    }
}
