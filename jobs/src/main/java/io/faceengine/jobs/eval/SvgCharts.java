package io.faceengine.jobs.eval;

import java.util.List;
import java.util.Locale;

/** Small inline SVG charts for the HTML evaluation report (no script, no external assets). */
final class SvgCharts {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 300;
    private static final int MARGIN = 48;

    private SvgCharts() {
    }

    /** Grouped bars: for each label, one bar per series (e.g. predicted vs true cluster sizes). */
    static String bars(String title, List<String> labels, List<String> seriesNames, List<long[]> series) {
        long max = 1;
        for (long[] values : series) {
            for (long v : values) {
                max = Math.max(max, v);
            }
        }
        StringBuilder svg = open(title);
        double slot = (WIDTH - 2.0 * MARGIN) / labels.size();
        double barWidth = slot / (series.size() + 1);
        String[] colours = {"#3366cc", "#dc7633", "#2e8b57"};
        for (int s = 0; s < series.size(); s++) {
            for (int i = 0; i < labels.size(); i++) {
                double h = (HEIGHT - 2.0 * MARGIN) * series.get(s)[i] / max;
                double x = MARGIN + i * slot + s * barWidth + barWidth / 2;
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s %s: %d</title></rect>",
                        x, HEIGHT - MARGIN - h, barWidth, h, colours[s % colours.length], seriesNames.get(s), labels.get(i), series.get(s)[i]));
            }
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='%s' font-size='12'>%s</text>",
                    WIDTH - MARGIN - 120, MARGIN + 14 * s, colours[s % colours.length], escape(seriesNames.get(s))));
        }
        for (int i = 0; i < labels.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>",
                    MARGIN + i * slot + slot / 2, HEIGHT - MARGIN + 14, escape(labels.get(i))));
        }
        axes(svg, "0", String.valueOf(max));
        return svg.append("</svg>").toString();
    }

    /** A line through (x, y) points with both axes 0..1, labelled at each point. */
    static String curve(String title, String xLabel, String yLabel, double[] xs, double[] ys, double[] pointLabels) {
        StringBuilder svg = open(title);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            double x = MARGIN + xs[i] * (WIDTH - 2.0 * MARGIN);
            double y = HEIGHT - MARGIN - ys[i] * (HEIGHT - 2.0 * MARGIN);
            path.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='#3366cc'><title>%.2f: %s %.4f, %s %.4f</title></circle>",
                    x, y, pointLabels[i], xLabel, xs[i], yLabel, ys[i]));
        }
        svg.append("<path d='").append(path).append("' fill='none' stroke='#3366cc'/>");
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='middle'>%s</text>",
                WIDTH / 2, HEIGHT - 8, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x='12' y='%d' font-size='12' transform='rotate(-90 12 %d)' text-anchor='middle'>%s</text>",
                HEIGHT / 2, HEIGHT / 2, escape(yLabel)));
        axes(svg, "0", "1");
        return svg.append("</svg>").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }

    private static StringBuilder open(String title) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img'><title>%s</title>"
                        + "<text x='%d' y='20' font-size='14' text-anchor='middle'>%s</text>",
                WIDTH, HEIGHT, escape(title), WIDTH / 2, escape(title)));
    }

    private static void axes(StringBuilder svg, String low, String high) {
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>", MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>", MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end'>%s</text>", MARGIN - 4, HEIGHT - MARGIN, low));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end'>%s</text>", MARGIN - 4, MARGIN + 4, high));
    }
}
