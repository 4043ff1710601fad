package org.plantflow.approval.internal.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one pairing of joins with the splits whose regions they close. The engine runs with it (the template registry
 * pairs every deployed template through it, and {@code Navigator.join} pops a branch region only at the join paired
 * with the region's split); the validator's structure and soundness checks are built on it, so what the validator
 * accepts is what the engine runs.
 * <ul>
 *   <li>A <b>split</b> is a gateway (parallel or exclusive) with several outgoing flows; a <b>merge</b> a gateway with
 *       several incoming flows, which the engine runs as a join.</li>
 *   <li>The flows followed are those the engine can move along: not out of an end event, not into the start event
 *       (such flows are refused by the syntax checks).</li>
 *   <li>A merge that a loop comes back to is a <b>loop header</b>: one of its incoming flows comes from a node that
 *       can only be reached through the merge itself (the merge dominates it). A loop header closes no region, even
 *       inside a branch of a parallel split: the engine runs it as a plain merge (an exclusive one continues on every
 *       arrival, so a rework loop inside a branch goes round as often as the rules say), and the branch's region is
 *       closed further on by the split's real join. A parallel loop header would wait for the flow coming back from
 *       its own loop; the validator refuses it.</li>
 *   <li>Any other merge the start reaches is paired with the <b>nearest split that dominates it</b> (lies on every
 *       path from the start to it), if there is one.</li>
 * </ul>
 * Merges the start does not reach are not paired. Thread-safe: no state.
 */
public final class JoinPairing {

    /**
     * How the joins of one template pair.
     *
     * @param pairs       join node id to the split node id it is paired with, in document order of the joins
     * @param loopHeaders merge node id to the ids of its incoming flows that come back from its loop, for every loop
     *                    header the start reaches (none of them is in {@code pairs})
     */
    public record Pairing(Map<String, String> pairs, Map<String, List<String>> loopHeaders) {
        public Pairing {
            pairs = Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
            Map<String, List<String>> copy = new LinkedHashMap<>();
            loopHeaders.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            loopHeaders = Collections.unmodifiableMap(copy);
        }
    }

    private JoinPairing() {
    }

    /** Join node id to the split node id it closes, for the joins that have one (see the class comment). */
    public static Map<String, String> pairJoins(TemplateModel model) {
        return of(model).pairs();
    }

    /** The pairs and the loop headers of a template. */
    public static Pairing of(TemplateModel model) {
        List<NodeDef> nodes = new ArrayList<>(model.nodes().values());
        int n = nodes.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(nodes.get(i).id(), i);
        }
        int start = -1;
        for (int i = 0; i < n && start < 0; i++) {
            if (nodes.get(i).type() == NodeType.START) {
                start = i;
            }
        }
        if (start < 0) {
            return new Pairing(Map.of(), Map.of());
        }
        int[] inAll = new int[n];
        int[] outAll = new int[n];
        List<List<Integer>> succ = new ArrayList<>();
        List<List<Integer>> pred = new ArrayList<>();
        List<List<FlowDef>> followedIn = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            succ.add(new ArrayList<>());
            pred.add(new ArrayList<>());
            followedIn.add(new ArrayList<>());
        }
        for (FlowDef f : model.flows()) {
            Integer s = index.get(f.source());
            Integer t = index.get(f.target());
            if (s != null) {
                outAll[s]++;
            }
            if (t != null) {
                inAll[t]++;
            }
            if (s != null && t != null && nodes.get(s).type() != NodeType.END && nodes.get(t).type() != NodeType.START) {
                succ.get(s).add(t);
                pred.get(t).add(s);
                followedIn.get(t).add(f);
            }
        }
        int[] idom = immediateDominators(start, toArrays(succ), toArrays(pred));
        Map<String, String> pairs = new LinkedHashMap<>();
        Map<String, List<String>> loopHeaders = new LinkedHashMap<>();
        for (int j = 0; j < n; j++) {
            if (!isGateway(nodes.get(j)) || inAll[j] < 2 || idom[j] < 0 || j == start) {
                continue;
            }
            List<String> back = new ArrayList<>();
            for (FlowDef f : followedIn.get(j)) {
                int s = index.get(f.source());
                if (idom[s] >= 0 && dominates(j, s, idom)) {
                    back.add(f.id());
                }
            }
            if (!back.isEmpty()) {
                loopHeaders.put(nodes.get(j).id(), back);
                continue;
            }
            for (int d = idom[j]; ; d = idom[d]) {
                if (isGateway(nodes.get(d)) && outAll[d] > 1) {
                    pairs.put(nodes.get(j).id(), nodes.get(d).id());
                    break;
                }
                if (d == start) {
                    break;
                }
            }
        }
        return new Pairing(pairs, loopHeaders);
    }

    private static boolean isGateway(NodeDef node) {
        return node.type() == NodeType.PARALLEL_GATEWAY || node.type() == NodeType.EXCLUSIVE_GATEWAY;
    }

    /** Whether {@code a} dominates {@code b}, both reached from the root of {@code idom}. */
    private static boolean dominates(int a, int b, int[] idom) {
        for (int x = b; ; x = idom[x]) {
            if (x == a) {
                return true;
            }
            if (idom[x] == x) {
                return false; // the root
            }
        }
    }

    private static int[][] toArrays(List<List<Integer>> lists) {
        int[][] out = new int[lists.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /**
     * Immediate dominators by Cooper, Harvey and Kennedy's iterative algorithm over adjacency lists (node indices
     * {@code 0..succ.length-1}): {@code idom[root] == root}, -1 for nodes the root does not reach. The validator runs
     * it on the reversed graph for post-dominators.
     */
    public static int[] immediateDominators(int root, int[][] succ, int[][] pred) {
        int n = succ.length;
        int[] idom = new int[n];
        Arrays.fill(idom, -1);
        int[] order = reversePostorder(root, succ);
        int[] rank = new int[n];
        Arrays.fill(rank, -1);
        for (int i = 0; i < order.length; i++) {
            rank[order[i]] = i;
        }
        idom[root] = root;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int b : order) {
                if (b == root) {
                    continue;
                }
                int newIdom = -1;
                for (int p : pred[b]) {
                    if (idom[p] < 0) {
                        continue;
                    }
                    newIdom = newIdom < 0 ? p : intersect(p, newIdom, idom, rank);
                }
                if (newIdom >= 0 && idom[b] != newIdom) {
                    idom[b] = newIdom;
                    changed = true;
                }
            }
        }
        return idom;
    }

    private static int intersect(int a, int b, int[] idom, int[] rank) {
        while (a != b) {
            while (rank[a] > rank[b]) {
                a = idom[a];
            }
            while (rank[b] > rank[a]) {
                b = idom[b];
            }
        }
        return a;
    }

    /** Nodes reachable from {@code root} in reverse postorder of an iterative depth-first search. */
    private static int[] reversePostorder(int root, int[][] succ) {
        int n = succ.length;
        List<Integer> post = new ArrayList<>();
        boolean[] seen = new boolean[n];
        int[] stack = new int[n];
        int[] next = new int[n];
        int sp = 0;
        stack[sp++] = root;
        seen[root] = true;
        while (sp > 0) {
            int v = stack[sp - 1];
            if (next[v] < succ[v].length) {
                int t = succ[v][next[v]++];
                if (!seen[t]) {
                    seen[t] = true;
                    stack[sp++] = t;
                }
            } else {
                post.add(v);
                sp--;
            }
        }
        int[] order = new int[post.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = post.get(post.size() - 1 - i);
        }
        return order;
    }
}
