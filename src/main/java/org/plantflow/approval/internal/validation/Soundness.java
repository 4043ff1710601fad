package org.plantflow.approval.internal.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.plantflow.approval.internal.template.NodeType;

/**
 * Soundness of seed 004 §3.3.4.2: the template as a workflow net, explored breadth-first into its reachability
 * graph.
 * <p>
 * The net: every sequence flow is a place, plus one input place before the start event holding the initial token.
 * Every node is a transition, with the engine's run-time semantics (internal/engine/Navigator, rules/core):
 * <ul>
 *   <li>a parallel gateway with several incoming flows is an AND-join: it takes one token from each;</li>
 *   <li>an exclusive gateway with several incoming flows that closes a parallel split (the engine pairs them as a
 *       "first of several" discriminator) passes the first token on and absorbs the later ones until its split
 *       runs again: the marking carries one bit per discriminator for that;</li>
 *   <li>any other node with several incoming flows is an XOR-merge: each token runs it once;</li>
 *   <li>a parallel gateway puts a token on every outgoing flow; any other node with several outgoing flows
 *       (exclusive gateway, vote, a task whose rules choose) puts one on exactly one of them, each choice explored;</li>
 *   <li>an end event takes its token at once (the engine records the arrival in the same call), so no token ever
 *       waits before an end; the instance completes when no token is left (the empty marking).</li>
 * </ul>
 * Rule conditions are not evaluated: every branch of a choice is assumed possible.
 */
final class Soundness {
    /** Default bound on the markings explored. */
    static final int MAX_MARKINGS = 50_000;
    /** More tokens than this on one flow is taken as unbounded even before a covering marking is found. */
    static final int MAX_TOKENS_PER_FLOW = 20;
    /** States explored by the most recent run (read by the benchmark). */
    static volatile int lastMarkings;
    /** Counter-example paths longer than this are shortened in messages. */
    private static final int PATH_SHOWN = 40;

    /** A marking: tokens as sorted place indices (repeated for several tokens), and the set discriminator bits. */
    private static final class Marking {
        final int[] tokens;
        final int[] bits;
        private final int hash;

        Marking(int[] tokens, int[] bits) {
            this.tokens = tokens;
            this.bits = bits;
            this.hash = 31 * Arrays.hashCode(tokens) + Arrays.hashCode(bits);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Marking m && hash == m.hash && Arrays.equals(tokens, m.tokens) && Arrays.equals(bits, m.bits);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        int count(int place) {
            int c = 0;
            for (int t : tokens) {
                if (t == place) {
                    c++;
                }
            }
            return c;
        }

        boolean has(int place) {
            return Arrays.binarySearch(tokens, place) >= 0;
        }

        boolean bit(int node) {
            return Arrays.binarySearch(bits, node) >= 0;
        }
    }

    private final Validation v;
    private final Graph g;
    private final StructureChecks.Units units;
    private final int maxMarkings;
    private final int inputPlace;
    /** For each parallel gateway: the discriminators it pairs with (their bits clear when it runs). */
    private final Map<Integer, int[]> clears = new HashMap<>();

    private final List<Marking> markings = new ArrayList<>();
    private final Map<Marking, Integer> index = new HashMap<>();
    private int[] parent = new int[1024];
    private int[] fired = new int[1024];
    private int[] firedEnd = new int[1024];
    private final IntList edgeFrom = new IntList();
    private final IntList edgeTo = new IntList();
    private final IntList edgeNode = new IntList();
    private final BitSet firedNodes = new BitSet();

    private Soundness(Validation v, StructureChecks.Units units, int maxMarkings) {
        this.v = v;
        this.g = v.graph;
        this.units = units;
        this.maxMarkings = maxMarkings;
        this.inputPlace = g.flows.length;
        Map<Integer, List<Integer>> byParent = new HashMap<>();
        for (int d = units.discriminators().nextSetBit(0); d >= 0; d = units.discriminators().nextSetBit(d + 1)) {
            byParent.computeIfAbsent(units.pairs().get(d), k -> new ArrayList<>()).add(d);
        }
        byParent.forEach((s, ds) -> clears.put(s, ds.stream().mapToInt(Integer::intValue).toArray()));
    }

