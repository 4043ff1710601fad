package org.plantflow.approval.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.internal.assembly.Setting;

/** The IDE's completion of plantflow.* properties names every property the engine reads, with a description. */
class ConfigurationMetadataTest {

    @Test
    void every_plantflow_property_is_described_in_the_configuration_metadata() throws Exception {
        JsonNode meta;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json in the JAR").isNotNull();
            meta = new ObjectMapper().readTree(in);
        }
        List<String> described = new ArrayList<>();
        for (JsonNode p : meta.get("properties")) {
            assertThat(p.path("description").asText()).as(p.get("name").asText()).isNotBlank();
            described.add(p.get("name").asText());
        }
        List<String> read = new ArrayList<>(Arrays.stream(Setting.values()).map(Setting::property)
                .filter(java.util.Objects::nonNull).toList());
        read.add("plantflow.enabled");
        read.add("plantflow.deploy-templates");
        read.addAll(List.of("plantflow.api.enabled", "plantflow.api.base-path", "plantflow.api.admin-role",
                "plantflow.api.dev-identity", "plantflow.api.role-prefix"));
        read.addAll(List.of("plantflow.pages.enabled", "plantflow.pages.path"));
        assertThat(described).containsExactlyInAnyOrderElementsOf(read);
    }
}
