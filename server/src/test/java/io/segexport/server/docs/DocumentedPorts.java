package io.segexport.server.docs;

/** A test server's ports, put where the documentation writes the default ones. */
public record DocumentedPorts(int http, int grpc) {
    /** {@code text} with {@code localhost:8080} and {@code localhost:50051} made this server's. */
    public String rewrite(String text) {
        return text.replace("localhost:8080", "localhost:" + http).replace("localhost:50051", "localhost:" + grpc);
    }
}
