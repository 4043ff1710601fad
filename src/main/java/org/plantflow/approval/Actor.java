package org.plantflow.approval;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who acts: a user id and the roles the host's identity system gives that user. The engine does not
 * keep users or roles; the host passes them on every call.
 *
 * @throws InvalidInputException when the user is blank or a role is null (field {@code "actor user"} or
 *         {@code "actor role"}); the lengths are checked by the call that gets the actor ({@link Limits#USER},
 *         {@link Limits#ROLE})
 */
public record Actor(String user, Set<String> roles) {
    public Actor {
        if (user == null || user.isBlank()) {
            throw new InvalidInputException(ApprovalException.Subject.NONE, "actor user", null,
                    "actor user id must not be blank");
        }
        if (roles != null && roles.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException(ApprovalException.Subject.NONE.withUser(user), "actor role", null,
                    "the roles of actor '" + user + "' include null; pass role names only");
        }
        roles = Set.copyOf(new TreeSet<>(Objects.requireNonNullElse(roles, Set.of())));
    }

    public static Actor of(String user, String... roles) {
        return new Actor(user, roles == null ? Set.of() : new HashSet<>(Arrays.asList(roles)));
    }

    public static Actor of(String user, Collection<String> roles) {
        return new Actor(user, roles == null ? Set.of() : new HashSet<>(roles));
    }

    @Override
    public String toString() {
        return user + " " + new TreeSet<>(roles);
    }
}
