package org.plantflow.approval.facts;

import java.util.Objects;

/**
 * A user or role a task is offered to. The assignment rules insert these; the authorization rules see the
 * task's candidates as these.
 */
public final class Candidate {
    private final boolean role;
    private final String value;

    private Candidate(boolean role, String value) {
        this.role = role;
        this.value = Objects.requireNonNull(value);
    }

    public static Candidate role(String role) { return new Candidate(true, role); }
    public static Candidate user(String user) { return new Candidate(false, user); }

    public boolean isRole() { return role; }
    public boolean isUser() { return !role; }
    public String getValue() { return value; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Candidate c && c.role == role && c.value.equals(value);
    }

    @Override
    public int hashCode() { return Objects.hash(role, value); }

    @Override
    public String toString() { return (role ? "role:" : "user:") + value; }
}
