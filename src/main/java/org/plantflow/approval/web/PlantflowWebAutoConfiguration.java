package org.plantflow.approval.web;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ConfigurationException;
import org.plantflow.approval.spring.PlantflowAutoConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The REST API (listed in {@code META-INF/spring/...AutoConfiguration.imports}): in a Spring MVC servlet host with an
 * {@link ApprovalEngine} bean, JSON endpoints under {@code plantflow.api.base-path} (default {@code /plantflow/api}) for
 * pending tasks, pass, return, start, instances with their explained history, and template validation and deployment;
 * errors as {@code application/problem+json}; the OpenAPI document at {@code {base-path}/openapi.json}.
 * {@code plantflow.api.enabled=false} turns it off.
 * <p>
 * Who calls comes from the host's {@link ActorResolver} bean; a host with Spring Security's web layer
 * ({@code spring-security-web}) gets one over the signed-in user, whose authorities starting with
 * {@code plantflow.api.role-prefix} (default {@code ROLE_}) are the roles. Without one the API refuses to start, unless
 * {@code plantflow.api.dev-identity=true} (development only: the headers {@code X-Plantflow-User} and
 * {@code X-Plantflow-Roles} say who calls; logged as a WARN). Administrators (role {@code plantflow.api.admin-role},
 * default {@code plantflow_admin}) may deploy templates and see every instance.
 */
@AutoConfiguration(after = PlantflowAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnBooleanProperty(name = "plantflow.api.enabled", matchIfMissing = true)
@ConditionalOnBean(ApprovalEngine.class)
@Import({TaskController.class, InstanceController.class, TemplateController.class, OpenApiController.class, MeController.class,
        ProblemAdvice.class})
public class PlantflowWebAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(PlantflowWebAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(ActorResolver.class)
    @ConditionalOnBooleanProperty(name = "plantflow.api.dev-identity")
    ActorResolver plantflowDevIdentity() {
        log.warn("plantflow.api.dev-identity=true: the plantflow REST API believes the {} and {} headers, so any caller"
                        + " can act as any user; never turn this on in production (define an ActorResolver bean instead)",
                DevHeaderActorResolver.USER_HEADER, DevHeaderActorResolver.ROLES_HEADER);
        return new DevHeaderActorResolver();
    }

    /** With Spring Security in the host's web layer, the signed-in user and their roles (unless the host says otherwise). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.security.core.context.SecurityContextHolder",
            "org.springframework.security.web.SecurityFilterChain"})
    @ConditionalOnBooleanProperty(name = "plantflow.api.dev-identity", havingValue = false, matchIfMissing = true)
    static class SpringSecurityIdentity {
        @Bean
        @ConditionalOnMissingBean(ActorResolver.class)
        ActorResolver plantflowSpringSecurityIdentity(Environment env) {
            return new SpringSecurityActorResolver(
                    env.getProperty("plantflow.api.role-prefix", SpringSecurityActorResolver.DEFAULT_ROLE_PREFIX));
        }
    }

    @Bean
    Callers plantflowApiCallers(ApprovalEngine engine, ObjectProvider<ActorResolver> resolvers, Environment env) {
        ActorResolver resolver = resolvers.getIfUnique();
        if (resolver == null) {
            long found = resolvers.stream().count();
            throw new ConfigurationException("plantflow.api.dev-identity", env.getProperty("plantflow.api.dev-identity"),
                    "the plantflow REST API needs to know who calls and found " + found + " ActorResolver beans: define"
                            + " exactly one bean of type org.plantflow.approval.web.ActorResolver (the user and roles from"
                            + " the host's security), or for development only set plantflow.api.dev-identity=true"
                            + " (headers X-Plantflow-User, X-Plantflow-Roles), or turn the API off with"
                            + " plantflow.api.enabled=false");
        }
        String basePath = env.getProperty("plantflow.api.base-path", Api.DEFAULT_BASE_PATH);
        if (!basePath.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new ConfigurationException("plantflow.api.base-path", basePath,
                    "plantflow.api.base-path=" + basePath + ": must be a path such as /plantflow/api (starting with"
                            + " '/', no trailing '/', no placeholders)");
        }
        String adminRole = env.getProperty("plantflow.api.admin-role", Api.DEFAULT_ADMIN_ROLE);
        if (adminRole.isBlank()) {
            throw new ConfigurationException("plantflow.api.admin-role", adminRole,
                    "plantflow.api.admin-role is blank: name the role of the API's administrators, or leave it out for "
                            + Api.DEFAULT_ADMIN_ROLE);
        }
        return new Callers(engine, resolver, adminRole);
    }
}
