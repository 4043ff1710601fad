package org.plantflow.approval.internal.validation;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.plantflow.approval.internal.template.NodeType;

/**
 * Structural checks of seed 003 §2.2 over the template's graph, by depth-first search over its adjacency lists:
 * <ol>
 *   <li>reachability from the start (UNREACHABLE_NODE);</li>
 *   <li>reverse reachability from the ends (NO_PATH_TO_END), and loops nothing leads out of (DEAD_LOOP);</li>
 *   <li>concurrency units of parallel gateways: each parallel split is paired with the join that closes it, the
 *       way the engine pairs them at run time ({@link org.plantflow.approval.internal.template.JoinPairing}: the
 *       nearest split gateway that dominates the join; a merge a loop comes back to is a loop header and closes
 *       nothing), and the unit between them must be entered only through its split, left only through its join,
 *       and keep its branches apart.</li>
 * </ol>
 * Exclusive gateways form OR units that need not be block-structured: rework loops (also inside a parallel branch)
 * and several end events are normal in approvals. Their misuse (an exclusive split closed by a parallel join) is
 * reported here as JOIN_WITHOUT_SPLIT and shown as a DEADLOCK with its counter-example by {@link Soundness}.
 */
final class StructureChecks {
    /** What the soundness check needs from the structure. */
    record Units(Map<Integer, Integer> pairs, BitSet discriminators, boolean soundnessApplies) {
    }

    private StructureChecks() {
    }

    static Units run(Validation v) {
        Graph g = v.graph;
        if (g.start < 0) {
            return new Units(Map.of(), new BitSet(), false);
        }
        BitSet reach = g.forward(g.start, null);
        unreachable(v, reach);
        boolean allReachEnd = deadEnds(v, reach);
        return units(v, reach, allReachEnd);
    }

    // ------------------------------------------------------------------------------------------- reachability

    private static void unreachable(Validation v, BitSet reach) {
        Graph g = v.graph;
        for (int i = 0; i < g.size(); i++) {
            if (reach.get(i) || g.in[i].length == 0 || g.type(i) == NodeType.START) {
                continue; // nodes without incoming flows are reported as NO_INCOMING_FLOW or ISOLATED_NODE
            }
            Set<String> from = new LinkedHashSet<>();
            for (int f : g.in[i]) {
                from.add(g.source[f] < 0 ? g.flows[f].source() : g.id(g.source[f]));
            }
            v.error("UNREACHABLE_NODE", List.of(g.id(i)), "node '" + g.id(i) + "' cannot be reached: no path from "
                    + "the start event '" + g.id(g.start) + "' leads to it (its incoming flows come from "
                    + Validation.quote(List.copyOf(from)) + "), so it would never run; connect it to the process or "
                    + "delete it");
        }
    }

    /** @return whether every node the start reaches can reach an end event */
    private static boolean deadEnds(Validation v, BitSet reach) {
        Graph g = v.graph;
        BitSet coreach = g.backward(g.ends(), null);
        BitSet bad = (BitSet) reach.clone();
        bad.andNot(coreach);
        if (bad.isEmpty()) {
            return true;
        }
        int[] comp = g.components();
        Map<Integer, BitSet> members = new HashMap<>();
        for (int i = bad.nextSetBit(0); i >= 0; i = bad.nextSetBit(i + 1)) {
            members.computeIfAbsent(comp[i], k -> new BitSet()).set(i);
        }
        BitSet inDeadLoop = new BitSet();
        List<BitSet> loops = new ArrayList<>();
        for (int i = bad.nextSetBit(0); i >= 0; i = bad.nextSetBit(i + 1)) {
            BitSet c = members.get(comp[i]);
            if (c.nextSetBit(0) != i || !cyclic(g, c)) {
                continue; // report each loop once, at its first node
            }
            loops.add(c);
            inDeadLoop.or(c);
            List<String> ids = new ArrayList<>(g.ids(c));
            List<String> entries = new ArrayList<>();
            for (int f = 0; f < g.flows.length; f++) {
                if (!g.follows(f)) {
                    continue;
                }
                if (c.get(g.source[f]) && c.get(g.target[f])) {
                    ids.add(g.flowId(f));
                } else if (!c.get(g.source[f]) && c.get(g.target[f])) {
                    entries.add(g.flowId(f));
                }
            }
            v.error("DEAD_LOOP", ids, "nodes " + Validation.quote(g.ids(c)) + " form a loop with no way out"
                    + (entries.isEmpty() ? "" : " (entered along " + Validation.quote(entries) + ")")
                    + ": an instance that enters it goes round forever and never reaches an end event; add a "
                    + "flow out of the loop (an exclusive gateway with a flow to the next step or to an end)");
        }
        BitSet coreachable = coreach;
        for (int i = bad.nextSetBit(0); i >= 0; i = bad.nextSetBit(i + 1)) {
            if (inDeadLoop.get(i) || followedOut(g, i) == 0) {
                continue; // the loop, or NO_OUTGOING_FLOW, is the problem itself
            }
            boolean frontier = i == g.start;
            for (int f : g.in[i]) {
                frontier |= g.follows(f) && coreachable.get(g.source[f]);
            }
            if (!frontier) {
                continue; // its predecessors are reported, or are in the same trouble
            }
            BitSet after = g.forward(i, null);
            List<String> sinks = new ArrayList<>();
            for (int k = after.nextSetBit(0); k >= 0; k = after.nextSetBit(k + 1)) {
                if (followedOut(g, k) == 0) {
                    sinks.add("'" + g.id(k) + "' (no outgoing flow)");
                }
            }
            for (BitSet loop : loops) {
                if (after.intersects(loop)) {
                    sinks.add("the dead loop " + Validation.quote(g.ids(loop)));
                }
            }
            v.error("NO_PATH_TO_END", List.of(g.id(i)), "no end event can be reached from '" + g.id(i)
                    + "': every path from it ends " + (sinks.isEmpty() ? "nowhere" : "at " + String.join(" or at ", sinks))
                    + ", so an instance that gets there can never complete; lead it to an end event");
        }
        return false;
    }

