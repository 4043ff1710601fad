package org.plantflow.approval.internal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parallel regions an activation belongs to, as stored in {@code pf_activation.region}: the enclosing
 * split activations, outermost first, each written {@code splitNodeId@activationId}, comma separated.
 * A split pushes an entry for its branches; the join paired with that split pops it.
 */
final class Regions {
    private Regions() {
    }

    /** One enclosing split. */
    record Entry(String splitNode, long activationId) {
        @Override
        public String toString() {
            return splitNode + "@" + activationId;
        }
    }

    static List<Entry> parse(String region) {
        if (region == null || region.isBlank()) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (String s : region.split(",")) {
            int at = s.lastIndexOf('@');
            out.add(new Entry(s.substring(0, at), Long.parseLong(s.substring(at + 1))));
        }
        return out;
    }

    static String format(List<Entry> entries) {
        return entries.isEmpty() ? null : String.join(",", entries.stream().map(Entry::toString).toList());
    }

    static String push(String region, String splitNode, long activationId) {
        List<Entry> e = new ArrayList<>(parse(region));
        e.add(new Entry(splitNode, activationId));
        return format(e);
    }

    static Entry top(String region) {
        List<Entry> e = parse(region);
        return e.isEmpty() ? null : e.get(e.size() - 1);
    }

    static String pop(String region) {
        List<Entry> e = new ArrayList<>(parse(region));
        if (!e.isEmpty()) {
            e.remove(e.size() - 1);
        }
        return format(e);
    }

    /** Entries of {@code inner} that {@code outer} does not have: the regions left by going from inner to outer. */
    static List<Entry> leftBy(String inner, String outer) {
        List<Entry> in = new ArrayList<>(parse(inner));
        in.removeAll(parse(outer));
        return in;
    }

    static boolean contains(String region, Entry entry) {
        return parse(region).contains(entry);
    }

    static List<String> csv(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split(","));
    }
}
