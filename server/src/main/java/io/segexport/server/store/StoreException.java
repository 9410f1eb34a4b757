package io.segexport.server.store;

/** The store failed: a disk or database fault, never the caller's doing. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
