package org.plantflow.approval.web;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAPI 3 description of this API, hand-written ({@code plantflow/web/openapi.json} in the JAR) and kept true by
 * {@code OpenApiDocumentTest}; its server URL is the configured base path under the host's context path. Needs no
 * signed-in caller.
 */
@RestController
class OpenApiController {
    static final String RESOURCE = "/plantflow/web/openapi.json";
    private final ObjectNode document;
    private final String basePath;

    OpenApiController(@Value(Api.BASE) String basePath) throws IOException {
        this.basePath = basePath;
        try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the plantflow JAR");
            }
            document = (ObjectNode) new ObjectMapper().readTree(in);
        }
    }

    @GetMapping(path = Api.BASE + "/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode openApi(HttpServletRequest request) {
        ObjectNode copy = document.deepCopy();
        copy.putArray("servers").addObject().put("url", request.getContextPath() + basePath);
        return copy;
    }
}
