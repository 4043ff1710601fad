package org.plantflow.approval.internal.engine;

import java.util.Collection;
import java.util.Map;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalException.Subject;
import org.plantflow.approval.InvalidInputException;
import org.plantflow.approval.Limits;

/**
 * The checks of what a caller passes in, against {@link Limits}: run first in each call, so a refused argument is
 * refused with an {@link InvalidInputException} naming it and its limit before anything is read or written (not
 * with the database's error about a column size or an encoding when the row is written). The exception's subject
 * holds the call's ids that were checked before the refused one (never the refused value itself).
 */
public final class Inputs {
    private Inputs() {
    }

    /** start: every argument. */
    static void start(String templateKey, String businessKey, String initiator, Map<String, Object> variables) {
        text(Subject.NONE, "template key", templateKey, Limits.TEMPLATE_KEY);
        Subject about = Subject.template(templateKey, null);
        text(about, "business key", businessKey, Limits.BUSINESS_KEY);
        about = about.withBusinessKey(businessKey);
        text(about, "initiator", initiator, Limits.USER);
        variables(about.withUser(initiator), variables);
    }

    /** pass and return: the actor, the comment, and for a return the chosen node (null: the rules choose). */
    static void act(long taskId, Actor actor, String comment, String targetNode) {
        Subject about = Subject.task(taskId);
        actor(about, actor);
        about = about.withUser(actor.user());
        optional(about, "comment", comment, Limits.COMMENT);
        if (targetNode != null) {
            named(about, targetNode);
            optional(about, "target node", targetNode, Limits.NODE_ID);
        }
    }

    /**
     * returnTask to a chosen node, in the facade (where null still means "chosen"): the node must be named; the
     * three-argument returnTask lets the rules choose.
     */
    public static void targetNode(long taskId, String targetNode) {
        named(Subject.task(taskId), targetNode);
    }

    private static void named(Subject about, String targetNode) {
        if (targetNode == null || targetNode.isBlank()) {
            throw new InvalidInputException(about, "target node", null, "target node must not be blank; use "
                    + "returnTask(task, actor, comment) to return to the previous manual node");
        }
    }

    /** template(key, version): the key. */
    public static void templateKey(String key) {
        text(Subject.NONE, "templateKey", key, Limits.TEMPLATE_KEY);
    }

    /** instances(query): the filters and the page. */
    public static void instanceQuery(org.plantflow.approval.InstanceQuery q) {
        if (q == null) {
            throw new InvalidInputException(Subject.NONE, "query", null, "the instance query is null; use InstanceQuery.all()");
        }
        optional(Subject.NONE, "templateKey", q.templateKey(), Limits.TEMPLATE_KEY);
        optional(Subject.NONE, "businessKey", q.businessKey(), Limits.BUSINESS_KEY);
        optional(Subject.NONE, "initiator", q.initiator(), Limits.USER);
        if (q.page() < 0) {
            throw new InvalidInputException(Subject.NONE, "page", null, "page " + q.page() + " is negative: pages count from 0");
        }
        if (q.size() < 1 || q.size() > org.plantflow.approval.InstanceQuery.MAX_SIZE) {
            throw new InvalidInputException(Subject.NONE, "size", org.plantflow.approval.InstanceQuery.MAX_SIZE, "size "
                    + q.size() + " is out of range: ask for 1 to " + org.plantflow.approval.InstanceQuery.MAX_SIZE
                    + " instances per page");
        }
    }

    /** pendingTasks: the user and the roles. */
    public static void pending(String user, Collection<String> roles) {
        text(Subject.NONE, "user", user, Limits.USER);
        Subject about = Subject.NONE.withUser(user);
        if (roles != null) {
            if (roles.size() > Limits.ROLES_PER_QUERY) {
                throw new InvalidInputException(about, "roles", Limits.ROLES_PER_QUERY, "roles has " + roles.size()
                        + " entries; at most " + Limits.ROLES_PER_QUERY + " roles per pending-tasks call; ask once per "
                        + "group of roles");
            }
            for (String role : roles) {
                optional(about, "role", role, Limits.ROLE);
            }
        }
    }

    private static void actor(Subject about, Actor actor) {
        if (actor == null) {
            throw new InvalidInputException(about, "actor", null, "actor must not be null; pass the user and the roles "
                    + "the host gives them (Actor.of(user, roles...))");
        }
        text(about, "actor user", actor.user(), Limits.USER);
        for (String role : actor.roles()) {
            optional(about.withUser(actor.user()), "actor role", role, Limits.ROLE);
        }
    }

    private static void variables(Subject about, Map<String, Object> variables) {
        if (variables == null) {
            return;
        }
        for (Map.Entry<String, Object> e : variables.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isBlank()) {
                throw new InvalidInputException(about, "variable name", null, "variable names must not be blank");
            }
            noNul(about, "variable name", name);
            Object v = e.getValue();
            if (v != null && !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw new InvalidInputException(about, "variable '" + name + "'", null, "variable '" + name + "' is a "
                        + v.getClass().getName() + "; variables are strings, numbers or booleans");
            }
            if (v instanceof String s) {
                noNul(about, "variable '" + name + "'", s);
            }
        }
    }

    /** Not null, not blank, at most {@code max} long, no NUL. */
    private static void text(Subject about, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(about, field, null, field + " must not be blank");
        }
        optional(about, field, value, max);
    }

    /** Null allowed; else at most {@code max} long and no NUL. */
    private static void optional(Subject about, String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new InvalidInputException(about, field, max, field + " is " + value.length() + " characters long, more "
                    + "than the " + max + " allowed ('" + preview(value) + "'); shorten it");
        }
        noNul(about, field, value);
    }

    private static void noNul(Subject about, String field, String value) {
        int at = value.indexOf('\0');
        if (at >= 0) {
            throw new InvalidInputException(about, field, null, field + " contains a NUL character (U+0000) at position "
                    + at + ", which the database cannot store ('" + preview(value) + "'); remove it");
        }
    }

    /** The start of a long or odd value, for the message: at most 40 characters, NUL shown as \0. */
    private static String preview(String value) {
        String p = printable(value);
        return p.length() <= 40 ? p : p.substring(0, 40) + "...";
    }

    private static String printable(String value) {
        return value.replace("\0", "\\0");
    }
}
