package org.plantflow.approval.internal.template;

/**
 * The limits a template file must keep, checked first of all by {@link TemplateParser} (before any XML tree is
 * built), so that a file made to exhaust the parser is refused with one problem instead of an error or a stack
 * overflow. Documented in the README under Template validation.
 */
public final class TemplateLimits {
    /**
     * Largest template file, in bytes: 2 MB. The shipped templates take about 850 bytes per node with its diagram, so
     * 2 MB holds well over 2,000 nodes, far more than the soundness check can explore; the file is held several times
     * over while it is checked (bytes, DOM, BPMN model) and stored whole with every deployed version
     * ({@code pf_template.source_xml}).
     */
    public static final int MAX_FILE_BYTES = 2 * 1024 * 1024;

    /**
     * Deepest nesting of XML elements, counting the root element as level 1: 200. A template needs about 10 levels
     * (definitions, process, node, extensionElements, and the diagram's shapes, labels and bounds); the parsers walk
     * the tree recursively, and a few thousand levels overflow the stack.
     */
    public static final int MAX_ELEMENT_DEPTH = 200;

    /** Longest node or flow id and template key ({@code pf_node.node_id}, {@code pf_edge.edge_id}). */
    public static final int MAX_ID = 100;
    /** Longest node, flow or template name ({@code pf_node.name}, {@code pf_task.node_name}). */
    public static final int MAX_NAME = 200;
    /** Longest {@code approval:roles} or {@code approval:acceptors} text. */
    public static final int MAX_CANDIDATES_TEXT = 1000;
    /** Longest {@code approval:action} and {@code approval:facts} statement name. */
    public static final int MAX_STATEMENT = 200;
    /** Longest {@code approval:threshold}. */
    public static final int MAX_THRESHOLD = 30;
    /** Longest {@code approval:deadline}. */
    public static final int MAX_DEADLINE = 50;
    /** Longest file name a template is deployed under ({@code pf_template.source_file}). */
    public static final int MAX_FILE_NAME = 500;

    private TemplateLimits() {
    }
}
