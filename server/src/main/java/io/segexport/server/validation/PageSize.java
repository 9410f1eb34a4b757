package io.segexport.server.validation;

import io.segexport.server.rpc.ServiceErrors;

/** The {@code limit} of every listing: 1 to 1000 records a page, 100 when not given. */
public final class PageSize {
    public static final int DEFAULT = 100;
    public static final int MAX = 1000;

    private PageSize() {}

    /** The page size asked for; a 400 naming {@code limit} when out of range. */
    public static int of(boolean given, int limit) {
        int size = given ? limit : DEFAULT;
        if (size < 1 || size > MAX) {
            throw ServiceErrors.invalidArgument("limit", "must be from 1 to " + MAX + ", not " + size);
        }
        return size;
    }
}
