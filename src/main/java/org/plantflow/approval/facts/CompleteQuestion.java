package org.plantflow.approval.facts;

/**
 * "Is the node done now that one of its acceptors acted, and with which outcome?" Asked after every pass of a
 * task and every return in a vote. Each acceptor's task is present as a {@link Vote}. Answer with a
 * {@link NodeOutcome}, or with nothing while the node must wait for more acceptors.
 */
public final class CompleteQuestion {
    private final String nodeId;
    private final String mode;
    private final int total;
    private final int yes;
    private final int no;
    private final int open;

    public CompleteQuestion(String nodeId, String mode, int total, int yes, int no, int open) {
        this.nodeId = nodeId;
        this.mode = mode;
        this.total = total;
        this.yes = yes;
        this.no = no;
        this.open = open;
    }

    public String getNodeId() { return nodeId; }
    /** single, countersign, orsign or vote. */
    public String getMode() { return mode; }
    /** Acceptors' tasks at the node. */
    public int getTotal() { return total; }
    /** Tasks passed (yes votes). */
    public int getYes() { return yes; }
    /** Tasks returned in a vote (no votes). */
    public int getNo() { return no; }
    /** Tasks still open. */
    public int getOpen() { return open; }

    @Override
    public String toString() {
        return "CompleteQuestion(" + nodeId + " " + mode + ": yes " + yes + ", no " + no + ", open " + open + " of " + total + ")";
    }
}
