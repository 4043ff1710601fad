package org.plantflow.approval.internal.template;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.plantflow.approval.ValidationProblem;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;

/**
 * Reads a BPMN 2.0 template into a {@link TemplateModel}. First the {@link TemplateLimits} (file size, and element
 * depth by a streaming scan), so that no tree is built of a file that would exhaust the parsers; then two passes: a
 * secure DOM scan that lists every structural problem at once (camunda-bpmn-model stops at the first one), then
 * camunda-bpmn-model, which checks the BPMN schema and gives the model. None of them reads a DTD or an external
 * entity: a DOCTYPE ends the streaming scan and is refused by the DOM scan, before camunda-bpmn-model sees the file.
 */
public final class TemplateParser {
    static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static final Set<String> UNSUPPORTED_NODES = Set.of("task", "manualTask", "scriptTask", "businessRuleTask",
            "sendTask", "receiveTask", "subProcess", "callActivity", "transaction", "adHocSubProcess",
            "inclusiveGateway", "complexGateway", "eventBasedGateway", "intermediateCatchEvent",
            "intermediateThrowEvent", "boundaryEvent");

    /** Either a model (possibly with warnings) or the problems that prevented one. */
    public record Result(TemplateModel model, List<ValidationProblem> problems) {
        /** @return true when no problem is an error (warnings do not refuse a template) */
        public boolean ok() {
            return problems.stream().noneMatch(ValidationProblem::isError);
        }
    }

    /**
     * The legal form of {@code approval:roles} and {@code approval:acceptors}: names separated by commas (spaces
     * around a comma are allowed), each made of letters (CJK included), digits, {@code _}, {@code .} and {@code -}.
     */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[\\p{L}\\p{Nd}_.\\-]+");

    public Result parse(String file, byte[] xml) {
        List<ValidationProblem> problems = new ArrayList<>();
        ValidationProblem limit = checkLimits(file, xml);
        if (limit != null) {
            problems.add(limit);
            return new Result(null, problems);
        }
        Document doc = readSecurely(file, xml, problems);
        if (doc == null) {
            return new Result(null, problems);
        }
        scan(file, doc, problems);
        if (!problems.isEmpty()) {
            return new Result(null, problems);
        }
        BpmnModelInstance bpmn;
        try {
            bpmn = Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
        } catch (RuntimeException e) {
            problems.add(problem("BPMN_SCHEMA", file, List.of(), "not valid BPMN 2.0: " + rootMessage(e)
                    + "; open it in bpmn.io or Camunda Modeler to fix it"));
            return new Result(null, problems);
        }
        TemplateModel model = toModel(file, bpmn, problems);
        return new Result(problems.isEmpty() ? model : null, problems);
    }

