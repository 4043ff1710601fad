package org.plantflow.approval.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.plantflow.approval.Actor;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller is Spring Security's signed-in user: its name is the user, and its authorities that start with the role
 * prefix ({@code plantflow.api.role-prefix}, default {@code ROLE_}) are the roles, without the prefix; other authorities
 * (such as {@code SCOPE_...}) are not roles. An empty prefix takes every authority as a role. Anonymous: nobody.
 */
final class SpringSecurityActorResolver implements ActorResolver {
    static final String DEFAULT_ROLE_PREFIX = "ROLE_";
    private final String rolePrefix;

    SpringSecurityActorResolver(String rolePrefix) {
        this.rolePrefix = rolePrefix;
    }

    @Override
    public Actor resolve(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken
                || auth.getName() == null || auth.getName().isBlank()) {
            return null;
        }
        List<String> roles = new ArrayList<>();
        for (GrantedAuthority a : auth.getAuthorities()) {
            String name = a.getAuthority();
            if (name != null && name.startsWith(rolePrefix) && name.length() > rolePrefix.length()) {
                roles.add(name.substring(rolePrefix.length()));
            }
        }
        return Actor.of(auth.getName(), roles);
    }
}
