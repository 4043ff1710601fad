package org.plantflow.approval.internal.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

import org.plantflow.approval.ApprovalException.Subject;
import org.plantflow.approval.DeployedTemplate;
import org.plantflow.approval.TemplateInvalidException;
import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.persistence.Rows.EdgeRow;
import org.plantflow.approval.internal.persistence.Rows.NodeRow;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateParser;
import org.plantflow.approval.internal.validation.TemplateValidator;

/**
 * Stores a template as a new version, after validation and a check that its {@code approval:facts} statement
 * exists. Identical content to the latest version of the key is a no-op; running instances keep the version they
 * started on.
 */
final class Deployer {
    private final TemplateValidator validator;
    private final Clock clock;
    private final Predicate<String> statementExists;

    /** @param statementExists whether a mapper defines a statement (namespace.id) */
    Deployer(TemplateValidator validator, Clock clock, Predicate<String> statementExists) {
        this.validator = validator;
        this.clock = clock;
        this.statementExists = statementExists;
    }

    DeployedTemplate deploy(Store store, String file, byte[] xml) {
        TemplateParser.Result parsed = validator.validate(file, xml);
        if (!parsed.ok()) {
            Subject about = parsed.model() == null ? Subject.NONE : Subject.template(parsed.model().key(), null);
            throw new TemplateInvalidException(about, file, parsed.problems());
        }
        TemplateModel model = parsed.model();
        String facts = model.factsQuery();
        if (facts != null && !statementExists.test(facts)) {
            List<ValidationProblem> problems = new ArrayList<>(parsed.problems());
            problems.add(new ValidationProblem("UNKNOWN_FACTS_STATEMENT", file, List.of(model.key()), "approval:facts "
                    + "names statement '" + facts + "', which no mapper defines, so every start would fail; add the "
                    + "statement to a mapper XML under mappers/ (or the host's mappers folder) with that namespace and "
                    + "id, or correct the attribute, and deploy again"));
            throw new TemplateInvalidException(Subject.template(model.key(), null), file, problems);
        }
        String checksum = sha256(xml);
        TemplateRow latest = store.latestTemplate(model.key());
        if (latest != null && latest.checksum.equals(checksum)) {
            return view(latest, false);
        }
        TemplateRow row = new TemplateRow();
        row.templateKey = model.key();
        row.templateVersion = latest == null ? 1 : latest.templateVersion + 1;
        row.name = model.name();
        row.sourceFile = file;
        row.sourceXml = new String(xml, StandardCharsets.UTF_8);
        row.checksum = checksum;
        row.factsQuery = model.factsQuery();
        row.deployedAt = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<NodeRow> nodes = new ArrayList<>();
        for (NodeDef n : model.nodes().values()) {
            NodeRow r = new NodeRow();
            r.nodeId = n.id();
            r.nodeType = n.type().name();
            r.name = n.name();
            r.roles = n.roles().isEmpty() ? null : String.join(",", n.roles());
            r.acceptors = n.acceptors().isEmpty() ? null : String.join(",", n.acceptors());
            r.signMode = n.signMode().attribute();
            r.voteThreshold = n.voteThreshold();
            r.deadline = n.deadline();
            r.actionName = n.action();
            nodes.add(r);
        }
        List<EdgeRow> edges = new ArrayList<>();
        for (FlowDef f : model.flows()) {
            EdgeRow r = new EdgeRow();
            r.edgeId = f.id();
            r.sourceNode = f.source();
            r.targetNode = f.target();
            r.name = f.name();
            r.isDefault = f.isDefault() ? 1 : 0;
            r.outcome = f.outcome();
            edges.add(r);
        }
        store.insertTemplate(row, nodes, edges);
        return view(row, true);
    }

    private static DeployedTemplate view(TemplateRow row, boolean created) {
        return new DeployedTemplate(row.templateKey, row.templateVersion, row.name, row.sourceFile,
                row.deployedAt.toInstant(ZoneOffset.UTC), created);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
