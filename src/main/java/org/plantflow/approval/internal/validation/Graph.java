package org.plantflow.approval.internal.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.JoinPairing;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.NodeType;
import org.plantflow.approval.internal.template.TemplateModel;

/**
 * A template as an indexed directed graph: nodes 0..n-1 and flows 0..m-1 in document order, with the adjacency
 * lists (the sparse form of seed 003's adjacency matrix) every check walks. Immutable once built.
 * <p>
 * The engine never leaves an end event and never re-enters the start event, so the walks do not follow flows out of
 * an end or into the start ({@link #follows(int)}); those flows are reported by the syntax checks.
 */
final class Graph {
    final TemplateModel model;
    final NodeDef[] nodes;
    final FlowDef[] flows;
    final int[] source;
    final int[] target;
    final int[][] out;
    final int[][] in;
    final int start;
    private final Map<String, Integer> nodeIndex = new HashMap<>();
    /** The engine's pairing of joins with splits, and its loop headers. */
    final JoinPairing.Pairing pairing;

    Graph(TemplateModel model) {
        this.model = model;
        nodes = model.nodes().values().toArray(NodeDef[]::new);
        flows = model.flows().toArray(FlowDef[]::new);
        for (int i = 0; i < nodes.length; i++) {
            nodeIndex.put(nodes[i].id(), i);
        }
        source = new int[flows.length];
        target = new int[flows.length];
        int[] outCount = new int[nodes.length];
        int[] inCount = new int[nodes.length];
        for (int f = 0; f < flows.length; f++) {
            source[f] = nodeIndex.getOrDefault(flows[f].source(), -1);
            target[f] = nodeIndex.getOrDefault(flows[f].target(), -1);
            if (source[f] >= 0) {
                outCount[source[f]]++;
            }
            if (target[f] >= 0) {
                inCount[target[f]]++;
            }
        }
        out = new int[nodes.length][];
        in = new int[nodes.length][];
        for (int i = 0; i < nodes.length; i++) {
            out[i] = new int[outCount[i]];
            in[i] = new int[inCount[i]];
        }
        Arrays.fill(outCount, 0);
        Arrays.fill(inCount, 0);
        for (int f = 0; f < flows.length; f++) {
            if (source[f] >= 0) {
                out[source[f]][outCount[source[f]]++] = f;
            }
            if (target[f] >= 0) {
                in[target[f]][inCount[target[f]]++] = f;
            }
        }
        int s = -1;
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i].type() == NodeType.START) {
                s = i;
                break;
            }
        }
        start = s;
        pairing = JoinPairing.of(model);
    }

    int size() {
        return nodes.length;
    }

    int index(String nodeId) {
        return nodeIndex.getOrDefault(nodeId, -1);
    }

    NodeType type(int node) {
        return nodes[node].type();
    }

    String id(int node) {
        return nodes[node].id();
    }

    String flowId(int flow) {
        return flows[flow].id();
    }

    /** Whether the engine can move along this flow: not out of an end event, not into the start event. */
    boolean follows(int flow) {
        return source[flow] >= 0 && target[flow] >= 0 && type(source[flow]) != NodeType.END
                && type(target[flow]) != NodeType.START;
    }

    boolean isParallel(int node) {
        return type(node) == NodeType.PARALLEL_GATEWAY;
    }

    boolean isExclusive(int node) {
        return type(node) == NodeType.EXCLUSIVE_GATEWAY;
    }

    boolean isGateway(int node) {
        return isParallel(node) || isExclusive(node);
    }

    /** A gateway with several outgoing flows. */
    boolean isSplitGateway(int node) {
        return isGateway(node) && out[node].length > 1;
    }

    /** A gateway with several incoming flows (the engine runs it as a join). */
    boolean isJoinGateway(int node) {
        return isGateway(node) && in[node].length > 1;
    }

    /** Nodes reachable from {@code from} (included) along followed flows, never entering {@code barrier}. */
    BitSet forward(int from, BitSet barrier) {
        BitSet seen = new BitSet(nodes.length);
        int[] stack = new int[nodes.length + 1];
        int sp = 0;
        seen.set(from);
        stack[sp++] = from;
        while (sp > 0) {
            int n = stack[--sp];
            for (int f : out[n]) {
                if (!follows(f)) {
                    continue;
                }
                int t = target[f];
                if (!seen.get(t) && (barrier == null || !barrier.get(t))) {
                    seen.set(t);
                    stack[sp++] = t;
                }
            }
        }
        return seen;
    }

    /** Nodes from which one of {@code to} is reachable along followed flows, never passing {@code barrier}. */
    BitSet backward(BitSet to, BitSet barrier) {
        BitSet seen = (BitSet) to.clone();
        int[] stack = new int[nodes.length + 1];
        int sp = 0;
        for (int i = to.nextSetBit(0); i >= 0; i = to.nextSetBit(i + 1)) {
            stack[sp++] = i;
        }
        while (sp > 0) {
            int n = stack[--sp];
            for (int f : in[n]) {
                if (!follows(f)) {
                    continue;
                }
                int s = source[f];
                if (!seen.get(s) && (barrier == null || !barrier.get(s))) {
                    seen.set(s);
                    stack[sp++] = s;
                }
            }
        }
        return seen;
    }

    BitSet ends() {
        BitSet ends = new BitSet(nodes.length);
        for (int i = 0; i < nodes.length; i++) {
            if (type(i) == NodeType.END) {
                ends.set(i);
            }
        }
        return ends;
    }

    /**
     * Immediate post-dominators: the dominators of the reversed graph from a virtual exit (index {@code size()})
     * that every end event leads to. -1 for nodes from which no end is reachable; the virtual exit for nodes whose
     * paths only meet at the exit.
     */
    int[] immediatePostDominators() {
        int n = nodes.length;
        int[][] succ = new int[n + 1][];
        int[][] pred = new int[n + 1][];
        List<Integer> endList = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean end = type(i) == NodeType.END;
            if (end) {
                endList.add(i);
            }
            succ[i] = Arrays.stream(in[i]).filter(this::follows).map(f -> source[f]).toArray();
            int[] fwd = Arrays.stream(out[i]).filter(this::follows).map(f -> target[f]).toArray();
            pred[i] = end ? Arrays.copyOf(fwd, fwd.length + 1) : fwd;
            if (end) {
                pred[i][fwd.length] = n;
            }
        }
        succ[n] = endList.stream().mapToInt(Integer::intValue).toArray();
        pred[n] = new int[0];
        return Arrays.copyOf(JoinPairing.immediateDominators(n, succ, pred), n);
    }

    /** The split each join closes, as the engine pairs them ({@link JoinPairing}): join node index to split node index. */
    Map<Integer, Integer> pairJoins() {
        Map<Integer, Integer> pairs = new LinkedHashMap<>();
        pairing.pairs().forEach((join, split) -> pairs.put(index(join), index(split)));
        return pairs;
    }

    /** Merges a loop comes back to (they close no region), with the flows that come back: see {@link JoinPairing}. */
    Map<String, List<String>> loopHeaders() {
        return pairing.loopHeaders();
    }

    /** Strongly connected components (Tarjan, iterative): component number per node. */
    int[] components() {
        int n = nodes.length;
        int[] comp = new int[n];
        Arrays.fill(comp, -1);
        int[] index = new int[n];
        int[] low = new int[n];
        Arrays.fill(index, -1);
        boolean[] onStack = new boolean[n];
        int[] tarjan = new int[n];
        int tsp = 0;
        int[] call = new int[n];
        int[] next = new int[n];
        int counter = 0;
        int comps = 0;
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) {
                continue;
            }
            int csp = 0;
            call[csp++] = root;
            index[root] = low[root] = counter++;
            tarjan[tsp++] = root;
            onStack[root] = true;
            while (csp > 0) {
                int v = call[csp - 1];
                if (next[v] < out[v].length) {
                    int f = out[v][next[v]++];
                    if (!follows(f)) {
                        continue;
                    }
                    int w = target[f];
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        tarjan[tsp++] = w;
                        onStack[w] = true;
                        call[csp++] = w;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                } else {
                    csp--;
                    if (csp > 0) {
                        int parent = call[csp - 1];
                        low[parent] = Math.min(low[parent], low[v]);
                    }
                    if (low[v] == index[v]) {
                        int w;
                        do {
                            w = tarjan[--tsp];
                            onStack[w] = false;
                            comp[w] = comps;
                        } while (w != v);
                        comps++;
                    }
                }
            }
        }
        return comp;
    }

    /** Node ids of a set, in document order. */
    List<String> ids(BitSet set) {
        List<String> ids = new ArrayList<>();
        for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
            ids.add(id(i));
        }
        return ids;
    }
}
