package org.plantflow.approval.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table for the terminal: columns as wide as their widest cell (capped, but for the last), no borders. */
final class Table {
    private static final int MAX_WIDTH = 60;
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            String s = cells[i] == null ? "" : String.valueOf(cells[i]).replace('\n', ' ');
            boolean last = i == cells.length - 1;
            r.add(!last && s.length() > MAX_WIDTH ? s.substring(0, MAX_WIDTH - 1) + "…" : s);
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        line(out, headers, w);
        StringBuilder sep = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            sep.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        }
        out.println(sep);
        rows.forEach(r -> line(out, r, w));
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            String c = cells.get(i);
            b.append(i == 0 ? "" : "  ").append(c).append(" ".repeat(Math.max(0, w[i] - c.length())));
        }
        out.println(b.toString().stripTrailing());
    }
}
