package org.plantflow.approval.web.pages;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ConfigurationException;
import org.plantflow.approval.web.ActorResolver;
import org.plantflow.approval.web.PlantflowWebAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The approver pages (listed in {@code META-INF/spring/...AutoConfiguration.imports}): in a Spring MVC servlet host
 * with the plantflow REST API on, the pages of {@code classpath:/plantflow/pages/} under {@code plantflow.pages.path}
 * (default {@value #DEFAULT_PATH}), the entry page at {@code {path}/} and {@code {path}/config.json} telling the pages the
 * API's base path and whether development identity is on. {@code plantflow.pages.enabled=false} turns them off.
 * The pages call the API as the browser's user: in development with the headers of {@code plantflow.api.dev-identity},
 * otherwise with the host's session (its {@link ActorResolver}).
 */
@AutoConfiguration(after = PlantflowWebAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnBooleanProperty(name = "plantflow.api.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "plantflow.pages.enabled", matchIfMissing = true)
@ConditionalOnBean(ApprovalEngine.class)
public class PlantflowPagesAutoConfiguration {
    static final String DEFAULT_PATH = "/plantflow";
    static final String PATH = "${plantflow.pages.path:" + DEFAULT_PATH + "}";
    static final String LOCATION = "classpath:/plantflow/pages/";

    @Bean
    PagesController plantflowPagesController(Environment env, ObjectProvider<ActorResolver> resolvers) {
        String path = path(env);
        String apiBase = env.getProperty("plantflow.api.base-path", "/plantflow/api");
        ActorResolver resolver = resolvers.getIfUnique();
        // development identity is on when the API believes the headers: the resolver the API made for the property
        boolean devIdentity = resolver != null
                && resolver.getClass().getName().equals("org.plantflow.approval.web.DevHeaderActorResolver");
        return new PagesController(path, apiBase, devIdentity);
    }

    @Bean
    WebMvcConfigurer plantflowPagesResources(Environment env) {
        String path = path(env);
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler(path + "/**").addResourceLocations(LOCATION);
            }
        };
    }

    static String path(Environment env) {
        String path = env.getProperty("plantflow.pages.path", DEFAULT_PATH);
        if (!path.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new ConfigurationException("plantflow.pages.path", path,
                    "plantflow.pages.path=" + path + ": must be a path such as /plantflow (starting with '/', no"
                            + " trailing '/', no placeholders)");
        }
        return path;
    }
}
