package org.plantflow.approval.facts;

import java.util.Map;

/** The instance a decision is about. */
public final class Instance {
    private final long id;
    private final String templateKey;
    private final int templateVersion;
    private final String businessKey;
    private final String initiator;
    private final Map<String, Object> variables;

    public Instance(long id, String templateKey, int templateVersion, String businessKey, String initiator,
                    Map<String, Object> variables) {
        this.id = id;
        this.templateKey = templateKey;
        this.templateVersion = templateVersion;
        this.businessKey = businessKey;
        this.initiator = initiator;
        this.variables = Map.copyOf(variables);
    }

    public long getId() { return id; }
    public String getTemplateKey() { return templateKey; }
    public int getTemplateVersion() { return templateVersion; }
    public String getBusinessKey() { return businessKey; }
    public String getInitiator() { return initiator; }
    public Map<String, Object> getVariables() { return variables; }

    /** A start variable, or null. */
    public Object get(String name) { return variables.get(name); }

    @Override
    public String toString() {
        return "Instance(" + id + ", " + templateKey + " v" + templateVersion + ", " + businessKey + ")";
    }
}
