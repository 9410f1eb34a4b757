package io.segexport.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.segexport.json.ProtoJsonWriter;
import java.io.PrintWriter;
import java.util.Iterator;

/**
 * Results as one JSON document on standard output, written by the API's own codec so that the
 * shapes are the documented ones and 64-bit numbers stay JSON numbers.
 */
final class JsonOutput {
    private JsonOutput() {}

    static void print(PrintWriter out, Message message) {
        out.println(ProtoJsonWriter.toJson(message));
        out.flush();
    }

    static void print(PrintWriter out, JsonNode document) {
        out.println(document.toString());
        out.flush();
    }

    /** A JSON array written element by element, so that a long listing is never held whole. */
    static void printArray(PrintWriter out, Iterator<? extends Message> messages) {
        out.print('[');
        for (boolean first = true; messages.hasNext(); first = false) {
            if (!first) {
                out.print(',');
            }
            out.print(ProtoJsonWriter.toJson(messages.next()));
        }
        out.println(']');
        out.flush();
    }
}
