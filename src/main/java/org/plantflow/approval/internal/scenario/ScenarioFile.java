package org.plantflow.approval.internal.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.plantflow.approval.RuleProblem;

/**
 * Reads one scenario table ({@code rules/<template-key>/*.scenarios.csv}): a header line, then one row per question
 * to the rules. Lines starting with {@code #} and blank lines are skipped; cells are trimmed. Every format error
 * (unknown column, missing column, unknown ask, a row longer than the header) is a {@link RuleProblem} naming the
 * file and the line; a row with an error is not run.
 */
final class ScenarioFile {
    /** Columns besides {@code var.NAME} and {@code fact.NAME}, in the order the messages list them. */
    static final List<String> COLUMNS = List.of("scenario", "ask", "node", "after", "previous", "yes", "no", "open",
            "user", "roles", "action", "candidates", "path", "arrived", "overdue", "initiator", "business_key", "expect");
    private static final Set<String> REQUIRED = Set.of("ask", "node", "expect");
    private static final Pattern INPUT = Pattern.compile("(var|fact)\\.[\\p{L}\\p{Nd}_]+");
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.ALLOW_COMMENTS)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    /** What a question asks: the decision methods of the engine ({@code Decide}). */
    enum Ask {
        ROUTE, ASSIGN, ACT, COMPLETE, JOIN, RETURN, DEADLINE;

        static Ask of(String s) {
            for (Ask a : values()) {
                if (a.name().equalsIgnoreCase(s)) {
                    return a;
                }
            }
            return null;
        }

        static String names() {
            return String.join(" | ", java.util.Arrays.stream(values()).map(a -> a.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    /**
     * One row: a question with its inputs and the expected answer.
     *
     * @param cells the named columns' non-blank cells (lower-case column names)
     * @param vars  start variables by name, as written
     * @param facts fields of the business-fact row by name, as written (empty: the fact query found no row)
     */
    record Row(String file, int line, String name, Ask ask, String node, Map<String, String> cells,
               Map<String, String> vars, Map<String, String> facts, String expect) {
        String cell(String column) {
            return cells.get(column);
        }

        String cell(String column, String orElse) {
            return cells.getOrDefault(column, orElse);
        }
    }

    /** The rows that can run, and the format errors of the others. */
    record Parsed(List<Row> rows, List<RuleProblem> problems) {
    }

    private ScenarioFile() {
    }

    static Parsed parse(String file, byte[] content) {
        List<Row> rows = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark, as spreadsheet programs write it
        }
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(text)) {
            String[] header = null;
            int headerLine = 0;
            while (it.hasNextValue()) {
                String[] cells = it.nextValue();
                int line = it.getParser().currentTokenLocation().getLineNr();
                if (header == null) {
                    header = cells;
                    headerLine = line;
                    List<RuleProblem> bad = checkHeader(file, line, header);
                    if (!bad.isEmpty()) {
                        problems.addAll(bad);
                        return new Parsed(List.of(), problems);
                    }
                    continue;
                }
                Row row = row(file, line, header, cells, problems);
                if (row != null) {
                    rows.add(row);
                }
            }
            if (header == null) {
                problems.add(new RuleProblem(file, 1, null, "the file has no header line; the first line names the "
                        + "columns: scenario,ask,node,...,expect"));
            } else if (rows.isEmpty() && problems.isEmpty()) {
                problems.add(new RuleProblem(file, headerLine, null, "no scenario rows after the header"));
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(new RuleProblem(file, line, null, "not a readable CSV table: " + e.getOriginalMessage()));
        } catch (IOException e) {
            problems.add(new RuleProblem(file, 0, null, "cannot read: " + e.getMessage()));
        }
        return new Parsed(rows, problems);
    }

    private static List<RuleProblem> checkHeader(String file, int line, String[] header) {
        List<RuleProblem> problems = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String h : header) {
            String c = h.toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(c) && !INPUT.matcher(h).matches()) {
                problems.add(new RuleProblem(file, line, null, "unknown column '" + h + "'; columns are "
                        + String.join(", ", COLUMNS) + ", and var.NAME (a start variable) or fact.NAME (a field of the "
                        + "template's business-fact row)"));
            } else if (!seen.add(c.startsWith("var.") || c.startsWith("fact.") ? h : c)) {
                problems.add(new RuleProblem(file, line, null, "column '" + h + "' appears twice"));
            }
        }
        for (String r : REQUIRED) {
            if (!seen.contains(r)) {
                problems.add(new RuleProblem(file, line, null, "missing column '" + r + "'; every scenario table needs "
                        + "ask, node and expect (and usually scenario)"));
            }
        }
        return problems;
    }

    private static Row row(String file, int line, String[] header, String[] cells, List<RuleProblem> problems) {
        if (cells.length > header.length) {
            problems.add(new RuleProblem(file, line, null, "the row has " + cells.length + " cells but the header names "
                    + header.length + " columns; quote a cell that contains a comma"));
            return null;
        }
        Map<String, String> named = new LinkedHashMap<>();
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < cells.length; i++) {
            String v = cells[i] == null ? "" : cells[i].strip();
            if (v.isEmpty()) {
                continue;
            }
            String h = header[i];
            if (h.startsWith("var.")) {
                vars.put(h.substring(4), v);
            } else if (h.startsWith("fact.")) {
                facts.put(h.substring(5), v);
            } else {
                named.put(h.toLowerCase(Locale.ROOT), v);
            }
        }
        String name = named.get("scenario");
        for (String r : REQUIRED) {
            if (!named.containsKey(r)) {
                problems.add(new RuleProblem(file, line, name, "the '" + r + "' cell is empty"));
                return null;
            }
        }
        Ask ask = Ask.of(named.get("ask"));
        if (ask == null) {
            problems.add(new RuleProblem(file, line, name, "unknown ask '" + named.get("ask") + "'; ask is one of "
                    + Ask.names()));
            return null;
        }
        return new Row(file, line, name, ask, named.get("node"), Map.copyOf(named), vars, facts, named.get("expect"));
    }
}