    static void run(Validation v, StructureChecks.Units units, int maxMarkings) {
        if (!units.soundnessApplies() || v.graph.start < 0) {
            return;
        }
        new Soundness(v, units, maxMarkings).explore();
    }

    // ------------------------------------------------------------------------------------------- exploration

    /** One way a node can run: the tokens it takes and puts, and the end event it reaches at once (or -1). */
    private record Firing(int node, int[] consume, int[] produce, int setBit, int[] clearBits, int end) {
    }

    private void explore() {
        Marking initial = new Marking(new int[] {inputPlace}, new int[0]);
        add(initial, -1, -1, -1);
        Map<Set<Integer>, Integer> deadlocks = new LinkedHashMap<>();
        Map<Integer, Integer> doubleRuns = new LinkedHashMap<>();
        Map<Integer, int[]> unbounded = new LinkedHashMap<>(); // the first covering marking -> the places that grow
        List<Integer> dead = new ArrayList<>();
        boolean truncated = false;
        boolean cut = false;
        checkDoubleRuns(0, doubleRuns);
        for (int m = 0; m < markings.size(); m++) {
            if (frozen.get(m)) {
                continue;
            }
            Marking mk = markings.get(m);
            List<Firing> firings = enabled(m, mk);
            if (firings.isEmpty()) {
                if (mk.tokens.length > 0) {
                    dead.add(m);
                    Set<Integer> stuck = new java.util.TreeSet<>();
                    for (int p : mk.tokens) {
                        stuck.add(placeTarget(p));
                    }
                    deadlocks.putIfAbsent(stuck, m);
                }
                continue;
            }
            for (Firing f : firings) {
                firedNodes.set(f.node());
                Marking next = fire(mk, f);
                Integer known = index.get(next);
                if (known != null) {
                    edge(m, known, f.node());
                    continue;
                }
                int[] growing = covering(m, next);
                if (growing != null) {
                    cut = true;
                    int at = add(next, m, f.node(), f.end()); // kept for its path only; not explored further
                    frozen.set(at);
                    edge(m, at, f.node());
                    if (unbounded.isEmpty()) {
                        unbounded.put(at, growing);
                    }
                    continue;
                }
                if (markings.size() >= maxMarkings) {
                    truncated = true;
                    break;
                }
                int at = add(next, m, f.node(), f.end());
                edge(m, at, f.node());
                checkDoubleRuns(at, doubleRuns);
            }
            if (truncated) {
                break;
            }
        }
        lastMarkings = markings.size();
        reportDeadlocks(deadlocks);
        reportDoubleRuns(doubleRuns);
        reportUnbounded(unbounded);
        if (truncated) {
            v.warning("TOO_LARGE_TO_EXPLORE", List.of(), "the soundness check stopped after " + maxMarkings
                    + " states of the template (its bound) without exploring them all, so it is incomplete: problems "
                    + "reported above are real, but deadlocks or double runs may hide in the part not explored, and "
                    + "dead nodes and the option to complete were not checked; many parallel branches running side by "
                    + "side multiply the states, so consider several smaller parallel regions one after another");
        }
        if (!truncated && !cut) {
            reportNoOptionToComplete(dead);
            reportDeadNodes();
        }
    }

    /** Markings not explored further (they prove unboundedness). */
    private final BitSet frozen = new BitSet();

    private int add(Marking mk, int from, int node, int end) {
        int at = markings.size();
        markings.add(mk);
        index.put(mk, at);
        if (at >= parent.length) {
            parent = Arrays.copyOf(parent, parent.length * 2);
            fired = Arrays.copyOf(fired, fired.length * 2);
            firedEnd = Arrays.copyOf(firedEnd, firedEnd.length * 2);
        }
        parent[at] = from;
        fired[at] = node;
        firedEnd[at] = end;
        return at;
    }

    private void edge(int from, int to, int node) {
        edgeFrom.add(from);
        edgeTo.add(to);
        edgeNode.add(node);
    }

    private int placeTarget(int place) {
        return place == inputPlace ? g.start : g.target[place];
    }

    private int[] inputs(int node) {
        if (node == g.start) {
            return new int[] {inputPlace};
        }
        return g.in[node];
    }

