package io.segexport.server.batchstore;

/** The batch store cannot be used: its message says why and which setting to look at. */
public final class BatchStoreUnavailableException extends Exception {
    public BatchStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
