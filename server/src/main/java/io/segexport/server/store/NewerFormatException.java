package io.segexport.server.store;

import java.io.IOException;
import java.nio.file.Path;

/** The data folder was written by a newer segexport, in a format this one cannot read; it is left as it is. */
public final class NewerFormatException extends IOException {
    NewerFormatException(Path dataDir, int found, int latest) {
        super("the data folder " + dataDir + " was written by a newer segexport (format " + found
                + "; this one reads up to " + latest + ")");
    }
}
