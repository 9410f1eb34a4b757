package io.segexport.server.pql;

/** An expression that does not parse: where (a 0-based character offset), what was expected, what was found. */
public final class PqlSyntaxException extends RuntimeException {
    private final int position;

    PqlSyntaxException(int position, String message) {
        super("at position " + position + ": " + message);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
