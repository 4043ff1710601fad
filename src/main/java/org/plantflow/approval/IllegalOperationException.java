package org.plantflow.approval;

/**
 * The call is not allowed in the current state (e.g. a return target not on the path taken, a retry of an
 * instance with nothing failed). Fields: the task, instance, node, template and user involved, as far as the
 * call had them.
 */
public class IllegalOperationException extends ApprovalException {
    public IllegalOperationException(Subject subject, String message) {
        super(subject, message);
    }
}
