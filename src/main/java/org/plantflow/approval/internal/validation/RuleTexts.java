package org.plantflow.approval.internal.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.plantflow.approval.internal.resources.ResourceFolder;

/**
 * The rules that serve one template, read as text (not compiled): enough to see which nodes and flows a rule names.
 * Files in {@code rules/<template-key>/} are the template's own; files at the top of the folder or in
 * {@code common/} are shared with every template; {@code core/} holds the generic rules, whose behaviour the
 * validator knows and models directly, so they are not read here.
 */
final class RuleTexts {
    private static final Pattern RULE_START = Pattern.compile("^\\s*rule\\s+(\"([^\"]*)\"|'([^']*)'|(\\S+))");
    private static final Pattern RULE_END = Pattern.compile("^\\s*end\\s*(//.*)?$");
    private static final Pattern NODE_ID = Pattern.compile("\\bnodeId\\s*==\\s*\"([^\"]*)\"");
    private static final Pattern LITERAL = Pattern.compile("^\"([^\"]*)\"$");
    private static final Pattern ANY_NODE_LITERAL = Pattern.compile("\\b(nodeId|id)\\s*==\\s*\"");

    /** One argument of {@code new Route(flow, node)}: a literal id, {@code null}, or an expression (dynamic). */
    record Arg(String literal, boolean isNull) {
        boolean dynamic() {
            return literal == null && !isNull;
        }
    }

    /** A {@code new Route(...)} in a rule's consequence, with its line in the file. */
    record RouteCall(Arg flow, Arg node, int line) {
    }

    /** One rule: file (relative to the rules folder), name, first line, body without comments. */
    record Rule(String file, String name, int line, String body, boolean own, List<RouteCall> routes,
                List<NodeIdRef> nodeIds) {
        boolean mentions(String word) {
            return body.contains(word);
        }

        boolean namesLiteral(String id) {
            return body.contains("\"" + id + "\"");
        }

        /** Whether the rule pins a node by a literal id ({@code nodeId == "x"} or {@code id == "x"}). */
        boolean pinsANode() {
            return ANY_NODE_LITERAL.matcher(body).find();
        }

        String where() {
            return "rule \"" + name + "\" (" + file + ":" + line + ")";
        }
    }

    /** A {@code nodeId == "x"} constraint and its line. */
    record NodeIdRef(String nodeId, int line) {
    }

    private final List<Rule> rules;

    private RuleTexts(List<Rule> rules) {
        this.rules = rules;
    }

    static RuleTexts none() {
        return new RuleTexts(List.of());
    }

    /** The rules of {@code folder} that serve template {@code key} (its own folder, common/, the top level). */
    static RuleTexts forTemplate(ResourceFolder folder, String key) {
        if (folder == null) {
            return none();
        }
        List<Rule> rules = new ArrayList<>();
        for (ResourceFolder.Entry e : folder.list(".drl")) {
            String path = e.relativePath();
            int slash = path.indexOf('/');
            String top = slash < 0 ? null : path.substring(0, slash);
            if ("core".equals(top)) {
                continue;
            }
            boolean own = key.equals(top);
            if (top == null || "common".equals(top) || own) {
                rules.addAll(parse(path, new String(e.content(), StandardCharsets.UTF_8), own));
            }
        }
        return new RuleTexts(List.copyOf(rules));
    }

    List<Rule> all() {
        return rules;
    }

    List<Rule> own() {
        return rules.stream().filter(Rule::own).toList();
    }

    static List<Rule> parse(String file, String text, boolean own) {
        String[] lines = stripComments(text).split("\n", -1);
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = RULE_START.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            String name = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            int first = i;
            StringBuilder body = new StringBuilder();
            int[] lineOf;
            List<Integer> starts = new ArrayList<>();
            for (i = i + 1; i < lines.length && !RULE_END.matcher(lines[i]).matches(); i++) {
                starts.add(body.length());
                body.append(lines[i]).append('\n');
            }
            lineOf = starts.stream().mapToInt(Integer::intValue).toArray();
            String b = body.toString();
            out.add(new Rule(file, name, first + 1, b, own, routes(b, lineOf, first + 2), nodeIds(b, lineOf, first + 2)));
        }
        return out;
    }

    /** Blanks out comments, keeping line breaks so line numbers stay right. */
    private static String stripComments(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean inString = false;
        boolean inBlock = false;
        boolean inLine = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (inLine) {
                if (c == '\n') {
                    inLine = false;
                    sb.append(c);
                }
                continue;
            }
            if (inBlock) {
                if (c == '*' && next == '/') {
                    inBlock = false;
                    i++;
                } else if (c == '\n') {
                    sb.append(c);
                }
                continue;
            }
            if (inString) {
                sb.append(c);
                if (c == '\\' && next != 0) {
                    sb.append(next);
                    i++;
                } else if (c == '"' || c == '\n') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '/' && next == '/') {
                inLine = true;
                i++;
                continue;
            } else if (c == '/' && next == '*') {
                inBlock = true;
                i++;
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static int lineAt(int[] lineOf, int firstLine, int offset) {
        int idx = 0;
        for (int i = 0; i < lineOf.length && lineOf[i] <= offset; i++) {
            idx = i;
        }
        return firstLine + idx;
    }

    private static List<RouteCall> routes(String body, int[] lineOf, int firstLine) {
        List<RouteCall> calls = new ArrayList<>();
        Matcher m = Pattern.compile("\\bnew\\s+Route\\s*\\(").matcher(body);
        while (m.find()) {
            int depth = 1;
            int i = m.end();
            int comma = -1;
            boolean inString = false;
            for (; i < body.length() && depth > 0; i++) {
                char c = body.charAt(i);
                if (inString) {
                    inString = c != '"';
                } else if (c == '"') {
                    inString = true;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ',' && depth == 1 && comma < 0) {
                    comma = i;
                }
            }
            if (depth != 0 || comma < 0) {
                continue;
            }
            calls.add(new RouteCall(arg(body.substring(m.end(), comma)), arg(body.substring(comma + 1, i - 1)),
                    lineAt(lineOf, firstLine, m.start())));
        }
        return calls;
    }

    private static Arg arg(String text) {
        String t = text.trim();
        Matcher lit = LITERAL.matcher(t);
        if (lit.matches()) {
            return new Arg(lit.group(1), false);
        }
        return new Arg(null, t.equals("null"));
    }

    private static List<NodeIdRef> nodeIds(String body, int[] lineOf, int firstLine) {
        List<NodeIdRef> refs = new ArrayList<>();
        Matcher m = NODE_ID.matcher(body);
        while (m.find()) {
            refs.add(new NodeIdRef(m.group(1), lineAt(lineOf, firstLine, m.start())));
        }
        return refs;
    }
}
