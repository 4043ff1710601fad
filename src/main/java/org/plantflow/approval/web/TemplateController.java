package org.plantflow.approval.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.DeployedTemplate;
import org.plantflow.approval.InvalidInputException;
import org.plantflow.approval.TemplateSource;
import org.plantflow.approval.TemplateVersion;
import org.plantflow.approval.ValidationProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Templates: list the deployed versions and read one with its BPMN XML (any signed-in caller); check a BPMN file (any signed-in caller; nothing is stored) and deploy one (administrators only). The body
 * is the BPMN XML; {@code name} is the file name problems are reported under.
 */
@RestController
@RequestMapping(path = Api.BASE + "/templates", produces = MediaType.APPLICATION_JSON_VALUE)
class TemplateController {
    private static final String DEFAULT_NAME = "template.bpmn";
    private final ApprovalEngine engine;
    private final Callers callers;

    TemplateController(ApprovalEngine engine, Callers callers) {
        this.engine = engine;
        this.callers = callers;
    }

    /** @param valid true when no problem is an error (warnings do not refuse a template) */
    record ValidationResult(boolean valid, List<ValidationProblem> problems) {
    }

    /** One template key with its deployed versions, oldest first. */
    record TemplateVersions(String key, int latestVersion, List<TemplateVersion> versions) {
    }

    @GetMapping
    List<TemplateVersions> templates(HttpServletRequest request) {
        callers.actor(request);
        Map<String, List<TemplateVersion>> byKey = new LinkedHashMap<>();
        engine.templates().forEach(t -> byKey.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t));
        return byKey.entrySet().stream()
                .map(e -> new TemplateVersions(e.getKey(), e.getValue().get(e.getValue().size() - 1).version(), e.getValue()))
                .toList();
    }

    @GetMapping("/{key}/versions/{version}")
    TemplateSource template(HttpServletRequest request, @PathVariable String key, @PathVariable int version) {
        callers.actor(request);
        return engine.template(key, version);
    }

    @PostMapping(path = "/validate", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
            MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ValidationResult validate(HttpServletRequest request, @RequestBody byte[] bpmn,
                              @RequestParam(defaultValue = DEFAULT_NAME) String name) {
        callers.actor(request);
        String file = fileName(name);
        List<ValidationProblem> problems;
        try {
            Path dir = Files.createTempDirectory("plantflow-validate");
            Path path = dir.resolve(file);
            try {
                Files.write(path, bpmn);
                problems = engine.validate(List.of(path)).stream()
                        .map(p -> new ValidationProblem(p.code(), file, p.elementIds(), p.message(), p.severity()))
                        .toList();
            } finally {
                Files.deleteIfExists(path);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the template to a temporary file to check it", e);
        }
        return new ValidationResult(problems.stream().noneMatch(ValidationProblem::isError), problems);
    }

    @PostMapping(consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
            MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<DeployedTemplate> deploy(HttpServletRequest request, @RequestBody byte[] bpmn,
                                            @RequestParam(defaultValue = DEFAULT_NAME) String name) {
        Actor actor = callers.actor(request);
        callers.requireAdmin(actor, "deploy templates");
        DeployedTemplate deployed = engine.deploy(fileName(name), bpmn);
        return ResponseEntity.status(deployed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(deployed);
    }

    /** A plain file name: no folders, so nothing is written outside the temporary folder. */
    private static String fileName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new InvalidInputException(ApprovalException.Subject.NONE, "name", 100, "name '" + name
                    + "' is not a plain file name: use letters, digits, '.', '_' and '-' (at most 100), e.g. my-approval.bpmn");
        }
        return name;
    }
}
