package org.plantflow.approval.internal.template;

import java.util.Locale;

/**
 * {@code approval:mode} of a manual node: who must act before it completes. The rules see the attribute's text
 * ({@code CompleteQuestion(mode == "vote")}).
 */
public enum SignMode {
    /** One task, offered to every candidate; the first pass completes the node. */
    SINGLE,
    /** 会签: one task per acceptor; every acceptor must pass. */
    COUNTERSIGN,
    /** 或签: one task per acceptor; the first pass completes the node. */
    ORSIGN,
    /** 票签: one task per acceptor; passes are yes votes, returns no votes, the rules decide the outcome. */
    VOTE;

    /** The attribute values, for messages. */
    public static final String ATTRIBUTE_VALUES = "single, countersign, orsign, vote";

    /** The attribute's text: single, countersign, orsign, vote. */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One task for all candidates (single) rather than one per acceptor. */
    public boolean oneTask() {
        return this == SINGLE;
    }

    /** The mode an attribute names: absent or blank is single; null when the text is none of the four. */
    public static SignMode ofAttribute(String value) {
        if (value == null || value.isBlank()) {
            return SINGLE;
        }
        for (SignMode m : values()) {
            if (m.attribute().equals(value.strip())) {
                return m;
            }
        }
        return null;
    }
}
