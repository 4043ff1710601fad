package org.plantflow.approval.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.DeployedTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Deploys the host's templates once the application's beans are ready: every resource matching
 * {@code plantflow.deploy-templates} (a Spring resource pattern, comma-separated patterns allowed; default
 * {@code classpath*:approval-templates/*.bpmn}; {@code none} deploys nothing). A template whose content is already
 * the latest version of its key is left as it is, so a restart deploys nothing new. A template that is not valid
 * stops the start with {@link org.plantflow.approval.TemplateInvalidException} naming the file and its problems.
 */
public final class TemplatesOnStart implements SmartInitializingSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(TemplatesOnStart.class);

    private final ApprovalEngine engine;
    private final String patterns;
    private final ResourcePatternResolver resources;
    private final List<DeployedTemplate> deployed = new ArrayList<>();

    public TemplatesOnStart(ApprovalEngine engine, String patterns, ResourcePatternResolver resources) {
        this.engine = engine;
        this.patterns = patterns == null ? "" : patterns.strip();
        this.resources = resources;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (patterns.isEmpty() || patterns.equals("none")) {
            return;
        }
        for (String pattern : patterns.split(",")) {
            Resource[] found;
            try {
                found = resources.getResources(pattern.strip());
            } catch (IOException e) {
                throw new UncheckedIOException("plantflow.deploy-templates=" + patterns + ": cannot list " + pattern, e);
            }
            Arrays.sort(found, Comparator.comparing(r -> String.valueOf(r.getFilename())));
            for (Resource r : found) {
                try (InputStream in = r.getInputStream()) {
                    DeployedTemplate d = engine.deploy(String.valueOf(r.getFilename()), in.readAllBytes());
                    deployed.add(d);
                    LOG.info("template {} v{} from {}: {}", d.key(), d.version(), r.getDescription(),
                            d.created() ? "deployed" : "unchanged");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read template " + r.getDescription(), e);
                }
            }
        }
    }

    /** What the start deployed (or found unchanged), in order. */
    public List<DeployedTemplate> deployed() {
        return List.copyOf(deployed);
    }
}
