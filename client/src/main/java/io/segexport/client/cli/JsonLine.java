package io.segexport.client.cli;

import com.google.protobuf.Struct;

/** A non-blank line of a JSON Lines file: a record, or a line that is not one. */
sealed interface JsonLine {
    /** The line's number in the file, from 1. */
    long number();

    record Record(long number, Struct record) implements JsonLine {}

    /** @param problem what is wrong with the line, e.g. "not a JSON object but an array" */
    record Bad(long number, String problem) implements JsonLine {}
}
