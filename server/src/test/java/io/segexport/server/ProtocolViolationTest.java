package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests no HTTP client library would send, written on a raw socket: still a 4xx problem, never a dropped connection. */
class ProtocolViolationTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();

    private static String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] get(String headerLine) {
        return ("GET /export/jobs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headerLine + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anOversizedHeaderAnswers431ProblemDetails() throws IOException {
        String response = exchange(get("x-api-key: " + "a".repeat(20_000)));

        assertThat(response).startsWith("HTTP/1.1 431");
        assertThat(response)
                .contains(
                        "application/problem+json",
                        "\"status\":431",
                        "headers are larger than the header-bytes limit of 8192 bytes");
    }

    @Test
    void aControlCharacterInAHeaderAnswers400ProblemDetails() throws IOException {
        String response = exchange(get("x-api-key: a\u0001b"));

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("application/problem+json", "\"status\":400");
    }
}
