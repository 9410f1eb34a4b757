package io.segexport.server.validation;

import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.rpc.ServiceErrors;

/**
 * The {@code limit} of every listing: 1 to the page-size limit (1000 by default) records a page;
 * 100 when not given, or the page-size limit when that is smaller.
 */
public final class PageSize {
    public static final int DEFAULT = 100;

    private PageSize() {}

    /** The page size asked for; a 400 naming {@code limit} and the page-size limit when out of range. */
    public static int of(boolean given, int limit) {
        int max = Limits.current().pageSize();
        int size = given ? limit : Math.min(DEFAULT, max);
        if (size < 1 || size > max) {
            throw ServiceErrors.invalidArgument(
                    "limit",
                    "must be from 1 to " + max + " (the " + Limit.PAGE_SIZE.flagName() + " limit), not " + size);
        }
        return size;
    }
}
