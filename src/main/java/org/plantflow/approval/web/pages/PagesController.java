package org.plantflow.approval.web.pages;

import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pages' entry ({@code {path}/}, and {@code {path}} redirected there so that the pages' relative links work) and
 * {@code {path}/config.json}. The other files are static resources (see {@link PlantflowPagesAutoConfiguration}).
 */
@RestController
class PagesController {
    private final String path;
    private final Map<String, Object> config;

    PagesController(String path, String apiBase, boolean devIdentity) {
        this.path = path;
        this.config = Map.of("apiBase", apiBase, "devIdentity", devIdentity);
    }

    @GetMapping(PlantflowPagesAutoConfiguration.PATH)
    ResponseEntity<Void> withoutSlash() {
        return ResponseEntity.status(302).header(HttpHeaders.LOCATION, path + "/").build();
    }

    @GetMapping(path = {PlantflowPagesAutoConfiguration.PATH + "/", PlantflowPagesAutoConfiguration.PATH + "/index.html"})
    ResponseEntity<Resource> index() {
        Resource index = new ClassPathResource("plantflow/pages/index.html");
        if (!index.exists()) {
            throw new IllegalStateException("classpath:/plantflow/pages/index.html is missing: the JAR was built"
                    + " without its pages (build with Maven, which runs pages/build.mjs)");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).body(index);
    }

    @GetMapping(path = PlantflowPagesAutoConfiguration.PATH + "/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> config() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
    }
}
