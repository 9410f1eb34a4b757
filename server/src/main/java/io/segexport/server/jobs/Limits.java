package io.segexport.server.jobs;

/** Bounds on the sizes of request fields, so that no request can make a job unreasonably large. */
final class Limits {
    static final int MAX_SEGMENTS = 100;
    static final int MAX_FIELD_PATHS = 500;
    static final int MAX_FIELD_PATH_LENGTH = 256;

    private Limits() {}
}
