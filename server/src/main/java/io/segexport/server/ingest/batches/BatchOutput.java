package io.segexport.server.ingest.batches;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The files an ingestion batch writes into its batch folder: one part file of good records a file
 * uploaded ({@code part-NNNNN.json}, JSON Lines, as Data Access serves export batches) and one file of
 * failed records ({@code failed-00000.json}), each line a rejected record with its {@code _errors}
 * first. Each file is opened at the length a checkpoint recorded, cutting off whatever a crash left
 * after it, so that processing resumed from the checkpoint writes every record once.
 */
final class BatchOutput implements Closeable {
    static final String FAILED_FILE = "failed-00000.json";
    private static final JsonFactory JSON = new JsonFactory();

    private final Path folder;
    private final Sink failed;
    private Sink part;

    BatchOutput(Path folder, long failedBytes) throws IOException {
        this.folder = folder;
        Files.createDirectories(folder);
        this.failed = new Sink(folder.resolve(FAILED_FILE), failedBytes);
    }

    static String partName(int fileIndex) {
        return String.format("part-%05d.json", fileIndex);
    }

    /** Starts (or resumes, at {@code partBytes}) the part file of the uploaded file {@code fileIndex}. */
    void startPart(int fileIndex, long partBytes) throws IOException {
        if (part != null) {
            // The next checkpoint syncs the new part only: the finished one must be durable first.
            part.sync();
            part.close();
        }
        part = new Sink(folder.resolve(partName(fileIndex)), partBytes);
    }

    void good(byte[] json) throws IOException {
        part.line(json);
    }

    /** A rejected record: its compact JSON when it was an object, else the text read ({@code corrupt}). */
    void failed(String file, long line, String message, byte[] json, boolean corrupt) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(128 + message.length());
        try (JsonGenerator gen = JSON.createGenerator(head)) {
            gen.writeStartObject();
            gen.writeArrayFieldStart("_errors");
            gen.writeStartObject();
            gen.writeStringField("code", "INVALID_RECORD");
            gen.writeStringField("message", message);
            gen.writeStringField("file", file);
            gen.writeNumberField("line", line);
            gen.writeEndObject();
            gen.writeEndArray();
            if (corrupt) {
                gen.writeStringField("_corruptRecord", new String(json, StandardCharsets.UTF_8));
            }
            gen.writeEndObject();
        }
        byte[] errors = head.toByteArray();
        if (corrupt || json.length <= 2) {
            failed.line(errors);
            return;
        }
        // {"_errors":[...]} and {"a":1,...} make {"_errors":[...],"a":1,...}.
        failed.write(errors, errors.length - 1);
        failed.write(new byte[] {','}, 1);
        failed.line(Arrays.copyOfRange(json, 1, json.length));
    }

    long partBytes() {
        return part == null ? 0 : part.length;
    }

    long failedBytes() {
        return failed.length;
    }

    /** Makes everything written so far durable, before a checkpoint records the lengths. */
    void sync() throws IOException {
        if (part != null) {
            part.sync();
        }
        failed.sync();
    }

    @Override
    public void close() throws IOException {
        try (failed) {
            if (part != null) {
                part.close();
            }
        }
    }

    /** An appended file that knows its length. */
    private static final class Sink implements Closeable {
        private final FileChannel channel;
        private final OutputStream out;
        private long length;

        Sink(Path file, long length) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(length);
            channel.position(length);
            out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            this.length = length;
        }

        void write(byte[] bytes, int count) throws IOException {
            out.write(bytes, 0, count);
            length += count;
        }

        void line(byte[] bytes) throws IOException {
            write(bytes, bytes.length);
            out.write('\n');
            length++;
        }

        void sync() throws IOException {
            out.flush();
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            try (channel) {
                out.flush();
            }
        }
    }
}
