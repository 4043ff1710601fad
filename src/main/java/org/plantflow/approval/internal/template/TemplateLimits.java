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

    private TemplateLimits() {
    }
}
