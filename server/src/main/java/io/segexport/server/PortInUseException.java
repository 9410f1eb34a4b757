package io.segexport.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A port the server was told to listen on is held by another process. */
public final class PortInUseException extends IOException {
    /** The server's two listening ports. */
    public enum Transport {
        GRPC("gRPC"),
        HTTP("HTTP"),
        MANAGEMENT("management");

        private final String label;

        Transport(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Transport transport;
    private final int port;

    PortInUseException(Transport transport, int port, Throwable cause) {
        super(transport + " port " + port + " is in use", cause);
        this.transport = transport;
        this.port = port;
    }

    public Transport transport() {
        return transport;
    }

    public int port() {
        return port;
    }

    /** A port free now, for a server that must name its port before it binds it. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Fails before anything is opened when {@code port} cannot be bound, as the servers bind it (every
     * address); 0, any free port, always can. The servers' own bind still reports a port taken since.
     */
    static void checkFree(Transport transport, int port) throws PortInUseException {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (BindException e) {
            throw new PortInUseException(transport, port, e);
        } catch (IOException e) {
            // Not a port in use (e.g. a privileged port): the server's own bind reports it.
        }
    }

    /** True when {@code failure} comes of a bind refused because the address is in use. */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException
                    || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
