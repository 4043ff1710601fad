package org.plantflow.approval.internal.engine;

/** Small text helpers for history columns. */
final class Texts {
    private Texts() {
    }

    /** Cuts text to a column's size, marking the cut. */
    static String fit(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max - 3) + "...";
    }
}
