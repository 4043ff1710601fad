package org.plantflow.approval;

/** A template allows one running instance per business key. */
public class InstanceAlreadyRunningException extends ConflictException {
    public InstanceAlreadyRunningException(String message) {
        super(message);
    }

    public InstanceAlreadyRunningException(String message, Throwable cause) {
        super(message, cause);
    }
}
