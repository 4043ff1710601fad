package org.plantflow.approval.facts;

/** A sequence flow of the instance's template. */
public final class Flow {
    private final String id;
    private final String source;
    private final String target;
    private final String name;
    private final boolean defaultFlow;
    private final String outcome;

    public Flow(String id, String source, String target, String name, boolean defaultFlow, String outcome) {
        this.id = id;
        this.source = source;
        this.target = target;
        this.name = name;
        this.defaultFlow = defaultFlow;
        this.outcome = outcome;
    }

    public String getId() { return id; }
    public String getSource() { return source; }
    public String getTarget() { return target; }
    public String getName() { return name; }
    /** True for the BPMN default flow of a gateway. */
    public boolean isDefaultFlow() { return defaultFlow; }
    /** approval:on: "pass" or "fail" for the flows leaving a vote node, else null. */
    public String getOutcome() { return outcome; }

    @Override
    public String toString() { return "Flow(" + id + ": " + source + " -> " + target + ")"; }
}
