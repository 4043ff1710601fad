package org.plantflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/** The printed result: markdown tables, echoed as they are produced and kept for the file at the end. */
final class Report {
    private final StringBuilder all = new StringBuilder();

    void line(String s) {
        System.out.println(s);
        System.out.flush();
        all.append(s).append('\n');
    }

    void blank() {
        line("");
    }

    void heading(String s) {
        blank();
        line("### " + s);
        blank();
    }

    void table(List<String> header, List<List<String>> rows) {
        line("| " + String.join(" | ", header) + " |");
        line("|" + "---|".repeat(header.size()));
        for (List<String> r : rows) {
            line("| " + String.join(" | ", r) + " |");
        }
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, all.toString());
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A latency percentile of a microsecond histogram, in ms. */
    static String ms(Histogram h, double pct) {
        return String.format(Locale.ROOT, "%.2f", h.getValueAtPercentile(pct) / 1000.0);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / 1024.0 / 1024.0);
    }
}
