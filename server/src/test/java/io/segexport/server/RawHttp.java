package io.segexport.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte by byte on a plain socket, for what no HTTP client library sends: invalid
 * UTF-8, NUL and control characters, repeated or malformed headers, any request target. Each request
 * has its own connection ({@code Connection: close}); the body is written from another thread so
 * that a server answering before it has read the whole body is still heard.
 */
final class RawHttp {
    private static final int TIMEOUT_MILLIS = 20_000;

    private RawHttp() {}

    /** One HTTP exchange's answer; {@code status} is -1 when the server closed without answering. */
    record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body, String failure) {
        String header(String name) {
            return headers.stream()
                    .filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + (failure != null ? "(" + failure + ") " : "")
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    /** A request: the request line's method and target, header lines as given (repeats allowed), a body. */
    static final class Request {
        private final String method;
        private final byte[] target;
        private final List<byte[]> headerLines = new ArrayList<>();
        private byte[] body;
        private boolean contentLength = true;

        Request(String method, String target) {
            this(method, target.getBytes(StandardCharsets.ISO_8859_1));
        }

        Request(String method, byte[] target) {
            this.method = method;
            this.target = target;
        }

        Request header(String name, String value) {
            return headerLine((name + ": " + value).getBytes(StandardCharsets.ISO_8859_1));
        }

        /** A header line exactly as given, without its CRLF. */
        Request headerLine(byte[] line) {
            headerLines.add(line);
            return this;
        }

        boolean has(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream()
                    .anyMatch(line -> new String(line, StandardCharsets.ISO_8859_1)
                            .toLowerCase(Locale.ROOT)
                            .startsWith(prefix));
        }

        /** Removes every line of a header. */
        Request without(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            headerLines.removeIf(line -> new String(line, StandardCharsets.ISO_8859_1)
                    .toLowerCase(Locale.ROOT)
                    .startsWith(prefix));
            return this;
        }

        Request body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        /** Sends the body without adding a Content-Length header (the case gives its own framing). */
        Request noContentLength() {
            this.contentLength = false;
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(method.getBytes(StandardCharsets.ISO_8859_1));
            out.write(' ');
            out.writeBytes(target);
            out.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes("Host: 127.0.0.1\r\nConnection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
            for (byte[] line : headerLines) {
                out.writeBytes(line);
                out.writeBytes(new byte[] {'\r', '\n'});
            }
            if (body != null && contentLength) {
                out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            out.writeBytes(new byte[] {'\r', '\n'});
            return out.toByteArray();
        }

        byte[] bodyBytes() {
            return body == null ? new byte[0] : body;
        }

        @Override
        public String toString() {
            return method + " " + new String(target, StandardCharsets.ISO_8859_1);
        }
    }

    /** Sends the request and reads the answer until the server closes the connection. */
    static Answer exchange(int port, Request request) {
        return exchange(port, request.bytes(), request.bodyBytes());
    }

    /** Sends these exact bytes (head, then body) and reads the answer until the server closes. */
    static Answer exchange(int port, byte[] head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(
                    () -> {
                        try {
                            out.write(head);
                            out.write(body);
                            out.flush();
                        } catch (IOException e) {
                            // The server answered and closed before reading everything: its answer is what counts.
                        }
                    },
                    "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            String failure = null;
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                    if (complete(received.toByteArray())) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                failure = "no complete answer within " + TIMEOUT_MILLIS + " ms";
            } catch (IOException e) {
                failure = "connection failed: " + e.getMessage();
            }
            writer.join(1000);
            return parse(received.toByteArray(), failure);
        } catch (IOException e) {
            return new Answer(-1, List.of(), new byte[0], "could not connect: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the bytes hold a whole response (by Content-Length or a last chunk). */
    private static boolean complete(byte[] bytes) {
        int end = headEnd(bytes);
        while (end >= 0
                && bytes.length > 12
                && bytes[9] == '1'
                && new String(bytes, 0, 9, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.")) {
            bytes = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            end = headEnd(bytes);
        }
        if (end < 0) {
            return false;
        }
        String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int bodyLength = bytes.length - end - 4;
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return bodyLength
                        >= Long.parseLong(
                                line.substring("content-length:".length()).trim());
            }
        }
        if (head.contains("transfer-encoding: chunked")) {
            String tail = new String(
                    bytes,
                    Math.max(end, bytes.length - 7),
                    Math.min(7, bytes.length - end),
                    StandardCharsets.ISO_8859_1);
            return tail.endsWith("0\r\n\r\n");
        }
        return head.startsWith("http/1.1 204") || head.startsWith("http/1.1 304");
    }

    private static int headEnd(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Answer parse(byte[] bytes, String failure) {
        int end = headEnd(bytes);
        // An interim answer (100 Continue) precedes the real one.
        while (end >= 0
                && bytes.length > 12
                && bytes[9] == '1'
                && new String(bytes, 0, 9, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.")) {
            bytes = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            end = headEnd(bytes);
        }
        if (end < 0) {
            return new Answer(
                    -1, List.of(), bytes, failure != null ? failure : "the connection closed without an answer");
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            return new Answer(-1, List.of(), bytes, "not an HTTP status line: " + lines[0]);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).trim();
                String value = lines[i].substring(colon + 1).trim();
                headers.add(Map.entry(name, value));
                chunked |= name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked");
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        return new Answer(status, headers, chunked ? dechunk(body) : body, failure);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = at;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeText, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(chunked, start, Math.min(size, chunked.length - start));
            at = start + size + 2;
        }
        return out.toByteArray();
    }
}
