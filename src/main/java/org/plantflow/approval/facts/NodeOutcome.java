package org.plantflow.approval.facts;

/** Answer to a {@link CompleteQuestion}: the node is done, with outcome "pass" or "fail". */
public final class NodeOutcome {
    private final String outcome;

    public NodeOutcome(String outcome) {
        if (!"pass".equals(outcome) && !"fail".equals(outcome)) {
            throw new IllegalArgumentException("a NodeOutcome is pass or fail, not " + outcome);
        }
        this.outcome = outcome;
    }

    public String getOutcome() { return outcome; }

    @Override
    public String toString() { return "NodeOutcome(" + outcome + ")"; }
}
