package io.segexport.server.auth;

/** A wrong or incomplete authentication configuration; the message names the setting at fault. */
public final class AuthConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public AuthConfigException(String message) {
        super("auth config: " + message);
    }
}
