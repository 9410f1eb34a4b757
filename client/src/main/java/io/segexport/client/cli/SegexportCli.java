package io.segexport.client.cli;

/** The {@code segexport} command line. */
public final class SegexportCli {
    private SegexportCli() {}

    public static void main(String[] args) {
        System.err.println("segexport: not built yet");
        System.exit(1);
    }
}
