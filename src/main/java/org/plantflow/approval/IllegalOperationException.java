package org.plantflow.approval;

/** The call is not allowed in the current state (e.g. a return target not on the path taken). */
public class IllegalOperationException extends ApprovalException {
    public IllegalOperationException(String message) {
        super(message);
    }
}