    private static int followedOut(Graph g, int node) {
        int n = 0;
        for (int f : g.out[node]) {
            if (g.follows(f)) {
                n++;
            }
        }
        return n;
    }

    private static boolean cyclic(Graph g, BitSet comp) {
        if (comp.cardinality() > 1) {
            return true;
        }
        int only = comp.nextSetBit(0);
        for (int f : g.out[only]) {
            if (g.follows(f) && g.target[f] == only) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------- concurrency units

    private static Units units(Validation v, BitSet reach, boolean allReachEnd) {
        Graph g = v.graph;
        Map<Integer, Integer> pairs = g.pairJoins();
        Map<String, List<String>> loopHeaders = g.loopHeaders();
        Map<Integer, List<Integer>> candidates = new HashMap<>();
        pairs.forEach((join, split) -> candidates.computeIfAbsent(split, k -> new ArrayList<>()).add(join));
        Map<Integer, List<Integer>> closing = new HashMap<>();
        BitSet discriminators = new BitSet();
        BitSet unitJoins = new BitSet();
        int[] ipdom = null;
        for (int s = 0; s < g.size(); s++) {
            if (!reach.get(s) || !g.isParallel(s) || g.out[s].length < 2) {
                continue;
            }
            List<Integer> cands = candidates.getOrDefault(s, List.of());
            List<Integer> closes = closingJoins(g, s, cands);
            closing.put(s, closes);
            for (int j : closes) {
                if (g.isExclusive(j)) {
                    discriminators.set(j);
                }
            }
            if (closes.isEmpty()) {
                // A path entering the unit past its split breaks the split's dominance over its join: fall back to
                // the split's immediate post-dominator, when that is a join gateway, to report the entry itself.
                ipdom = ipdom == null ? g.immediatePostDominators() : ipdom;
                int pd = ipdom[s];
                List<String> loopBack = pd >= 0 && pd < g.size() ? loopHeaders.get(g.id(pd)) : null;
                if (loopBack != null && reach.get(pd)) {
                    unitJoins.set(pd); // reported here, not again as a join without split
                    v.error("SPLIT_WITHOUT_JOIN", List.of(g.id(s), g.id(pd)), "parallel split '" + g.id(s) + "' starts "
                            + g.out[s].length + " branches (" + Validation.quote(targets(g, s)) + ") that first meet at '"
                            + g.id(pd) + "', where a loop comes back (along " + alongFrom(g, loopBack) + "); a merge "
                            + "that a loop comes back to closes no split, so " + (g.isParallel(pd) ? "'" + g.id(pd)
                            + "' would wait for the loop forever" : "every branch would go on past '" + g.id(pd)
                            + "' on its own") + "; join the branches in a gateway of their own and let the loop come "
                            + "back after that join");
                    continue;
                }
                if (pd >= 0 && pd < g.size() && g.isJoinGateway(pd) && reach.get(pd)) {
                    unitJoins.set(pd);
                    checkUnit(v, s, pd);
                    continue;
                }
                v.error("SPLIT_WITHOUT_JOIN", List.of(g.id(s)), "parallel split '" + g.id(s) + "' starts "
                        + g.out[s].length + " branches (" + Validation.quote(targets(g, s)) + ") that never meet again "
                        + "in a join; lead every branch into one parallel join (or one exclusive gateway, to go on "
                        + "with the first branch that finishes) before the process goes on or ends");
            } else if (closes.size() > 1) {
                List<String> ids = new ArrayList<>();
                ids.add(g.id(s));
                closes.forEach(j -> ids.add(g.id(j)));
                v.error("SPLIT_WITH_SEVERAL_JOINS", ids, "parallel split '" + g.id(s) + "' is closed by several "
                        + "joins: " + Validation.quote(ids.subList(1, ids.size())) + " (the engine takes every gateway "
                        + "with several incoming flows that the split is the nearest split before as its join, unless "
                        + "a loop comes back to it); bring all its branches together in one join");
            } else {
                unitJoins.set(closes.get(0));
                checkUnit(v, s, closes.get(0));
            }
        }
        for (int j = 0; j < g.size(); j++) {
            if (!reach.get(j) || !g.isParallel(j) || g.in[j].length < 2 || unitJoins.get(j)) {
                continue;
            }
            Integer p = pairs.get(j);
            if (p != null && g.isParallel(p) && closing.getOrDefault(p, List.of()).contains(j)) {
                continue;
            }
            List<String> loopBack = loopHeaders.get(g.id(j));
            if (loopBack != null) {
                List<String> ids = new ArrayList<>(List.of(g.id(j)));
                ids.addAll(loopBack);
                v.error("JOIN_WITHOUT_SPLIT", ids, "parallel join '" + g.id(j) + "' is where a loop comes back (along "
                        + alongFrom(g, loopBack) + "), so it closes no split: it waits for all its " + g.in[j].length
                        + " incoming flows, but the loop can only come back after '" + g.id(j) + "' has gone on, so it "
                        + "would wait forever; make '" + g.id(j) + "' an exclusive gateway (a merge), and join parallel "
                        + "branches in a gateway of their own before it");
            } else if (p == null) {
                v.error("JOIN_WITHOUT_SPLIT", List.of(g.id(j)), "parallel join '" + g.id(j) + "' waits for all its "
                        + g.in[j].length + " incoming flows, but no split gateway lies on every path to it, so nothing "
                        + "starts those branches together and the join would wait forever; open the branches with a "
                        + "parallel split, or make '" + g.id(j) + "' an exclusive gateway (a merge)");
            } else if (g.isExclusive(p)) {
                v.error("JOIN_WITHOUT_SPLIT", List.of(g.id(j), g.id(p)), "parallel join '" + g.id(j) + "' waits for "
                        + "all its " + g.in[j].length + " incoming flows, but the split before it is exclusive gateway '"
                        + g.id(p) + "', which starts only one branch, so the join would wait forever; make '" + g.id(p)
                        + "' a parallel gateway, or make '" + g.id(j) + "' an exclusive gateway (a merge)");
            } else {
                List<Integer> closes = closing.getOrDefault(p, List.of());
                v.error("JOIN_WITHOUT_SPLIT", List.of(g.id(j), g.id(p)), "parallel join '" + g.id(j) + "' comes after "
                        + (closes.isEmpty() ? "the end of" : "'" + g.id(closes.get(0)) + "', which already closes")
                        + " parallel split '" + g.id(p) + "', so no split starts the branches it waits for; "
                        + "make '" + g.id(j) + "' an exclusive gateway (a merge), or open its branches with a parallel split");
            }
        }
        boolean soundness = allReachEnd && !v.has("START_HAS_INCOMING");
        return new Units(pairs, discriminators, soundness);
    }

    /** The joins paired with {@code s} that a path from {@code s} reaches before any other such join. */
    private static List<Integer> closingJoins(Graph g, int s, List<Integer> candidates) {
        BitSet barrier = new BitSet();
        candidates.forEach(barrier::set);
        BitSet fw = g.forward(s, barrier);
        List<Integer> closes = new ArrayList<>();
        for (int j : candidates) {
            for (int f : g.in[j]) {
                if (g.follows(f) && fw.get(g.source[f])) {
                    closes.add(j);
                    break;
                }
            }
        }
        closes.sort(Integer::compare);
        return closes;
    }

    /** {@code 'redo' from 'ok'} for each flow id. */
    private static String alongFrom(Graph g, List<String> flowIds) {
        List<String> parts = new ArrayList<>();
        for (int f = 0; f < g.flows.length; f++) {
            if (flowIds.contains(g.flowId(f))) {
                parts.add("'" + g.flowId(f) + "' from '" + g.flows[f].source() + "'");
            }
        }
        return String.join(", ", parts);
    }

    private static List<String> targets(Graph g, int node) {
        List<String> ids = new ArrayList<>();
        for (int f : g.out[node]) {
            ids.add(g.target[f] < 0 ? g.flows[f].target() : g.id(g.target[f]));
        }
        return ids;
    }

    /** The unit between parallel split {@code s} and its join {@code j}: entries, exits, branch jumps, direct wire. */
    private static void checkUnit(Validation v, int s, int j) {
        Graph g = v.graph;
        BitSet onlyJ = new BitSet();
        onlyJ.set(j);
        BitSet onlyS = new BitSet();
        onlyS.set(s);
        BitSet inside = g.forward(s, onlyJ);
        inside.and(g.backward(onlyJ, onlyS));
        inside.clear(s);
        inside.clear(j);
        String unit = "the concurrency unit of parallel split '" + g.id(s) + "' and its join '" + g.id(j) + "'";
        for (int f = 0; f < g.flows.length; f++) {
            if (!g.follows(f)) {
                continue;
            }
            int from = g.source[f];
            int to = g.target[f];
            boolean fromIn = inside.get(from) || from == s;
            if (from == s && to == j) {
                v.error("SPLIT_WIRED_TO_JOIN", List.of(g.id(s), g.id(j), g.flowId(f)), "flow '" + g.flowId(f)
                        + "' wires parallel split '" + g.id(s) + "' straight to its join '" + g.id(j) + "': that branch "
                        + "does nothing; delete the flow, or put the step that branch should do on it");
            } else if (fromIn && !inside.get(to) && to != j) {
                v.error("ILLEGAL_EXIT", List.of(g.id(s), g.id(j), g.flowId(f), g.id(from), g.id(to)), "flow '"
                        + g.flowId(f) + "' leaves " + unit + " from '" + g.id(from) + "' to '" + g.id(to)
                        + "' before the join: that branch would never arrive at '" + g.id(j) + "', which would then "
                        + "wait forever (or run '" + g.id(to) + "' alongside the rest); lead every path of the branch "
                        + "into '" + g.id(j) + "' and continue from there");
            } else if (!fromIn && inside.get(to)) {
                v.error("ILLEGAL_ENTRY", List.of(g.id(s), g.id(j), g.flowId(f), g.id(from), g.id(to)), "flow '"
                        + g.flowId(f) + "' enters " + unit + " from '" + g.id(from) + "' straight to '" + g.id(to)
                        + "', past the split: a branch started that way is not counted by the join; enter the unit "
                        + "only through '" + g.id(s) + "'");
            }
        }
        branchJumps(v, s, j, inside);
    }

    private static void branchJumps(Validation v, int s, int j, BitSet inside) {
        Graph g = v.graph;
        int[] branches = g.out[s];
        if (branches.length > 64) {
            return;
        }
        long[] mask = new long[g.size()];
        BitSet outside = new BitSet(g.size());
        outside.set(0, g.size());
        outside.andNot(inside);
        for (int b = 0; b < branches.length; b++) {
            int t = g.target[branches[b]];
            if (t < 0 || !inside.get(t)) {
                continue;
            }
            BitSet reached = g.forward(t, outside);
            for (int k = reached.nextSetBit(0); k >= 0; k = reached.nextSetBit(k + 1)) {
                mask[k] |= 1L << b;
            }
        }
        for (int m = inside.nextSetBit(0); m >= 0; m = inside.nextSetBit(m + 1)) {
            if (Long.bitCount(mask[m]) < 2) {
                continue;
            }
            List<String> flows = new ArrayList<>();
            for (int f : g.in[m]) {
                int from = g.source[f];
                if (g.follows(f) && (from == s || inside.get(from)) && mask[from] != mask[m]) {
                    flows.add(g.flowId(f));
                }
            }
            if (flows.isEmpty()) {
                continue; // downstream of a meeting point already reported
            }
            List<String> ids = new ArrayList<>(List.of(g.id(s), g.id(j), g.id(m)));
            ids.addAll(flows);
            v.error("BRANCH_JUMP", ids, "branches of parallel split '" + g.id(s) + "' meet at '" + g.id(m)
                    + "' before their join '" + g.id(j) + "' (along " + Validation.quote(flows) + "): a path jumps from "
                    + "one branch into a sibling branch, so '" + g.id(m) + "' would run once for each of them; keep "
                    + "the branches apart until '" + g.id(j) + "'");
        }
    }
}
