package org.plantflow.approval;

/** Life of an instance. */
public enum InstanceStatus {
    RUNNING, COMPLETED, TERMINATED
}
