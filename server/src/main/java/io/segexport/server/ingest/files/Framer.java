package io.segexport.server.ingest.files;

import java.io.IOException;

/** Finds where each record of a file starts and ends, without parsing it. */
interface Framer {
    /** Frames the next record; false at the end of the input. */
    boolean next(Frame frame) throws IOException;

    /** Told that the record just framed is not valid JSON, whose end therefore may not be where it was found. */
    void afterMalformed();
}
