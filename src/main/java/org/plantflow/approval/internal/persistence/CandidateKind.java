package org.plantflow.approval.internal.persistence;

/** Whom a task is offered to: a user or a role ({@code pf_task_candidate.kind}: U or R). */
public enum CandidateKind {
    USER("U"), ROLE("R");

    private final String code;

    CandidateKind(String code) {
        this.code = code;
    }

    /** The stored code. */
    public String code() {
        return code;
    }

    public static CandidateKind ofCode(String code) {
        for (CandidateKind k : values()) {
            if (k.code.equals(code)) {
                return k;
            }
        }
        throw new IllegalStateException("pf_task_candidate.kind '" + code + "' is neither U nor R");
    }
}
