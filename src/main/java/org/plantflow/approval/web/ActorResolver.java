package org.plantflow.approval.web;

import jakarta.servlet.http.HttpServletRequest;

import org.plantflow.approval.Actor;

/**
 * Who is calling the REST API: the host's identity system, never the request body. A host defines one bean of this type
 * (for instance over its Spring Security context); for development only, {@code plantflow.api.dev-identity=true} reads
 * the user and roles from the headers {@code X-Plantflow-User} and {@code X-Plantflow-Roles}. Without either the API
 * refuses to start, naming both.
 */
@FunctionalInterface
public interface ActorResolver {

    /**
     * @return the user and roles the request acts for, or {@code null} when nobody is signed in (the API answers 401)
     */
    Actor resolve(HttpServletRequest request);
}
