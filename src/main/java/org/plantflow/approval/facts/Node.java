package org.plantflow.approval.facts;

import java.util.List;

/** A node of the instance's template, with its {@code approval:} attributes. */
public final class Node {
    private final String id;
    private final String type;
    private final String name;
    private final List<String> roles;
    private final List<String> acceptors;
    private final String mode;
    private final String threshold;
    private final String deadline;
    private final String action;
    private final int incoming;
    private final int outgoing;

    public Node(String id, String type, String name, List<String> roles, List<String> acceptors, String mode,
                String threshold, String deadline, String action, int incoming, int outgoing) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.roles = List.copyOf(roles);
        this.acceptors = List.copyOf(acceptors);
        this.mode = mode;
        this.threshold = threshold;
        this.deadline = deadline;
        this.action = action;
        this.incoming = incoming;
        this.outgoing = outgoing;
    }

    public String getId() { return id; }
    /** START, END, USER_TASK, SERVICE_TASK, PARALLEL_GATEWAY, EXCLUSIVE_GATEWAY. */
    public String getType() { return type; }
    public String getName() { return name; }
    public List<String> getRoles() { return roles; }
    public List<String> getAcceptors() { return acceptors; }
    public String getMode() { return mode; }
    public String getThreshold() { return threshold; }
    public String getDeadline() { return deadline; }
    public boolean isManual() { return "USER_TASK".equals(type); }
    /** approval:action of an automatic node. */
    public String getAction() { return action; }
    /** Number of incoming flows: more than one makes a gateway a join. */
    public int getIncoming() { return incoming; }
    /** Number of outgoing flows: more than one makes a gateway a split. */
    public int getOutgoing() { return outgoing; }
    /** approval:mode, "single" when not given. */
    public String getSignMode() { return mode == null ? "single" : mode; }

    /** approval:threshold as a number (2/3 gives 0.666...), or 0.5 when not given: a simple majority. */
    public double getThresholdValue() {
        if (threshold == null) {
            return 0.5;
        }
        int slash = threshold.indexOf('/');
        return slash > 0
                ? Double.parseDouble(threshold.substring(0, slash).trim()) / Double.parseDouble(threshold.substring(slash + 1).trim())
                : Double.parseDouble(threshold.trim());
    }

    @Override
    public String toString() { return "Node(" + id + ", " + type + ")"; }
}
