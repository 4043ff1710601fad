package org.plantflow.approval.facts;

import java.util.Set;

/** "May this user, with these roles, act on the task?" Answer with {@link Permit} or {@link Deny}. */
public final class ActQuestion {
    private final String user;
    private final Set<String> roles;
    private final String action;

    public ActQuestion(String user, Set<String> roles, String action) {
        this.user = user;
        this.roles = Set.copyOf(roles);
        this.action = action;
    }

    public String getUser() { return user; }
    public Set<String> getRoles() { return roles; }
    /** PASS or RETURN. */
    public String getAction() { return action; }

    @Override
    public String toString() { return "ActQuestion(" + user + " " + roles + " " + action + ")"; }
}
