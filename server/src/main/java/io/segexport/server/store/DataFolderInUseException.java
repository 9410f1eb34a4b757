package io.segexport.server.store;

import java.io.IOException;
import java.nio.file.Path;

/** The database's folder is held by another open database, most likely another segexport process. */
public final class DataFolderInUseException extends IOException {
    DataFolderInUseException(Path dir, Throwable cause) {
        super("another process holds the database in " + dir, cause);
    }
}