    /**
     * The file size and element depth ({@link TemplateLimits}), before any tree is built: the depth by a streaming
     * scan that stops at the first element too deep. The scan reads no DTD and no external entity; a DOCTYPE or an
     * XML error ends it quietly, and the DOM read that follows reports them.
     *
     * @return the problem, or null when the file keeps both limits
     */
    private static ValidationProblem checkLimits(String file, byte[] xml) {
        if (xml.length > TemplateLimits.MAX_FILE_BYTES) {
            return problem("FILE_TOO_LARGE", file, List.of(), String.format(Locale.ROOT, "the file has %,d bytes, more "
                    + "than the %,d bytes (%d MB) a template may have; a template is normally a few KB (about 1 KB per "
                    + "node with its diagram): check that this is the right file, and remove embedded content such as "
                    + "long documentation", xml.length, TemplateLimits.MAX_FILE_BYTES,
                    TemplateLimits.MAX_FILE_BYTES / (1024 * 1024)));
        }
        XMLStreamReader r = null;
        try {
            XMLInputFactory f = XMLInputFactory.newDefaultFactory();
            f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
            int depth = 0;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    return null; // refused by readSecurely
                } else if (event == XMLStreamConstants.START_ELEMENT && ++depth > TemplateLimits.MAX_ELEMENT_DEPTH) {
                    String name = r.getPrefix() == null || r.getPrefix().isEmpty() ? r.getLocalName()
                            : r.getPrefix() + ":" + r.getLocalName();
                    return problem("NESTING_TOO_DEEP", file, List.of(), "elements are nested more than "
                            + TemplateLimits.MAX_ELEMENT_DEPTH + " levels deep (element '" + name + "' at line "
                            + r.getLocation().getLineNumber() + " is at level " + depth + "); a template needs about 10 "
                            + "(definitions, process, node, extensionElements, diagram shapes): remove the nesting");
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            return null; // not well-formed: readSecurely reports it with its line
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held: the input is a byte array
                }
            }
        }
        return null;
    }

    private static Document readSecurely(String file, byte[] xml, List<ValidationProblem> problems) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            if (msg.contains("DOCTYPE")) {
                problems.add(problem("DOCTYPE_NOT_ALLOWED", file, List.of(), "line " + e.getLineNumber()
                        + ": a DOCTYPE (and with it any external entity) is not allowed in a template; remove it"));
            } else {
                problems.add(problem("XML_UNREADABLE", file, List.of(), "line " + e.getLineNumber() + ", column "
                        + e.getColumnNumber() + ": " + msg));
            }
        } catch (Exception e) {
            problems.add(problem("XML_UNREADABLE", file, List.of(), String.valueOf(e.getMessage())));
        }
        return null;
    }

    /** The checks that must list every problem: ids, start/end, flows, attributes. */
    private static void scan(String file, Document doc, List<ValidationProblem> problems) {
        Map<String, Integer> idCount = new LinkedHashMap<>();
        List<ValidationProblem> misplacedDeadlines = new ArrayList<>();
        walk(file, doc.getDocumentElement(), idCount, misplacedDeadlines);
        idCount.forEach((id, n) -> {
            if (n > 1) {
                problems.add(problem("DUPLICATE_ID", file, List.of(id), "id '" + id + "' is used by " + n
                        + " elements; give each element its own id"));
            }
        });
        problems.addAll(misplacedDeadlines);
        NodeList processes = doc.getElementsByTagNameNS(BPMN_NS, "process");
        if (processes.getLength() != 1) {
            problems.add(problem("PROCESS_COUNT", file, List.of(), "a template holds exactly one bpmn:process, found "
                    + processes.getLength()));
            return;
        }
        Element process = (Element) processes.item(0);
        if (process.getAttribute("id").isBlank()) {
            problems.add(problem("PROCESS_ID_MISSING", file, List.of(), "the bpmn:process has no id; its id is the template key"));
        }
        Map<String, String> nodeKinds = new HashMap<>();
        List<Element> flows = new ArrayList<>();
        int starts = 0;
        int ends = 0;
        List<String> startIds = new ArrayList<>();
        for (Node n = process.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e) || !BPMN_NS.equals(e.getNamespaceURI())) {
                continue;
            }
            String kind = e.getLocalName();
            String id = e.getAttribute("id");
            if ("sequenceFlow".equals(kind)) {
                flows.add(e);
                continue;
            }
            if (UNSUPPORTED_NODES.contains(kind)) {
                nodeKinds.put(id, kind); // its flows are not dangling: the element is reported once, here
                problems.add(problem("UNSUPPORTED_ELEMENT", file, List.of(id), "bpmn:" + kind + " '" + id
                        + "' is not supported; use userTask, serviceTask, exclusiveGateway or parallelGateway"));
                continue;
            }
            NodeType type = NodeType.ofBpmnElement(kind);
            if (type == null) {
                continue; // documentation, laneSet, textAnnotation, association...
            }
            if (id.isBlank()) {
                problems.add(problem("ID_MISSING", file, List.of(), "a bpmn:" + kind + " has no id"));
                continue;
            }
            nodeKinds.put(id, kind);
            if (type == NodeType.START) {
                starts++;
                startIds.add(id);
            } else if (type == NodeType.END) {
                ends++;
            }
            checkAttributes(file, e, type, problems);
        }
        if (starts == 0) {
            problems.add(problem("NO_START", file, List.of(), "the template has no start event; add exactly one"));
        } else if (starts > 1) {
            problems.add(problem("MULTIPLE_STARTS", file, startIds, "the template has " + starts
                    + " start events; keep exactly one"));
        }
        if (ends == 0) {
            problems.add(problem("NO_END", file, List.of(), "the template has no end event; add at least one"));
        }
        for (Element flow : flows) {
            String id = flow.getAttribute("id");
            String on = attr(flow, ApprovalAttributes.ON);
            if (on != null && !on.equals("pass") && !on.equals("fail")) {
                problems.add(problem("BAD_OUTCOME", file, List.of(id), "approval:on '" + on + "' on flow '" + id
                        + "' must be pass or fail"));
            }
            for (String end : List.of("sourceRef", "targetRef")) {
                String ref = flow.getAttribute(end);
                if (ref.isBlank()) {
                    problems.add(problem("DANGLING_FLOW", file, List.of(id), "sequence flow '" + id + "' has no " + end));
                } else if (!nodeKinds.containsKey(ref)) {
                    problems.add(problem("DANGLING_FLOW", file, List.of(id, ref), "sequence flow '" + id + "' " + end
                            + " points at '" + ref + "', which is not a node of this process"));
                }
            }
        }
    }

    /**
     * Every element in document order, without recursion: counts the ids, and refuses {@code approval:deadline}
     * anywhere but on a user task (the engine has deadlines for tasks only; it would ignore the attribute elsewhere).
     */
    private static void walk(String file, Element root, Map<String, Integer> idCount, List<ValidationProblem> misplaced) {
        ArrayDeque<Element> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Element e = todo.pop();
            String id = e.getAttribute("id");
            if (!id.isBlank()) {
                idCount.merge(id, 1, Integer::sum);
            }
            String deadline = attr(e, ApprovalAttributes.DEADLINE);
            boolean userTask = BPMN_NS.equals(e.getNamespaceURI()) && "userTask".equals(e.getLocalName());
            if (deadline != null && !userTask) {
                String what = (BPMN_NS.equals(e.getNamespaceURI()) ? "bpmn:" : "") + e.getLocalName()
                        + (id.isBlank() ? "" : " '" + id + "'");
                misplaced.add(problem("DEADLINE_NOT_ON_USER_TASK", file, id.isBlank() ? List.of() : List.of(id),
                        "approval:deadline '" + deadline + "' on " + what + " would be ignored: deadlines apply to user "
                        + "tasks only (a deadline on a join or any other node is not implemented); remove the attribute, "
                        + "or put the deadline on the user tasks " + (id.isBlank() ? "concerned" : "before '" + id + "'")));
            }
            List<Element> children = new ArrayList<>();
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child) {
                    children.add(child);
                }
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(children.get(i)); // popped in document order
            }
        }
    }

    private static void checkAttributes(String file, Element e, NodeType type, List<ValidationProblem> problems) {
        String id = e.getAttribute("id");
        String deadline = attr(e, ApprovalAttributes.DEADLINE);
        if (deadline != null && type == NodeType.USER_TASK) { // elsewhere refused as DEADLINE_NOT_ON_USER_TASK
            Duration d = null;
            try {
                d = Duration.parse(deadline);
            } catch (RuntimeException ex) {
                problems.add(problem("BAD_DEADLINE", file, List.of(id), "approval:deadline '" + deadline + "' on '" + id
                        + "' is not an ISO-8601 duration of days, hours or minutes such as P2D, PT4H or P1DT12H "
                        + "(months and years are not supported: write P30D)"));
            }
            if (d != null && (d.isNegative() || d.isZero())) {
                problems.add(problem("BAD_DEADLINE", file, List.of(id), "approval:deadline '" + deadline + "' on '" + id
                        + "' must be longer than zero"));
            }
        }
        String threshold = attr(e, ApprovalAttributes.THRESHOLD);
        if (threshold != null && parseThreshold(threshold) == null) {
            problems.add(problem("BAD_THRESHOLD", file, List.of(id), "approval:threshold '" + threshold + "' on '" + id
                    + "' must be a fraction such as 2/3 or a decimal such as 0.67, above 0 and at most 1"));
        }
        if (type == NodeType.SERVICE_TASK && attr(e, ApprovalAttributes.ACTION) == null) {
            problems.add(problem("NO_ACTION", file, List.of(id), "automatic node '" + id + "' has no approval:action; "
                    + "name the host action it runs"));
        }
        checkNames(file, id, attr(e, ApprovalAttributes.ROLES), ApprovalAttributes.ROLES, "BAD_ROLES", "role", problems);
        checkNames(file, id, attr(e, ApprovalAttributes.ACCEPTORS), ApprovalAttributes.ACCEPTORS, "BAD_ACCEPTORS", "user id",
                problems);
        String mode = attr(e, ApprovalAttributes.MODE);
        if (mode != null && SignMode.ofAttribute(mode) == null) {
            problems.add(problem("BAD_MODE", file, List.of(id), "approval:mode '" + mode + "' on '" + id
                    + "' must be one of " + SignMode.ATTRIBUTE_VALUES));
        }
    }

    /** A roles or acceptors list that is not a comma-separated list of plain names. */
    private static void checkNames(String file, String id, String value, String attribute, String code, String what,
                                   List<ValidationProblem> problems) {
        if (value == null) {
            return;
        }
        String[] items = value.split(",", -1);
        List<String> bad = new ArrayList<>();
        boolean empty = false;
        for (String item : items) {
            String name = item.trim();
            if (name.isEmpty()) {
                empty = true;
            } else if (!NAME.matcher(name).matches()) {
                bad.add("'" + name + "'");
            }
        }
        if (bad.isEmpty() && !empty) {
            return;
        }
        String why;
        if (value.contains("${") || value.contains("#{")) {
            why = "expressions are not evaluated in a template; list the " + what + "s by name, or leave the attribute "
                    + "out and assign the task with a rule in rules/<template-key>/ that answers AssignQuestion";
        } else if (!bad.isEmpty()) {
            why = String.join(", ", bad) + (bad.size() == 1 ? " is not a" : " are not") + " plain " + what
                    + (bad.size() == 1 ? "" : "s") + ": write names of letters, digits, _ . - separated by commas "
                    + "(no spaces inside a name)";
        } else {
            why = "it has an empty item (two commas in a row, or a comma at either end); remove the extra comma";
        }
        problems.add(problem(code, file, List.of(id), "approval:" + attribute + " '" + value + "' on '" + id + "': " + why));
    }

    /** @return the threshold as a number in (0, 1], or null when it does not parse */
    public static Double parseThreshold(String s) {
        try {
            double v;
            int slash = s.indexOf('/');
            if (slash > 0) {
                v = Double.parseDouble(s.substring(0, slash).trim()) / Double.parseDouble(s.substring(slash + 1).trim());
            } else {
                v = Double.parseDouble(s.trim());
            }
            return v > 0 && v <= 1 ? v : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String attr(Element e, String name) {
        String v = e.getAttributeNS(ApprovalAttributes.NAMESPACE, name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static TemplateModel toModel(String file, BpmnModelInstance bpmn, List<ValidationProblem> problems) {
        Process process = bpmn.getModelElementsByType(Process.class).iterator().next();
        Map<String, NodeDef> nodes = new LinkedHashMap<>();
        for (FlowNode fn : bpmn.getModelElementsByType(FlowNode.class)) {
            NodeType type = NodeType.ofBpmnElement(fn.getElementType().getTypeName());
            if (type == null) {
                continue;
            }
            nodes.put(fn.getId(), new NodeDef(fn.getId(), type, fn.getName(),
                    list(fn.getAttributeValueNs(ApprovalAttributes.NAMESPACE, ApprovalAttributes.ROLES)),
                    list(fn.getAttributeValueNs(ApprovalAttributes.NAMESPACE, ApprovalAttributes.ACCEPTORS)),
                    SignMode.ofAttribute(fn.getAttributeValueNs(ApprovalAttributes.NAMESPACE, ApprovalAttributes.MODE)),
                    blankToNull(fn.getAttributeValueNs(ApprovalAttributes.NAMESPACE, ApprovalAttributes.THRESHOLD)),
                    blankToNull(fn.getAttributeValueNs(ApprovalAttributes.NAMESPACE, ApprovalAttributes.DEADLINE)),
                    blankToNull(fn.getAttributeValueNs(ApprovalAttributes.NAMESPACE, ApprovalAttributes.ACTION))));
        }
        List<FlowDef> flows = new ArrayList<>();
        for (SequenceFlow sf : bpmn.getModelElementsByType(SequenceFlow.class)) {
            boolean isDefault = sf.getSource() instanceof ExclusiveGateway g && g.getDefault() == sf;
            flows.add(new FlowDef(sf.getId(), sf.getSource().getId(), sf.getTarget().getId(), sf.getName(), isDefault,
                    blankToNull(sf.getAttributeValueNs(ApprovalAttributes.NAMESPACE, ApprovalAttributes.ON))));
        }
        String facts = blankToNull(process.getAttributeValueNs(ApprovalAttributes.NAMESPACE, ApprovalAttributes.FACTS));
        if (process.getId().length() > TemplateLimits.MAX_ID) {
            problems.add(problem("KEY_TOO_LONG", file, List.of(process.getId()), "the process id (template key) is longer than 100 characters"));
        }
        TemplateModel model = new TemplateModel(0, process.getId(), 0, process.getName(), facts, nodes, flows);
        checkLengths(file, model, problems);
        return model;
    }

    /** Every text the engine stores must fit its column: refused here, with the element and its limit, not at deploy. */
    private static void checkLengths(String file, TemplateModel m, List<ValidationProblem> problems) {
        tooLong(file, null, "the file name", file, TemplateLimits.MAX_FILE_NAME, problems);
        tooLong(file, m.key(), "the process name", m.name(), TemplateLimits.MAX_NAME, problems);
        tooLong(file, m.key(), "approval:facts", m.factsQuery(), TemplateLimits.MAX_STATEMENT, problems);
        for (NodeDef n : m.nodes().values()) {
            tooLong(file, n.id(), "the id", n.id(), TemplateLimits.MAX_ID, problems);
            tooLong(file, n.id(), "the name", n.name(), TemplateLimits.MAX_NAME, problems);
            tooLong(file, n.id(), "approval:roles", String.join(",", n.roles()), TemplateLimits.MAX_CANDIDATES_TEXT, problems);
            tooLong(file, n.id(), "approval:acceptors", String.join(",", n.acceptors()), TemplateLimits.MAX_CANDIDATES_TEXT,
                    problems);
            tooLong(file, n.id(), "approval:threshold", n.voteThreshold(), TemplateLimits.MAX_THRESHOLD, problems);
            tooLong(file, n.id(), "approval:deadline", n.deadline(), TemplateLimits.MAX_DEADLINE, problems);
            tooLong(file, n.id(), "approval:action", n.action(), TemplateLimits.MAX_STATEMENT, problems);
        }
        for (FlowDef f : m.flows()) {
            tooLong(file, f.id(), "the id", f.id(), TemplateLimits.MAX_ID, problems);
            tooLong(file, f.id(), "the name", f.name(), TemplateLimits.MAX_NAME, problems);
        }
    }

    private static void tooLong(String file, String element, String what, String value, int max, List<ValidationProblem> problems) {
        if (value != null && value.length() > max) {
            problems.add(problem("TOO_LONG", file, element == null ? List.of() : List.of(element), what
                    + (element == null ? "" : " of '" + abbreviated(element) + "'") + " is " + value.length()
                    + " characters long, more than the " + max + " the engine stores ('" + abbreviated(value)
                    + "'); shorten it"));
        }
    }

    private static String abbreviated(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    static ValidationProblem problem(String code, String file, List<String> ids, String message) {
        return new ValidationProblem(code, file, ids, message);
    }
}
