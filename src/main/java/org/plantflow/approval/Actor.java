package org.plantflow.approval;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who acts: a user id and the roles the host's identity system gives that user. The engine does not
 * keep users or roles; the host passes them on every call.
 */
public record Actor(String user, Set<String> roles) {
    public Actor {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("actor user id must not be blank");
        }
        roles = Set.copyOf(new TreeSet<>(Objects.requireNonNullElse(roles, Set.of())));
    }

    public static Actor of(String user, String... roles) {
        return new Actor(user, Set.copyOf(Arrays.asList(roles)));
    }

    public static Actor of(String user, Collection<String> roles) {
        return new Actor(user, Set.copyOf(roles));
    }

    @Override
    public String toString() {
        return user + " " + new TreeSet<>(roles);
    }
}
