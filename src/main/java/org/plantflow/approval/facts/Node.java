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

    public Node(String id, String type, String name, List<String> roles, List<String> acceptors, String mode,
                String threshold, String deadline) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.roles = List.copyOf(roles);
        this.acceptors = List.copyOf(acceptors);
        this.mode = mode;
        this.threshold = threshold;
        this.deadline = deadline;
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

    @Override
    public String toString() { return "Node(" + id + ", " + type + ")"; }
}
