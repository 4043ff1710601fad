package org.plantflow.approval.internal.validation;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Generates valid templates of a given size with the shapes approvals have: sequences of user tasks, parallel
 * regions (nested up to two levels, closed by a parallel join), exclusive blocks (a default flow and rule-chosen
 * branches, merged again) and rework loops back to an earlier step. Deterministic for a seed.
 */
final class TemplateGenerator {
    private final Random random;
    private final StringBuilder nodes = new StringBuilder();
    private final StringBuilder flows = new StringBuilder();
    private int nodeCount;
    private int flowCount;

    private TemplateGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** A valid template of about {@code size} nodes. */
    static byte[] realistic(String key, int size, long seed) {
        TemplateGenerator gen = new TemplateGenerator(seed);
        String last = gen.node("startEvent", "start", "");
        while (gen.nodeCount < size - 1) {
            int shape = gen.random.nextInt(10);
            if (shape < 4) {
                last = gen.sequence(last, 1 + gen.random.nextInt(3));
            } else if (shape < 7) {
                last = gen.parallel(last, 2 + gen.random.nextInt(2), 0);
            } else if (shape < 9) {
                last = gen.exclusive(last);
            } else {
                last = gen.reworkLoop(last);
            }
        }
        gen.flow(last, gen.node("endEvent", "end", ""));
        return gen.xml(key);
    }

    /** One parallel split with {@code branches} branches of {@code length} tasks each: (length+1)^branches states. */
    static byte[] wideParallel(String key, int branches, int length) {
        TemplateGenerator gen = new TemplateGenerator(0);
        String start = gen.node("startEvent", "start", "");
        String split = gen.node("parallelGateway", "split", "");
        gen.flow(start, split);
        String join = gen.node("parallelGateway", "join", "");
        for (int b = 0; b < branches; b++) {
            gen.flow(gen.sequence(split, length), join);
        }
        gen.flow(join, gen.node("endEvent", "end", ""));
        return gen.xml(key);
    }

    private String sequence(String from, int n) {
        String last = from;
        for (int i = 0; i < n; i++) {
            String t = node("userTask", "task", " approval:roles=\"role_" + random.nextInt(20) + "\"");
            flow(last, t);
            last = t;
        }
        return last;
    }

    private String parallel(String from, int branches, int depth) {
        String split = node("parallelGateway", "split", "");
        flow(from, split);
        String join = node("parallelGateway", "join", "");
        for (int b = 0; b < branches; b++) {
            String last = sequence(split, 1 + random.nextInt(2));
            if (depth == 0 && random.nextInt(4) == 0) {
                last = parallel(last, 2, depth + 1);
                last = sequence(last, 1);
            }
            flow(last, join);
        }
        return join;
    }

    private String exclusive(String from) {
        String split = node("exclusiveGateway", "choice", "");
        flow(from, split);
        String merge = node("exclusiveGateway", "merge", "");
        int branches = 2 + random.nextInt(2);
        String defaultFlow = null;
        for (int b = 0; b < branches; b++) {
            String first = node("userTask", "task", " approval:roles=\"role_" + random.nextInt(20) + "\"");
            String f = flow(split, first);
            if (b == 0) {
                defaultFlow = f;
            }
            flow(sequence(first, random.nextInt(2)), merge);
        }
        int at = nodes.indexOf("id=\"" + split + "\"");
        nodes.insert(at + ("id=\"" + split + "\"").length(), " default=\"" + defaultFlow + "\"");
        return merge;
    }

    private String reworkLoop(String from) {
        String merge = node("exclusiveGateway", "again", "");
        flow(from, merge);
        String last = sequence(merge, 1 + random.nextInt(2));
        String check = node("exclusiveGateway", "ok", "");
        flow(last, check);
        String onwards = node("userTask", "task", " approval:roles=\"role_" + random.nextInt(20) + "\"");
        String forward = flow(check, onwards);
        flow(check, merge);
        int at = nodes.indexOf("id=\"" + check + "\"");
        nodes.insert(at + ("id=\"" + check + "\"").length(), " default=\"" + forward + "\"");
        return onwards;
    }

    private String node(String element, String prefix, String attrs) {
        String id = prefix + "_" + (nodeCount++);
        nodes.append("    <bpmn:").append(element).append(" id=\"").append(id).append("\"").append(attrs).append("/>\n");
        return id;
    }

    private String flow(String from, String to) {
        String id = "f" + (flowCount++);
        flows.append("    <bpmn:sequenceFlow id=\"").append(id).append("\" sourceRef=\"").append(from)
                .append("\" targetRef=\"").append(to).append("\"/>\n");
        return id;
    }

    private byte[] xml(String key) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
                + "xmlns:approval=\"http://plantflow.org/schema/approval/1.0\" id=\"defs\" targetNamespace=\"t\">\n"
                + "  <bpmn:process id=\"" + key + "\" name=\"Generated\">\n" + nodes + flows
                + "  </bpmn:process>\n</bpmn:definitions>\n").getBytes(StandardCharsets.UTF_8);
    }

    int nodes() {
        return nodeCount;
    }
}
