package org.plantflow.approval.web;

import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;

import org.plantflow.approval.Actor;

/**
 * Development only ({@code plantflow.api.dev-identity=true}): the caller is whoever the headers say, so anyone can act
 * as anyone. The auto-configuration logs a WARN when it is on.
 */
final class DevHeaderActorResolver implements ActorResolver {
    static final String USER_HEADER = "X-Plantflow-User";
    static final String ROLES_HEADER = "X-Plantflow-Roles";

    @Override
    public Actor resolve(HttpServletRequest request) {
        String user = request.getHeader(USER_HEADER);
        if (user == null || user.isBlank()) {
            return null;
        }
        String roles = request.getHeader(ROLES_HEADER);
        return Actor.of(user.trim(), roles == null ? new String[0]
                : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toArray(String[]::new));
    }
}