    private boolean isAndJoin(int node) {
        return g.isParallel(node) && g.in[node].length > 1;
    }

    private List<Firing> enabled(int m, Marking mk) {
        List<Firing> out = new ArrayList<>();
        if (frozen.get(m)) {
            return out;
        }
        Set<Integer> nodes = new java.util.TreeSet<>();
        for (int p : mk.tokens) {
            nodes.add(placeTarget(p));
        }
        for (int n : nodes) {
            int[] clear = clears.getOrDefault(n, null);
            if (isAndJoin(n)) {
                boolean all = true;
                for (int p : g.in[n]) {
                    all &= mk.has(p);
                }
                if (all) {
                    out.add(firing(n, g.in[n].clone(), followedOut(n), -1, clear));
                }
                continue;
            }
            int previous = -1;
            for (int p : mk.tokens) {
                if (p == previous || placeTarget(p) != n) {
                    continue;
                }
                previous = p;
                int[] consume = {p};
                if (units.discriminators().get(n) && mk.bit(n)) {
                    out.add(firing(n, consume, new int[0], -1, null)); // a late arrival, absorbed
                } else if (g.isParallel(n)) {
                    out.add(firing(n, consume, followedOut(n), -1, clear));
                } else {
                    int set = units.discriminators().get(n) ? n : -1;
                    for (int f : followedOut(n)) {
                        out.add(firing(n, consume, new int[] {f}, set, null));
                    }
                }
            }
        }
        return out;
    }

    /** A firing whose tokens for end events are taken by the end at once. */
    private Firing firing(int node, int[] consume, int[] produce, int setBit, int[] clearBits) {
        int end = -1;
        int kept = 0;
        int[] places = new int[produce.length];
        for (int p : produce) {
            if (g.type(g.target[p]) == NodeType.END) {
                end = end < 0 ? g.target[p] : end;
                firedNodes.set(g.target[p]);
            } else {
                places[kept++] = p;
            }
        }
        return new Firing(node, consume, Arrays.copyOf(places, kept), setBit, clearBits, end);
    }

    private int[] followedOut(int node) {
        return Arrays.stream(g.out[node]).filter(g::follows).toArray();
    }

