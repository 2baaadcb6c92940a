package io.faceengine.jobs.eval;

import io.faceengine.jobs.eval.RunEvaluation.ThresholdPoint;
import io.faceengine.pipeline.io.RunJson;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an evaluation report as one self-contained HTML page (tables and inline SVG plots), rows named in words. */
public final class EvaluationHtml {
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("date", "Evaluated at"),
            Map.entry("dataRoot", "Data root"),
            Map.entry("runs", "Committed runs scored"),
            Map.entry("labelsFile", "Labels file"),
            Map.entry("labelsRoot", "Label paths are relative to"),
            Map.entry("labelKind", "Each label names"),
            Map.entry("labelledFaceRule", "Labelled face"),
            Map.entry("largestFaceMargin", "Largest-face margin"),
            Map.entry("configFile", "Configuration file"),
            Map.entry("overrides", "Settings changed on the command line"),
            Map.entry("clustering", "Clustering settings"),
            Map.entry("labels", "Labels"),
            Map.entry("scored", "Scored (labelled face detected, kept by the quality filter, embedded, clustered)"),
            Map.entry("scoredShare", "Share of labels scored"),
            Map.entry("located", "Located (labelled face found, including faces the engine left unlabelled)"),
            Map.entry("locatedShare", "Share of labels located"),
            Map.entry("faces", "Faces"),
            Map.entry("share", "Share of scored faces"),
            Map.entry("pairwisePrecision", "Pairwise precision"),
            Map.entry("bcubedPrecision", "BCubed precision"),
            Map.entry("labelPrecision", "Label precision (faces whose identity's majority person is theirs)"),
            Map.entry("identities", "Identities"),
            Map.entry("clusterPairsMerged", "Cross-set cluster pairs merged"),
            Map.entry("clusterPairsTrulySame", "Cross-set cluster pairs of the same person"),
            Map.entry("mergedCorrectly", "Merged and the same person"),
            Map.entry("precision", "Precision"),
            Map.entry("recall", "Recall"),
            Map.entry("estimatedPrecision", "Label precision the runs estimated (none when not calibrated)"),
            Map.entry("estimatedFaces", "Accepted faces the estimate covers"));

    private EvaluationHtml() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> report) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset='utf-8'><title>Face engine evaluation</title>"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4;text-align:left}"
                + "td.text{text-align:left}p.note{color:#555}</style></head><body><h1>Face engine evaluation</h1>");
        if (report.containsKey("whatWasScored")) {
            html.append("<h2>What was scored</h2>").append(keyValues((Map<String, Object>) report.get("whatWasScored")));
        }
        coverage(html, (Map<String, Object>) report.get("coverage"));

        html.append("<h2>Clustering against true identities</h2><table><tr><th>scored faces of</th><th>faces</th>"
                + "<th>true identities</th><th>found</th><th>pairwise precision</th><th>pairwise recall</th><th>pairwise F</th>"
                + "<th>BCubed precision</th><th>BCubed recall</th><th>BCubed F</th><th>NMI</th></tr>");
        html.append(scoreRow("Final identities (after cross-set dedup)", (Map<String, Object>) report.get("identities")));
        Map<String, Object> located = (Map<String, Object>) report.get("locatedLabels");
        html.append(scoreRow("Every located label (faces left unlabelled count as identities of their own)",
                (Map<String, Object>) located.get("identities")));
        for (Map.Entry<String, Map<String, Object>> set : ((Map<String, Map<String, Object>>) report.get("intraSet")).entrySet()) {
            html.append(scoreRow("Set " + set.getKey() + ": its clusters (before dedup)", set.getValue()));
        }
        html.append("</table><p class='note'>NMI is 1 when the faces are one person and were kept in one cluster; "
                + "n/a when they are one person and were split (NMI would be 0 however slight the split: see BCubed recall).</p>");
        DedupScores dedup = (DedupScores) report.get("dedup");
        html.append("<h2>Cross-set dedup</h2>").append(keyValues(ordered("clusterPairsMerged", dedup.clusterPairsMerged(),
                "clusterPairsTrulySame", dedup.clusterPairsTrulySame(), "mergedCorrectly", dedup.mergedCorrectly(),
                "precision", dedup.precision(), "recall", dedup.recall())));
        html.append("<h2>Automatically accepted</h2>").append(keyValues((Map<String, Object>) report.get("autoAccepted")));
        Map<String, Object> estimate = (Map<String, Object>) report.get("runsEstimate");
        if (estimate != null) {
            html.append("<p class='note'>What the runs estimated for what they accepted, without the labels "
                    + "(compare with the label precision above):</p>").append(keyValues(ordered(
                    "estimatedPrecision", estimate.get("estimatedPrecision"), "estimatedFaces", estimate.get("estimatedFaces"))));
        }

        Map<String, Object> sizes = (Map<String, Object>) report.get("clusterSizes");
        html.append("<h2>Plots</h2>").append(SvgCharts.bars("Final identities by number of labelled faces",
                (List<String>) sizes.get("bins"), List.of("found", "true"),
                List.of((long[]) sizes.get("predicted"), (long[]) sizes.get("true"))));
        Map<String, Object> sweepReport = (Map<String, Object>) report.get("thresholdSweep");
        List<ThresholdPoint> sweep = (List<ThresholdPoint>) sweepReport.get("points");
        if (!sweep.isEmpty()) {
            html.append("<h2>Per-set clusters over the clustering threshold</h2><p class='note'>")
                    .append(SvgCharts.escape(capitalised((String) sweepReport.get("scope")))).append(". The scores are ")
                    .append("averaged over sets, weighted by faces; the final identities are scored above.</p>");
            html.append(SvgCharts.curve("Per-set clusters: pairwise precision-recall over the threshold", "recall", "precision",
                    sweep.stream().mapToDouble(ThresholdPoint::pairwiseRecall).toArray(),
                    sweep.stream().mapToDouble(ThresholdPoint::pairwisePrecision).toArray(),
                    sweep.stream().mapToDouble(ThresholdPoint::threshold).toArray()));
            html.append("<table><tr><th>threshold</th><th>pairwise precision</th><th>pairwise recall</th><th>BCubed F</th>"
                    + "<th>per-set clusters (sum over sets)</th></tr>");
            for (ThresholdPoint p : sweep) {
                html.append(String.format(Locale.ROOT, "<tr><td>%.2f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>",
                        p.threshold(), p.pairwisePrecision(), p.pairwiseRecall(), p.bcubedF1(), p.clusters()));
            }
            html.append("</table>");
        }
        return html.append("</body></html>").toString();
    }

    @SuppressWarnings("unchecked")
    private static void coverage(StringBuilder html, Map<String, Object> coverage) {
        html.append("<h2>Coverage</h2>").append(keyValues(ordered("labels", coverage.get("labels"),
                "scored", coverage.get("scored"), "scoredShare", coverage.get("scoredShare"),
                "located", coverage.get("located"), "locatedShare", coverage.get("locatedShare"))));
        Map<String, Integer> unscored = (Map<String, Integer>) coverage.get("unscored");
        if (unscored.isEmpty()) {
            html.append("<p>Every label was scored.</p>");
            return;
        }
        html.append("<table><tr><th>not scored because</th><th>code</th><th>labels</th></tr>");
        unscored.forEach((reason, count) -> html.append("<tr><td class='text'>")
                .append(SvgCharts.escape(UnscoredReason.valueOf(reason).description())).append("</td><td class='text'>")
                .append(reason).append("</td><td>").append(count).append("</td></tr>"));
        html.append("</table>");
        Map<String, Integer> quality = (Map<String, Integer>) coverage.get("qualityReasonsOfRejectedFaces");
        if (!quality.isEmpty()) {
            html.append("<p>Quality reasons of the rejected labelled faces (a face may have several): ")
                    .append(SvgCharts.escape(quality.toString())).append("</p>");
        }
        html.append("<details><summary>Labels not scored (the first ").append(Coverage.EXAMPLES_PER_REASON)
                .append(" of each reason)</summary><table><tr><th>code</th><th>line</th><th>path</th><th>identity</th><th>detail</th></tr>");
        ((Map<String, List<Map<String, Object>>>) coverage.get("unscoredExamples")).forEach((reason, examples) -> {
            for (Map<String, Object> e : examples) {
                html.append("<tr><td class='text'>").append(reason).append("</td><td>").append(e.get("line"))
                        .append("</td><td class='text'>").append(SvgCharts.escape(String.valueOf(e.get("path"))))
                        .append("</td><td class='text'>").append(SvgCharts.escape(String.valueOf(e.get("identity"))))
                        .append("</td><td class='text'>").append(SvgCharts.escape(String.valueOf(e.getOrDefault("detail", ""))))
                        .append("</td></tr>");
            }
        });
        html.append("</table></details>");
    }

    private static String scoreRow(String scope, Map<String, Object> s) {
        Object nmi = s.get("nmi");
        return String.format(Locale.ROOT, "<tr><td class='text'>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%.4f</td><td>%.4f</td>"
                        + "<td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%s</td></tr>", SvgCharts.escape(scope),
                s.get("items"), s.get("trueIdentities"), s.get("predictedClusters"), s.get("pairwisePrecision"),
                s.get("pairwiseRecall"), s.get("pairwiseF1"), s.get("bcubedPrecision"), s.get("bcubedRecall"), s.get("bcubedF1"),
                nmi == null ? "n/a" : format(nmi));
    }

    private static String keyValues(Map<String, ?> values) {
        StringBuilder table = new StringBuilder("<table>");
        values.forEach((key, value) -> table.append("<tr><th>").append(SvgCharts.escape(WORDS.getOrDefault(key, key)))
                .append("</th><td class='text'>").append(SvgCharts.escape(format(value))).append("</td></tr>"));
        return table.append("</table>").toString();
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.4f", d);
        }
        if (value instanceof long[] array) {
            return Arrays.toString(array);
        }
        if (value instanceof Collection<?> list) {
            return list.isEmpty() ? "none" : String.join(", ", list.stream().map(String::valueOf).toList());
        }
        if (value != null && value.getClass().isRecord()) {
            Map<?, ?> fields = RunJson.MAPPER.convertValue(value, Map.class);
            return String.join(", ", fields.entrySet().stream().map(e -> e.getKey() + " " + format(e.getValue())).toList());
        }
        return value == null ? "none" : String.valueOf(value);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
