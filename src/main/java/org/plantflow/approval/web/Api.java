package org.plantflow.approval.web;

import java.util.List;

import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.InvalidInputException;

/** Constants and small checks shared by the controllers. */
final class Api {
    /** The request-mapping prefix: {@code plantflow.api.base-path}, default {@value #DEFAULT_BASE_PATH}. */
    static final String BASE = "${plantflow.api.base-path:/plantflow/api}";
    static final String DEFAULT_BASE_PATH = "/plantflow/api";
    static final String DEFAULT_ADMIN_ROLE = "plantflow_admin";
    static final int MAX_PAGE_SIZE = 200;

    private Api() {
    }

    /** A required JSON field: 400 naming it when it is missing or blank. */
    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(ApprovalException.Subject.NONE, field, null,
                    "field '" + field + "' is missing or blank in the request body");
        }
        return value;
    }

    /** One page of a list, with the total count. */
    record Page<T>(List<T> items, int page, int size, int total) {
        static <T> Page<T> of(List<T> all, int page, int size) {
            if (page < 0) {
                throw new InvalidInputException(ApprovalException.Subject.NONE, "page", null,
                        "page " + page + " is negative: pages count from 0");
            }
            if (size < 1 || size > MAX_PAGE_SIZE) {
                throw new InvalidInputException(ApprovalException.Subject.NONE, "size", MAX_PAGE_SIZE,
                        "size " + size + " is out of range: ask for 1 to " + MAX_PAGE_SIZE + " items per page");
            }
            int from = (int) Math.min((long) page * size, all.size());
            int to = Math.min(from + size, all.size());
            return new Page<>(List.copyOf(all.subList(from, to)), page, size, all.size());
        }
    }
}