    private static Marking fire(Marking mk, Firing f) {
        int[] tokens = new int[mk.tokens.length - f.consume().length + f.produce().length];
        int[] consume = f.consume().clone();
        Arrays.sort(consume);
        int k = 0;
        int c = 0;
        for (int t : mk.tokens) {
            if (c < consume.length && consume[c] == t) {
                c++;
                continue;
            }
            tokens[k++] = t;
        }
        for (int p : f.produce()) {
            tokens[k++] = p;
        }
        Arrays.sort(tokens);
        int[] bits = mk.bits;
        if (f.setBit() >= 0 || f.clearBits() != null) {
            Set<Integer> b = new java.util.TreeSet<>();
            for (int x : bits) {
                b.add(x);
            }
            if (f.clearBits() != null) {
                for (int x : f.clearBits()) {
                    b.remove(x);
                }
            }
            if (f.setBit() >= 0) {
                b.add(f.setBit());
            }
            bits = b.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Marking(tokens, bits);
    }

    /**
     * Karp and Miller's test: a new marking that strictly covers a marking on its own path (same discriminator
     * bits) can repeat the steps between them forever, each time with more tokens: the net is unbounded.
     *
     * @return the places that grow, or null
     */
    private int[] covering(int from, Marking next) {
        boolean crowded = false;
        for (int i = 1; i < next.tokens.length; i++) {
            crowded |= next.tokens[i] == next.tokens[i - 1];
        }
        if (!crowded) {
            return null;
        }
        for (int i = 0; i < next.tokens.length; i++) {
            if (next.count(next.tokens[i]) > MAX_TOKENS_PER_FLOW) {
                return new int[] {next.tokens[i]};
            }
        }
        for (int a = from; a >= 0; a = parent[a]) {
            Marking anc = markings.get(a);
            if (anc.tokens.length >= next.tokens.length || !Arrays.equals(anc.bits, next.bits) || !covers(next, anc)) {
                continue;
            }
            List<Integer> grow = new ArrayList<>();
            for (int p : next.tokens) {
                if (next.count(p) > anc.count(p) && !grow.contains(p)) {
                    grow.add(p);
                }
            }
            return grow.stream().mapToInt(Integer::intValue).toArray();
        }
        return null;
    }

    /** Whether {@code big} has at least the tokens of {@code small} on every place (both sorted). */
    private static boolean covers(Marking big, Marking small) {
        int i = 0;
        for (int t : small.tokens) {
            while (i < big.tokens.length && big.tokens[i] < t) {
                i++;
            }
            if (i >= big.tokens.length || big.tokens[i] != t) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** A node (other than an end) that two tokens reach at once, where the engine would run it twice. */
    private void checkDoubleRuns(int m, Map<Integer, Integer> doubleRuns) {
        Marking mk = markings.get(m);
        if (mk.tokens.length < 2) {
            return;
        }
        Map<Integer, Integer> perNode = new HashMap<>();
        for (int i = 0; i < mk.tokens.length; i++) {
            int p = mk.tokens[i];
            int n = placeTarget(p);
            if (g.type(n) == NodeType.END) {
                continue;
            }
            boolean samePlace = i > 0 && mk.tokens[i - 1] == p;
            int c = perNode.merge(n, 1, Integer::sum);
            boolean join = isAndJoin(n) || units.discriminators().get(n);
            if ((samePlace || (!join && c > 1)) && !doubleRuns.containsKey(n)) {
                doubleRuns.put(n, m);
            }
        }
    }

    // ------------------------------------------------------------------------------------------- reports

    private void reportDeadlocks(Map<Set<Integer>, Integer> deadlocks) {
        Set<Integer> reported = new HashSet<>();
        for (Map.Entry<Set<Integer>, Integer> e : deadlocks.entrySet()) {
            if (reported.containsAll(e.getKey())) {
                continue;
            }
            reported.addAll(e.getKey());
            Marking mk = markings.get(e.getValue());
            List<String> ids = new ArrayList<>();
            List<String> waits = new ArrayList<>();
            for (int n : e.getKey()) {
                ids.add(g.id(n));
            }
            for (int n : e.getKey()) {
                List<String> held = new ArrayList<>();
                List<String> missing = new ArrayList<>();
                for (int p : inputs(n)) {
                    if (mk.has(p)) {
                        held.add(flowName(p));
                        ids.add(flowName(p));
                    } else {
                        missing.add("'" + flowName(p) + "'" + (p == inputPlace ? "" : " (from '" + g.id(g.source[p]) + "')"));
                    }
                }
                waits.add((isAndJoin(n) ? "parallel join '" : "'") + g.id(n) + "' holds " + Validation.quote(held)
                        + " and waits forever for " + String.join(", ", missing));
            }
            List<Integer> path = path(e.getValue());
            boolean endReached = path.stream().anyMatch(n -> g.type(n) == NodeType.END);
            v.error("DEADLOCK", ids, "the instance can get stuck: after " + pathText(path) + ", "
                    + String.join("; ", waits) + "; nothing else can move, so the instance never completes"
                    + (endReached ? " (although an end event was reached on the way)" : "")
                    + ". A join must only wait for branches that are all started together: start them with a parallel "
                    + "split, or make the join an exclusive gateway");
        }
    }

    private String flowName(int place) {
        return place == inputPlace ? "(start)" : g.flowId(place);
    }

    private void reportDoubleRuns(Map<Integer, Integer> doubleRuns) {
        List<Map.Entry<Integer, Integer>> found = new ArrayList<>(doubleRuns.entrySet());
        found.sort(Map.Entry.comparingByValue());
        BitSet downstream = new BitSet();
        for (Map.Entry<Integer, Integer> e : found) {
            int n = e.getKey();
            if (downstream.get(n)) {
                continue; // a consequence of a double run reported before it
            }
            BitSet after = g.forward(n, null);
            after.clear(n);
            downstream.or(after);
            Marking mk = markings.get(e.getValue());
            List<String> ids = new ArrayList<>();
            ids.add(g.id(n));
            List<String> flows = new ArrayList<>();
            int previous = -1;
            for (int p : mk.tokens) {
                if (p != previous && placeTarget(p) == n) {
                    flows.add("'" + g.flowId(p) + "'" + (mk.count(p) > 1 ? " (" + mk.count(p) + " tokens)" : ""));
                    ids.add(g.flowId(p));
                }
                previous = p;
            }
            String effect = isAndJoin(n) ? "parallel join '" + g.id(n) + "' would receive one branch twice before the "
                    + "other and count it once"
                    : "'" + g.id(n) + "' would run twice at the same time for one instance (two activations, and for a "
                    + "user task two tasks for one step)";
            v.error("IMPROPER_COMPLETION", ids, "the instance does not complete properly: after "
                    + pathText(path(e.getValue())) + ", two tokens arrive at '" + g.id(n) + "' along "
                    + String.join(", ", flows)
                    + ", so " + effect + "; parallel branches must meet in a parallel join (or an exclusive gateway "
                    + "that closes their split: the first arrival goes on) before they reach a common step");
        }
    }

    private void reportUnbounded(Map<Integer, int[]> unbounded) {
        for (Map.Entry<Integer, int[]> e : unbounded.entrySet()) {
            List<String> ids = new ArrayList<>();
            List<String> where = new ArrayList<>();
            for (int place : e.getValue()) {
                ids.add(g.flowId(place));
                ids.add(g.id(g.target[place]));
                where.add("'" + g.flowId(place) + "' into '" + g.id(g.target[place]) + "'");
            }
            v.error("UNBOUNDED", ids, "the template can start work without limit: after " + pathText(path(e.getKey()))
                    + " the same steps can repeat, and each round leaves one more token on " + String.join(", ", where)
                    + " while the earlier ones are still running (a loop passes a parallel split whose branch leaves "
                    + "the loop); close the branch with a join inside the loop, or move the split out of it");
        }
    }

    private void reportNoOptionToComplete(List<Integer> dead) {
        int n = markings.size();
        int[] outCount = new int[n + 1];
        int[] inCount = new int[n + 1];
        for (int i = 0; i < edgeFrom.size; i++) {
            outCount[edgeFrom.get(i)]++;
            inCount[edgeTo.get(i)]++;
        }
        int[][] preds = new int[n][];
        for (int i = 0; i < n; i++) {
            preds[i] = new int[inCount[i]];
        }
        int[] fill = new int[n];
        for (int i = 0; i < edgeFrom.size; i++) {
            int t = edgeTo.get(i);
            preds[t][fill[t]++] = edgeFrom.get(i);
        }
        BitSet canComplete = new BitSet(n);
        BitSet canDie = new BitSet(n);
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (markings.get(i).tokens.length == 0) {
                canComplete.set(i);
                todo.add(i);
            }
        }
        backward(preds, canComplete, todo);
        for (int d : dead) {
            canDie.set(d);
            todo.add(d);
        }
        backward(preds, canDie, todo);
        BitSet trapped = new BitSet(n);
        for (int i = 0; i < n; i++) {
            if (!canComplete.get(i) && !canDie.get(i)) {
                trapped.set(i);
            }
        }
        if (trapped.isEmpty()) {
            return;
        }
        int[][] succ = new int[n][];
        int[] outFill = new int[n];
        for (int i = 0; i < n; i++) {
            succ[i] = new int[outCount[i]];
        }
        for (int i = 0; i < edgeFrom.size; i++) {
            succ[edgeFrom.get(i)][outFill[edgeFrom.get(i)]++] = i; // edge numbers
        }
        int[] comp = components(succ, trapped);
        BitSet looping = new BitSet();
        int first = -1;
        for (int i = 0; i < edgeFrom.size; i++) {
            int a = edgeFrom.get(i);
            int b = edgeTo.get(i);
            if (trapped.get(a) && trapped.get(b) && comp[a] == comp[b]) {
                looping.set(edgeNode.get(i));
                first = first < 0 || a < first ? a : first;
            }
        }
        if (first < 0) {
            return; // cannot happen: a finite trap without a dead marking holds a cycle
        }
        v.error("NO_OPTION_TO_COMPLETE", g.ids(looping), "the instance can get into a state it never completes from: "
                + "after " + pathText(path(first)) + ", " + Validation.quote(g.ids(looping)) + " keep running in a "
                + "circle and no choice leads to an end with nothing left behind (a livelock); give the loop an exit "
                + "that every branch of it can take together");
    }

    /** Strongly connected components of the reachability graph restricted to {@code within} (iterative Tarjan). */
    private int[] components(int[][] succEdges, BitSet within) {
        int n = succEdges.length;
        int[] comp = new int[n];
        Arrays.fill(comp, -1);
        int[] idx = new int[n];
        int[] low = new int[n];
        Arrays.fill(idx, -1);
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int sp = 0;
        int[] call = new int[n];
        int[] next = new int[n];
        int counter = 0;
        int comps = 0;
        for (int root = within.nextSetBit(0); root >= 0; root = within.nextSetBit(root + 1)) {
            if (idx[root] >= 0) {
                continue;
            }
            int csp = 0;
            call[csp++] = root;
            idx[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (csp > 0) {
                int x = call[csp - 1];
                if (next[x] < succEdges[x].length) {
                    int w = edgeTo.get(succEdges[x][next[x]++]);
                    if (!within.get(w)) {
                        continue;
                    }
                    if (idx[w] < 0) {
                        idx[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        call[csp++] = w;
                    } else if (onStack[w]) {
                        low[x] = Math.min(low[x], idx[w]);
                    }
                } else {
                    csp--;
                    if (csp > 0) {
                        low[call[csp - 1]] = Math.min(low[call[csp - 1]], low[x]);
                    }
                    if (low[x] == idx[x]) {
                        int w;
                        do {
                            w = stack[--sp];
                            onStack[w] = false;
                            comp[w] = comps;
                        } while (w != x);
                        comps++;
                    }
                }
            }
        }
        return comp;
    }

    private static void backward(int[][] preds, BitSet seen, ArrayDeque<Integer> todo) {
        while (!todo.isEmpty()) {
            int m = todo.poll();
            for (int p : preds[m]) {
                if (!seen.get(p)) {
                    seen.set(p);
                    todo.add(p);
                }
            }
        }
    }

    private void reportDeadNodes() {
        BitSet reach = g.forward(g.start, null);
        BitSet deadNodes = (BitSet) reach.clone();
        deadNodes.andNot(firedNodes);
        for (int n = deadNodes.nextSetBit(0); n >= 0; n = deadNodes.nextSetBit(n + 1)) {
            boolean frontier = false;
            for (int f : g.in[n]) {
                frontier |= g.follows(f) && firedNodes.get(g.source[f]);
            }
            if (!frontier) {
                continue;
            }
            BitSet after = g.forward(n, null);
            after.and(deadNodes);
            after.clear(n);
            v.error("DEAD_NODE", List.of(g.id(n)), "'" + g.id(n) + "' can never run: no run of the template gets "
                    + "past it" + (after.isEmpty() ? "" : ", nor to " + Validation.quote(g.ids(after)) + " after it")
                    + (isAndJoin(n) ? " (its incoming branches are never all started together)" : "")
                    + "; fix the gateway before it so that it can be reached, or delete it");
        }
    }

    // ------------------------------------------------------------------------------------------- paths

    /** The nodes fired from the initial marking to marking {@code m}. */
    private List<Integer> path(int m) {
        List<Integer> nodes = new ArrayList<>();
        for (int x = m; x > 0; x = parent[x]) {
            if (firedEnd[x] >= 0) {
                nodes.add(firedEnd[x]);
            }
            nodes.add(fired[x]);
        }
        java.util.Collections.reverse(nodes);
        return nodes;
    }

    private String pathText(List<Integer> path) {
        List<String> ids = new ArrayList<>();
        for (int n : path) {
            ids.add(g.id(n));
        }
        if (ids.size() > PATH_SHOWN) {
            List<String> shown = new ArrayList<>(ids.subList(0, 10));
            shown.add("... (" + (ids.size() - 35) + " more) ...");
            shown.addAll(ids.subList(ids.size() - 25, ids.size()));
            ids = shown;
        }
        return ids.isEmpty() ? "the start" : String.join(" -> ", ids);
    }

    /** A growable int array. */
    private static final class IntList {
        int[] data = new int[1024];
        int size;

        void add(int x) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = x;
        }

        int get(int i) {
            return data[i];
        }
    }
}
